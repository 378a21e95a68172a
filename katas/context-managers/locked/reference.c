/* reference.c: the `locked` kata: holding(lock), a context manager over a
 * lock, and locked(lock), a decorator that holds it around every call.
 * Idiom (part 1, no Lua; tests/test_locked.c): a scope guard with the
 * `cleanup` variable attribute of GCC and Clang: the compiler calls a
 * function on the variable when it goes out of scope by any path, which is
 * exactly Lua's <close> and Python's with; the Linux kernel builds its
 * guard(mutex)(&m) on it (include/linux/cleanup.h), systemd its
 * _cleanup_free_. locked_call shows its one trap: the cleanup runs after a
 * return value is computed, so a failed release is read after an inner
 * block closes, not returned from inside it.
 * Binding (luaopen_locked): the wrapper acquires through holding(lock),
 * marks the context manager with lua_toclose, and calls fn with lua_callk:
 * Lua releases the lock when the wrapper returns or fn raises, and fn may
 * yield while it holds the lock.
 * Sources: GCC manual, "Common Variable Attributes", cleanup; Linux
 * include/linux/cleanup.h; Lua 5.4 manual, lua_toclose and sec. 4.5
 * "Handling Yields in C"; Python docs, contextlib.contextmanager and
 * threading.Lock as a context manager. */

#include "reference.h"

#include <assert.h>
#include <stddef.h>

#include <lauxlib.h>
#include <lua.h>

/* ------------------------------------------------------------------------
 * Part 1: the core.
 * ------------------------------------------------------------------------ */

struct lock_guard lock_guard_acquire(struct lock *lk, int *release_rc)
{
    struct lock_guard g;

    assert(lk != NULL && lk->ops != NULL);
    g.acquire_rc = lk->ops->acquire(lk);
    g.lock = g.acquire_rc == 0 ? lk : NULL;
    g.release_rc = release_rc;
    return g;
}

void lock_guard_release(struct lock_guard *g)
{
    int rc;

    if (g->lock == NULL)
        return;
    rc = g->lock->ops->release(g->lock);
    g->lock = NULL;
    if (g->release_rc != NULL)
        *g->release_rc = rc;
}

int locked_call(struct lock *lk, int (*fn)(void *arg), void *arg)
{
    int rc, release_rc = 0;

    {
        LOCK_GUARD(guard, lk, &release_rc);
        if (guard.acquire_rc != 0)
            return guard.acquire_rc; /* the guard holds nothing to release */
        rc = fn(arg);
    } /* the compiler released the lock here, before the return below */
    return release_rc != 0 ? release_rc : rc;
}

/* ------------------------------------------------------------------------
 * Part 2: the Lua binding.
 *
 * holding(lock) is a userdata (no C data) whose user value is the lock,
 * with enter, exit and __close. A Lua lock is any value with acquire and
 * release methods; its errors propagate as they are.
 * ------------------------------------------------------------------------ */

#define HOLD_MT "dojo.locked.holding"

/* check_lock: raises "bad argument #1 to FNAME (lock expected, ...)"
 * unless the value at `idx` has acquire and release. [-0, +0, v] */
static void check_lock(lua_State *L, int idx)
{
    int t = lua_type(L, idx), ok = 0;

    if (t == LUA_TTABLE || t == LUA_TUSERDATA) {
        ok = lua_getfield(L, idx, "acquire") != LUA_TNIL;
        ok = lua_getfield(L, idx, "release") != LUA_TNIL && ok;
        lua_pop(L, 2);
    }
    luaL_argexpected(L, ok, idx, "lock");
}

/* call_method: calls lock:name() for the lock in the user value of the
 * holding at `idx`. [-0, +0, e] */
static void call_method(lua_State *L, int idx, const char *name)
{
    lua_getiuservalue(L, idx, 1);
    lua_getfield(L, -1, name);
    lua_insert(L, -2);
    lua_call(L, 1, 0);
}

/* l_holding: holding(lock) -> a context manager over lock. */
static int l_holding(lua_State *L)
{
    check_lock(L, 1);
    lua_settop(L, 1);
    lua_newuserdatauv(L, 0, 1);
    luaL_setmetatable(L, HOLD_MT);
    lua_pushvalue(L, 1);
    lua_setiuservalue(L, -2, 1);
    return 1;
}

/* l_enter: cm:enter() -> the lock, acquired. */
static int l_enter(lua_State *L)
{
    luaL_checkudata(L, 1, HOLD_MT);
    call_method(L, 1, "acquire");
    lua_getiuservalue(L, 1, 1);
    return 1;
}

/* l_exit: cm:exit(err) -> false, the lock released. Also __close. */
static int l_exit(lua_State *L)
{
    luaL_checkudata(L, 1, HOLD_MT);
    call_method(L, 1, "release");
    lua_pushboolean(L, 0);
    return 1;
}

/* wrapper_k: the end of l_wrapper, also run when fn yielded and has now
 * returned: fn's results are everything above the holding and fn's
 * arguments (ctx = their count + 1). Returning closes the holding. */
static int wrapper_k(lua_State *L, int status, lua_KContext ctx)
{
    (void)status;
    return lua_gettop(L) - (int)ctx;
}

/* l_wrapper: wrapper(...) -> fn(...)'s results, with the lock (upvalue 1)
 * held during the call. fn is upvalue 2. */
static int l_wrapper(lua_State *L)
{
    int n = lua_gettop(L);

    luaL_checkstack(L, n + 4, "too many arguments");
    lua_pushcfunction(L, l_holding);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_call(L, 1, 1);
    lua_insert(L, 1); /* holding, args... */
    lua_pushcfunction(L, l_enter);
    lua_pushvalue(L, 1);
    lua_call(L, 1, 0); /* acquire: if it raises, nothing to release */
    lua_toclose(L, 1); /* from here on, Lua releases on any way out */
    lua_pushvalue(L, lua_upvalueindex(2));
    for (int i = 2; i <= n + 1; i++)
        lua_pushvalue(L, i);
    lua_callk(L, n, LUA_MULTRET, n + 1, wrapper_k);
    return wrapper_k(L, LUA_OK, n + 1);
}

/* l_decorate: decorator(fn) -> wrapper, over the lock (upvalue 1). */
static int l_decorate(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TFUNCTION);
    lua_settop(L, 1);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_pushcclosure(L, l_wrapper, 2);
    return 1;
}

/* l_locked: locked(lock) -> decorator. The lock is checked now. */
static int l_locked(lua_State *L)
{
    check_lock(L, 1);
    lua_settop(L, 1);
    lua_pushcclosure(L, l_decorate, 1);
    return 1;
}

/* luaopen_locked: require("locked") -> { locked = ..., holding = ... }. */
int luaopen_locked(lua_State *L)
{
    static const luaL_Reg methods[] = {
        {"enter", l_enter},
        {"exit", l_exit},
        {NULL, NULL},
    };
    static const luaL_Reg module[] = {
        {"locked", l_locked},
        {"holding", l_holding},
        {NULL, NULL},
    };

    if (luaL_newmetatable(L, HOLD_MT)) {
        luaL_newlib(L, methods);
        lua_setfield(L, -2, "__index");
        lua_pushcfunction(L, l_exit);
        lua_setfield(L, -2, "__close");
    }
    lua_pop(L, 1);
    luaL_newlib(L, module);
    return 1;
}
