/* reference.h: the plain-C core of the `async-fetcher` kata's reference: a
 * dispatcher that hands out the URLs of a list in order, never more than
 * `limit` of them in flight at once, and collects how each one ended, with
 * no Lua in it, so that tests/test_async_fetcher.c can test it without a
 * Lua state or a network. The Lua binding lives in reference.c.
 * Depends on the C standard library only. */
#ifndef DOJO_KATA_ASYNC_FETCHER_REFERENCE_H
#define DOJO_KATA_ASYNC_FETCHER_REFERENCE_H

#include <stdbool.h>
#include <stddef.h>

/* Where one URL of the list stands. */
enum async_fetcher_state {
    ASYNC_FETCHER_WAITING = 0, /* not started yet */
    ASYNC_FETCHER_RUNNING,     /* started, holds one of the `limit` slots */
    ASYNC_FETCHER_OK,          /* a response came back, whatever its status */
    ASYNC_FETCHER_FAILED,      /* no response: a transport error */
};

/* The result collector's entry for one URL. */
struct async_fetcher_item {
    enum async_fetcher_state state;
    int status; /* the HTTP status once ASYNC_FETCHER_OK, else 0 */
};

/* A dispatcher over `total` URLs, numbered 0 .. total - 1. The caller owns
 * the struct and the `items` array it points to (stack, heap, or, as in the
 * Lua binding, one userdata holding both); neither is freed by any function
 * here, and `items` must outlive the struct's use. Counts are in URLs. */
struct async_fetcher {
    struct async_fetcher_item *items; /* `total` entries, in list order */
    size_t total;                     /* URLs in the list */
    size_t limit;                     /* most URLs RUNNING at once, >= 1 */
    size_t next;                      /* the first URL never started */
    size_t in_flight;                 /* URLs RUNNING now, <= limit */
    size_t finished;                  /* URLs OK or FAILED */
    size_t peak;                      /* the most ever RUNNING at once */
};

/* async_fetcher_init: readies `f` for `total` URLs (0 allowed) with at most
 * `limit` in flight, using the caller's array `items` of `total` entries
 * (NULL allowed when total is 0), which it sets to WAITING. Returns 0, or -1
 * without touching anything when limit is 0 or items is NULL for a
 * non-empty list. */
int async_fetcher_init(struct async_fetcher *f, struct async_fetcher_item *items, size_t total,
                       size_t limit);

/* async_fetcher_start: asks for a URL to start now. Returns true and stores
 * its number in *index (and marks it RUNNING, taking a slot) when a slot is
 * free and a URL is still waiting; URLs come out in list order. Returns
 * false, changing nothing, when all `limit` slots are taken or no URL is
 * left to start. Can't fail otherwise. */
bool async_fetcher_start(struct async_fetcher *f, size_t *index);

/* async_fetcher_finish: records that URL `index`, RUNNING, ended: with a
 * response of HTTP status `status` when `ok`, else with a transport error
 * (status is then stored as 0). Gives its slot back. Returns 0, or -1,
 * changing nothing, when index is out of range or that URL is not RUNNING
 * (finished twice, or never started). */
int async_fetcher_finish(struct async_fetcher *f, size_t index, bool ok, int status);

/* async_fetcher_done: true when every URL has finished (at once for an
 * empty list). Reads only; can't fail. */
bool async_fetcher_done(const struct async_fetcher *f);

#endif
