/* reference.c: the `shared-rate-limiter` kata: one limiter object whose
 * rate (calls per second) is shared by every function it wraps.
 * Idiom (part 1, no Lua; tests/test_shared_rate_limiter.c): one shared
 * state struct and a single-step reservation: reserve() computes the wait
 * and claims the next free time in one call, so callers whose sleep lets
 * others run (threads, coroutines whose sleep yields) can't both read the
 * same "last call" and go together (a check-then-act race). The
 * bookkeeping is the virtual-scheduling form of the Generic Cell Rate
 * Algorithm (theoretical arrival time; ITU-T Rec. I.371) with no burst
 * tolerance, used to delay calls rather than reject them.
 * Binding (luaopen_shared_rate_limiter): the limiter is a userdata with a
 * metatable (__index.wrap, __call = wrap), its clock a user value; every
 * wrapper is a C closure over that one userdata and fn, so all share one
 * struct. clock.now, clock.sleep and fn go through lua_callk (continuation
 * wrapper_k) so they may yield: Lua 5.4 manual sec. 4.5. */

#include "reference.h"

#include <assert.h>
#include <math.h>
#include <stddef.h>

#include <lauxlib.h>
#include <lua.h>

/* ------------------------------------------------------------------------
 * Part 1: the core.
 *
 * The per-function `limiter` kata remembered when the last call started and
 * computed a wait from it; the caller then slept and recorded the new time.
 * That is two steps, and between them the caller sleeps. Once the sleep can
 * let someone else run (a thread, or a coroutine whose sleep yields), two
 * callers can both read the same "last call", both wait the same time and
 * both go at once. So this core remembers when the bucket is next free and
 * hands out turns in a single step, shared_rate_limiter_reserve: the turn is
 * taken before the caller sleeps, and whoever comes next queues behind it.
 * ------------------------------------------------------------------------ */

/* shared_rate_limiter_valid_rate: true for a rate > 0 (false for NaN).
 * Full contract in reference.h. */
bool shared_rate_limiter_valid_rate(double calls_per_second)
{
    return calls_per_second > 0; /* false for NaN, as every NaN comparison */
}

/* shared_rate_limiter_init: interval = 1 / rate; no turn taken. Returns
 * false for a bad rate. Full contract in reference.h. */
bool shared_rate_limiter_init(struct shared_rate_limiter *l, double calls_per_second)
{
    assert(l != NULL);
    if (!shared_rate_limiter_valid_rate(calls_per_second))
        return false;
    /* The rate is calls per second; the limiter works in seconds per call.
     * 1 / +infinity is 0: no limit. */
    l->interval = 1.0 / calls_per_second;
    l->next_free = 0;
    l->has_turns = false;
    return true;
}

/* shared_rate_limiter_reserve: claims the turn of a call arriving at `now`
 * and returns the seconds to sleep first (>= 0). Full contract in
 * reference.h. */
double shared_rate_limiter_reserve(struct shared_rate_limiter *l, double now)
{
    double turn = now;

    assert(l != NULL);
    if (isnan(now))
        return 0; /* a broken clock: don't wait, and don't spoil the state */
    if (l->has_turns && l->next_free > now)
        turn = l->next_free; /* the bucket is busy: queue behind the last turn */
    l->next_free = turn + l->interval;
    l->has_turns = true;
    return turn - now;
}

/* ------------------------------------------------------------------------
 * Part 2: the Lua binding.
 *
 * A Lua solution is a table of methods used as a metatable:
 *
 *     local Limiter = {}; Limiter.__index = Limiter
 *     function RateLimiter.new(rate, clock)
 *       return setmetatable({ interval = 1 / rate, clock = clock }, Limiter)
 *     end
 *     function Limiter:wrap(fn) return function(...) ... end end
 *     Limiter.__call = Limiter.wrap
 *
 * Here the object is a full userdata holding a struct shared_rate_limiter,
 * with the clock table in its user value (lua_newuserdatauv(L, size, 1)), and
 * a metatable registered once under METATABLE: __index holds `wrap`, __call is
 * `wrap` too. A wrapper is a C closure whose upvalues are the limiter
 * userdata and fn. Every wrapper of one limiter holds the same userdata, so
 * they all read and write the same struct: that is the shared bucket. (The
 * per-function `limiter` kata allocated a new struct per wrapper instead.)
 *
 * Lua's garbage collector owns the userdata: it lives as long as the limiter
 * object or any of its wrappers. Nothing here mallocs or frees, so an error
 * unwinding past us leaks nothing.
 * ------------------------------------------------------------------------ */

#define METATABLE "dojo.shared_rate_limiter"

/* Upvalues of a wrapper returned by limiter:wrap(fn). */
enum { WRAP_LIMITER = 1, WRAP_FN };

/* The steps of one wrapped call. clock.now, clock.sleep and fn may each
 * yield (an asynchronous clock's sleep does), so each is called with
 * lua_callk, naming wrapper_k as the continuation and the next step as its
 * context. If the callee yields, this C frame is dropped and Lua resumes at
 * wrapper_k(L, LUA_YIELD, step) with the same stack; if it returns, lua_callk
 * returns and we go on ourselves. The turn is claimed in got_now, before the
 * sleep, so a coroutine calling while we sleep queues behind us. */
enum step {
    STEP_GOT_NOW,  /* clock.now() returned: claim a turn, sleep if needed */
    STEP_SLEPT,    /* clock.sleep(wait) returned: call fn */
    STEP_RETURNED, /* fn(...) returned: hand back its results */
};

static int wrapper_k(lua_State *L, int status, lua_KContext ctx);

/* check_rate: raises "bad argument #1 to 'new' ..." unless argument `arg` is
 * a number > 0 (a numeric string is not accepted). [-0, +0, v] */
static void check_rate(lua_State *L, int arg)
{
    if (lua_type(L, arg) != LUA_TNUMBER)
        luaL_error(L, "bad argument #%d to 'new' (number expected, got %s)", arg,
                   luaL_typename(L, arg));
    if (!shared_rate_limiter_valid_rate(lua_tonumber(L, arg)))
        luaL_error(L, "bad argument #%d to 'new' (positive number expected, got %s)", arg,
                   luaL_tolstring(L, arg, NULL));
}

/* check_clock: raises "bad argument #2 to 'new' ..." unless argument `arg`
 * is a table whose fields `now` and `sleep` are functions. [-0, +0, v] */
static void check_clock(lua_State *L, int arg)
{
    static const char *const fields[] = {"now", "sleep"};
    size_t i;

    if (!lua_istable(L, arg))
        luaL_error(L, "bad argument #%d to 'new' (table expected, got %s)", arg,
                   luaL_typename(L, arg));
    for (i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        if (lua_getfield(L, arg, fields[i]) != LUA_TFUNCTION)
            luaL_error(L, "bad argument #%d to 'new' (clock.%s must be a function, got %s)", arg,
                       fields[i], luaL_typename(L, -1));
        lua_pop(L, 1);
    }
}

/* push_clock_field: pushes clock[name], the clock being the wrapper's
 * limiter's user value. [-0, +1, e] */
static void push_clock_field(lua_State *L, const char *name)
{
    lua_getiuservalue(L, lua_upvalueindex(WRAP_LIMITER), 1); /* clock */
    lua_getfield(L, -1, name);                               /* clock, clock[name] */
    lua_remove(L, -2);
}

/* In the steps below the stack holds the wrapper's arguments (arg1 ..
 * argn, from index 1), plus clock.now()'s result on top in got_now. Each
 * returns what the wrapper returns. */

/* call_fn: the turn has come: calls fn(arg1, ..., argn) and returns all of
 * its results. */
static int call_fn(lua_State *L)
{
    int nargs = lua_gettop(L);

    lua_pushvalue(L, lua_upvalueindex(WRAP_FN));
    lua_insert(L, 1); /* fn, arg1, ..., argn */
    lua_callk(L, nargs, LUA_MULTRET, STEP_RETURNED, wrapper_k);
    return lua_gettop(L); /* only fn's results are left */
}

/* got_now: the clock says now. Claim the turn first, then sleep until it
 * comes (if it isn't now), then call fn. */
static int got_now(lua_State *L)
{
    struct shared_rate_limiter *l = lua_touserdata(L, lua_upvalueindex(WRAP_LIMITER));
    double now, wait;

    if (lua_type(L, -1) != LUA_TNUMBER)
        return luaL_error(L, "clock.now() must return a number, got %s", luaL_typename(L, -1));
    now = lua_tonumber(L, -1);
    lua_pop(L, 1);
    wait = shared_rate_limiter_reserve(l, now); /* claimed: no yield before this */
    if (!(wait > 0))
        return call_fn(L);
    push_clock_field(L, "sleep");
    lua_pushnumber(L, wait);
    lua_callk(L, 1, 0, STEP_SLEPT, wrapper_k);
    return call_fn(L);
}

/* wrapper_k: the continuation of every lua_callk above; resumes a wrapped
 * call at step `ctx` after a yield. Errors never reach a continuation:
 * they unwind straight past it. */
static int wrapper_k(lua_State *L, int status, lua_KContext ctx)
{
    (void)status; /* always LUA_YIELD here */
    switch ((enum step)ctx) {
    case STEP_GOT_NOW:
        return got_now(L);
    case STEP_SLEPT:
        return call_fn(L);
    case STEP_RETURNED:
        return lua_gettop(L);
    }
    return luaL_error(L, "shared_rate_limiter: unknown step %d", (int)ctx); /* unreachable */
}

/* l_wrapper: wrapper(...) -> the results of fn(...), once the call's turn
 * in the shared bucket has come. Arguments and results pass through. */
static int l_wrapper(lua_State *L)
{
    push_clock_field(L, "now");
    lua_callk(L, 0, 1, STEP_GOT_NOW, wrapper_k);
    return got_now(L);
}

/* l_wrap: limiter:wrap(fn) and limiter(fn) (as __call) -> wrapper. `fn` is
 * not checked: a wrapper around a value that can't be called fails when it
 * calls it, as a Lua wrapper would. */
static int l_wrap(lua_State *L)
{
    luaL_checkudata(L, 1, METATABLE);
    lua_settop(L, 2); /* limiter, fn: the wrapper's upvalues */
    lua_pushcclosure(L, l_wrapper, 2);
    return 1;
}

/* l_new: RateLimiter.new(calls_per_second, clock) -> a limiter object, a
 * userdata with the struct inside, the clock as its user value and the
 * limiter metatable. Raises "bad argument #1/#2 to 'new' ..." otherwise. */
static int l_new(lua_State *L)
{
    struct shared_rate_limiter *l;

    check_rate(L, 1);
    check_clock(L, 2);
    l = lua_newuserdatauv(L, sizeof *l, 1);
    shared_rate_limiter_init(l, lua_tonumber(L, 1)); /* can't fail: checked */
    lua_pushvalue(L, 2);
    lua_setiuservalue(L, -2, 1);
    luaL_setmetatable(L, METATABLE);
    return 1;
}

/* luaopen_shared_rate_limiter: the module's loader. Registers the limiter
 * metatable (once per Lua state) and returns the module table { new = ... },
 * as the kata's spec expects of the learner's module. */
int luaopen_shared_rate_limiter(lua_State *L)
{
    if (luaL_newmetatable(L, METATABLE)) {
        lua_newtable(L); /* the methods, reached through __index */
        lua_pushcfunction(L, l_wrap);
        lua_setfield(L, -2, "wrap");
        lua_setfield(L, -2, "__index");
        lua_pushcfunction(L, l_wrap);
        lua_setfield(L, -2, "__call");
    }
    lua_pop(L, 1);
    lua_newtable(L);
    lua_pushcfunction(L, l_new);
    lua_setfield(L, -2, "new");
    return 1;
}
