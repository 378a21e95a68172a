/* reference.h: the plain-C core of the `url-batches` kata's reference, a
 * state machine that turns pages of URLs into batches of at most N, with no
 * Lua in it, so that tests/test_url_batches.c can test it without a Lua
 * state. The Lua binding lives in reference.c.
 * Depends on the C standard library only. */
#ifndef DOJO_KATA_URL_BATCHES_REFERENCE_H
#define DOJO_KATA_URL_BATCHES_REFERENCE_H

#include <stdbool.h>
#include <stddef.h>

/* Where the machine is between two calls of url_batches_next(). */
enum url_batches_state {
    URL_BATCHES_READY,    /* may go on: take URLs, fetch, emit */
    URL_BATCHES_FETCHING, /* asked for a page and waits for url_batches_loaded() */
    URL_BATCHES_DONE,     /* finished, at the end or after a failed fetch */
};

/* What the caller must do next, as told by url_batches_next(). */
enum url_batches_action {
    URL_BATCHES_FETCH, /* fetch page `page`, then call url_batches_loaded() */
    URL_BATCHES_TAKE,  /* copy `count` URLs of the current page, from index
                          `first` (0-based), to the batch, from index `at` */
    URL_BATCHES_EMIT,  /* the batch is complete: hand it out, start a new one */
    URL_BATCHES_END,   /* no more batches, now or ever */
};

/* One instruction. Only the fields its action names are meaningful. */
struct url_batches_step {
    enum url_batches_action action;
    long long page; /* FETCH: the page number, 1 .. total_pages */
    size_t first;   /* TAKE: first URL of the current page to copy, 0-based */
    size_t count;   /* TAKE: how many URLs to copy, >= 1 */
    size_t at;      /* TAKE: where the first one goes in the batch, 0-based */
};

/* The whole state of one generator: what a coroutine would keep in its
 * locals and its place in the loop. Pages are counted, never stored: the
 * caller keeps the current page and the batch, and the machine tells it
 * which URLs to move where. The caller owns the struct (stack, malloc or,
 * as in the Lua binding, a userdata); it holds no pointers and needs no
 * cleanup. */
struct url_batches {
    long long total_pages; /* pages 1 .. total_pages exist, >= 0 */
    long long next_page;   /* the next page to fetch, 1-based */
    size_t batch_size;     /* most URLs in a batch, >= 1 */
    size_t page_len;       /* URLs on the current page */
    size_t index;          /* next URL of the current page to take, 0-based */
    size_t filled;         /* URLs in the batch being built */
    enum url_batches_state state;
};

/* url_batches_init: sets `ub` up to batch pages 1 .. `total_pages` into
 * batches of at most `batch_size` URLs; nothing fetched, no batch begun.
 * `total_pages` must be >= 0 and `batch_size` >= 1 (checked with assert()).
 * Can't fail. */
void url_batches_init(struct url_batches *ub, long long total_pages, size_t batch_size);

/* url_batches_next: fills `*step` with what the caller must do next and
 * moves the machine past it: the caller must then do it (for FETCH, call
 * url_batches_loaded() once the page has arrived). The order is: hand out a
 * full batch; else take URLs from the current page; else fetch the next
 * page; else hand out the last, shorter batch; else END. So a page is only
 * fetched when the batch is not yet full, never ahead, and no empty batch
 * is ever emitted.
 * If the machine is still FETCHING, the last fetch never completed (it
 * failed, say, and the error unwound past the caller): the machine is then
 * finished and says END, now and on every later call, as it does after the
 * end. Can't fail. */
void url_batches_next(struct url_batches *ub, struct url_batches_step *step);

/* url_batches_loaded: the page asked for by the last FETCH arrived and holds
 * `urls` URLs (0 is fine: the page is skipped). Returns true, or false and
 * changes nothing if the machine was not waiting for a page (finished in
 * the meantime). Can't fail. */
bool url_batches_loaded(struct url_batches *ub, size_t urls);

#endif
