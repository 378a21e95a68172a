/* reference.c: the `retry` kata: retry{ times, backoff, errors, sleep } is
 * a decorator factory whose wrappers call fn again after a retryable error,
 * sleeping backoff * 2^(k-1) seconds after attempt k (exponential backoff).
 * Idiom (part 1, no Lua; tests/test_retry.c): a decorator as a wrapped
 * function pointer: struct retry_decorated holds fn, the policy and two
 * hook pointers (retryable, sleep) sharing one borrowed void *ud, and
 * retry_call, the wrapper's loop, is called where fn(arg) would be. The
 * policy functions are pure, so the binding reuses them; retry_call it
 * can't, since a Lua call needs the Lua stack, not a C function pointer.
 * Binding (luaopen_retry): the policy is a userdata, an upvalue of the
 * decorator and of each wrapper C closure (with a private copy of
 * `errors`, sleep and fn). Each attempt is a lua_pcallk and each sleep a
 * lua_callk, both resuming in wrapper_k, so fn and sleep may yield: Lua 5.4
 * manual sec. 4.5 "Handling Yields in C"
 * (https://www.lua.org/manual/5.4/manual.html#4.5); decorators: PEP 318. */

#include "reference.h"

#include <assert.h>
#include <limits.h>
#include <math.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

/* ------------------------------------------------------------------------
 * Part 1: the core.
 *
 * The policy is two numbers and two questions: "how long do I wait after
 * attempt k?" and "may I try again?". retry_call then shows the decorator
 * itself in C: a struct that keeps a function pointer together with the
 * policy, and a function that calls through it in a loop. The Lua binding
 * uses the policy functions but not retry_call, because a Lua call can't
 * be made through a C function pointer: it needs the Lua stack.
 * ------------------------------------------------------------------------ */

/* retry_policy_init: times >= 1, backoff >= 0. Can't fail. */
void retry_policy_init(struct retry_policy *p, int times, double backoff)
{
    assert(p != NULL);
    assert(times >= 1);
    assert(backoff >= 0); /* false for NaN too */
    p->times = times;
    p->backoff = backoff;
}

/* retry_delay: backoff * 2^(attempt - 1). ldexp multiplies by a power of
 * two by changing the exponent only, so the schedule is exact (0.25, 0.5,
 * 1, 2...) where a loop of `delay *= 2` would be too, but pow() might not
 * be. Can't fail. */
double retry_delay(const struct retry_policy *p, int attempt)
{
    assert(p != NULL);
    assert(attempt >= 1);
    return ldexp(p->backoff, attempt - 1);
}

/* retry_should_retry: another attempt after `attempt`, for this error? */
bool retry_should_retry(const struct retry_policy *p, int attempt, bool retryable)
{
    assert(p != NULL);
    return retryable && attempt < p->times;
}

/* retry_text_contains: plain substring search over bytes. strstr would
 * stop at the first zero byte, which a Lua string may contain, and
 * string.find without its `plain` argument would read '.' or '%' as
 * pattern characters: neither is what "contains" means. Can't fail. */
bool retry_text_contains(const char *text, size_t len, const char *needle, size_t nlen)
{
    const char *p, *end;

    if (nlen == 0)
        return true;
    if (nlen > len)
        return false;
    end = text + (len - nlen); /* the last place a match can start */
    for (p = text; p <= end; p++) {
        p = memchr(p, (unsigned char)needle[0], (size_t)(end - p) + 1);
        if (p == NULL)
            return false;
        if (memcmp(p, needle, nlen) == 0)
            return true;
    }
    return false;
}

/* retry_call: the loop of the wrapper, for a C function. */
int retry_call(const struct retry_decorated *d, void *arg, int *attempts)
{
    int k, rc;

    assert(d != NULL && d->fn != NULL && d->sleep != NULL);
    for (k = 1;; k++) {
        rc = d->fn(arg);
        if (rc == 0)
            break;
        if (!retry_should_retry(&d->policy, k, d->retryable == NULL || d->retryable(rc, d->ud)))
            break;
        d->sleep(retry_delay(&d->policy, k), d->ud);
    }
    if (attempts != NULL)
        *attempts = k;
    return rc;
}

/* ------------------------------------------------------------------------
 * Part 2: the Lua binding.
 *
 *   l_retry(opts)    checks the options once and returns the decorator, a
 *                    C closure over (policy, errors, sleep). `policy` is a
 *                    userdata holding a struct retry_policy; `errors` is a
 *                    copy of opts.errors (or nil), so that later changes to
 *                    the options table change nothing.
 *   l_decorate(fn)   returns the wrapper, a C closure over the same three
 *                    values and fn. The decorator's state is shared by all
 *                    its wrappers; it is never written after l_retry.
 *   l_wrapper(...)   the attempts. Its stack holds, from the bottom:
 *                    ATTEMPT_IDX  the number of the current attempt
 *                    NARGS_IDX    how many arguments the wrapper got
 *                    FIRST_ARG..  the arguments, copied for each attempt
 *                    then fn's results, or its error value.
 *
 * The counter lives on the stack of one wrapper call, so each call starts
 * at attempt 1. Every attempt is a lua_pcallk and every sleep a lua_callk,
 * both naming wrapper_k as continuation, so fn and sleep may yield. The
 * binding allocates nothing outside Lua: an error unwinds with no leak.
 * ------------------------------------------------------------------------ */

enum { UP_POLICY = 1, UP_ERRORS, UP_SLEEP, UP_FN }; /* UP_FN: wrappers only */

enum { ATTEMPT_IDX = 1, NARGS_IDX, FIRST_ARG };

enum step {
    STEP_ATTEMPT, /* make an attempt: call fn with the arguments */
    STEP_CALLED,  /* fn returned (status LUA_OK) or raised */
    STEP_SLEPT,   /* sleep returned: attempt again */
};

static int wrapper_k(lua_State *L, int status, lua_KContext ctx);

/* is_retryable: does the error value at `err` match the errors list? A
 * string matches an entry it contains; a table matches an entry equal to
 * its `kind` field; nothing else matches. No list means every error.
 * [-0, +0, e] (reading `kind` may run an __index metamethod) */
static bool is_retryable(lua_State *L, int err)
{
    int errors = lua_upvalueindex(UP_ERRORS), type = lua_type(L, err);
    lua_Integer i, n;
    bool found = false;

    if (lua_isnil(L, errors))
        return true;
    err = lua_absindex(L, err); /* we push above it */
    if (type != LUA_TSTRING && type != LUA_TTABLE)
        return false;
    if (type == LUA_TTABLE)
        lua_getfield(L, err, "kind");
    n = (lua_Integer)lua_rawlen(L, errors); /* our own copy: a plain list */
    for (i = 1; i <= n && !found; i++) {
        lua_rawgeti(L, errors, i);
        if (type == LUA_TSTRING) {
            size_t len, nlen;
            const char *text = lua_tolstring(L, err, &len);
            const char *needle = lua_tolstring(L, -1, &nlen);
            found = retry_text_contains(text, len, needle, nlen);
        } else {
            found = lua_rawequal(L, -1, -2); /* entry == kind */
        }
        lua_pop(L, 1);
    }
    if (type == LUA_TTABLE)
        lua_pop(L, 1); /* kind */
    return found;
}

/* run: the attempts, from `step`, with `status` the outcome of the last
 * fn call (for STEP_CALLED). A loop, not recursion, so that many attempts
 * don't grow the C stack. Returns fn's results, or raises its error. */
static int run(lua_State *L, enum step step, int status)
{
    const struct retry_policy *p = lua_touserdata(L, lua_upvalueindex(UP_POLICY));
    int nargs = (int)lua_tointeger(L, NARGS_IDX);

    for (;;) {
        int attempt = (int)lua_tointeger(L, ATTEMPT_IDX), i;

        switch (step) {
        case STEP_ATTEMPT:
            lua_pushvalue(L, lua_upvalueindex(UP_FN));
            for (i = 0; i < nargs; i++)
                lua_pushvalue(L, FIRST_ARG + i);
            status = lua_pcallk(L, nargs, LUA_MULTRET, 0, STEP_CALLED, wrapper_k);
            step = STEP_CALLED;
            break;
        case STEP_CALLED:
            if (status == LUA_OK)
                return lua_gettop(L) - (FIRST_ARG - 1 + nargs); /* all results */
            if (!retry_should_retry(p, attempt, is_retryable(L, -1)))
                return lua_error(L); /* fn's error value, untouched, is on top */
            lua_settop(L, FIRST_ARG - 1 + nargs); /* drop the error */
            lua_pushinteger(L, attempt + 1);
            lua_replace(L, ATTEMPT_IDX);
            lua_pushvalue(L, lua_upvalueindex(UP_SLEEP));
            lua_pushnumber(L, retry_delay(p, attempt));
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
 * that returns; or the error of the last attempt, or of one that may not
 * be retried, raised again as it was. */
static int l_wrapper(lua_State *L)
{
    int nargs = lua_gettop(L);

    /* room for the counters, fn and a copy of every argument */
    luaL_checkstack(L, nargs + 3, "too many arguments");
    lua_pushinteger(L, 1);
    lua_pushinteger(L, nargs);
    lua_rotate(L, 1, 2); /* attempt, nargs, arg1 .. argn */
    return run(L, STEP_ATTEMPT, LUA_OK);
}

/* l_decorate: decorator(fn) -> wrapper. fn is not checked; a value that
 * can't be called fails, like any error, when the wrapper calls it. */
static int l_decorate(lua_State *L)
{
    lua_settop(L, 1);
    lua_pushvalue(L, lua_upvalueindex(UP_POLICY));
    lua_pushvalue(L, lua_upvalueindex(UP_ERRORS));
    lua_pushvalue(L, lua_upvalueindex(UP_SLEEP));
    lua_rotate(L, 1, 3); /* policy, errors, sleep, fn */
    lua_pushcclosure(L, l_wrapper, 4);
    return 1;
}

/* bad_option: raises "bad argument #1 to 'retry' (<what>, got <value>)",
 * where <value> is the value on top of the stack, shown as a number or
 * boolean or nil, else as its type name. [-0, +0, v] */
static int bad_option(lua_State *L, const char *what)
{
    int t = lua_type(L, -1);
    const char *got = (t == LUA_TNUMBER || t == LUA_TBOOLEAN || t == LUA_TNIL)
                          ? luaL_tolstring(L, -1, NULL)
                          : luaL_typename(L, -1);
    return luaL_argerror(L, 1, lua_pushfstring(L, "%s, got %s", what, got));
}

/* push_errors: pushes a copy of opts.errors (a new list of the same
 * strings), or nil when the option is absent. Raises on anything that is
 * not a list of strings. [-0, +1, v] */
static void push_errors(lua_State *L)
{
    lua_Integer i;

    if (lua_getfield(L, 1, "errors") == LUA_TNIL)
        return; /* the nil stays: retry every error */
    if (!lua_istable(L, -1))
        bad_option(L, "errors must be a list of strings");
    lua_newtable(L); /* errors, copy */
    for (i = 1; lua_geti(L, -2, i) != LUA_TNIL; i++) {
        if (lua_type(L, -1) != LUA_TSTRING) {
            const char *what = lua_pushfstring(L, "errors must be a list of strings, got %s at %d",
                                               luaL_typename(L, -1), (int)i);
            luaL_argerror(L, 1, what);
        }
        lua_rawseti(L, -2, i);
    }
    lua_pop(L, 1);    /* the nil that ended the list */
    lua_remove(L, -2); /* the original list */
}

/* l_retry: retry(opts) -> decorator. opts.times: integer >= 1, default 3
 * (values above INT_MAX count as INT_MAX); opts.backoff: number >= 0,
 * default 1; opts.errors: nil or a list of strings; opts.sleep: a function.
 * Raises "bad argument #1 ..." naming the option at fault. */
static int l_retry(lua_State *L)
{
    struct retry_policy *p;
    lua_Integer times = 3;
    double backoff = 1;

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
    retry_policy_init(p, times > INT_MAX ? INT_MAX : (int)times, backoff);
    push_errors(L);                         /* opts, policy, errors */
    if (lua_getfield(L, 1, "sleep") != LUA_TFUNCTION)
        return bad_option(L, "sleep must be a function");
    lua_pushcclosure(L, l_decorate, 3); /* over policy, errors, sleep */
    return 1;
}

/* luaopen_retry: the module's loader. require("retry") returns the
 * function `retry` itself, as the kata's spec expects. */
int luaopen_retry(lua_State *L)
{
    lua_pushcfunction(L, l_retry);
    return 1;
}
