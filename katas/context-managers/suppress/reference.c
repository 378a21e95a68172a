/* reference.c: the `suppress` kata: with(cm, fn), Python's with statement
 * as a function, and suppress(...), contextlib.suppress.
 * Idiom (part 1, no Lua; tests/test_suppress.c): a context manager as a
 * `static const` vtable of two function pointers, enter and exit, and
 * cm_with, the translation PEP 343 gives for `with` (enter, try the body,
 * exit in every case, exit's verdict on the error), written with error
 * codes in place of exceptions, one exit path and no early return once the
 * block has been entered.
 * Binding (luaopen_suppress): `with` runs the body under lua_pcallk (so
 * the body may yield), hands the error value to exit, and raises it again
 * with lua_error unless exit says to swallow it; suppress returns a table whose exit is a C closure
 * over a copy of its arguments.
 * Sources: PEP 343 "The 'with' Statement" (the translation and its rules);
 * Python's contextlib.suppress; Lua 5.4 manual sec. 4.4 (lua_pcall). */

#include "reference.h"

#include <assert.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

/* ------------------------------------------------------------------------
 * Part 1: the core.
 * ------------------------------------------------------------------------ */

int cm_with(const struct cm_ops *ops, void *cm, cm_body body, void *arg)
{
    bool suppress = false;
    int rc, exit_rc;

    assert(ops != NULL && ops->enter != NULL && ops->exit != NULL && body != NULL);
    rc = ops->enter(cm);
    if (rc != 0)
        return rc; /* not entered: there is nothing to exit */
    rc = body(arg);
    exit_rc = ops->exit(cm, rc, &suppress);
    if (exit_rc != 0)
        return exit_rc; /* an error in exit replaces the block's */
    if (rc != 0 && suppress)
        return 0;
    return rc;
}

static int suppress_enter(void *cm)
{
    (void)cm;
    return 0;
}

static int suppress_exit(void *cm, int err, bool *suppress)
{
    const struct suppress_cm *s = cm;

    for (size_t i = 0; err != 0 && i < s->n; i++)
        if (s->codes[i] == err)
            *suppress = true;
    return 0;
}

const struct cm_ops suppress_ops = {suppress_enter, suppress_exit};

bool suppress_text_contains(const char *text, size_t len, const char *needle, size_t nlen)
{
    if (nlen == 0)
        return true;
    for (size_t i = 0; i + nlen <= len; i++)
        if (text[i] == needle[0] && memcmp(text + i, needle, nlen) == 0)
            return true;
    return false;
}

/* ------------------------------------------------------------------------
 * Part 2: the Lua binding.
 *
 * l_with is cm_with with Lua values: enter's results go to fn, and the
 * error is any Lua value, not a code. The stack of l_with, from the
 * bottom: cm, fn, enter, exit, then enter's values (or fn's results).
 * ------------------------------------------------------------------------ */

enum { W_CM = 1, W_FN, W_ENTER, W_EXIT, W_FIRST };

/* with_finish: the end of l_with, once fn has returned (status LUA_OK,
 * its results above W_EXIT) or raised (an error status, the error at
 * W_FIRST): exit, then fn's results, nothing, or the error again. */
static int with_finish(lua_State *L, int status)
{
    if (status == LUA_OK) {
        lua_pushvalue(L, W_EXIT);
        lua_pushvalue(L, W_CM);
        lua_pushnil(L);
        lua_call(L, 2, 0); /* its answer does not matter: nothing to swallow */
        return lua_gettop(L) - W_EXIT;
    }
    lua_settop(L, W_FIRST);   /* ..., err */
    lua_pushvalue(L, W_EXIT); /* ..., err, exit */
    lua_pushvalue(L, W_CM);
    lua_pushvalue(L, W_FIRST);
    lua_call(L, 2, 1); /* an error raised by exit replaces err */
    if (lua_toboolean(L, -1))
        return 0;
    lua_pop(L, 1);
    return lua_error(L); /* err, untouched, is on top */
}

/* with_k: resumes l_with after fn yielded: `status` is LUA_YIELD when fn
 * then returned, or an error status when it raised. */
static int with_k(lua_State *L, int status, lua_KContext ctx)
{
    (void)ctx;
    return with_finish(L, status == LUA_YIELD ? LUA_OK : status);
}

/* l_with: with(cm, fn) -> fn's results, or nothing when exit swallowed
 * fn's error. Raises "bad argument #1 to 'with' (context manager
 * expected)" when cm has no enter or no exit. fn may yield (lua_pcallk);
 * enter and exit may not. */
static int l_with(lua_State *L)
{
    int t = lua_type(L, W_CM), nvals;

    lua_settop(L, W_FN);
    if (t != LUA_TTABLE && t != LUA_TUSERDATA)
        return luaL_argerror(L, W_CM, "context manager expected");
    /* both looked up first, as Python does, so a half context manager
     * is refused before anything has been entered */
    if (lua_getfield(L, W_CM, "enter") == LUA_TNIL || lua_getfield(L, W_CM, "exit") == LUA_TNIL)
        return luaL_argerror(L, W_CM, "context manager expected");

    lua_pushvalue(L, W_ENTER);
    lua_pushvalue(L, W_CM);
    lua_call(L, 1, LUA_MULTRET); /* an error here leaves nothing to exit */
    nvals = lua_gettop(L) - W_EXIT;
    luaL_checkstack(L, 4, "too many values");
    lua_pushvalue(L, W_FN);
    lua_insert(L, W_FIRST);
    return with_finish(L, lua_pcallk(L, nvals, LUA_MULTRET, 0, 0, with_k));
}

/* is_instance: true when the metatable chain of the value at `err` (its
 * metatable, that one's metatable, and so on, at most 100 steps) reaches
 * the table at `class`. [-0, +0, -] */
static bool is_instance(lua_State *L, int err, int class)
{
    bool found = false;

    if (!lua_getmetatable(L, err))
        return false;
    for (int i = 0; i < 100; i++) { /* one metatable on top */
        found = lua_rawequal(L, -1, class);
        if (found || !lua_getmetatable(L, -1))
            break;
        lua_remove(L, -2); /* keep only the newer one */
    }
    lua_pop(L, 1);
    return found;
}

/* matches: does the error at `err` match the entry at `entry`? A string
 * entry matches a string error containing it (plain) or a table error
 * whose kind equals it; a table entry matches an instance. [-0, +0, e] */
static bool matches(lua_State *L, int err, int entry)
{
    int et = lua_type(L, err);
    bool found;

    if (lua_type(L, entry) == LUA_TTABLE)
        return et == LUA_TTABLE && is_instance(L, err, entry);
    if (et == LUA_TSTRING) {
        size_t len, nlen;
        const char *text = lua_tolstring(L, err, &len);
        const char *needle = lua_tolstring(L, entry, &nlen);
        return suppress_text_contains(text, len, needle, nlen);
    }
    if (et != LUA_TTABLE)
        return false;
    lua_getfield(L, err, "kind");
    found = lua_rawequal(L, -1, entry);
    lua_pop(L, 1);
    return found;
}

/* l_suppress_exit: exit(self, err) -> true when err is not nil and matches
 * one of the entries (upvalue 1, a list), else false. */
static int l_suppress_exit(lua_State *L)
{
    lua_Integer n;
    bool found = false;

    lua_settop(L, 2);
    if (lua_isnil(L, 2)) {
        lua_pushboolean(L, 0);
        return 1;
    }
    n = luaL_len(L, lua_upvalueindex(1));
    for (lua_Integer i = 1; i <= n && !found; i++) {
        lua_rawgeti(L, lua_upvalueindex(1), i);
        found = matches(L, 2, lua_gettop(L));
        lua_pop(L, 1);
    }
    lua_pushboolean(L, found);
    return 1;
}

/* l_suppress_enter: enter(self) -> nothing. */
static int l_suppress_enter(lua_State *L)
{
    (void)L;
    return 0;
}

/* l_suppress: suppress(...) -> a context manager { enter, exit } that
 * swallows the errors its arguments name. Each argument is a string or a
 * table; raises "bad argument #N to 'suppress' (...)" otherwise. */
static int l_suppress(lua_State *L)
{
    int n = lua_gettop(L);

    for (int i = 1; i <= n; i++) {
        int t = lua_type(L, i);
        if (t != LUA_TSTRING && t != LUA_TTABLE)
            luaL_typeerror(L, i, "string or table");
    }
    lua_createtable(L, 0, 2);
    lua_pushcfunction(L, l_suppress_enter);
    lua_setfield(L, -2, "enter");
    lua_createtable(L, n, 0); /* the entries, copied */
    for (int i = 1; i <= n; i++) {
        lua_pushvalue(L, i);
        lua_rawseti(L, -2, i);
    }
    lua_pushcclosure(L, l_suppress_exit, 1);
    lua_setfield(L, -2, "exit");
    return 1;
}

/* luaopen_suppress: require("suppress") -> { with = ..., suppress = ... }. */
int luaopen_suppress(lua_State *L)
{
    static const luaL_Reg module[] = {
        {"with", l_with},
        {"suppress", l_suppress},
        {NULL, NULL},
    };

    luaL_newlib(L, module);
    return 1;
}
