/* reference.c: the `chunks` kata: chunks(iter, size) yields lists of `size`
 * items from a source, the last one possibly shorter, like Python's
 * itertools.batched (3.12).
 * Idiom (part 1, no Lua; tests/test_chunks.c): a generator as an explicit
 * state machine holding no items: it tracks how full the chunk is and
 * whether the source has ended, and each transition (chunks_start, _item,
 * _source_end) returns the caller's next action: PULL, EMIT or END. The
 * paused loop's resume point becomes data, as in Simon Tatham, "Coroutines
 * in C" (2000, https://www.chiark.greenend.org.uk/~sgtatham/coroutines.html),
 * but as explicit fields rather than a saved switch label.
 * Binding (luaopen_chunks): the generator is a C closure over a userdata
 * (the struct; user values: source, chunk table). The source is called
 * with lua_callk and resumed in chunks_k, so it may yield, and the struct
 * is all chunks_k needs: Lua 5.4 manual sec. 4.5 "Handling Yields in C"
 * (https://www.lua.org/manual/5.4/manual.html#4.5). */

#include "reference.h"

#include <assert.h>

#include <lauxlib.h>
#include <lua.h>

/* ------------------------------------------------------------------------
 * Part 1: the core.
 *
 * The Lua generator is a loop that pauses: "repeat: pull an item, put it in
 * the chunk, if the chunk is full hand it out (pause here)". In C, the
 * place where the loop paused is data: how full the chunk being built is,
 * and whether the source has ended. Each function below is one transition
 * of that machine, and returns what the caller must do next.
 * ------------------------------------------------------------------------ */

/* chunks_init: chunks of up to `size` items, nothing pulled. */
void chunks_init(struct chunks *c, size_t size)
{
    assert(c != NULL);
    assert(size >= 1);
    c->size = size;
    c->filled = 0;
    c->state = CHUNKS_RUNNING;
}

/* chunks_start: PULL while running, END once the source has ended. */
enum chunks_step chunks_start(const struct chunks *c)
{
    assert(c != NULL);
    return c->state == CHUNKS_RUNNING ? CHUNKS_PULL : CHUNKS_END;
}

/* chunks_item: an item arrived; its slot, and EMIT when the chunk is full. */
enum chunks_step chunks_item(struct chunks *c, size_t *slot)
{
    assert(c != NULL && slot != NULL);
    assert(c->state == CHUNKS_RUNNING);
    *slot = ++c->filled;
    if (c->filled < c->size)
        return CHUNKS_PULL;
    c->filled = 0; /* handed out: the next item starts a new chunk */
    return CHUNKS_EMIT;
}

/* chunks_source_end: the source ended; EMIT the partial chunk, or END. */
enum chunks_step chunks_source_end(struct chunks *c)
{
    assert(c != NULL);
    c->state = CHUNKS_DONE;
    if (c->filled == 0)
        return CHUNKS_END;
    c->filled = 0;
    return CHUNKS_EMIT;
}

/* ------------------------------------------------------------------------
 * Part 2: the Lua binding.
 *
 * chunks(iter, size) returns the generator, a C closure whose one upvalue
 * is a userdata: a struct chunks plus two user values, the source (an
 * iterator function) and the chunk being built (a table, or nil between
 * chunks). The core says where each item goes; the table holds it.
 *
 * Each call of the generator pulls from the source with lua_callk. If the
 * source yields (it runs in a coroutine and waits for something), the C
 * frame of the generator is thrown away; when the coroutine is resumed and
 * the source returns, Lua calls the continuation, chunks_k, instead. It
 * needs nothing from the lost frame: the userdata is at stack index 1 and
 * the struct says how far the chunk got. That is the whole point of
 * writing the state down: a paused C generator is just its struct.
 *
 * Memory belongs to Lua (the userdata, the chunk tables); nothing here
 * mallocs, so an error from the source, which propagates unchanged, leaks
 * nothing. When the source ends, the userdata drops its reference to it.
 * ------------------------------------------------------------------------ */

enum { UV_SOURCE = 1, UV_CHUNK = 2 }; /* the userdata's user values */
enum { STACK_STATE = 1 };             /* the userdata, during a call */

static int chunks_k(lua_State *L, int status, lua_KContext ctx);

/* hand_out: pushes the finished chunk and forgets it (the next chunk will
 * be a new table); returns 1, the generator's result count. [-0, +1, -] */
static int hand_out(lua_State *L)
{
    lua_getiuservalue(L, STACK_STATE, UV_CHUNK);
    lua_pushnil(L);
    lua_setiuservalue(L, STACK_STATE, UV_CHUNK);
    return 1;
}

/* on_result: the source's result is on top of the stack. Runs one
 * transition; returns the generator's result count (1, with the chunk or
 * nil pushed) when the call is over, or -1 when the next step is another
 * pull. [-1, +(0|1), m] */
static int on_result(lua_State *L)
{
    struct chunks *c = lua_touserdata(L, STACK_STATE);
    enum chunks_step step;
    size_t slot;

    if (chunks_start(c) == CHUNKS_END) {
        /* Another call ended the source while this one waited in a yield
         * (the generator was called from two coroutines): drop the item. */
        lua_pop(L, 1);
        lua_pushnil(L);
        return 1;
    }
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        lua_pushnil(L); /* the source is finished: let it be collected */
        lua_setiuservalue(L, STACK_STATE, UV_SOURCE);
        if (chunks_source_end(c) == CHUNKS_EMIT)
            return hand_out(L);
        lua_pushnil(L);
        return 1;
    }
    step = chunks_item(c, &slot);
    if (slot == 1) { /* a new chunk starts with this item */
        lua_createtable(L, c->size < 64 ? (int)c->size : 64, 0);
        lua_setiuservalue(L, STACK_STATE, UV_CHUNK);
    }
    lua_getiuservalue(L, STACK_STATE, UV_CHUNK); /* item, chunk */
    lua_insert(L, -2);                           /* chunk, item */
    lua_rawseti(L, -2, (lua_Integer)slot);       /* chunk */
    lua_pop(L, 1);
    return step == CHUNKS_EMIT ? hand_out(L) : -1;
}

/* pull_loop: pulls until a chunk is finished or the source ends. The
 * stack holds just the userdata. */
static int pull_loop(lua_State *L)
{
    for (;;) {
        int n;

        lua_getiuservalue(L, STACK_STATE, UV_SOURCE);
        lua_callk(L, 0, 1, 0, chunks_k);
        n = on_result(L);
        if (n >= 0)
            return n;
    }
}

/* chunks_k: the continuation of pull_loop's lua_callk, after the source
 * yielded and then returned: its result is on top. Errors never reach a
 * continuation (they unwind past it), so `status` is always LUA_YIELD. */
static int chunks_k(lua_State *L, int status, lua_KContext ctx)
{
    int n;

    (void)status;
    (void)ctx;
    n = on_result(L);
    return n >= 0 ? n : pull_loop(L);
}

/* l_generator_call: gen() -> the next chunk (a new table), or nil once the
 * source has ended and every item has been handed out. Upvalue 1: the
 * userdata. */
static int l_generator_call(lua_State *L)
{
    struct chunks *c;

    lua_settop(L, 0);
    lua_pushvalue(L, lua_upvalueindex(1)); /* STACK_STATE */
    c = lua_touserdata(L, STACK_STATE);
    if (chunks_start(c) == CHUNKS_END) {
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

/* l_chunks: chunks(iter, size) -> gen. `iter` is an iterator function or
 * an array; `size` a whole number >= 1. Raises "bad argument #1" or "bad
 * argument #2" otherwise. Calls nothing: all the pulling happens in gen. */
static int l_chunks(lua_State *L)
{
    int t = lua_type(L, 1);
    lua_Integer size;
    struct chunks *c;

    if (t != LUA_TFUNCTION && t != LUA_TTABLE)
        luaL_typeerror(L, 1, "function or table");
    size = check_size(L, 2);
    c = lua_newuserdatauv(L, sizeof *c, 2);
    chunks_init(c, (size_t)size);
    if (t == LUA_TTABLE) {
        lua_pushvalue(L, 1);
        lua_pushinteger(L, 0);
        lua_pushcclosure(L, l_array_next, 2);
    } else {
        lua_pushvalue(L, 1);
    }
    lua_setiuservalue(L, -2, UV_SOURCE);
    lua_pushcclosure(L, l_generator_call, 1);
    return 1;
}

/* luaopen_chunks: the module's loader. require("chunks") returns the
 * function `chunks` itself, as the kata's spec expects. */
int luaopen_chunks(lua_State *L)
{
    lua_pushcfunction(L, l_chunks);
    return 1;
}
