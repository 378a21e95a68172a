/* reference.c: the `window` kata: window(iter, size) yields every run of
 * `size` consecutive items, sliding by one, like the sliding_window recipe
 * in Python's itertools documentation.
 * Idiom (part 1, no Lua; tests/test_window.c): ring-buffer indexing, each
 * new item taking the oldest slot, at `head`, so a slide costs O(1)
 * instead of shifting size-1 items; driven by an explicit state machine
 * (FILLING, SLIDING, DONE) whose transitions return the caller's next
 * action (PULL, EMIT, END), the resume point kept as data as in Simon
 * Tatham, "Coroutines in C" (2000,
 * https://www.chiark.greenend.org.uk/~sgtatham/coroutines.html).
 * Binding (luaopen_window): the generator is a C closure over a userdata
 * (the struct; user values: source, ring table); windows handed out are
 * fresh copies. The source is called with lua_callk and resumed in
 * window_k, so it may yield: Lua 5.4 manual sec. 4.5 "Handling Yields in
 * C" (https://www.lua.org/manual/5.4/manual.html#4.5). */

#include "reference.h"

#include <assert.h>

#include <lauxlib.h>
#include <lua.h>

/* ------------------------------------------------------------------------
 * Part 1: the core.
 *
 * A window of `size` items slides by one item per step. Shifting an array
 * would move size-1 items each time; a ring buffer moves none: the new
 * item overwrites the oldest one, at `head`, and `head` moves on. The
 * window, oldest first, then starts at `head` and wraps around the end.
 * The state field is where a Lua generator's paused frame would be: still
 * filling the first window, sliding, or done.
 * ------------------------------------------------------------------------ */

/* window_init: windows of `size` items, empty ring. */
void window_init(struct window *w, size_t size)
{
    assert(w != NULL);
    assert(size >= 1);
    w->size = size;
    w->head = 0;
    w->filled = 0;
    w->state = WINDOW_FILLING;
}

/* window_start: PULL until the source has ended, then END. */
enum window_step window_start(const struct window *w)
{
    assert(w != NULL);
    return w->state == WINDOW_DONE ? WINDOW_END : WINDOW_PULL;
}

/* window_item: the new item's slot; EMIT once the ring is full. */
enum window_step window_item(struct window *w, size_t *slot)
{
    assert(w != NULL && slot != NULL);
    assert(w->state != WINDOW_DONE);
    *slot = w->head;
    w->head = w->head + 1 == w->size ? 0 : w->head + 1;
    if (w->filled < w->size)
        w->filled++;
    if (w->filled < w->size)
        return WINDOW_PULL;
    w->state = WINDOW_SLIDING;
    return WINDOW_EMIT;
}

/* window_source_end: DONE for good. */
enum window_step window_source_end(struct window *w)
{
    assert(w != NULL);
    w->state = WINDOW_DONE;
    return WINDOW_END;
}

/* window_slot: slot of item i of the window, oldest first. Written so that
 * head + i can't overflow, whatever the size. */
size_t window_slot(const struct window *w, size_t i)
{
    assert(w != NULL && i < w->size);
    return i < w->size - w->head ? w->head + i : i - (w->size - w->head);
}

/* ------------------------------------------------------------------------
 * Part 2: the Lua binding.
 *
 * window(iter, size) returns the generator, a C closure whose one upvalue
 * is a userdata: a struct window plus two user values, the source (an
 * iterator function) and the ring (a table; ring slot s is its key s + 1).
 * The ring is private: the windows handed out are fresh copies, so nothing
 * a caller does to them can reach the next window.
 *
 * The source is called with lua_callk. If it yields, Lua drops the
 * generator's C frame and, once the source returns after the resume, calls
 * the continuation window_k with the same stack (the userdata at index 1,
 * the source's result on top); the struct says where the machine was.
 *
 * Memory belongs to Lua (userdata, ring, windows); nothing here mallocs,
 * so an error from the source, which propagates unchanged, leaks nothing.
 * When the source ends, the userdata drops the source and the ring.
 * ------------------------------------------------------------------------ */

enum { UV_SOURCE = 1, UV_RING = 2 }; /* the userdata's user values */
enum { STACK_STATE = 1 };            /* the userdata, during a call */

static int window_k(lua_State *L, int status, lua_KContext ctx);

/* push_window: pushes a new table holding the current window, copied out
 * of the ring oldest first. [-0, +1, m] */
static void push_window(lua_State *L, const struct window *w)
{
    lua_getiuservalue(L, STACK_STATE, UV_RING);
    lua_createtable(L, w->size <= 4096 ? (int)w->size : 0, 0);
    for (size_t i = 0; i < w->size; i++) {
        lua_rawgeti(L, -2, (lua_Integer)window_slot(w, i) + 1);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    lua_remove(L, -2); /* the ring */
}

/* on_result: the source's result is on top. Runs one transition; returns
 * the generator's result count (1, with a window or nil pushed) when the
 * call is over, or -1 when the next step is another pull. [-1, +(0|1), m] */
static int on_result(lua_State *L)
{
    struct window *w = lua_touserdata(L, STACK_STATE);
    enum window_step step;
    size_t slot;

    if (window_start(w) == WINDOW_END) {
        /* Another call ended the source while this one waited in a yield
         * (the generator was called from two coroutines): drop the item. */
        lua_pop(L, 1);
        lua_pushnil(L);
        return 1;
    }
    if (lua_isnil(L, -1)) {
        window_source_end(w);
        lua_pushnil(L); /* nil already on top; drop source and ring */
        lua_setiuservalue(L, STACK_STATE, UV_SOURCE);
        lua_pushnil(L);
        lua_setiuservalue(L, STACK_STATE, UV_RING);
        return 1; /* the nil the source returned */
    }
    step = window_item(w, &slot);
    lua_getiuservalue(L, STACK_STATE, UV_RING); /* item, ring */
    lua_insert(L, -2);                          /* ring, item */
    lua_rawseti(L, -2, (lua_Integer)slot + 1);  /* ring */
    lua_pop(L, 1);
    if (step == WINDOW_PULL)
        return -1;
    push_window(L, w);
    return 1;
}

/* pull_loop: pulls until a window is ready or the source ends. The stack
 * holds just the userdata. */
static int pull_loop(lua_State *L)
{
    for (;;) {
        int n;

        lua_getiuservalue(L, STACK_STATE, UV_SOURCE);
        lua_callk(L, 0, 1, 0, window_k);
        n = on_result(L);
        if (n >= 0)
            return n;
    }
}

/* window_k: the continuation of pull_loop's lua_callk, after the source
 * yielded and then returned: its result is on top. Errors never reach a
 * continuation, so `status` is always LUA_YIELD. */
static int window_k(lua_State *L, int status, lua_KContext ctx)
{
    int n;

    (void)status;
    (void)ctx;
    n = on_result(L);
    return n >= 0 ? n : pull_loop(L);
}

/* l_generator_call: gen() -> the next window (a new table), or nil once
 * the source has ended. Upvalue 1: the userdata. */
static int l_generator_call(lua_State *L)
{
    struct window *w;

    lua_settop(L, 0);
    lua_pushvalue(L, lua_upvalueindex(1)); /* STACK_STATE */
    w = lua_touserdata(L, STACK_STATE);
    if (window_start(w) == WINDOW_END) {
        lua_pushnil(L);
        return 1;
    }
    return pull_loop(L);
}

/* l_array_next: an iterator over an array: t[1], t[2], ... up to the first
 * nil, as ipairs sees them. Upvalues: 1 the table, 2 the last index read. */
static int l_array_next(lua_State *L)
{
    lua_Integer i = lua_tointeger(L, lua_upvalueindex(2)) + 1;

    lua_pushinteger(L, i);
    lua_replace(L, lua_upvalueindex(2));
    lua_geti(L, lua_upvalueindex(1), i);
    return 1;
}

/* check_size: raises a "bad argument" error unless argument `arg` is a
 * number with a whole value >= 1; returns it. [-0, +0, v] */
static lua_Integer check_size(lua_State *L, int arg)
{
    int whole = 0;
    lua_Integer n;

    if (lua_type(L, arg) != LUA_TNUMBER)
        luaL_typeerror(L, arg, "number");
    n = lua_tointegerx(L, arg, &whole);
    if (!whole || n < 1) {
        const char *got = luaL_tolstring(L, arg, NULL);
        luaL_argerror(L, arg, lua_pushfstring(L, "whole number >= 1 expected, got %s", got));
    }
    return n;
}

/* l_window: window(iter, size) -> gen. `iter` is an iterator function or
 * an array; `size` a whole number >= 1. Raises "bad argument #1" or "bad
 * argument #2" otherwise. Calls nothing: all the pulling happens in gen. */
static int l_window(lua_State *L)
{
    int t = lua_type(L, 1);
    lua_Integer size;
    struct window *w;

    if (t != LUA_TFUNCTION && t != LUA_TTABLE)
        luaL_typeerror(L, 1, "function or table");
    size = check_size(L, 2);
    w = lua_newuserdatauv(L, sizeof *w, 2);
    window_init(w, (size_t)size);
    if (t == LUA_TTABLE) {
        lua_pushvalue(L, 1);
        lua_pushinteger(L, 0);
        lua_pushcclosure(L, l_array_next, 2);
    } else {
        lua_pushvalue(L, 1);
    }
    lua_setiuservalue(L, -2, UV_SOURCE);
    lua_newtable(L);
    lua_setiuservalue(L, -2, UV_RING);
    lua_pushcclosure(L, l_generator_call, 1);
    return 1;
}

/* luaopen_window: the module's loader. require("window") returns the
 * function `window` itself, as the kata's spec expects. */
int luaopen_window(lua_State *L)
{
    lua_pushcfunction(L, l_window);
    return 1;
}
