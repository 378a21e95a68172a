/* reference.c: the `powers-of-two` kata: a generator of 1, 2, 4, ... up
 * to a limit, and take(iter, k), the first k values of any iterator.
 * Idiom (part 1, no Lua; tests/test_powers_of_two.c): a generator as an
 * explicit state machine: the Lua loop's variables (next, limit) and its
 * place (RUNNING or DONE) are struct fields, and powers_of_two_next runs
 * one turn of the loop; the resume point is data, as in Simon Tatham,
 * "Coroutines in C" (2000,
 * https://www.chiark.greenend.org.uk/~sgtatham/coroutines.html). Doubling
 * is checked before it happens: signed overflow is undefined in C (SEI
 * CERT C rule INT32-C), where Lua integers wrap.
 * Binding (luaopen_powers_of_two): generator() is a C closure over the
 * struct in a userdata; take() calls the iterator with lua_callk and goes
 * on in take_k, its progress kept on the Lua stack, so the iterator may
 * yield: Lua 5.4 manual sec. 4.5 "Handling Yields in C"
 * (https://www.lua.org/manual/5.4/manual.html#4.5). */

#include "reference.h"

#include <assert.h>
#include <math.h>
#include <stddef.h>

#include <lauxlib.h>
#include <lua.h>

/* ------------------------------------------------------------------------
 * Part 1: the core.
 *
 * The Lua generator is a loop, `p = 1; while p <= limit do yield(p);
 * p = p * 2 end`, paused at its yield. Here the loop's variables become the
 * struct's fields and each call of powers_of_two_next runs one iteration.
 * The one thing the Lua loop gets wrong for free is overflow: Lua integers
 * wrap around (2^62 * 2 is math.mininteger), and in C signed overflow is
 * undefined behaviour, so the core checks before it doubles.
 * ------------------------------------------------------------------------ */

/* powers_of_two_init: readies `p` for every power of two <= limit. */
void powers_of_two_init(struct powers_of_two *p, int64_t limit)
{
    assert(p != NULL);
    p->next = 1;
    p->limit = limit;
    p->state = limit >= 1 ? POWERS_OF_TWO_RUNNING : POWERS_OF_TWO_DONE;
}

/* powers_of_two_next: the next power in *out (true), or false when done. */
bool powers_of_two_next(struct powers_of_two *p, int64_t *out)
{
    assert(p != NULL && out != NULL);
    if (p->state == POWERS_OF_TWO_DONE)
        return false;
    *out = p->next;
    /* Decide now whether there is a next value, so the struct never holds a
     * value it must not hand out and never doubles past 2^62. */
    if (p->next == POWERS_OF_TWO_LAST || p->next > p->limit / 2)
        p->state = POWERS_OF_TWO_DONE;
    else
        p->next *= 2;
    return true;
}

/* ------------------------------------------------------------------------
 * Part 2: the Lua binding.
 *
 *   generator(limit)  returns a C closure over a userdata holding a struct
 *                     powers_of_two: each call is one powers_of_two_next,
 *                     the value or nil. Once DONE it returns nil forever.
 *   take(iter, k)     calls iter up to k times and returns the values in a
 *                     new table. iter is Lua code and may yield (say it
 *                     waits for the network inside a coroutine); a plain
 *                     lua_call would then fail with "attempt to yield
 *                     across a C-call boundary". So take calls it with
 *                     lua_callk and names take_k as the continuation: if
 *                     iter yields, Lua drops take's C frame and, when the
 *                     coroutine is resumed and iter returns, calls take_k
 *                     with the same Lua stack. Everything take needs to
 *                     carry on is on that stack: iter, k, and the array so
 *                     far, whose length says how many values it has.
 *
 * Userdata and tables belong to Lua's garbage collector; nothing here
 * mallocs, so an error raised anywhere leaks nothing.
 * ------------------------------------------------------------------------ */

/* check_limit: argument `arg` as the core's limit: nil or none means no
 * limit; an integer is itself; a float is rounded down (and clamped, so
 * math.huge and 2^70 mean no limit and -math.huge means below 1). Raises a
 * "bad argument" error for a non-number or NaN. [-0, +0, v] */
static int64_t check_limit(lua_State *L, int arg)
{
    double d;

    if (lua_isnoneornil(L, arg))
        return POWERS_OF_TWO_NO_LIMIT;
    if (lua_type(L, arg) != LUA_TNUMBER)
        luaL_typeerror(L, arg, "number or nil");
    if (lua_isinteger(L, arg))
        return (int64_t)lua_tointeger(L, arg);
    d = lua_tonumber(L, arg);
    if (isnan(d))
        luaL_argerror(L, arg, "number expected, got NaN");
    if (d >= (double)POWERS_OF_TWO_LAST)
        return POWERS_OF_TWO_NO_LIMIT;
    if (d < 1)
        return 0;
    return (int64_t)floor(d); /* 1 <= d < 2^62: exact */
}

/* l_generator_call: gen() -> the next power of two, or nil once
 * exhausted. Upvalue 1: the struct powers_of_two userdata. */
static int l_generator_call(lua_State *L)
{
    struct powers_of_two *p = lua_touserdata(L, lua_upvalueindex(1));
    int64_t v;

    if (powers_of_two_next(p, &v))
        lua_pushinteger(L, (lua_Integer)v);
    else
        lua_pushnil(L);
    return 1;
}

/* l_generator: generator([limit]) -> gen. Raises "bad argument #1" for a
 * limit that is neither nil nor a number, or is NaN. */
static int l_generator(lua_State *L)
{
    int64_t limit = check_limit(L, 1);
    struct powers_of_two *p = lua_newuserdatauv(L, sizeof *p, 0);

    powers_of_two_init(p, limit);
    lua_pushcclosure(L, l_generator_call, 1);
    return 1;
}

/* The stack of a call of take: */
enum { TAKE_ITER = 1, TAKE_K, TAKE_OUT };

static int take_k(lua_State *L, int status, lua_KContext ctx);

/* take_store: iter's result is on top. Stores it at the end of the array
 * and returns 1, or pops it and returns 0 if it is nil (iter is finished).
 * [-1, +0, -] */
static int take_store(lua_State *L)
{
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        return 0;
    }
    lua_rawseti(L, TAKE_OUT, (lua_Integer)lua_rawlen(L, TAKE_OUT) + 1);
    return 1;
}

/* take_loop: calls iter until the array holds k values or iter returns
 * nil; returns the array. The array only ever holds non-nil values from 1
 * up, so its length is the number taken so far. */
static int take_loop(lua_State *L)
{
    lua_Integer k = lua_tointeger(L, TAKE_K);

    while ((lua_Integer)lua_rawlen(L, TAKE_OUT) < k) {
        lua_pushvalue(L, TAKE_ITER);
        lua_callk(L, 0, 1, 0, take_k);
        if (!take_store(L))
            break;
    }
    lua_settop(L, TAKE_OUT);
    return 1;
}

/* take_k: continuation of the lua_callk in take_loop, run after iter
 * yielded and then returned: iter's result is on top. Errors never reach
 * a continuation (they unwind past it), so `status` is always LUA_YIELD. */
static int take_k(lua_State *L, int status, lua_KContext ctx)
{
    (void)status;
    (void)ctx;
    if (!take_store(L)) {
        lua_settop(L, TAKE_OUT);
        return 1;
    }
    return take_loop(L);
}

/* l_take: take(iter, k) -> a new array of iter's first k values (fewer if
 * iter returns nil first; iter is not called after that). Raises "bad
 * argument #1" unless iter is a function, "bad argument #2" unless k is a
 * whole number >= 0. */
static int l_take(lua_State *L)
{
    int whole = 0;
    lua_Integer k;

    luaL_checktype(L, TAKE_ITER, LUA_TFUNCTION);
    if (lua_type(L, TAKE_K) != LUA_TNUMBER)
        luaL_typeerror(L, TAKE_K, "number");
    k = lua_tointegerx(L, TAKE_K, &whole);
    if (!whole || k < 0) {
        const char *got = luaL_tolstring(L, TAKE_K, NULL);
        luaL_argerror(L, TAKE_K, lua_pushfstring(L, "whole number >= 0 expected, got %s", got));
    }
    lua_settop(L, TAKE_K);
    lua_createtable(L, k < 64 ? (int)k : 64, 0); /* TAKE_OUT; grows as needed */
    return take_loop(L);
}

static const luaL_Reg powers_of_two_functions[] = {
    {"generator", l_generator},
    {"take", l_take},
    {NULL, NULL},
};

/* luaopen_powers_of_two: the module's loader. require("powers_of_two")
 * returns a table with the functions `generator` and `take`. */
int luaopen_powers_of_two(lua_State *L)
{
    luaL_newlib(L, powers_of_two_functions);
    return 1;
}
