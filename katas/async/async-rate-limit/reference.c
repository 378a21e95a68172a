/* reference.c: the `async-rate-limit` kata: rate_limit(calls_per_second)
 * is a decorator factory for async functions; each function it wraps
 * starts at most calls_per_second times a second, the callers (tasks on
 * dojo's event loop) waiting their turn with async.sleep.
 * Idiom (part 1, no Lua; tests/test_async_rate_limit.c): a slot scheduler
 * whose claim is a single step: the slot is taken before the caller
 * sleeps, so tasks that call while it sleeps queue behind it.
 * Binding (luaopen_async_rate_limit): three layers of C closures, a fresh
 * struct per decorated function in a userdata; the wrapper calls the Lua
 * `async` module's sleep, and then fn, through lua_callk with one
 * continuation (step in ctx), because both may yield the task's coroutine.
 * Sources: Lua 5.4 manual sec. 4.5 "Handling Yields in C" and lua_callk
 * (https://www.lua.org/manual/5.4/manual.html); the virtual-scheduling form
 * of the Generic Cell Rate Algorithm (ITU-T Rec. I.371), used to delay. */

#include "reference.h"

#include <assert.h>
#include <math.h>
#include <stddef.h>

#include <lauxlib.h>
#include <lua.h>

/* ------------------------------------------------------------------------
 * Part 1: the core.
 *
 * Picture the timeline cut into slots one interval apart. The schedule
 * remembers one number: when the next slot is free. A call arriving at
 * `now` starts at `now` if that slot is already free by then, or else at
 * the next free slot, and either way the next free slot moves one interval
 * past the start it handed out. That is all, and it is all one function,
 * on purpose. A scheduler with two steps (ask how long to wait; sleep;
 * then record the call) has a window between them. With an event loop
 * that window is the sleep itself: async.sleep lets every other task run,
 * and each one that calls in the window asks the first question, gets the
 * same answer, and starts at the same moment. Claiming in one step closes
 * the window: there is no yield inside async_rate_limit_claim.
 * ------------------------------------------------------------------------ */

/* async_rate_limit_valid_rate: rate > 0; false for NaN. Full contract in
 * reference.h. */
bool async_rate_limit_valid_rate(double calls_per_second)
{
    return calls_per_second > 0; /* every comparison with NaN is false */
}

/* async_rate_limit_init: interval = 1 / rate, nothing claimed. Full
 * contract in reference.h. */
bool async_rate_limit_init(struct async_rate_limit_slots *s, double calls_per_second)
{
    assert(s != NULL);
    if (!async_rate_limit_valid_rate(calls_per_second))
        return false;
    s->interval = 1.0 / calls_per_second; /* seconds per call; 0 for +inf */
    s->next_free = 0;
    s->has_claims = false;
    return true;
}

/* async_rate_limit_claim: the start of the slot of a call at `now`, the
 * next free slot moved past it. Full contract in reference.h. */
double async_rate_limit_claim(struct async_rate_limit_slots *s, double now)
{
    double start = now;

    assert(s != NULL);
    if (isnan(now))
        return now; /* a broken clock: don't spoil the schedule */
    if (s->has_claims && s->next_free > now)
        start = s->next_free; /* busy: queue behind the last claim */
    s->next_free = start + s->interval;
    s->has_claims = true;
    return start;
}

/* ------------------------------------------------------------------------
 * Part 2: the Lua binding.
 *
 * A Lua solution is three nested functions:
 *
 *     local function rate_limit(calls_per_second)     -- checks; the factory
 *       local interval = 1 / calls_per_second
 *       return function(fn)                           -- the decorator
 *         local next_free                             -- one per fn
 *         return function(...)                        -- the wrapper
 *           local now = async.now()
 *           local slot = ...                          -- claim, then sleep
 *           if slot > now then async.sleep(slot - now) end
 *           return fn(...)
 *         end
 *       end
 *     end
 *
 * The binding builds the same three layers as C closures:
 *
 *   l_rate_limit(rate)   checks the rate; returns the decorator, a C
 *                        closure over (rate, async).
 *   l_decorate(fn)       allocates a struct async_rate_limit_slots in a new
 *                        userdata (the `local next_free` above) and returns
 *                        the wrapper, a C closure over (slots, fn, async).
 *   l_wrapper(...)       reads async.now(), claims a slot, sleeps until it
 *                        if it must, then calls fn.
 *
 * `async` is the Lua module table, fetched once with the host's require
 * when this module is opened: the same table, hence the same loop, the spec
 * and every task use.
 *
 * async.sleep doesn't return until the loop has run other tasks: it yields
 * the running task's coroutine, and the loop resumes it when its timer
 * fires. fn may do the same. A C function's frame can't survive a yield
 * (it lives on the C stack, which the loop needs meanwhile), so both calls
 * go through lua_callk, naming wrapper_k as the continuation and the next
 * step as its context: if the callee yields, Lua drops this frame and,
 * once the callee returns after the task is resumed, calls
 * wrapper_k(L, LUA_YIELD, step) with the same Lua stack in place of
 * returning into the lost frame. If the callee returns without yielding,
 * lua_callk just returns and the same step runs from here. A plain
 * lua_call would raise "attempt to yield across a C-call boundary".
 * async.now() never yields, so it is a plain lua_call.
 *
 * Lua's garbage collector owns the userdata: it lives as long as the
 * wrapper that holds it. Nothing here mallocs, so an error unwinding past
 * us (fn's error, or the CancelledError async.sleep raises in a cancelled
 * task) leaks nothing, and the slot it claimed simply stays claimed.
 * ------------------------------------------------------------------------ */

/* Upvalues of the decorator returned by rate_limit(calls_per_second). */
enum { DECO_RATE = 1, DECO_ASYNC };

/* Upvalues of a wrapper returned by decorator(fn). */
enum { WRAP_SLOTS = 1, WRAP_FN, WRAP_ASYNC };

/* The steps of one wrapped call that come after a call which may yield. */
enum step {
    STEP_SLEPT,    /* async.sleep(wait) returned: the slot has come */
    STEP_RETURNED, /* fn(...) returned: hand back its results */
};

static int wrapper_k(lua_State *L, int status, lua_KContext ctx);

/* call_fn: the call's slot has come (stack: the wrapper's arguments only):
 * calls fn(...) and returns every result. */
static int call_fn(lua_State *L)
{
    int nargs = lua_gettop(L);

    lua_pushvalue(L, lua_upvalueindex(WRAP_FN));
    lua_insert(L, 1); /* fn, arg1, ..., argn */
    lua_callk(L, nargs, LUA_MULTRET, STEP_RETURNED, wrapper_k);
    return lua_gettop(L); /* fn's results, all of them */
}

/* wrapper_k: the continuation of the lua_callk calls in the wrapper;
 * carries on at step `ctx` once the task is resumed. Errors never reach a
 * continuation: they unwind past it. */
static int wrapper_k(lua_State *L, int status, lua_KContext ctx)
{
    (void)status; /* always LUA_YIELD here */
    switch ((enum step)ctx) {
    case STEP_SLEPT:
        return call_fn(L);
    case STEP_RETURNED:
        return lua_gettop(L);
    }
    return luaL_error(L, "async_rate_limit: unknown step %d", (int)ctx); /* unreachable */
}

/* l_wrapper: wrapper(...) -> fn(...)'s results, once this call's slot has
 * come. Must run inside a task: async.now raises otherwise. */
static int l_wrapper(lua_State *L)
{
    struct async_rate_limit_slots *s = lua_touserdata(L, lua_upvalueindex(WRAP_SLOTS));
    int nargs = lua_gettop(L);
    double now, start;

    lua_getfield(L, lua_upvalueindex(WRAP_ASYNC), "now");
    lua_call(L, 0, 1); /* async.now(): never yields */
    now = lua_tonumber(L, -1);
    lua_settop(L, nargs);
    start = async_rate_limit_claim(s, now); /* claimed: nothing yielded since now */
    if (!(start > now))
        return call_fn(L); /* the slot is now: no sleep, no yield */
    lua_getfield(L, lua_upvalueindex(WRAP_ASYNC), "sleep");
    lua_pushnumber(L, start - now);
    lua_callk(L, 1, 0, STEP_SLEPT, wrapper_k); /* parks the task: may yield */
    return call_fn(L);
}

/* l_decorate: decorator(fn) -> wrapper, with a schedule of its own. `fn`
 * isn't checked: a wrapper around something that can't be called fails
 * when it calls it, as a Lua wrapper would. */
static int l_decorate(lua_State *L)
{
    struct async_rate_limit_slots *s;

    lua_settop(L, 1);
    s = lua_newuserdatauv(L, sizeof *s, 0);
    async_rate_limit_init(s, lua_tonumber(L, lua_upvalueindex(DECO_RATE))); /* checked */
    lua_pushvalue(L, 1);                                 /* slots, fn */
    lua_pushvalue(L, lua_upvalueindex(DECO_ASYNC));      /* slots, fn, async */
    lua_pushcclosure(L, l_wrapper, 3);
    return 1;
}

/* l_rate_limit: rate_limit(calls_per_second) -> decorator. Raises "bad
 * argument #1 to 'rate_limit' (...)" unless the rate is a number > 0 (a
 * numeric string is refused, as the spec wants). */
static int l_rate_limit(lua_State *L)
{
    if (lua_type(L, 1) != LUA_TNUMBER)
        return luaL_error(L, "bad argument #1 to 'rate_limit' (number expected, got %s)",
                          luaL_typename(L, 1));
    if (!async_rate_limit_valid_rate(lua_tonumber(L, 1)))
        return luaL_error(L, "bad argument #1 to 'rate_limit' (positive number expected, got %s)",
                          luaL_tolstring(L, 1, NULL));
    lua_settop(L, 1);
    lua_pushvalue(L, lua_upvalueindex(1)); /* rate, async */
    lua_pushcclosure(L, l_decorate, 2);
    return 1;
}

/* luaopen_async_rate_limit: the module's loader. Returns rate_limit itself
 * (the spec expects a function, not a table), a C closure over the `async`
 * module. Raises if `async` can't be loaded (outside dojo). */
int luaopen_async_rate_limit(lua_State *L)
{
    lua_getglobal(L, "require");
    lua_pushliteral(L, "async");
    lua_call(L, 1, 1);
    lua_pushcclosure(L, l_rate_limit, 1);
    return 1;
}
