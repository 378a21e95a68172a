/* reference.c: the `timing` kata: timing(log, clock) is a decorator
 * factory; each wrapper appends { name, duration, ok } to the log for every
 * call and raises fn's error again, unchanged.
 * Idiom (part 1, no Lua; tests/test_timing.c): a decorator as a wrapped
 * function pointer: struct timing_decorated keeps fn next to what the
 * wrapper needs (name, log, a clock function pointer and its void *),
 * all borrowed, and timing_call, the wrapper body, is called where
 * fn(arg) would be and returns fn's result. The log fills an array the
 * caller owns and never allocates. Cf. the timethis decorator of Beazley,
 * Jones, "Python Cookbook", 3rd ed., recipe 9.1, and functools.wraps.
 * Binding (luaopen_timing): three layers of C closures, the wrapper's
 * upvalues being (log, clock, fn, name). clock.now and fn are called with
 * lua_callk / lua_pcallk and continuation wrapper_k, so they may yield, and
 * an error is logged before it is raised again: Lua 5.4 manual sec. 4.5
 * "Handling Yields in C" (https://www.lua.org/manual/5.4/manual.html#4.5). */

#include "reference.h"

#include <assert.h>
#include <stddef.h>

#include <lauxlib.h>
#include <lua.h>

/* ------------------------------------------------------------------------
 * Part 1: the core.
 *
 * In C a function can't be replaced by a "wrapped" version of itself at
 * run time, but a function pointer can be kept next to the extra state a
 * wrapper needs, and a second function can call through it. That pair is a
 * decorator: `struct timing_decorated` is what a Lua wrapper captures in its
 * upvalues (fn, its name, the log, the clock), and timing_call is the body
 * of the wrapper. Callers call timing_call(&d, arg) where they would have
 * called fn(arg), and get the same return value.
 * ------------------------------------------------------------------------ */

static const char unnamed[] = "?";

/* timing_log_init: an empty log over the caller's array. Can't fail. */
void timing_log_init(struct timing_log *log, struct timing_entry *storage, size_t cap)
{
    assert(log != NULL);
    assert(storage != NULL || cap == 0);
    log->entries = storage;
    log->cap = cap;
    log->len = 0;
    log->dropped = 0;
}

/* timing_log_append: stores `entry`, or counts it as dropped when full. */
bool timing_log_append(struct timing_log *log, struct timing_entry entry)
{
    assert(log != NULL);
    if (log->len >= log->cap) {
        log->dropped++;
        return false;
    }
    log->entries[log->len++] = entry;
    return true;
}

/* timing_entry_make: the entry for one call. Can't fail. */
struct timing_entry timing_entry_make(const char *name, double before, double after, bool ok)
{
    struct timing_entry e;

    e.name = name != NULL ? name : unnamed;
    e.duration = after - before;
    e.ok = ok;
    return e;
}

/* timing_decorate: wraps `fn`; reads no clock and calls nothing. */
void timing_decorate(struct timing_decorated *d, timing_fn fn, const char *name,
                     struct timing_log *log, timing_now_fn now, void *clock)
{
    assert(d != NULL && fn != NULL && log != NULL && now != NULL);
    d->fn = fn;
    d->name = name != NULL ? name : unnamed;
    d->log = log;
    d->now = now;
    d->clock = clock;
}

/* timing_call: before, call, after, record; returns fn's result as is. */
int timing_call(const struct timing_decorated *d, void *arg)
{
    double before, after;
    int rc;

    assert(d != NULL);
    before = d->now(d->clock);
    rc = d->fn(arg);
    after = d->now(d->clock);
    timing_log_append(d->log, timing_entry_make(d->name, before, after, rc == 0));
    return rc;
}

/* ------------------------------------------------------------------------
 * Part 2: the Lua binding.
 *
 * A Lua solution is three nested functions:
 *
 *     local function timing(log, clock)        -- checks, returns deco
 *       return function(fn, name)              -- deco: checks name
 *         return function(...)                 -- the wrapper
 *           local before = clock.now()
 *           local res = table.pack(pcall(fn, ...))
 *           ... append the entry, re-raise or return res[2 .. n]
 *         end
 *       end
 *     end
 *
 * Here the three layers are C closures (lua_pushcclosure) and what they
 * capture are their upvalues. The wrapper keeps the clock reading taken
 * before the call at stack index 1, under fn's arguments and then under
 * fn's results, so that it needs no table at all to keep every result:
 * the results simply stay on the stack, however many, nils included, and
 * `return lua_gettop(L) - 1` hands them all back.
 *
 * Nothing here allocates outside Lua: entries are Lua tables, and errors
 * (fn's, the clock's, ours) unwind through Lua with nothing to leak.
 * ------------------------------------------------------------------------ */

/* Upvalues of the decorator returned by timing(log, clock). */
enum { DECO_LOG = 1, DECO_CLOCK };

/* Upvalues of a wrapper returned by decorator(fn, name). */
enum { WRAP_LOG = 1, WRAP_CLOCK, WRAP_FN, WRAP_NAME };

/* Stack index of the "before" clock reading during a wrapped call. */
#define BEFORE_IDX 1

/* The steps of one wrapped call. Each call back into Lua (clock.now twice,
 * fn once) is a lua_callk or lua_pcallk naming wrapper_k and the next step,
 * so a callee may yield: when the coroutine is resumed, Lua calls wrapper_k
 * with the step, in place of returning into our lost C frame. Without a
 * yield, the call returns and we go on to the same step ourselves. */
enum step {
    STEP_GOT_BEFORE, /* clock.now() returned, before the call */
    STEP_CALLED,     /* fn returned or raised (lua_pcallk) */
    STEP_GOT_AFTER_OK,  /* clock.now() returned after fn returned */
    STEP_GOT_AFTER_ERR, /* clock.now() returned after fn raised */
};

static int wrapper_k(lua_State *L, int status, lua_KContext ctx);

/* check_clock: raises a "bad argument" error unless argument `arg` is a
 * table whose field `now` is a function. [-0, +0, v] */
static void check_clock(lua_State *L, int arg)
{
    luaL_checktype(L, arg, LUA_TTABLE);
    if (lua_getfield(L, arg, "now") != LUA_TFUNCTION)
        luaL_argerror(L, arg, lua_pushfstring(L, "clock.now must be a function, got %s",
                                              luaL_typename(L, -1)));
    lua_pop(L, 1);
}

/* check_number_on_top: raises an error unless clock.now() returned a
 * number, the value on top of the stack. [-0, +0, v] */
static void check_number_on_top(lua_State *L)
{
    if (lua_type(L, -1) != LUA_TNUMBER)
        luaL_error(L, "clock.now() must return a number, got %s", luaL_typename(L, -1));
}

/* read_clock: calls clock.now() and continues at `next` (directly, or
 * through wrapper_k after a yield). [-0, +1, e] */
static void read_clock(lua_State *L, enum step next)
{
    lua_getfield(L, lua_upvalueindex(WRAP_CLOCK), "now");
    lua_callk(L, 0, 1, next, wrapper_k);
}

/* got_after: the second reading is on top, over fn's results (ok) or its
 * error value (!ok), over `before` at BEFORE_IDX. Appends the entry, then
 * returns the results or raises the error again, unchanged. */
static int got_after(lua_State *L, bool ok)
{
    struct timing_entry e;
    lua_Integer n;

    check_number_on_top(L);
    e = timing_entry_make(lua_tostring(L, lua_upvalueindex(WRAP_NAME)),
                          lua_tonumber(L, BEFORE_IDX), lua_tonumber(L, -1), ok);
    lua_pop(L, 1); /* the reading */

    lua_createtable(L, 0, 3);
    lua_pushstring(L, e.name);
    lua_setfield(L, -2, "name");
    lua_pushnumber(L, e.duration);
    lua_setfield(L, -2, "duration");
    lua_pushboolean(L, e.ok);
    lua_setfield(L, -2, "ok");
    n = luaL_len(L, lua_upvalueindex(WRAP_LOG)); /* #log, as Lua's # would */
    lua_seti(L, lua_upvalueindex(WRAP_LOG), n + 1);

    if (!ok)
        return lua_error(L); /* the error value is on top: the same value */
    return lua_gettop(L) - BEFORE_IDX;
}

/* called: fn is done; `status` is LUA_OK if it returned (its results are
 * above BEFORE_IDX) or an error status (its error value is). Reads the
 * clock again either way. */
static int called(lua_State *L, int status)
{
    enum step next = status == LUA_OK ? STEP_GOT_AFTER_OK : STEP_GOT_AFTER_ERR;

    read_clock(L, next);
    return got_after(L, next == STEP_GOT_AFTER_OK);
}

/* got_before: the first reading is on top of fn's arguments. Moves it to
 * BEFORE_IDX and calls fn(arguments) in protected mode. */
static int got_before(lua_State *L)
{
    int nargs, status;

    check_number_on_top(L);
    lua_insert(L, BEFORE_IDX);      /* before, arg1 .. argn */
    nargs = lua_gettop(L) - BEFORE_IDX;
    lua_pushvalue(L, lua_upvalueindex(WRAP_FN));
    lua_insert(L, BEFORE_IDX + 1);  /* before, fn, arg1 .. argn */
    status = lua_pcallk(L, nargs, LUA_MULTRET, 0, STEP_CALLED, wrapper_k);
    return called(L, status);
}

/* wrapper_k: the continuation of every call above, after a yield. For the
 * lua_callk steps `status` is always LUA_YIELD. For STEP_CALLED (from
 * lua_pcallk) it is LUA_YIELD when fn yielded and then returned, or the
 * error status when fn yielded and then raised. */
static int wrapper_k(lua_State *L, int status, lua_KContext ctx)
{
    switch ((enum step)ctx) {
    case STEP_GOT_BEFORE:
        return got_before(L);
    case STEP_CALLED:
        return called(L, status == LUA_YIELD ? LUA_OK : status);
    case STEP_GOT_AFTER_OK:
        return got_after(L, true);
    case STEP_GOT_AFTER_ERR:
        return got_after(L, false);
    }
    return luaL_error(L, "timing: unknown step %d", (int)ctx); /* unreachable */
}

/* l_wrapper: wrapper(...) -> the results of fn(...), or fn's error raised
 * again, after appending { name, duration, ok } to the log. */
static int l_wrapper(lua_State *L)
{
    read_clock(L, STEP_GOT_BEFORE);
    return got_before(L);
}

/* l_decorate: decorator(fn [, name]) -> wrapper. `name` is nil or a string
 * (a number is refused, though Lua could convert it); nil becomes "?". `fn`
 * is not checked: a value that can't be called fails, and is logged, when
 * the wrapper calls it. Reads no clock. */
static int l_decorate(lua_State *L)
{
    if (lua_isnoneornil(L, 2)) {
        lua_settop(L, 1);
        lua_pushstring(L, unnamed);
    } else if (lua_type(L, 2) != LUA_TSTRING) {
        return luaL_typeerror(L, 2, "string or nil");
    }
    lua_settop(L, 2);                               /* fn, name */
    lua_pushvalue(L, lua_upvalueindex(DECO_LOG));   /* fn, name, log */
    lua_pushvalue(L, lua_upvalueindex(DECO_CLOCK)); /* fn, name, log, clock */
    lua_rotate(L, 1, 2);                            /* log, clock, fn, name */
    lua_pushcclosure(L, l_wrapper, 4);
    return 1;
}

/* l_timing: timing(log, clock) -> decorator. `log` is a table, `clock` a
 * table with a function `now` returning seconds. Raises "bad argument #1"
 * or "bad argument #2" otherwise. */
static int l_timing(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    check_clock(L, 2);
    lua_settop(L, 2);
    lua_pushcclosure(L, l_decorate, 2);
    return 1;
}

/* luaopen_timing: the module's loader. require("timing") returns the
 * function `timing` itself, as the kata's spec expects. */
int luaopen_timing(lua_State *L)
{
    lua_pushcfunction(L, l_timing);
    return 1;
}
