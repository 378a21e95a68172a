/* reference.c: the `counter` kata: counter.new(start) returns increment,
 * reset and get, three functions sharing one captured count.
 * Idiom (part 1, no Lua; tests/test_counter.c): a closure by hand, an
 * environment struct (struct counter_env) plus a function pointer (struct
 * counter_closure.code) that receives the env as its first argument. C has
 * no captured variables, and this pair is the usual stand-in, as in GLib's
 * GClosure (https://docs.gtk.org/gobject/struct.Closure.html). Ownership:
 * three closures share one env, so it is reference-counted like a GClosure
 * (one reference per closure, the last release frees it); an env set up in
 * caller storage (refs = 0) is the caller's and never freed here.
 * Binding (luaopen_counter): the env is a full userdata, the one upvalue of
 * three C closures (luaL_setfuncs with nup = 1), owned by the GC, not refs.
 * Sources: Lua 5.4 manual sec. 4.2 "C Closures"; Ierusalimschy, de
 * Figueiredo, Celes, "The Implementation of Lua 5.0" (J.UCS 11(7), 2005)
 * on upvalues shared by closures; "Programming in Lua", 4th ed., ch. 9. */

#include "reference.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>

#include <lauxlib.h>
#include <lua.h>

/* ------------------------------------------------------------------------
 * Part 1: the core.
 *
 * A closure is code plus the variables it captured. C has function
 * pointers but no captured variables, so a closure here is a pair: a
 * function pointer (struct counter_closure.code) and a pointer to an
 * environment (struct counter_env), which every call receives as its first
 * argument. The three functions of one counter are three pairs with three
 * different codes and one environment: that shared pointer is what makes
 * `increment` and `get` see the same count, just as three Lua closures
 * created in one call of counter.new share one upvalue. Two counters have
 * two environments, as two calls of counter.new have two sets of locals.
 *
 * Sharing raises a question Lua answers for you: when may the environment
 * be freed? Not while any of its closures can still be called, and a
 * caller may keep `increment` long after dropping `get` (in Lua:
 * `local inc = counter.new().increment`). So the environment counts its
 * owners and the last one out frees it. Lua's garbage collector does the
 * same job by tracing: an upvalue lives as long as some reachable closure
 * refers to it.
 * ------------------------------------------------------------------------ */

/* counter_env_init: a caller-owned env starting at `start`. Can't fail. */
void counter_env_init(struct counter_env *env, double start)
{
    assert(env != NULL);
    env->start = start;
    env->count = start;
    env->refs = 0;
}

/* counter_increment: count += step; returns the new count. */
double counter_increment(struct counter_env *env, double step)
{
    assert(env != NULL);
    env->count += step;
    return env->count;
}

/* counter_reset: count = start; returns it. */
double counter_reset(struct counter_env *env, double unused)
{
    (void)unused;
    assert(env != NULL);
    env->count = env->start;
    return env->count;
}

/* counter_get: returns the count. */
double counter_get(struct counter_env *env, double unused)
{
    (void)unused;
    assert(env != NULL);
    return env->count;
}

/* counter_new: one malloc'ed env with three references, three closures.
 * Returns 0, or -1 when out of memory (nothing allocated, *c untouched). */
int counter_new(struct counter *c, double start)
{
    struct counter_env *env;

    assert(c != NULL);
    env = malloc(sizeof *env);
    if (env == NULL)
        return -1;
    counter_env_init(env, start);
    env->refs = 3;
    c->increment = (struct counter_closure){counter_increment, env};
    c->reset = (struct counter_closure){counter_reset, env};
    c->get = (struct counter_closure){counter_get, env};
    return 0;
}

/* counter_call: runs f's code in f's environment. */
double counter_call(const struct counter_closure *f, double arg)
{
    assert(f != NULL && f->code != NULL && f->env != NULL);
    return f->code(f->env, arg);
}

/* counter_closure_copy: a copy of `f` with a reference of its own. */
struct counter_closure counter_closure_copy(const struct counter_closure *f)
{
    assert(f != NULL && f->env != NULL && f->env->refs > 0);
    f->env->refs++;
    return *f;
}

/* counter_closure_release: drops one reference; the last frees the env. */
void counter_closure_release(struct counter_closure *f)
{
    assert(f != NULL);
    if (f->env == NULL)
        return;
    assert(f->env->refs > 0); /* a caller-owned env must not be released */
    if (--f->env->refs == 0)
        free(f->env);
    f->env = NULL;
}

/* counter_release: releases all three closures of `c`. */
void counter_release(struct counter *c)
{
    assert(c != NULL);
    counter_closure_release(&c->increment);
    counter_closure_release(&c->reset);
    counter_closure_release(&c->get);
}

/* ------------------------------------------------------------------------
 * Part 2: the Lua binding.
 *
 * A Lua solution is
 *
 *     function counter.new(start)
 *       local count = start                      -- the shared upvalue
 *       local function increment(step) ... end
 *       local function reset() ... end
 *       local function get() ... end
 *       return { increment = increment, reset = reset, get = get }
 *     end
 *
 * The binding builds the same thing by hand. l_new puts one struct
 * counter_env in a full userdata, the environment, then makes three C
 * closures (lua_pushcclosure), each with that one userdata as its only
 * upvalue, and returns them in a table. The userdata is owned by Lua's
 * garbage collector, not counted: it is set up with counter_env_init
 * (refs = 0) and lives as long as any of the three closures does, however
 * the caller keeps them. Nothing here mallocs, so an error raised at any
 * point leaks nothing.
 *
 * Counts are doubles in the core, while Lua numbers are integers or floats.
 * push_count gives an integral count back as an integer, so that
 * counter.new().increment() is 1, not 1.0. This differs from plain Lua
 * only in the subtype of integral results reached through fractions
 * (2.5 + 0.5 is 3 here, 3.0 in Lua; they compare equal) and in counts
 * beyond 2^53, which doubles can't hold exactly.
 * ------------------------------------------------------------------------ */

/* opt_number: argument `arg` as a number, or `def` when it is none or nil.
 * Anything else, a numeric string included, raises "bad argument #arg to
 * 'fname' (number expected, got TYPE)". luaL_argerror is not used because
 * for a colon call (`c:increment()`) it words the error "calling
 * 'increment' on bad self", and the spec wants "bad argument" then too.
 * [-0, +0, v] */
static double opt_number(lua_State *L, int arg, const char *fname, double def)
{
    if (lua_isnoneornil(L, arg))
        return def;
    if (lua_type(L, arg) != LUA_TNUMBER)
        luaL_error(L, "bad argument #%d to '%s' (number expected, got %s)", arg, fname,
                   luaL_typename(L, arg));
    return lua_tonumber(L, arg);
}

/* push_count: pushes a count, as an integer when it has an integral value
 * that a double holds exactly (|v| <= 2^53), else as a float. [-0, +1, -] */
static void push_count(lua_State *L, double v)
{
    if (v == floor(v) && fabs(v) <= 9007199254740992.0)
        lua_pushinteger(L, (lua_Integer)v);
    else
        lua_pushnumber(L, v);
}

/* env_of: the environment, upvalue 1 of the running C closure. */
static struct counter_env *env_of(lua_State *L)
{
    return lua_touserdata(L, lua_upvalueindex(1));
}

/* l_increment: increment([step]) -> the new count. `step` is a number,
 * 1 when left out; a bad step raises before the count changes. */
static int l_increment(lua_State *L)
{
    double step = opt_number(L, 1, "increment", 1);

    push_count(L, counter_increment(env_of(L), step));
    return 1;
}

/* l_reset: reset() -> nothing; the count goes back to the start. */
static int l_reset(lua_State *L)
{
    counter_reset(env_of(L), 0);
    return 0;
}

/* l_get: get() -> the count. */
static int l_get(lua_State *L)
{
    push_count(L, counter_get(env_of(L), 0));
    return 1;
}

/* l_new: counter.new([start]) -> { increment, reset, get }, three C
 * closures over one fresh environment. `start` is a number, 0 when left
 * out; raises "bad argument #1 to 'new' (...)" otherwise. */
static int l_new(lua_State *L)
{
    static const luaL_Reg fns[] = {
        {"increment", l_increment},
        {"reset", l_reset},
        {"get", l_get},
        {NULL, NULL},
    };
    double start = opt_number(L, 1, "new", 0);
    struct counter_env *env;

    lua_createtable(L, 0, 3);                 /* t */
    env = lua_newuserdatauv(L, sizeof *env, 0); /* t, env */
    counter_env_init(env, start);
    /* luaL_setfuncs gives every function in fns the value on top, env, as
     * upvalue 1: one userdata shared by three closures. It pops env. */
    luaL_setfuncs(L, fns, 1);
    return 1;
}

/* luaopen_counter: the module's loader. require("counter") returns a table
 * holding one function, `new`. */
int luaopen_counter(lua_State *L)
{
    static const luaL_Reg module[] = {
        {"new", l_new},
        {NULL, NULL},
    };

    luaL_newlib(L, module);
    return 1;
}
