/* reference.c: the `limiter` kata: limiter(seconds, clock) is a decorator
 * factory; each function it wraps starts at most once per `seconds`, each
 * with its own record of its last call.
 * Idiom (part 1, no Lua; tests/test_limiter.c): the environment half of a
 * closure by hand: struct limiter is what a Lua solution keeps in the
 * upvalue `last_called`, passed explicitly to limiter_wait_time and
 * limiter_record; the caller owns it (stack, static or userdata) and
 * nothing is allocated. The code half stays with the caller, because the
 * wrapped call is a Lua call.
 * Binding (luaopen_limiter): three layers of C closures; each decoration
 * puts a fresh struct limiter in a userdata, an upvalue of its wrapper
 * (with fn and clock), so no two wrappers share state. clock.now, sleep
 * and fn go through lua_callk with one continuation, wrapper_k (step in
 * ctx), so they may yield. Sources: Lua 5.4 manual sec. 4.2 "C Closures",
 * 4.5 "Handling Yields in C" (https://www.lua.org/manual/5.4/manual.html);
 * "Programming in Lua", 4th ed., ch. 9 "Closures". */

#include "reference.h"

#include <assert.h>
#include <stddef.h>

#include <lauxlib.h>
#include <lua.h>

/* ------------------------------------------------------------------------
 * Part 1: the core.
 *
 * A closure is a function together with the variables it captured, its
 * environment. C has no closures, so the two are kept apart here:
 * `struct limiter` is the environment (what a Lua solution keeps in the
 * upvalues `seconds` and `last_called`), and each function below receives
 * it as an explicit parameter. Two rate-limited functions need two structs,
 * just as two runs of the decorator in Lua create two `last_called`
 * variables. In Lua that bookkeeping is free: the compiler sees which outer
 * locals an inner function uses and keeps them alive, a fresh set for every
 * closure it creates. Here the caller must create, keep and pass the struct.
 * ------------------------------------------------------------------------ */

/* limiter_init: readies `l` for an interval of `seconds` (>= 0), with no
 * call recorded. Can't fail. Full contract in reference.h. */
void limiter_init(struct limiter *l, double seconds)
{
    assert(l != NULL);
    assert(seconds >= 0); /* false for NaN too */
    l->interval = seconds;
    l->last_called = 0;
    l->has_called = false;
}

/* limiter_wait_time: seconds a call at `now` must wait first, 0 if none;
 * never more than the interval. Reads `l` only; can't fail. */
double limiter_wait_time(const struct limiter *l, double now)
{
    double elapsed;

    assert(l != NULL);
    if (!l->has_called)
        return 0; /* the first call never waits */
    elapsed = now - l->last_called;
    /* Written as !(elapsed < interval) rather than elapsed >= interval so
     * that a NaN (a broken clock) means "don't wait", never a NaN wait. */
    if (!(elapsed < l->interval))
        return 0;
    if (elapsed < 0)
        return l->interval; /* the clock went backwards: wait one interval */
    return l->interval - elapsed;
}

/* limiter_record: notes that a call started at `now`. Can't fail. */
void limiter_record(struct limiter *l, double now)
{
    assert(l != NULL);
    l->last_called = now;
    l->has_called = true;
}

/* ------------------------------------------------------------------------
 * Part 2: the Lua binding.
 *
 * A Lua solution is three nested functions:
 *
 *     local function limiter(seconds, clock)      -- checks, returns deco
 *       return function(fn)                       -- deco: one state per fn
 *         local last_called
 *         return function(...) ... end            -- the wrapper
 *       end
 *     end
 *
 * The binding builds the same three layers by hand, as C closures
 * (lua_pushcclosure): a C function plus values stored with it, its
 * upvalues, which it reads through lua_upvalueindex(i).
 *
 *   l_limiter(seconds, clock)  checks its arguments and returns the
 *                              decorator, a C closure over (seconds, clock).
 *   l_decorate(fn)             the decorator. Every call allocates a new
 *                              struct limiter as a full userdata and returns
 *                              the wrapper, a C closure over (state, fn,
 *                              clock). That fresh userdata is the
 *                              per-function state: `local last_called` above.
 *   l_wrapper(...)             the wrapper: asks the clock, sleeps if it
 *                              must, records the call, then calls fn.
 *
 * The userdata belongs to Lua's garbage collector: it lives as long as the
 * wrapper that holds it as an upvalue, and nothing here mallocs or frees.
 * Errors (from fn, from the clock, or ours) propagate as Lua errors; since
 * we never hold malloc'ed memory, unwinding past us leaks nothing.
 * ------------------------------------------------------------------------ */

/* Upvalues of the decorator returned by limiter(seconds, clock). */
enum { DECO_SECONDS = 1, DECO_CLOCK };

/* Upvalues of a wrapper returned by decorator(fn). */
enum { WRAP_STATE = 1, WRAP_FN, WRAP_CLOCK };

/* The steps of one wrapped call. Every step that calls back into Lua
 * (clock.now, clock.sleep, fn) may yield, say when the wrapper runs in a
 * coroutine and an asynchronous clock's sleep yields to an event loop. A
 * plain lua_call would then fail with "attempt to yield across a C-call
 * boundary", because a C function's frame can't be suspended and resumed.
 * So each of those calls is a lua_callk naming wrapper_k as its
 * continuation and the next step as its context. If the callee yields, our
 * C frame is thrown away, and when the coroutine is resumed Lua calls
 * wrapper_k(L, LUA_YIELD, next_step), with the same stack and upvalues, in
 * place of returning into it. If the callee returns without yielding,
 * lua_callk simply returns, and we go on to the next step ourselves. Either
 * way the same step function runs next. */
enum step {
    STEP_GOT_NOW,       /* clock.now() returned: decide whether to wait */
    STEP_SLEPT,         /* clock.sleep(wait) returned: read the clock again */
    STEP_GOT_NOW_AGAIN, /* clock.now() returned after the sleep: record it */
    STEP_RETURNED,      /* fn(...) returned: hand its results back */
};

static int wrapper_k(lua_State *L, int status, lua_KContext ctx);

/* check_seconds: raises a "bad argument" error unless argument `arg` is a
 * number >= 0 (a numeric string is not accepted; NaN is not >= 0).
 * [-0, +0, v] */
static void check_seconds(lua_State *L, int arg)
{
    if (lua_type(L, arg) != LUA_TNUMBER)
        luaL_typeerror(L, arg, "number");
    if (!(lua_tonumber(L, arg) >= 0)) {
        const char *got = luaL_tolstring(L, arg, NULL);
        luaL_argerror(L, arg, lua_pushfstring(L, "non-negative number expected, got %s", got));
    }
}

/* check_clock: raises a "bad argument" error unless argument `arg` is a
 * table whose fields `now` and `sleep` are functions. [-0, +0, v] */
static void check_clock(lua_State *L, int arg)
{
    static const char *const fields[] = {"now", "sleep"};
    size_t i;

    luaL_checktype(L, arg, LUA_TTABLE);
    for (i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        if (lua_getfield(L, arg, fields[i]) != LUA_TFUNCTION) {
            const char *why = lua_pushfstring(L, "clock.%s must be a function, got %s",
                                              fields[i], luaL_typename(L, -1));
            luaL_argerror(L, arg, why);
        }
        lua_pop(L, 1);
    }
}

/* pop_now: pops the value clock.now() returned and gives it back as a
 * double; raises an error unless it is a number. [-1, +0, v] */
static double pop_now(lua_State *L)
{
    double now;

    if (lua_type(L, -1) != LUA_TNUMBER)
        luaL_error(L, "clock.now() must return a number, got %s", luaL_typename(L, -1));
    now = lua_tonumber(L, -1);
    lua_pop(L, 1);
    return now;
}

/* In the step functions below, the stack holds the wrapper's arguments
 * (arg1 .. argn, from index 1), plus the one result of clock.now() on top
 * for got_now and got_now_again. Each returns what the wrapper returns. */

/* call_fn: calls fn(arg1, ..., argn), the call being recorded already,
 * and returns all of fn's results, however many. */
static int call_fn(lua_State *L)
{
    int nargs = lua_gettop(L);

    lua_pushvalue(L, lua_upvalueindex(WRAP_FN));
    lua_insert(L, 1); /* fn, arg1, ..., argn */
    lua_callk(L, nargs, LUA_MULTRET, STEP_RETURNED, wrapper_k);
    return lua_gettop(L); /* fn and the arguments are gone: only results */
}

/* got_now_again: the sleep is over; the call starts now, so the next
 * window is measured from this new reading of the clock. */
static int got_now_again(lua_State *L)
{
    struct limiter *state = lua_touserdata(L, lua_upvalueindex(WRAP_STATE));

    limiter_record(state, pop_now(L));
    return call_fn(L);
}

/* slept: clock.sleep returned; read the clock again. */
static int slept(lua_State *L)
{
    lua_getfield(L, lua_upvalueindex(WRAP_CLOCK), "now");
    lua_callk(L, 0, 1, STEP_GOT_NOW_AGAIN, wrapper_k);
    return got_now_again(L);
}

/* got_now: the clock says now; call fn at once, or sleep first. Either way
 * the call is recorded before fn runs, so a call that raises still counts. */
static int got_now(lua_State *L)
{
    struct limiter *state = lua_touserdata(L, lua_upvalueindex(WRAP_STATE));
    double now = pop_now(L);
    double wait = limiter_wait_time(state, now);

    if (!(wait > 0)) {
        limiter_record(state, now);
        return call_fn(L);
    }
    lua_getfield(L, lua_upvalueindex(WRAP_CLOCK), "sleep");
    lua_pushnumber(L, wait);
    lua_callk(L, 1, 0, STEP_SLEPT, wrapper_k);
    return slept(L);
}

/* wrapper_k: the continuation of every lua_callk above; resumes a wrapped
 * call at step `ctx` after a yield. `status` is LUA_YIELD here: errors
 * never reach a lua_callk continuation, they unwind straight past it. */
static int wrapper_k(lua_State *L, int status, lua_KContext ctx)
{
    (void)status;
    switch ((enum step)ctx) {
    case STEP_GOT_NOW:
        return got_now(L);
    case STEP_SLEPT:
        return slept(L);
    case STEP_GOT_NOW_AGAIN:
        return got_now_again(L);
    case STEP_RETURNED:
        return lua_gettop(L);
    }
    return luaL_error(L, "limiter: unknown step %d", (int)ctx); /* unreachable */
}

/* l_wrapper: wrapper(...) -> the results of fn(...), after sleeping through
 * clock.sleep if fn was called less than `seconds` ago. Arguments and
 * results pass through untouched, nils and all. */
static int l_wrapper(lua_State *L)
{
    lua_getfield(L, lua_upvalueindex(WRAP_CLOCK), "now");
    lua_callk(L, 0, 1, STEP_GOT_NOW, wrapper_k);
    return got_now(L);
}

/* l_decorate: decorator(fn) -> wrapper. `fn` is not checked here, as Lua
 * does not check a value is callable until it is called: a wrapper around
 * a non-callable value fails when it calls it. Each call makes a fresh
 * struct limiter, so each wrapper has a state of its own. */
static int l_decorate(lua_State *L)
{
    struct limiter *state;

    lua_settop(L, 1); /* fn */
    state = lua_newuserdatauv(L, sizeof *state, 0);
    limiter_init(state, lua_tonumber(L, lua_upvalueindex(DECO_SECONDS)));
    lua_insert(L, 1);                               /* state, fn */
    lua_pushvalue(L, lua_upvalueindex(DECO_CLOCK)); /* state, fn, clock */
    lua_pushcclosure(L, l_wrapper, 3);
    return 1;
}

/* l_limiter: limiter(seconds, clock) -> decorator. `seconds` is a number
 * >= 0, `clock` a table with functions `now` (returns seconds) and `sleep`
 * (takes seconds). Raises "bad argument #1 ..." or "bad argument #2 ..."
 * otherwise. */
static int l_limiter(lua_State *L)
{
    check_seconds(L, 1);
    check_clock(L, 2);
    lua_settop(L, 2); /* seconds, clock: they become the upvalues */
    lua_pushcclosure(L, l_decorate, 2);
    return 1;
}

/* luaopen_limiter: the module's loader. require("limiter") returns the
 * function `limiter` itself, not a table of functions, because that is what
 * the kata's spec expects of the learner's module. */
int luaopen_limiter(lua_State *L)
{
    lua_pushcfunction(L, l_limiter);
    return 1;
}
