/* reference.h: the plain-C core of the `powers-of-two` kata's reference, a
 * generator of the powers of two written as an explicit state machine with
 * no Lua in it, so that tests/test_powers_of_two.c can test it without a Lua
 * state. The Lua binding lives in reference.c. Depends on the C library. */
#ifndef DOJO_KATA_POWERS_OF_TWO_REFERENCE_H
#define DOJO_KATA_POWERS_OF_TWO_REFERENCE_H

#include <stdbool.h>
#include <stdint.h>

/* The largest power of two an int64_t (and a Lua integer) holds: 2^62. The
 * generator never goes past it, whatever the limit. */
#define POWERS_OF_TWO_LAST ((int64_t)1 << 62)

/* Pass as the limit for "no limit": every power up to POWERS_OF_TWO_LAST. */
#define POWERS_OF_TWO_NO_LIMIT INT64_MAX

/* Where the generator stands: the paused frame of a `yield` loop, as data. */
enum powers_of_two_state {
    POWERS_OF_TWO_RUNNING, /* `next` is the next value to hand out */
    POWERS_OF_TWO_DONE,    /* exhausted, for good */
};

/* One generator. The caller owns the struct (stack, heap or, as in the Lua
 * binding, a userdata); it holds no pointers and needs no cleanup. */
struct powers_of_two {
    int64_t next;  /* the next power of two, 1 .. POWERS_OF_TWO_LAST */
    int64_t limit; /* the largest value allowed to come out */
    enum powers_of_two_state state;
};

/* powers_of_two_init: readies `p` to hand out 1, 2, 4, ..., every power of
 * two <= `limit` (and <= POWERS_OF_TWO_LAST). Any limit is valid: below 1,
 * the generator starts out DONE. Can't fail. */
void powers_of_two_init(struct powers_of_two *p, int64_t limit);

/* powers_of_two_next: on true, *out holds the next power of two; on false
 * the generator is exhausted, *out is untouched, and every later call
 * returns false too. Never overflows: after POWERS_OF_TWO_LAST it is DONE.
 * Can't fail. */
bool powers_of_two_next(struct powers_of_two *p, int64_t *out);

#endif
