/* reference.c: the `async-retry` kata: with_retry{ times, backoff, sleep }
 * is a decorator factory whose wrappers call an async fetch again after a
 * 5xx answer or a transport error, sleeping backoff * 2^(k-1) seconds
 * (async.sleep by default, which parks only the calling task).
 * Idiom (part 1, no Lua; tests/test_async_retry.c): the retry policy as a
 * pure decision table: each attempt is classified (success, server error,
 * transport error, fatal) and async_retry_decide maps (attempt, outcome)
 * to return, raise or sleep; the caller owns the two-number policy.
 * Binding (luaopen_async_retry): the policy in a userdata shared by the
 * decorator and its wrappers; each attempt is a lua_pcallk and each sleep a
 * lua_callk, both continuing in wrapper_k, because fn and async.sleep yield
 * to the event loop: Lua 5.4 manual sec. 4.5 "Handling Yields in C"
 * (https://www.lua.org/manual/5.4/manual.html#4.5); backoff as in RFC 9110
 * sec. 15.6 (5xx: the server failed) and "Exponential Backoff And Jitter",
 * AWS Architecture Blog, 2015. */

#include "reference.h"

#include <assert.h>
#include <limits.h>
#include <math.h>
#include <stddef.h>

#include <lauxlib.h>
#include <lua.h>

/* ------------------------------------------------------------------------
 * Part 1: the core.
 *
 * A retry policy answers two questions: "how long do I wait after attempt
 * k?" (async_retry_delay) and "what now?" (async_retry_decide). The second
 * depends on how the attempt ended, and that is where an HTTP retry differs
 * from a plain one: a response is not an error, but a 5xx response is a
 * failure worth another try; a transport error (no response at all) is
 * worth another try too; but a bug, or a cancellation, must go up at once.
 * A cancellation is the easiest to get wrong: it arrives as an error
 * raised inside the attempt, so a wrapper that retries "every error" would
 * catch it and go on fetching for a caller who has gone.
 * ------------------------------------------------------------------------ */

/* async_retry_policy_init: checks, then fills `p`. Full contract in
 * reference.h. */
int async_retry_policy_init(struct async_retry_policy *p, long long times, double backoff)
{
    assert(p != NULL);
    if (times < 1 || times > INT_MAX || !(backoff >= 0)) /* !(>=) refuses NaN too */
        return -1;
    p->times = (int)times;
    p->backoff = backoff;
    return 0;
}

/* async_retry_delay: backoff * 2^(attempt - 1). ldexp changes the exponent
 * only, so the schedule is exact (0.125, 0.25, 0.5...) and equals the
 * Lua expression `backoff * 2 ^ (k - 1)` bit for bit. Can't fail. */
double async_retry_delay(const struct async_retry_policy *p, int attempt)
{
    assert(p != NULL);
    assert(attempt >= 1);
    return ldexp(p->backoff, attempt - 1);
}

/* async_retry_total_delay: the sum of a geometric series, added up term by
 * term in the order the wrapper sleeps, so it matches a real run's total
 * (stopping early once it is infinite: a huge `times` ends quickly). */
double async_retry_total_delay(const struct async_retry_policy *p)
{
    double total = 0;
    assert(p != NULL);
    for (int k = 1; k < p->times && !isinf(total); k++)
        total += async_retry_delay(p, k);
    return total;
}

/* async_retry_is_server_error: 500..599. Can't fail. */
bool async_retry_is_server_error(long long status)
{
    return status >= 500 && status <= 599;
}

/* async_retry_classify_error: a cancellation or a kindless error is fatal,
 * any other error with a kind is a transport error. Can't fail. */
enum async_retry_outcome async_retry_classify_error(const char *kind, bool cancelled)
{
    if (cancelled || kind == NULL)
        return ASYNC_RETRY_FATAL;
    return ASYNC_RETRY_TRANSPORT;
}

/* async_retry_decide: the decision table. Can't fail. */
enum async_retry_action async_retry_decide(const struct async_retry_policy *p, int attempt,
                                           enum async_retry_outcome outcome)
{
    bool more;

    assert(p != NULL && attempt >= 1);
    more = attempt < p->times; /* another attempt is allowed after this one */
    switch (outcome) {
    case ASYNC_RETRY_SUCCESS:
        return ASYNC_RETRY_RETURN;
    case ASYNC_RETRY_SERVER_ERROR:
        return more ? ASYNC_RETRY_SLEEP : ASYNC_RETRY_RETURN; /* the last 5xx is the answer */
    case ASYNC_RETRY_TRANSPORT:
        return more ? ASYNC_RETRY_SLEEP : ASYNC_RETRY_RAISE;
    case ASYNC_RETRY_FATAL:
        break;
    }
    return ASYNC_RETRY_RAISE;
}

/* ------------------------------------------------------------------------
 * Part 2: the Lua binding.
 *
 *   l_with_retry(opts)  checks the options once and returns the decorator,
 *                       a C closure over (policy, sleep, async). `policy`
 *                       is a userdata holding a struct async_retry_policy;
 *                       `sleep` is opts.sleep or async.sleep.
 *   l_decorate(fn)      returns the wrapper, a C closure over the same
 *                       three values and fn.
 *   l_wrapper(...)      the attempts. Its stack holds, from the bottom:
 *                       ATTEMPT_IDX  the number of the current attempt
 *                       NARGS_IDX    how many arguments the wrapper got
 *                       FIRST_ARG..  the arguments, copied for each attempt
 *                       then fn's results, or its error value.
 *
 * The wrapper runs inside a task, a coroutine of dojo's event loop, and
 * both fn (async.http_get inside it) and async.sleep park the task: the
 * coroutine yields. A C function can't be suspended halfway, so every call
 * that may yield is made with lua_pcallk (fn) or lua_callk (sleep), naming
 * wrapper_k as its continuation and the next step as its context. When the
 * task is resumed, Lua calls wrapper_k with the same stack in place of
 * returning into l_wrapper, and the loop goes on from that step.
 *
 * A cancellation while sleeping is raised by async.sleep through our
 * lua_callk, which is unprotected: it unwinds past us, as it must. One
 * during an attempt is caught by the lua_pcallk like any error, and the
 * decision table sends it on at once (FATAL). Nothing is allocated outside
 * Lua, so unwinding leaks nothing.
 * ------------------------------------------------------------------------ */

enum { UP_POLICY = 1, UP_SLEEP, UP_ASYNC, UP_FN }; /* UP_FN: wrappers only */

enum { ATTEMPT_IDX = 1, NARGS_IDX, FIRST_ARG };

enum step {
    STEP_ATTEMPT, /* make an attempt: call fn with the arguments */
    STEP_CALLED,  /* fn returned (status LUA_OK) or raised */
    STEP_SLEPT,   /* sleep returned: attempt again */
};

static int wrapper_k(lua_State *L, int status, lua_KContext ctx);

/* outcome_of: how the attempt ended. With status LUA_OK, fn's results are
 * above stack index `base` and only the first is looked at; otherwise the
 * error value is on top. Leaves the stack as it found it. [-0, +0, e]
 * (reading `status` or `kind` may run an __index metamethod) */
static enum async_retry_outcome outcome_of(lua_State *L, int status, int base)
{
    enum async_retry_outcome outcome;
    int top = lua_gettop(L);
    bool cancelled;
    const char *kind = NULL;

    if (status == LUA_OK) {
        bool server = false;
        if (top > base && lua_type(L, base + 1) == LUA_TTABLE) {
            lua_getfield(L, base + 1, "status");
            server = lua_isinteger(L, -1) && async_retry_is_server_error(lua_tointeger(L, -1));
            lua_settop(L, top);
        }
        return server ? ASYNC_RETRY_SERVER_ERROR : ASYNC_RETRY_SUCCESS;
    }
    lua_getfield(L, lua_upvalueindex(UP_ASYNC), "is_cancelled");
    lua_pushvalue(L, top);
    lua_call(L, 1, 1); /* a plain function: it never yields */
    cancelled = lua_toboolean(L, -1);
    lua_settop(L, top);
    if (lua_type(L, top) == LUA_TTABLE && lua_getfield(L, top, "kind") == LUA_TSTRING)
        kind = lua_tostring(L, -1);
    outcome = async_retry_classify_error(kind, cancelled);
    lua_settop(L, top); /* kind is not used past this line */
    return outcome;
}

/* run: the attempts, from `step`, with `status` the outcome of the last
 * fn call (for STEP_CALLED). A loop, not recursion, so that many attempts
 * don't grow the C stack. Returns fn's results, or raises its error. */
static int run(lua_State *L, enum step step, int status)
{
    const struct async_retry_policy *p = lua_touserdata(L, lua_upvalueindex(UP_POLICY));
    int nargs = (int)lua_tointeger(L, NARGS_IDX);
    int base = FIRST_ARG - 1 + nargs; /* the last argument's index */

    for (;;) {
        int attempt = (int)lua_tointeger(L, ATTEMPT_IDX);

        switch (step) {
        case STEP_ATTEMPT:
            lua_pushvalue(L, lua_upvalueindex(UP_FN));
            for (int i = 0; i < nargs; i++)
                lua_pushvalue(L, FIRST_ARG + i);
            status = lua_pcallk(L, nargs, LUA_MULTRET, 0, STEP_CALLED, wrapper_k);
            step = STEP_CALLED;
            break;
        case STEP_CALLED:
            switch (async_retry_decide(p, attempt, outcome_of(L, status, base))) {
            case ASYNC_RETRY_RETURN:
                return lua_gettop(L) - base; /* all of fn's results */
            case ASYNC_RETRY_RAISE:
                return lua_error(L); /* fn's error value, untouched, is on top */
            case ASYNC_RETRY_SLEEP:
                break;
            }
            lua_settop(L, base); /* drop the failed attempt's results or error */
            lua_pushinteger(L, attempt + 1);
            lua_replace(L, ATTEMPT_IDX);
            lua_pushvalue(L, lua_upvalueindex(UP_SLEEP));
            lua_pushnumber(L, async_retry_delay(p, attempt));
            lua_callk(L, 1, 0, STEP_SLEPT, wrapper_k);
            step = STEP_SLEPT;
            break;
        case STEP_SLEPT:
            step = STEP_ATTEMPT;
            break;
        }
    }
}

/* wrapper_k: resumes run() after a yield inside fn or sleep. After fn,
 * `status` is LUA_YIELD if fn then returned, or an error status if it
 * raised; after sleep it is always LUA_YIELD. */
static int wrapper_k(lua_State *L, int status, lua_KContext ctx)
{
    if (status == LUA_YIELD)
        status = LUA_OK;
    return run(L, (enum step)ctx, status);
}

/* l_wrapper: wrapper(...) -> the results of the first attempt of fn(...)
 * that succeeds, or of the last one when it returned a 5xx; raises the
 * error of the last attempt, or of one that may not be retried, as it was. */
static int l_wrapper(lua_State *L)
{
    int nargs = lua_gettop(L);

    luaL_checkstack(L, nargs + 3, "too many arguments"); /* counters, fn, args */
    lua_pushinteger(L, 1);
    lua_pushinteger(L, nargs);
    lua_rotate(L, 1, 2); /* attempt, nargs, arg1 .. argn */
    return run(L, STEP_ATTEMPT, LUA_OK);
}

/* l_decorate: decorator(fn) -> wrapper. fn is not checked; a value that
 * can't be called fails, like any bug, when the wrapper calls it. */
static int l_decorate(lua_State *L)
{
    lua_settop(L, 1);
    lua_pushvalue(L, lua_upvalueindex(UP_POLICY));
    lua_pushvalue(L, lua_upvalueindex(UP_SLEEP));
    lua_pushvalue(L, lua_upvalueindex(UP_ASYNC));
    lua_rotate(L, 1, 3); /* policy, sleep, async, fn */
    lua_pushcclosure(L, l_wrapper, 4);
    return 1;
}

/* bad_option: raises "bad argument #1 to 'with_retry' (<what>, got
 * <value>)", <value> being the value on top of the stack, shown as a
 * number, boolean or nil, else as its type name. [-0, +0, v] */
static int bad_option(lua_State *L, const char *what)
{
    int t = lua_type(L, -1);
    const char *got = (t == LUA_TNUMBER || t == LUA_TBOOLEAN || t == LUA_TNIL)
                          ? luaL_tolstring(L, -1, NULL)
                          : luaL_typename(L, -1);
    return luaL_argerror(L, 1, lua_pushfstring(L, "%s, got %s", what, got));
}

/* l_with_retry: with_retry([opts]) -> decorator. opts.times: integer >= 1,
 * default 3 (above INT_MAX counts as INT_MAX); opts.backoff: number >= 0,
 * default 0.1; opts.sleep: a function, default async.sleep. opts may be nil
 * (all defaults). Raises "bad argument #1 ..." naming the option at fault,
 * or saying an options table was expected (with_retry(fn) is a mistake). */
static int l_with_retry(lua_State *L)
{
    struct async_retry_policy *p;
    lua_Integer times = 3;
    double backoff = 0.1;

    if (lua_isnoneornil(L, 1)) {
        lua_settop(L, 0);
        lua_newtable(L);
    }
    if (lua_type(L, 1) != LUA_TTABLE)
        return luaL_typeerror(L, 1, "options table");
    lua_settop(L, 1);

    if (lua_getfield(L, 1, "times") != LUA_TNIL) {
        if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) < 1)
            return bad_option(L, "times must be an integer >= 1");
        times = lua_tointeger(L, -1);
    }
    lua_pop(L, 1);
    if (lua_getfield(L, 1, "backoff") != LUA_TNIL) {
        if (lua_type(L, -1) != LUA_TNUMBER || !(lua_tonumber(L, -1) >= 0))
            return bad_option(L, "backoff must be a number >= 0");
        backoff = lua_tonumber(L, -1);
    }
    lua_pop(L, 1);

    p = lua_newuserdatauv(L, sizeof *p, 0); /* opts, policy */
    if (async_retry_policy_init(p, times > INT_MAX ? INT_MAX : (long long)times, backoff) != 0)
        return luaL_error(L, "with_retry: bad policy"); /* can't happen: checked above */
    switch (lua_getfield(L, 1, "sleep")) { /* opts, policy, sleep */
    case LUA_TNIL:
        lua_pop(L, 1);
        lua_getfield(L, lua_upvalueindex(1), "sleep");
        break;
    case LUA_TFUNCTION:
        break;
    default:
        return bad_option(L, "sleep must be a function");
    }
    lua_pushvalue(L, lua_upvalueindex(1)); /* opts, policy, sleep, async */
    lua_pushcclosure(L, l_decorate, 3);
    return 1;
}

/* push_async: [-0, +1, e] dojo's async module, the very instance the spec
 * and the event loop use: package.loaded.async, or loaded now from
 * package.preload.async (as dojo's sandbox does) and recorded there. */
static void push_async(lua_State *L)
{
    luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
    if (lua_getfield(L, -1, "async") == LUA_TNIL) {
        lua_pop(L, 1);
        luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);
        if (lua_getfield(L, -1, "async") == LUA_TNIL)
            luaL_error(L, "async-retry needs dojo's async module");
        lua_remove(L, -2);
        lua_pushliteral(L, "async");
        lua_call(L, 1, 1);
        lua_pushvalue(L, -1);
        lua_setfield(L, -3, "async");
    }
    lua_remove(L, -2);
}

/* luaopen_async_retry: the module's loader. require("async_retry") returns
 * the function with_retry itself, as the kata's spec expects, with dojo's
 * async module as its upvalue (for async.sleep and async.is_cancelled). */
int luaopen_async_retry(lua_State *L)
{
    push_async(L);
    lua_pushcclosure(L, l_with_retry, 1);
    return 1;
}
