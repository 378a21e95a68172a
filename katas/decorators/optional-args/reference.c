/* reference.c: the `optional-args` kata: a log_calls decorator used bare,
 * log_calls(fn), or with options, log_calls{ level = ..., name = ... }(fn).
 * Idiom (part 1, no Lua; tests/test_optional_args.c): no wrapper at all,
 * but the dispatch the decorator needs: a pure classifier over (type, has
 * __call) answering "callable" (wrap it now) or "options" (return a
 * decorator), testing callable first since a callable table is a table
 * too; kept apart so the rule is testable without a Lua state.
 * Binding (luaopen_optional_args): four layers of C closures whose captured
 * values are upvalues (sink; sink, level, name; then fn too). The options
 * are copied into upvalues once, so later edits to the table change
 * nothing. The wrapper calls fn with lua_callk so that fn may yield.
 * Sources: Beazley, Jones, "Python Cookbook", 3rd ed., recipe 9.6
 * "Defining a Decorator That Takes an Optional Argument"; PEP 318; Lua 5.4
 * manual sec. 2.4 (__call) and sec. 4.5 "Handling Yields in C". */

#include "reference.h"

#include <string.h>

#include <lauxlib.h>
#include <lua.h>

/* ------------------------------------------------------------------------
 * Part 1: the core.
 *
 * In Python, `@deco` and `@deco(level="debug")` differ in what deco
 * receives: the function itself, or keyword arguments. Lua's
 * `log_calls(fn)` and `log_calls{ level = "debug" }` both pass exactly one
 * value, so the decorator must look at that value and decide. Two facts
 * settle it: its type, and whether its metatable has __call (which makes
 * any value callable). The order matters: a callable table is a table too,
 * so "callable" is tested first.
 * ------------------------------------------------------------------------ */

/* optional_args_classify: callable first, then table, else invalid. Full
 * contract in reference.h. */
enum optional_args_kind optional_args_classify(enum optional_args_type type, bool has_call)
{
    if (type == OPTIONAL_ARGS_TYPE_FUNCTION || has_call)
        return OPTIONAL_ARGS_CALLABLE;
    if (type == OPTIONAL_ARGS_TYPE_TABLE)
        return OPTIONAL_ARGS_OPTIONS;
    return OPTIONAL_ARGS_INVALID;
}

/* optional_args_option: "level", "name" or unknown, compared bytewise. Full
 * contract in reference.h. */
enum optional_args_option optional_args_option(const char *key, size_t len)
{
    if (key == NULL)
        return OPTIONAL_ARGS_UNKNOWN;
    if (len == 5 && memcmp(key, "level", 5) == 0)
        return OPTIONAL_ARGS_LEVEL;
    if (len == 4 && memcmp(key, "name", 4) == 0)
        return OPTIONAL_ARGS_NAME;
    return OPTIONAL_ARGS_UNKNOWN;
}

/* ------------------------------------------------------------------------
 * Part 2: the Lua binding.
 *
 * A Lua solution is four nested functions:
 *
 *     local function make_log_calls(sink)          -- checks, returns log_calls
 *       local function log_calls(x)                -- fn, or options
 *         if is_callable(x) then return wrap(x, "info", "?") end
 *         ...check options, copy level and name...
 *         return function(fn) return wrap(fn, level, name) end
 *       end
 *       return log_calls
 *     end
 *
 * Here each is a C closure (lua_pushcclosure), and what the Lua functions
 * capture are upvalues:
 *
 *   l_make_log_calls(sink)  returns log_calls, a closure over (sink).
 *   l_log_calls(x)          decorates x at once, or checks the options and
 *                           returns the decorator, a closure over (sink,
 *                           level, name). Copying level and name into
 *                           upvalues now is what makes options "read once".
 *   l_decorator(fn)         returns the wrapper, a closure over (sink,
 *                           level, name, fn).
 *   l_wrapper(...)          appends a record to the sink, then calls fn.
 *
 * Everything lives in Lua values owned by the garbage collector: no malloc,
 * nothing to free, so an error unwinding past us leaks nothing.
 * ------------------------------------------------------------------------ */

/* Upvalues shared by the decorator and the wrapper (the wrapper adds fn). */
enum { UP_SINK = 1, UP_LEVEL, UP_NAME, UP_FN };

/* kind_of: classifies the value at `idx` with the core. The metatable is
 * read with lua_getmetatable, which sees it even when a __metatable field
 * hides it from Lua's getmetatable; __call is read raw, as Lua does when
 * it calls a value. [-0, +0, -] */
static enum optional_args_kind kind_of(lua_State *L, int idx)
{
    enum optional_args_type type = OPTIONAL_ARGS_TYPE_OTHER;
    bool has_call = false;

    if (lua_type(L, idx) == LUA_TFUNCTION)
        type = OPTIONAL_ARGS_TYPE_FUNCTION;
    else if (lua_type(L, idx) == LUA_TTABLE)
        type = OPTIONAL_ARGS_TYPE_TABLE;
    if (lua_getmetatable(L, idx)) {
        lua_pushliteral(L, "__call");
        has_call = lua_rawget(L, -2) != LUA_TNIL;
        lua_pop(L, 2);
    }
    return optional_args_classify(type, has_call);
}

/* l_wrapper_k: fn returned (after a yield): its results are the stack. */
static int l_wrapper_k(lua_State *L, int status, lua_KContext ctx)
{
    (void)status;
    (void)ctx;
    return lua_gettop(L);
}

/* l_wrapper: wrapper(...) appends { level =, name =, args = table.pack(...) }
 * to the sink (with # and an ordinary assignment, as Lua code would), then
 * returns fn(...), every result. fn is called with lua_callk so it may
 * yield. */
static int l_wrapper(lua_State *L)
{
    int n = lua_gettop(L), i;

    lua_createtable(L, 0, 3); /* the record */
    lua_pushvalue(L, lua_upvalueindex(UP_LEVEL));
    lua_setfield(L, -2, "level");
    lua_pushvalue(L, lua_upvalueindex(UP_NAME));
    lua_setfield(L, -2, "name");
    lua_createtable(L, n, 1); /* its args, as table.pack makes them */
    for (i = 1; i <= n; i++) {
        lua_pushvalue(L, i);
        lua_rawseti(L, -2, i);
    }
    lua_pushinteger(L, n);
    lua_setfield(L, -2, "n");
    lua_setfield(L, -2, "args");
    /* sink[#sink + 1] = record */
    lua_seti(L, lua_upvalueindex(UP_SINK), luaL_len(L, lua_upvalueindex(UP_SINK)) + 1);

    lua_pushvalue(L, lua_upvalueindex(UP_FN));
    lua_insert(L, 1); /* fn, arg1, ..., argn */
    lua_callk(L, n, LUA_MULTRET, 0, l_wrapper_k);
    return lua_gettop(L);
}

/* push_wrapper: pushes a wrapper around the value at `fn`, with the sink,
 * level and name at the top of the stack (which it pops). [-3, +1, m] */
static void push_wrapper(lua_State *L, int fn)
{
    lua_pushvalue(L, fn);
    lua_pushcclosure(L, l_wrapper, 4); /* sink, level, name, fn */
}

/* l_decorator: decorator(fn) -> wrapper, with the options the decorator
 * captured. fn must be callable: "bad argument #1 to 'decorator'
 * (function expected, got <type>)" otherwise. */
static int l_decorator(lua_State *L)
{
    lua_settop(L, 1); /* no argument is nil, as in Lua */
    if (kind_of(L, 1) != OPTIONAL_ARGS_CALLABLE)
        return luaL_error(L, "bad argument #1 to 'decorator' (function expected, got %s)",
                          luaL_typename(L, 1));
    lua_pushvalue(L, lua_upvalueindex(UP_SINK));
    lua_pushvalue(L, lua_upvalueindex(UP_LEVEL));
    lua_pushvalue(L, lua_upvalueindex(UP_NAME));
    push_wrapper(L, 1);
    return 1;
}

/* read_options: checks the options table at index 1 and leaves level and
 * name on the stack at indexes 2 and 3, defaults filled in. Every key must
 * be "level" or "name" and every value a string; raises "bad option ..."
 * or "unknown option ..." otherwise. Keys and values are read raw, by
 * lua_next, so what is checked is what is used. */
static void read_options(lua_State *L)
{
    lua_pushliteral(L, OPTIONAL_ARGS_DEFAULT_LEVEL); /* 2 */
    lua_pushliteral(L, OPTIONAL_ARGS_DEFAULT_NAME);  /* 3 */
    lua_pushnil(L);
    while (lua_next(L, 1)) { /* key at -2, value at -1 */
        enum optional_args_option opt = OPTIONAL_ARGS_UNKNOWN;
        size_t len;

        /* lua_tolstring only on a string key: on a number it would
         * convert the key in place and confuse lua_next. */
        if (lua_type(L, -2) == LUA_TSTRING) {
            const char *key = lua_tolstring(L, -2, &len);
            opt = optional_args_option(key, len);
        }
        if (opt == OPTIONAL_ARGS_UNKNOWN)
            luaL_error(L, "unknown option '%s' to 'log_calls'", luaL_tolstring(L, -2, NULL));
        if (lua_type(L, -1) != LUA_TSTRING)
            luaL_error(L, "bad option '%s' to 'log_calls' (string expected, got %s)",
                       lua_tostring(L, -2), luaL_typename(L, -1));
        lua_replace(L, opt == OPTIONAL_ARGS_LEVEL ? 2 : 3); /* pops the value */
    }
}

/* l_log_calls: log_calls(fn) -> wrapper with the defaults;
 * log_calls(options) -> decorator. Raises "bad argument #1 to 'log_calls'
 * (function or table expected, got <type>)" for anything else. */
static int l_log_calls(lua_State *L)
{
    lua_settop(L, 1); /* log_calls() sees nil, as a Lua function would */
    switch (kind_of(L, 1)) {
    case OPTIONAL_ARGS_CALLABLE:
        lua_pushvalue(L, lua_upvalueindex(UP_SINK));
        lua_pushliteral(L, OPTIONAL_ARGS_DEFAULT_LEVEL);
        lua_pushliteral(L, OPTIONAL_ARGS_DEFAULT_NAME);
        push_wrapper(L, 1);
        return 1;
    case OPTIONAL_ARGS_OPTIONS:
        read_options(L); /* options, level, name */
        lua_pushvalue(L, lua_upvalueindex(UP_SINK));
        lua_replace(L, 1); /* sink, level, name */
        lua_pushcclosure(L, l_decorator, 3);
        return 1;
    case OPTIONAL_ARGS_INVALID:
        break;
    }
    return luaL_error(L, "bad argument #1 to 'log_calls' (function or table expected, got %s)",
                      luaL_typename(L, 1));
}

/* l_make_log_calls: make_log_calls(sink) -> log_calls, writing into sink.
 * Raises "bad argument #1 to 'make_log_calls' (table expected, got ...)"
 * unless sink is a table. */
static int l_make_log_calls(lua_State *L)
{
    lua_settop(L, 1);
    if (!lua_istable(L, 1))
        return luaL_error(L, "bad argument #1 to 'make_log_calls' (table expected, got %s)",
                          luaL_typename(L, 1));
    lua_pushcclosure(L, l_log_calls, 1); /* sink */
    return 1;
}

/* luaopen_optional_args: the module's loader. require("optional_args")
 * returns make_log_calls itself, as the kata's spec expects. */
int luaopen_optional_args(lua_State *L)
{
    lua_pushcfunction(L, l_make_log_calls);
    return 1;
}
