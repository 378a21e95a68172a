/* reference.c: the `exit-stack` kata: ExitStack, Python's
 * contextlib.ExitStack, in Lua.
 * Idiom (part 1, no Lua; tests/test_exit_stack.c): a cleanup stack. goto
 * cleanup undoes a list of steps fixed when the function is written, one
 * label per step in reverse order; when the number of things to undo is
 * known only at run time (open N files), the labels become an array of
 * function pointers, unwound from the top. Lua does the same for its own
 * to-be-closed variables (lfunc.c, luaF_close walks them newest first) and
 * so does the kernel's devres list of managed resources.
 * Binding (luaopen_exit_stack): the entries are Lua tables in a list kept
 * as the userdata's user value; each is run under lua_pcall, so a failing
 * exit never stops the unwinding; the stack has __close, for
 * `local stack <close> = ExitStack.new()`.
 * Sources: Python docs, contextlib.ExitStack (and Lib/contextlib.py's
 * _BaseExitStack.__exit__ for the order of errors); Lua 5.4 sources,
 * lfunc.c; Linux Documentation/driver-api/driver-model/devres.rst. */

#include "reference.h"

#include <assert.h>
#include <stdlib.h>

#include <lauxlib.h>
#include <lua.h>

/* ------------------------------------------------------------------------
 * Part 1: the core.
 * ------------------------------------------------------------------------ */

void exit_stack_init(struct exit_stack *s)
{
    s->items = NULL;
    s->n = 0;
    s->cap = 0;
}

int exit_stack_push(struct exit_stack *s, exit_stack_fn fn, void *ud)
{
    assert(fn != NULL);
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 8;
        struct exit_stack_entry *items;

        if (cap > ((size_t)-1) / sizeof *items)
            return -1;
        items = realloc(s->items, cap * sizeof *items);
        if (items == NULL)
            return -1;
        s->items = items;
        s->cap = cap;
    }
    s->items[s->n].fn = fn;
    s->items[s->n].ud = ud;
    s->n++;
    return 0;
}

int exit_stack_unwind(struct exit_stack *s, int err)
{
    int pending = err;

    while (s->n > 0) {
        struct exit_stack_entry e = s->items[--s->n]; /* popped before it runs */
        bool suppress = false;
        int rc = e.fn(e.ud, pending, &suppress);

        if (rc != 0)
            pending = rc;
        else if (suppress)
            pending = 0;
    }
    return pending;
}

void exit_stack_pop_all(struct exit_stack *from, struct exit_stack *to)
{
    assert(to->n == 0 && to->items == NULL);
    *to = *from;
    exit_stack_init(from);
}

void exit_stack_free(struct exit_stack *s)
{
    free(s->items);
    exit_stack_init(s);
}

/* ------------------------------------------------------------------------
 * Part 2: the Lua binding.
 *
 * An ExitStack is a userdata (no C data) whose user value 1 is the list of
 * entries. An entry is a table: { kind, fn, cm } for enter_context (kind
 * "cm": fn is cm's exit, called fn(cm, err)), { kind, fn } for push ("exit":
 * fn(err)), { kind, fn, n, args... } for callback ("callback": fn(args...),
 * its results ignored). The list lives in Lua, so the garbage collector
 * owns it; nothing here is malloc'ed, and any error may unwind through.
 * ------------------------------------------------------------------------ */

#define ES_MT "dojo.exit_stack"

enum { E_KIND = 1, E_FN, E_CM, E_N = 3 };

/* push_list: pushes the entry list of the stack at `idx`. [-0, +1, -] */
static void push_list(lua_State *L, int idx)
{
    lua_getiuservalue(L, idx, 1);
}

/* new_stack: pushes a new, empty stack. [-0, +1, m] */
static void new_stack(lua_State *L)
{
    lua_newuserdatauv(L, 0, 1);
    lua_newtable(L);
    lua_setiuservalue(L, -2, 1);
    luaL_setmetatable(L, ES_MT);
}

/* append: appends the table on top to the list of the stack at 1 and pops
 * it. [-1, +0, m] */
static void append(lua_State *L)
{
    push_list(L, 1);
    lua_insert(L, -2);
    lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
    lua_pop(L, 1);
}

/* l_new: ExitStack.new() -> an empty stack. */
static int l_new(lua_State *L)
{
    new_stack(L);
    return 1;
}

/* l_enter_context: stack:enter_context(cm) -> cm:enter()'s values. cm's
 * exit is looked up first; nothing is pushed when enter raises. */
static int l_enter_context(lua_State *L)
{
    int t, n;

    luaL_checkudata(L, 1, ES_MT);
    lua_settop(L, 2);
    t = lua_type(L, 2);
    if ((t != LUA_TTABLE && t != LUA_TUSERDATA) || lua_getfield(L, 2, "enter") == LUA_TNIL ||
        lua_getfield(L, 2, "exit") == LUA_TNIL)
        return luaL_argerror(L, 2, "context manager expected");
    /* stack, cm, enter, exit */
    lua_createtable(L, 3, 0);
    lua_pushliteral(L, "cm");
    lua_rawseti(L, -2, E_KIND);
    lua_insert(L, 4); /* stack, cm, enter, entry, exit */
    lua_rawseti(L, 4, E_FN);
    lua_pushvalue(L, 2);
    lua_rawseti(L, 4, E_CM);
    lua_pushvalue(L, 3);
    lua_pushvalue(L, 2);
    lua_call(L, 1, LUA_MULTRET); /* a failure here pushes nothing */
    n = lua_gettop(L) - 4;
    lua_pushvalue(L, 4);
    append(L);
    return n;
}

/* l_push: stack:push(exit_fn) -> exit_fn, to be called exit_fn(err). */
static int l_push(lua_State *L)
{
    luaL_checkudata(L, 1, ES_MT);
    luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_settop(L, 2);
    lua_createtable(L, 2, 0);
    lua_pushliteral(L, "exit");
    lua_rawseti(L, -2, E_KIND);
    lua_pushvalue(L, 2);
    lua_rawseti(L, -2, E_FN);
    append(L);
    return 1;
}

/* l_callback: stack:callback(fn, ...) -> fn, to be called fn(...) with
 * these arguments, nil holes kept. */
static int l_callback(lua_State *L)
{
    int n = lua_gettop(L) - 2;

    luaL_checkudata(L, 1, ES_MT);
    luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_createtable(L, n + 3, 0);
    lua_pushliteral(L, "callback");
    lua_rawseti(L, -2, E_KIND);
    lua_pushvalue(L, 2);
    lua_rawseti(L, -2, E_FN);
    lua_pushinteger(L, n);
    lua_rawseti(L, -2, E_N);
    for (int i = 1; i <= n; i++) {
        lua_pushvalue(L, 2 + i);
        lua_rawseti(L, -2, E_N + i);
    }
    append(L);
    lua_settop(L, 2);
    return 1;
}

/* l_pop_all: stack:pop_all() -> a new stack holding every entry; this one
 * is left empty. */
static int l_pop_all(lua_State *L)
{
    luaL_checkudata(L, 1, ES_MT);
    new_stack(L);
    push_list(L, 1);
    lua_setiuservalue(L, -2, 1); /* the new stack takes the list */
    lua_newtable(L);
    lua_setiuservalue(L, 1, 1);
    return 1;
}

/* l_enter: stack:enter() -> stack. */
static int l_enter(lua_State *L)
{
    luaL_checkudata(L, 1, ES_MT);
    lua_settop(L, 1);
    return 1;
}

/* run_entry: runs the entry at `e` in protected mode with the error in
 * flight at `pending`. Returns the lua_pcall status; on success the top
 * is a boolean, whether to swallow (always false for a callback); on an
 * error, the error value. [-0, +1, m] */
static int run_entry(lua_State *L, int e, int pending)
{
    const char *kind;
    int nargs, status;

    lua_rawgeti(L, e, E_KIND);
    kind = lua_tostring(L, -1);
    lua_pop(L, 1);
    lua_rawgeti(L, e, E_FN);
    if (kind[0] == 'c' && kind[1] == 'm') {
        lua_rawgeti(L, e, E_CM);
        lua_pushvalue(L, pending);
        nargs = 2;
    } else if (kind[0] == 'e') {
        lua_pushvalue(L, pending);
        nargs = 1;
    } else {
        lua_rawgeti(L, e, E_N);
        nargs = (int)lua_tointeger(L, -1);
        lua_pop(L, 1);
        luaL_checkstack(L, nargs, "too many callback arguments");
        for (int i = 1; i <= nargs; i++)
            lua_rawgeti(L, e, E_N + i);
    }
    status = lua_pcall(L, nargs, 1, 0);
    if (status == LUA_OK && kind[0] == 'c' && kind[1] == 'a') {
        lua_pop(L, 1);
        lua_pushboolean(L, 0); /* a callback never swallows */
    }
    return status;
}

/* l_exit: stack:exit(err) -> true when err was swallowed, else false;
 * raises a new error that an exit raised and none swallowed. Unwinds the
 * whole stack, last in first out, whatever fails. */
static int l_exit(lua_State *L)
{
    enum { SELF = 1, ERR, PENDING, LIST, ENTRY };
    lua_Integer n;

    luaL_checkudata(L, SELF, ES_MT);
    lua_settop(L, ERR);
    lua_pushvalue(L, ERR);
    push_list(L, SELF);
    while ((n = (lua_Integer)lua_rawlen(L, LIST)) > 0) {
        lua_rawgeti(L, LIST, n);
        lua_pushnil(L);
        lua_rawseti(L, LIST, n); /* popped before it runs */
        if (run_entry(L, ENTRY, PENDING) != LUA_OK)
            lua_replace(L, PENDING); /* the new error is in flight */
        else if (lua_toboolean(L, -1) && !lua_isnil(L, PENDING)) {
            lua_pushnil(L);
            lua_replace(L, PENDING);
        }
        lua_settop(L, LIST);
    }
    if (!lua_isnil(L, PENDING) && !lua_rawequal(L, PENDING, ERR)) {
        lua_settop(L, PENDING);
        return lua_error(L);
    }
    lua_pushboolean(L, !lua_isnil(L, ERR) && lua_isnil(L, PENDING));
    return 1;
}

/* l_close: stack:close() -> nothing: exit(nil). Also __close(stack, err):
 * exit(err), whose answer Lua can't use (a <close> can't swallow). */
static int l_close(lua_State *L)
{
    lua_settop(L, 2);
    lua_pushcfunction(L, l_exit);
    lua_insert(L, 1);
    lua_call(L, 2, 0);
    return 0;
}

/* l_close_method: stack:close(): unwinds with no error. */
static int l_close_method(lua_State *L)
{
    lua_settop(L, 1);
    lua_pushnil(L);
    return l_close(L);
}

/* luaopen_exit_stack: require("exit_stack") -> the ExitStack table: new
 * and the methods. */
int luaopen_exit_stack(lua_State *L)
{
    static const luaL_Reg methods[] = {
        {"enter_context", l_enter_context},
        {"push", l_push},
        {"callback", l_callback},
        {"pop_all", l_pop_all},
        {"enter", l_enter},
        {"exit", l_exit},
        {"close", l_close_method},
        {NULL, NULL},
    };

    lua_newtable(L);
    lua_pushcfunction(L, l_new);
    lua_setfield(L, -2, "new");
    luaL_setfuncs(L, methods, 0);
    if (luaL_newmetatable(L, ES_MT)) {
        lua_pushvalue(L, -2);
        lua_setfield(L, -2, "__index");
        lua_pushcfunction(L, l_close);
        lua_setfield(L, -2, "__close");
    }
    lua_pop(L, 1);
    return 1;
}
