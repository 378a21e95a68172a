/* reference.c: the `contextmanager` kata: contextmanager(gen) turns a
 * generator into a context manager factory, like Python's contextlib.
 * Idiom (part 1, no Lua; tests/test_contextmanager.c): a state machine,
 * the C stand-in for a generator object: a struct with a state field, and
 * one decision function per step, after CPython's
 * _GeneratorContextManager.__enter__/__exit__ (Lib/contextlib.py).
 * Binding (luaopen_contextmanager): the generator runs in its own Lua
 * thread (lua_newthread, lua_resume). The `yield` it is given is a C
 * function that yields with lua_yieldk; its continuation raises the
 * block's error when exit resumes it with a private marker: this is how an
 * error is "thrown into" a coroutine, which Lua has no call for. A
 * coroutine that raised or was left suspended is closed with
 * lua_closethread (lua_resetthread before 5.4.6), which runs its pending
 * <close> variables: Lua's `finally` for the generator's own stack.
 * Sources: Python docs, contextlib.contextmanager, and PEP 343; Lua 5.4
 * manual sec. 4.5 "Handling Yields in C", lua_resume, lua_closethread,
 * and sec. 3.3.8 on to-be-closed variables in coroutines. */

#include "reference.h"

#include <assert.h>
#include <stddef.h>

#include <lauxlib.h>
#include <lua.h>

/* ------------------------------------------------------------------------
 * Part 1: the core.
 * ------------------------------------------------------------------------ */

void cmgen_init(struct cmgen *g)
{
    g->state = CMGEN_FRESH;
}

enum cmgen_verdict cmgen_enter(struct cmgen *g)
{
    if (g->state != CMGEN_FRESH)
        return CMGEN_MISUSE;
    g->state = CMGEN_ENTERED;
    return CMGEN_GIVE;
}

enum cmgen_verdict cmgen_entered(struct cmgen *g, enum cmgen_resume r)
{
    assert(g->state == CMGEN_ENTERED);
    switch (r) {
    case CMGEN_YIELDED:
        return CMGEN_GIVE;
    case CMGEN_RETURNED:
        g->state = CMGEN_DONE;
        return CMGEN_NO_YIELD;
    case CMGEN_RAISED:
        break;
    }
    g->state = CMGEN_DONE;
    return CMGEN_RAISE;
}

enum cmgen_verdict cmgen_exit(struct cmgen *g)
{
    if (g->state != CMGEN_ENTERED)
        return CMGEN_MISUSE;
    g->state = CMGEN_DONE;
    return CMGEN_FINISHED;
}

enum cmgen_verdict cmgen_exited(const struct cmgen *g, enum cmgen_resume r, bool thrown,
                                bool same_error)
{
    assert(g->state == CMGEN_DONE);
    (void)g;
    switch (r) {
    case CMGEN_YIELDED:
        return CMGEN_NO_STOP;
    case CMGEN_RETURNED:
        return thrown ? CMGEN_SUPPRESS : CMGEN_FINISHED;
    case CMGEN_RAISED:
        break;
    }
    return thrown && same_error ? CMGEN_PASS : CMGEN_RAISE;
}

bool cmgen_must_close(enum cmgen_resume r, enum cmgen_verdict v)
{
    if (r == CMGEN_RAISED)
        return true;
    return r == CMGEN_YIELDED && v != CMGEN_GIVE;
}

/* ------------------------------------------------------------------------
 * Part 2: the Lua binding.
 *
 * A context manager is a full userdata holding a struct cmgen, with three
 * user values: 1 the generator function, 2 the factory's arguments (a
 * table.pack'ed list), 3 the generator's thread once entered.
 * ------------------------------------------------------------------------ */

#define CMGEN_MT "dojo.contextmanager"

enum { UV_GEN = 1, UV_ARGS, UV_THREAD };

/* The marker exit resumes the generator with to raise an error at its
 * yield: the address of this variable, as a light userdata, which no Lua
 * code can make. */
static const char throw_marker = 0;

/* yield_k: the continuation of l_yield. On its stack are the values the
 * generator was resumed with: (marker, err) raises err, unchanged; anything
 * else returns nothing. */
static int yield_k(lua_State *L, int status, lua_KContext ctx)
{
    (void)status;
    (void)ctx;
    if (lua_touserdata(L, 1) == &throw_marker && lua_islightuserdata(L, 1)) {
        lua_settop(L, 2);
        return lua_error(L);
    }
    return 0;
}

/* l_yield: the `yield` handed to the generator: yield(...) hands its
 * arguments to enter and waits for exit. */
static int l_yield(lua_State *L)
{
    return lua_yieldk(L, lua_gettop(L), 0, yield_k);
}

/* close_thread: closes `co`'s pending to-be-closed variables; an error
 * raised while closing them is dropped (it is the generator's, and the
 * error already chosen goes on). [-0, +0, -] on L. */
static void close_thread(lua_State *co, lua_State *L)
{
#if LUA_VERSION_RELEASE_NUM >= 50406
    lua_closethread(co, L);
#else
    (void)L;
    lua_resetthread(co);
#endif
    lua_settop(co, 0);
}

/* resume: resumes `co` with `nargs` values already on it; on a yield,
 * moves the yielded values to L (returns their count in *nres); on an
 * error, moves the error value to L. [-0, +(nres or 1), e] */
static enum cmgen_resume resume(lua_State *L, lua_State *co, int nargs, int *nres)
{
    int status = lua_resume(co, L, nargs, nres);

    if (status == LUA_YIELD || status == LUA_OK) {
        if (status == LUA_OK) {
            lua_pop(co, *nres);
            *nres = 0;
            return CMGEN_RETURNED;
        }
        luaL_checkstack(L, *nres, "too many values yielded");
        lua_xmove(co, L, *nres);
        return CMGEN_YIELDED;
    }
    lua_xmove(co, L, 1);
    *nres = 1;
    return CMGEN_RAISED;
}

/* l_enter: cm:enter() -> what the generator yielded. */
static int l_enter(lua_State *L)
{
    struct cmgen *g = luaL_checkudata(L, 1, CMGEN_MT);
    lua_State *co;
    enum cmgen_resume r;
    enum cmgen_verdict v;
    int n, nres;

    if (cmgen_enter(g) == CMGEN_MISUSE)
        return luaL_error(L, "context manager already entered");
    lua_settop(L, 1);
    co = lua_newthread(L);
    lua_pushvalue(L, -1);
    lua_setiuservalue(L, 1, UV_THREAD); /* keeps the thread alive */
    lua_getiuservalue(L, 1, UV_GEN);
    lua_pushcfunction(L, l_yield);
    lua_getiuservalue(L, 1, UV_ARGS); /* self, co, gen, yield, args */
    lua_getfield(L, 5, "n");
    n = (int)lua_tointeger(L, -1);
    lua_pop(L, 1);
    luaL_checkstack(L, n, "too many arguments");
    for (int i = 1; i <= n; i++)
        lua_rawgeti(L, 5, i);
    lua_remove(L, 5);
    lua_xmove(L, co, n + 2); /* gen, yield, args... */
    lua_settop(L, 1);
    r = resume(L, co, n + 1, &nres);
    v = cmgen_entered(g, r);
    if (cmgen_must_close(r, v))
        close_thread(co, L);
    if (v == CMGEN_NO_YIELD)
        return luaL_error(L, "generator didn't yield");
    if (v == CMGEN_RAISE)
        return lua_error(L);
    return nres;
}

/* l_exit: cm:exit(err) -> true when the generator handled the thrown err,
 * false otherwise; raises the generator's own error, or "didn't stop". */
static int l_exit(lua_State *L)
{
    struct cmgen *g = luaL_checkudata(L, 1, CMGEN_MT);
    bool thrown;
    lua_State *co;
    enum cmgen_resume r;
    enum cmgen_verdict v;
    int nargs = 0, nres;

    lua_settop(L, 2);
    if (cmgen_exit(g) == CMGEN_MISUSE)
        return luaL_error(L, "context manager not entered");
    thrown = !lua_isnil(L, 2);
    lua_getiuservalue(L, 1, UV_THREAD);
    co = lua_tothread(L, -1); /* slot 3 keeps it alive */
    if (co == NULL) /* enter ran out of memory before making the thread */
        return luaL_error(L, "context manager not entered");
    if (thrown) {
        lua_pushlightuserdata(L, (void *)&throw_marker);
        lua_pushvalue(L, 2);
        lua_xmove(L, co, 2);
        nargs = 2;
    }
    r = resume(L, co, nargs, &nres);
    v = cmgen_exited(g, r, thrown, r == CMGEN_RAISED && lua_rawequal(L, -1, 2));
    if (cmgen_must_close(r, v))
        close_thread(co, L);
    switch (v) {
    case CMGEN_NO_STOP:
        return luaL_error(L, thrown ? "generator didn't stop after throw" : "generator didn't stop");
    case CMGEN_RAISE:
        return lua_error(L);
    default:
        lua_pushboolean(L, v == CMGEN_SUPPRESS);
        return 1;
    }
}

/* l_make: factory(...) -> a fresh context manager over the generator
 * (upvalue 1) and these arguments. Runs nothing. */
static int l_make(lua_State *L)
{
    int n = lua_gettop(L);
    struct cmgen *g;

    lua_createtable(L, n, 1);
    for (int i = 1; i <= n; i++) {
        lua_pushvalue(L, i);
        lua_rawseti(L, -2, i);
    }
    lua_pushinteger(L, n);
    lua_setfield(L, -2, "n");
    g = lua_newuserdatauv(L, sizeof *g, 3);
    cmgen_init(g);
    luaL_setmetatable(L, CMGEN_MT);
    lua_insert(L, -2);
    lua_setiuservalue(L, -2, UV_ARGS);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_setiuservalue(L, -2, UV_GEN);
    return 1;
}

/* l_contextmanager: contextmanager(gen) -> factory. */
static int l_contextmanager(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TFUNCTION);
    lua_settop(L, 1);
    lua_pushcclosure(L, l_make, 1);
    return 1;
}

/* luaopen_contextmanager: require("contextmanager") returns the function
 * contextmanager itself. */
int luaopen_contextmanager(lua_State *L)
{
    static const luaL_Reg methods[] = {
        {"enter", l_enter},
        {"exit", l_exit},
        {NULL, NULL},
    };

    if (luaL_newmetatable(L, CMGEN_MT)) {
        luaL_newlib(L, methods);
        lua_setfield(L, -2, "__index");
    }
    lua_pop(L, 1);
    lua_pushcfunction(L, l_contextmanager);
    return 1;
}
