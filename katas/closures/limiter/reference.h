/* reference.h: the plain-C core of the `limiter` kata's reference, a
 * per-function rate limiter with no Lua in it, so that tests/test_limiter.c
 * can test it without a Lua state. The Lua binding lives in reference.c.
 * Depends on the C standard library only. */
#ifndef DOJO_KATA_LIMITER_REFERENCE_H
#define DOJO_KATA_LIMITER_REFERENCE_H

#include <stdbool.h>

/* The state of one rate-limited function. Times are in seconds, on whatever
 * clock the caller reads (any origin, as long as it is the same clock for
 * every call). The caller owns the struct: it can live on the stack, in a
 * malloc'ed block or, as in the Lua binding, inside a userdata. It holds no
 * pointers, so it needs no cleanup. */
struct limiter {
    double interval;    /* minimum time between two calls, seconds, >= 0 */
    double last_called; /* when the last call started; meaningless until has_called */
    bool has_called;    /* false until limiter_record() is first called */
};

/* limiter_init: sets `l` up for a function that may be called at most once
 * every `seconds` seconds, with no call recorded yet. `seconds` must be a
 * non-negative number (not NaN); this is checked with assert(). This function
 * can't fail. */
void limiter_init(struct limiter *l, double seconds);

/* limiter_wait_time: how long, in seconds, a call at time `now` must wait
 * before it may run: 0 for the first call and for a call at least
 * `l->interval` seconds after the last one, otherwise the rest of the
 * interval (interval - elapsed). If the clock went backwards (now earlier
 * than the last call) the wait is the whole interval, never more. Reads `l`
 * only; this function can't fail. */
double limiter_wait_time(const struct limiter *l, double now);

/* limiter_record: records that a call started at time `now` (seconds); the
 * next call's wait is measured from here. This function can't fail. */
void limiter_record(struct limiter *l, double now);

#endif
