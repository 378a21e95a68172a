/* reference.h: the plain-C core of the `shared-rate-limiter` kata's
 * reference, a rate limiter whose turns are shared by every function it
 * wraps, with no Lua in it, so tests/test_shared_rate_limiter.c can test it
 * without a Lua state. The Lua binding lives in reference.c.
 * Depends on the C standard library only. */
#ifndef DOJO_KATA_SHARED_RATE_LIMITER_REFERENCE_H
#define DOJO_KATA_SHARED_RATE_LIMITER_REFERENCE_H

#include <stdbool.h>

/* The state of one shared bucket. Times are in seconds, on whatever clock
 * the caller reads (any origin, the same clock for every call). The caller
 * owns the struct: on the stack, in a malloc'ed block or, as in the Lua
 * binding, inside a userdata. It holds no pointers and needs no cleanup. */
struct shared_rate_limiter {
    double interval;  /* seconds between two turns: 1 / calls_per_second, >= 0 */
    double next_free; /* earliest start of the next turn; meaningless until has_turns */
    bool has_turns;   /* false until the first shared_rate_limiter_reserve() */
};

/* shared_rate_limiter_valid_rate: true when `calls_per_second` is a rate
 * shared_rate_limiter_init accepts: a number > 0 (not NaN; +infinity is
 * accepted and means no limit). Can't fail. */
bool shared_rate_limiter_valid_rate(double calls_per_second);

/* shared_rate_limiter_init: sets `l` up for at most `calls_per_second` turns
 * a second, none taken yet: the interval is 1 / calls_per_second seconds
 * (0 for +infinity). Returns false, leaving `l` untouched, if the rate is
 * not valid (see shared_rate_limiter_valid_rate); true otherwise. */
bool shared_rate_limiter_init(struct shared_rate_limiter *l, double calls_per_second);

/* shared_rate_limiter_reserve: a call arrives at time `now` (seconds):
 * claims its turn, max(now, next_free), moves next_free to one interval
 * after that turn, and returns how many seconds the caller must sleep
 * before it starts (turn - now; 0 if the turn is now). Claiming and
 * computing the wait are one step, so two callers can never get the same
 * turn, even if the first one's sleep lets the second run. The wait can be
 * longer than one interval when turns are queued. A NaN `now` gets no wait
 * and leaves next_free unchanged. Can't fail. */
double shared_rate_limiter_reserve(struct shared_rate_limiter *l, double now);

#endif
