/* reference.h: the plain-C core of the `window` kata's reference: the
 * bookkeeping of a sliding-window generator over a ring buffer, as an
 * explicit state machine. It never sees the items (Lua values in the
 * binding), only which ring slot each one lives in, so tests/test_window.c
 * can drive it without a Lua state. Depends on the C standard library only. */
#ifndef DOJO_KATA_WINDOW_REFERENCE_H
#define DOJO_KATA_WINDOW_REFERENCE_H

#include <stddef.h>

/* What the generator must do next; the functions below return one. */
enum window_step {
    WINDOW_PULL, /* ask the source for its next item */
    WINDOW_EMIT, /* a window is ready: hand out a copy of slots
                    window_slot(w, 0) .. window_slot(w, size - 1) */
    WINDOW_END,  /* nothing left: hand out "no more windows" */
};

enum window_state {
    WINDOW_FILLING, /* fewer than `size` items seen: no window yet */
    WINDOW_SLIDING, /* the ring is full: each new item makes a window */
    WINDOW_DONE,    /* the source has ended: never pull from it again */
};

/* One sliding-window generator. The caller owns the struct (stack, heap,
 * or a userdata as in the Lua binding) and the ring of `size` slots the
 * items live in; the struct holds no pointers and needs no cleanup. */
struct window {
    size_t size;   /* items per window, >= 1; also the ring's slot count */
    size_t head;   /* the slot the next item goes to, 0 .. size-1; once the
                      ring is full it is also the slot of the oldest item */
    size_t filled; /* slots in use, 0 .. size */
    enum window_state state;
};

/* window_init: readies `w` for windows of `size` (>= 1, checked with
 * assert()) items, with an empty ring. Can't fail. */
void window_init(struct window *w, size_t size);

/* window_start: a call of the generator begins. Returns WINDOW_PULL until
 * the source has ended, WINDOW_END after (forever). Reads `w` only; can't
 * fail. */
enum window_step window_start(const struct window *w);

/* window_item: the source handed out an item (after a WINDOW_PULL). Sets
 * *slot to the ring slot (0-based, < size) to store it in, overwriting the
 * oldest item once the ring is full. Returns WINDOW_EMIT when a window is
 * ready (from the size-th item on, every item makes one), WINDOW_PULL
 * while the ring is still filling. Must not be called once DONE
 * (assert()). Can't fail. */
enum window_step window_item(struct window *w, size_t *slot);

/* window_source_end: the source returned "no more items". `w` becomes DONE
 * for good; returns WINDOW_END (a window is only ever made by an item).
 * Can't fail. */
enum window_step window_source_end(struct window *w);

/* window_slot: the ring slot (0-based) holding item `i` (0-based, < size)
 * of the current window, oldest first. Only meaningful right after
 * window_item returned WINDOW_EMIT. Reads `w` only; can't fail. */
size_t window_slot(const struct window *w, size_t i);

#endif
