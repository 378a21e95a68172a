/* async.h: the C half of dojo's event loop for Lua: a binary min-heap of
 * timers (the loop's schedule), the monotonic clock, an idle wait
 * (async.c), and the task layer (async_task.c: task records, the ready
 * ring, spawn, sleep(0), await, cancel, and the pass that resumes task
 * threads from C). Timers, I/O, gather, wait_for, queues and semaphores
 * are src/async.lua, on these primitives. Depends on Lua 5.4,
 * interrupt.h and util.h.
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

/* async_task_open: [-0, +0, m] adds the task layer's functions (spawn,
 * sleep, park, await, results, status, current, wake, cancel, timer,
 * set_timer, pass, nready, begin, end_run, setup; see async_task.c) to the
 * table on L's top, sharing one scheduler (a userdata, freed by the GC).
 * A thread's extra space (lua_getextraspace) names the task it runs, so
 * the main thread's must be NULL before any coroutine is created (Lua
 * leaves it uninitialised and new threads copy it): sandbox_new sees to it,
 * and luaopen_dojo_async clears it again for states made elsewhere. */
void async_task_open(lua_State *L);

/* luaopen_dojo_async: [-0, +1, m] the `async` module: src/async.lua run
 * with the primitives of async.c and async_task.c. */
int luaopen_dojo_async(lua_State *L);

#endif
