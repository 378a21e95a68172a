/* reference.h: the plain-C core of the `timing` kata's reference: a timing
 * decorator for C functions and the log it writes, with no Lua in it, so
 * that tests/test_timing.c can test it without a Lua state. The Lua binding
 * lives in reference.c. Depends on the C standard library only. */
#ifndef DOJO_KATA_TIMING_REFERENCE_H
#define DOJO_KATA_TIMING_REFERENCE_H

#include <stdbool.h>
#include <stddef.h>

/* One timed call. `name` is borrowed, never owned: it points at the string
 * the decorator was given (or at the static "?"), which must outlive the
 * entry. */
struct timing_entry {
    const char *name; /* the wrapped function's name, "?" when it has none */
    double duration;  /* seconds: clock reading after the call minus before */
    bool ok;          /* true if the call succeeded, false if it failed */
};

/* A log of timed calls in an array the caller provides: the log never
 * allocates and never frees. It keeps the first `cap` entries appended and
 * counts the others in `dropped`. */
struct timing_log {
    struct timing_entry *entries; /* the caller's array of `cap` entries */
    size_t cap;                   /* how many entries fit */
    size_t len;                   /* how many are in use, 0 .. cap */
    size_t dropped;               /* appends refused because the log was full */
};

/* The clock: `now(clock)` returns the current time in seconds, from any
 * origin. A test passes a fake one. */
typedef double (*timing_now_fn)(void *clock);

/* A function that can be timed: takes the caller's argument, returns 0 on
 * success and any other int (an error code) on failure. */
typedef int (*timing_fn)(void *arg);

/* A decorated function: what the wrapper of a Lua solution captures, kept
 * in a struct. It borrows everything it points to; the caller keeps `name`,
 * `log` and `clock` alive as long as the struct is used. */
struct timing_decorated {
    timing_fn fn;           /* the function being timed */
    const char *name;       /* its name, or "?" */
    struct timing_log *log; /* where each call is recorded */
    timing_now_fn now;      /* the clock's reading function */
    void *clock;            /* passed to `now` */
};

/* timing_log_init: makes `log` an empty log over the caller's array
 * `storage` of `cap` entries (`storage` may be NULL when `cap` is 0). The
 * caller owns `storage` and frees it, if it must, after the log is done
 * with. This function can't fail. */
void timing_log_init(struct timing_log *log, struct timing_entry *storage, size_t cap);

/* timing_log_append: copies `entry` into the next free slot of `log` and
 * returns true; if the log is full, changes nothing but `log->dropped`
 * (incremented) and returns false. */
bool timing_log_append(struct timing_log *log, struct timing_entry entry);

/* timing_entry_make: the entry for one call named `name` (NULL means "?"),
 * whose clock readings were `before` and `after` seconds, that succeeded if
 * `ok`. duration = after - before, even when that is negative (a clock that
 * went backwards is reported, not hidden). This function can't fail. */
struct timing_entry timing_entry_make(const char *name, double before, double after, bool ok);

/* timing_decorate: fills `d` so that timing_call(d, arg) times `fn` under
 * `name` (NULL means "?") into `log`, reading the time with now(clock).
 * Nothing is called and no clock is read here: that happens at call time.
 * This function can't fail. */
void timing_decorate(struct timing_decorated *d, timing_fn fn, const char *name,
                     struct timing_log *log, timing_now_fn now, void *clock);

/* timing_call: the wrapper. Reads the clock, calls d->fn(arg), reads the
 * clock again, appends the entry (ok when fn returned 0) to d->log, and
 * returns fn's return value unchanged, so the caller sees the same success
 * or error code it would have seen without the decorator. A full log drops
 * the entry (see timing_log_append) but never changes the result. */
int timing_call(const struct timing_decorated *d, void *arg);

#endif
