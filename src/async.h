/* async.h: the C half of dojo's event loop for Lua: a binary min-heap of
 * timers (the loop's schedule), the monotonic clock, an idle wait, and the
 * ready queue's pass (resuming tasks in C, the loop's hot path); the task
 * layer (spawn, await, cancel, gather, queues) is src/async.lua, run on Lua
 * coroutines. Depends on Lua 5.4, interrupt.h and util.h.
 *
 * Ownership: a heap owns its array; async_heap_free releases it. */
#ifndef DOJO_ASYNC_H
#define DOJO_ASYNC_H

#include <lua.h>
#include <stddef.h>
#include <stdint.h>

struct async_timer {
    double when;  /* seconds on the loop's clock */
    uint64_t seq; /* insertion order: equal times fire first in, first out */
    long id;      /* what to wake; the Lua layer maps it to a task */
};

struct async_heap {
    struct async_timer *v;
    size_t n, cap;
    uint64_t next_seq;
};

/* async_heap_init: an empty heap. Can't fail. */
void async_heap_init(struct async_heap *h);

/* async_heap_push: adds a timer firing at `when` (seconds) for `id`.
 * Returns 0, or -1 when memory runs out (the heap is unchanged). */
int async_heap_push(struct async_heap *h, double when, long id);

/* async_heap_peek: the earliest timer (ties: the first pushed), or NULL when
 * the heap is empty. The pointer is valid until the next push or pop. */
const struct async_timer *async_heap_peek(const struct async_heap *h);

/* async_heap_pop: removes the earliest timer into *out. Returns 0, or -1
 * when the heap is empty. */
int async_heap_pop(struct async_heap *h, struct async_timer *out);

/* async_heap_free: releases the heap's array; the heap is empty after. */
void async_heap_free(struct async_heap *h);

/* luaopen_dojo_async: [-0, +1, m] the `async` module: src/async.lua run
 * with this file's primitives (timer heaps, clock, idle wait, run_ready,
 * PARK). */
int luaopen_dojo_async(lua_State *L);

#endif
