/* reference.c: the `countdown` kata: n, n-1, ..., 1 as a generator
 * function, and as a real coroutine that then returns "liftoff".
 * Idiom (part 1, no Lua; tests/test_countdown.c): a generator as an
 * explicit state machine: what the paused loop would remember (the next
 * value, RUNNING or DONE) is a struct, and countdown_next runs one step. A
 * C frame can't be suspended, so the resume point must be data: Simon
 * Tatham, "Coroutines in C" (2000,
 * https://www.chiark.greenend.org.uk/~sgtatham/coroutines.html) and
 * Dunkels et al., "Protothreads" (SenSys 2006) keep it as a switch label;
 * here it is explicit fields that tests can read.
 * Binding (luaopen_countdown): generator() is a C closure whose upvalue is
 * the struct in a userdata (a closure iterator: "Programming in Lua", 4th
 * ed., ch. 18); create() is a lua_newthread coroutine whose C body yields
 * with lua_yieldk and is its own continuation: Lua 5.4 manual sec. 4.5
 * "Handling Yields in C" (https://www.lua.org/manual/5.4/manual.html#4.5). */

#include "reference.h"

#include <assert.h>
#include <stddef.h>

#include <lauxlib.h>
#include <lua.h>

/* ------------------------------------------------------------------------
 * Part 1: the core.
 *
 * A Lua generator is a function that stops at `coroutine.yield` and later
 * carries on from that very spot, its locals intact: the coroutine's stack
 * remembers where it was. A C function can't stop halfway and carry on;
 * once it returns, its frame is gone. So a generator in C is a state
 * machine: everything the paused function would have remembered (here, the
 * next value and whether we are finished) lives in a struct, and a `next`
 * function moves it one step and returns.
 * ------------------------------------------------------------------------ */

/* countdown_init: readies `c` to count down from `n` (>= 0). Can't fail. */
void countdown_init(struct countdown *c, int64_t n)
{
    assert(c != NULL);
    assert(n >= 0);
    c->next = n;
    c->state = n > 0 ? COUNTDOWN_RUNNING : COUNTDOWN_DONE;
}

/* countdown_next: hands out the next value in *out and returns true, or
 * returns false, now and forever, once the countdown is done. Can't fail. */
bool countdown_next(struct countdown *c, int64_t *out)
{
    assert(c != NULL && out != NULL);
    if (c->state == COUNTDOWN_DONE)
        return false;
    *out = c->next;
    c->next--;
    if (c->next == 0)
        c->state = COUNTDOWN_DONE;
    return true;
}

/* ------------------------------------------------------------------------
 * Part 2: the Lua binding.
 *
 *   countdown.generator(n)  returns a C closure whose one upvalue is a
 *                           userdata holding a struct countdown. Each call
 *                           runs countdown_next once: the value, or nil.
 *                           No coroutine at all: the struct is the paused
 *                           frame, and once DONE the closure just keeps
 *                           returning nil (never "cannot resume dead").
 *   countdown.create(n)     returns a real coroutine, made with
 *                           lua_newthread, whose body is a C function over
 *                           the same kind of userdata. The body yields with
 *                           lua_yieldk(L, 1, 0, body_k): a C function can't
 *                           be suspended in the middle, so Lua throws its
 *                           frame away and, on the next resume, calls the
 *                           continuation body_k instead of returning into
 *                           it. body_k reads the struct, yields the next
 *                           value, and names itself as the continuation
 *                           again; when the count is over it returns
 *                           "liftoff", which ends the coroutine.
 *
 * Both userdata belong to Lua's garbage collector (they live as long as the
 * closure that holds them as an upvalue); nothing here mallocs or frees, so
 * an error raised anywhere leaks nothing.
 * ------------------------------------------------------------------------ */

/* check_count: raises a "bad argument" error unless argument `arg` is a
 * number with a whole value >= 0 (3 and 3.0 pass; 2.5, inf, NaN and the
 * string "3" don't); returns it. [-0, +0, v] */
static lua_Integer check_count(lua_State *L, int arg)
{
    int whole = 0;
    lua_Integer n;

    if (lua_type(L, arg) != LUA_TNUMBER)
        luaL_typeerror(L, arg, "number");
    n = lua_tointegerx(L, arg, &whole);
    if (!whole || n < 0) {
        const char *got = luaL_tolstring(L, arg, NULL);
        luaL_argerror(L, arg, lua_pushfstring(L, "whole number >= 0 expected, got %s", got));
    }
    return n;
}

/* new_countdown: pushes a new userdata holding a struct countdown set up to
 * count down from `n`, and returns the struct. [-0, +1, m] */
static struct countdown *new_countdown(lua_State *L, lua_Integer n)
{
    struct countdown *c = lua_newuserdatauv(L, sizeof *c, 0);

    countdown_init(c, (int64_t)n);
    return c;
}

/* l_generator_call: gen() -> the next value, or nil once exhausted (and on
 * every call after that). Upvalue 1: the struct countdown userdata. */
static int l_generator_call(lua_State *L)
{
    struct countdown *c = lua_touserdata(L, lua_upvalueindex(1));
    int64_t v;

    if (countdown_next(c, &v))
        lua_pushinteger(L, (lua_Integer)v);
    else
        lua_pushnil(L);
    return 1;
}

/* l_generator: countdown.generator(n) -> gen. Raises "bad argument #1"
 * unless n is a whole number >= 0. */
static int l_generator(lua_State *L)
{
    lua_Integer n = check_count(L, 1);

    new_countdown(L, n);
    lua_pushcclosure(L, l_generator_call, 1);
    return 1;
}

/* body_k: the coroutine's body, from its first run on and as its own
 * continuation after every yield. `status` is LUA_OK on the first run and
 * LUA_YIELD after a resume; either way the next step is the same, so it is
 * ignored. Whatever resume passed in is dropped. */
static int body_k(lua_State *L, int status, lua_KContext ctx)
{
    struct countdown *c = lua_touserdata(L, lua_upvalueindex(1));
    int64_t v;

    (void)status;
    (void)ctx;
    lua_settop(L, 0);
    if (countdown_next(c, &v)) {
        lua_pushinteger(L, (lua_Integer)v);
        return lua_yieldk(L, 1, 0, body_k); /* never returns */
    }
    lua_pushliteral(L, "liftoff");
    return 1; /* the body ends: the coroutine is dead */
}

/* l_body: the function the coroutine starts with. Upvalue 1: the struct
 * countdown userdata. */
static int l_body(lua_State *L)
{
    return body_k(L, LUA_OK, 0);
}

/* l_create: countdown.create(n) -> a suspended coroutine yielding n, ...,
 * 1 and then returning "liftoff". Raises "bad argument #1" unless n is a
 * whole number >= 0; the check happens here, not at the first resume. */
static int l_create(lua_State *L)
{
    lua_Integer n = check_count(L, 1);
    lua_State *co = lua_newthread(L); /* [thread] */

    new_countdown(L, n);                 /* [thread, state] */
    lua_pushcclosure(L, l_body, 1);      /* [thread, body] */
    lua_xmove(L, co, 1);                 /* [thread]; co's stack: [body] */
    return 1;
}

static const luaL_Reg countdown_functions[] = {
    {"create", l_create},
    {"generator", l_generator},
    {NULL, NULL},
};

/* luaopen_countdown: the module's loader. require("countdown") returns a
 * table with the functions `create` and `generator`. */
int luaopen_countdown(lua_State *L)
{
    luaL_newlib(L, countdown_functions);
    return 1;
}
