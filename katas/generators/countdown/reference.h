/* reference.h: the plain-C core of the `countdown` kata's reference, a
 * countdown generator written as an explicit state machine with no Lua in it,
 * so that tests/test_countdown.c can test it without a Lua state. The Lua
 * binding lives in reference.c. Depends on the C standard library only. */
#ifndef DOJO_KATA_COUNTDOWN_REFERENCE_H
#define DOJO_KATA_COUNTDOWN_REFERENCE_H

#include <stdbool.h>
#include <stdint.h>

/* Where a countdown stands. A generator written with `yield` keeps this in
 * its suspended stack frame (which line it stopped at); C has no such frame
 * to keep, so the state is written down as data. */
enum countdown_state {
    COUNTDOWN_RUNNING, /* `next` is the value the next call hands out */
    COUNTDOWN_DONE,    /* exhausted: every later call hands out nothing */
};

/* One countdown. The caller owns the struct: it may live on the stack, in a
 * malloc'ed block or, as in the Lua binding, inside a userdata. It holds no
 * pointers, so it needs no cleanup. */
struct countdown {
    int64_t next;               /* next value, >= 1, while RUNNING */
    enum countdown_state state;
};

/* countdown_init: readies `c` to hand out n, n-1, ..., 1. `n` must be >= 0
 * (checked with assert()); with n = 0 the countdown starts out DONE. Can't
 * fail. */
void countdown_init(struct countdown *c, int64_t n);

/* countdown_next: the next value of the countdown. On true, *out holds it
 * (n on the first call, then one less each time, down to 1). On false the
 * countdown is exhausted, *out is untouched, and every later call returns
 * false too: exhaustion is permanent until countdown_init is called again.
 * Can't fail. */
bool countdown_next(struct countdown *c, int64_t *out);

#endif
