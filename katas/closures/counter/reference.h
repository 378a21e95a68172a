/* reference.h: the plain-C core of the `counter` kata's reference: closures
 * built by hand, as a function pointer plus a pointer to a shared
 * environment, with no Lua in it, so that tests/test_counter.c can test it
 * without a Lua state. The Lua binding lives in reference.c.
 * Depends on the C standard library only. */
#ifndef DOJO_KATA_COUNTER_REFERENCE_H
#define DOJO_KATA_COUNTER_REFERENCE_H

/* The environment of one counter: the variables its three closures
 * capture, what a Lua solution keeps in the upvalues `start` and `count`.
 * Counts are doubles (Lua's float numbers).
 *
 * Ownership, for the whole family: an environment made by counter_new() is
 * malloc'ed and reference-counted. Every struct counter_closure that points
 * at it holds one reference; counter_new() hands out three (one per
 * function), counter_closure_copy() adds one, counter_closure_release()
 * drops one, and the last release frees the environment. An environment
 * set up with counter_env_init() in storage the caller provides (on the
 * stack, in a Lua userdata) is the caller's: refs stays 0, and nothing here
 * ever frees it. */
struct counter_env {
    double start;  /* the count that reset goes back to */
    double count;  /* the current count */
    unsigned refs; /* closures holding this env; 0 when the caller owns it */
};

/* The code of a counter function. It takes the environment and one number
 * (the step, for increment; reset and get ignore it) and returns the count
 * after the call. */
typedef double (*counter_code)(struct counter_env *env, double arg);

/* A closure, by hand: code plus the environment it runs in. Copying the
 * struct with `=` copies the pointer, not the environment, and takes no
 * reference: use counter_closure_copy() for a copy that owns one. */
struct counter_closure {
    counter_code code;
    struct counter_env *env; /* NULL once released */
};

/* One counter: three closures over one environment. */
struct counter {
    struct counter_closure increment, reset, get;
};

/* counter_env_init: sets `env` up for a counter that starts at `start`,
 * in storage the caller owns (refs = 0: not counted). Can't fail. */
void counter_env_init(struct counter_env *env, double start);

/* counter_increment: adds `step` to env's count and returns the new count.
 * Can't fail. */
double counter_increment(struct counter_env *env, double step);

/* counter_reset: sets env's count back to its start and returns it; the
 * second argument is ignored. Can't fail. */
double counter_reset(struct counter_env *env, double unused);

/* counter_get: returns env's count, changing nothing; the second argument
 * is ignored. Can't fail. */
double counter_get(struct counter_env *env, double unused);

/* counter_new: makes a counter that starts at `start`: one malloc'ed
 * environment and three closures over it (counter_increment, counter_reset
 * and counter_get), written to *c. The environment starts with three
 * references, one per closure. Returns 0, or -1 when out of memory, with
 * *c untouched and nothing allocated. */
int counter_new(struct counter *c, double start);

/* counter_call: calls closure `f` with `arg`: f->code(f->env, arg).
 * Returns what the code returns (the count after the call). `f` must not
 * have been released. Can't fail. */
double counter_call(const struct counter_closure *f, double arg);

/* counter_closure_copy: returns a copy of `f` that holds a reference of its
 * own (the env's count goes up by one), so it stays callable after `f` is
 * released. `f` must come from counter_new() or another copy. Release the
 * copy with counter_closure_release(). Can't fail. */
struct counter_closure counter_closure_copy(const struct counter_closure *f);

/* counter_closure_release: drops f's reference to its environment, frees
 * the environment when that was the last one, and sets f->env to NULL.
 * Releasing a closure twice, or a NULL env, does nothing. Can't fail. */
void counter_closure_release(struct counter_closure *f);

/* counter_release: releases the three closures of `c`; the environment is
 * freed unless a copy made with counter_closure_copy() still holds it.
 * Can't fail. */
void counter_release(struct counter *c);

#endif
