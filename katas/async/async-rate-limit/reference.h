/* reference.h: the plain-C core of the `async-rate-limit` kata's reference:
 * a slot scheduler that hands out the start times of rate-limited calls,
 * one interval apart, with no Lua and no event loop in it, so that
 * tests/test_async_rate_limit.c can test it alone. The Lua binding lives in
 * reference.c. Depends on the C standard library only. */
#ifndef DOJO_KATA_ASYNC_RATE_LIMIT_REFERENCE_H
#define DOJO_KATA_ASYNC_RATE_LIMIT_REFERENCE_H

#include <stdbool.h>

/* The schedule of one rate-limited function. Times are in seconds on the
 * caller's clock (any origin; the event loop's async.now() in the binding).
 * The caller owns the struct (stack, static, or a userdata as in the
 * binding); it holds no pointers and needs no cleanup. */
struct async_rate_limit_slots {
    double interval;  /* seconds between the starts of two calls, >= 0 */
    double next_free; /* the earliest start of the next call; meaningless
                         until has_claims */
    bool has_claims;  /* false until the first slot is claimed */
};

/* async_rate_limit_valid_rate: true when `calls_per_second` is a number > 0
 * (+infinity included, meaning no limit); false for 0, a negative number
 * and NaN. Can't fail. */
bool async_rate_limit_valid_rate(double calls_per_second);

/* async_rate_limit_init: readies `s` for at most `calls_per_second` calls a
 * second: interval = 1 / calls_per_second (0 for +infinity), no slot
 * claimed. Returns false, leaving `s` untouched, for a rate that
 * async_rate_limit_valid_rate refuses. */
bool async_rate_limit_init(struct async_rate_limit_slots *s, double calls_per_second);

/* async_rate_limit_claim: claims the slot of a call arriving at `now` and
 * returns the time it may start: `now` when the schedule is free by then
 * (the first call, or one at or after the next free slot), otherwise the
 * next free slot, which is later than `now`. The next free slot becomes
 * the returned time plus the interval, in this same call, so a caller that
 * sleeps until its slot can't be overtaken by one that claims meanwhile.
 * A NaN `now` (a broken clock) returns NaN and changes nothing. Can't
 * fail. */
double async_rate_limit_claim(struct async_rate_limit_slots *s, double now);

#endif
