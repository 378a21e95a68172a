/* async_task.c: the task half of dojo's event loop, in C: task records (one
 * userdata per task), the ready queue (a ring buffer of task records), and
 * the scheduler's pass, which resumes task threads with lua_resume directly:
 * no Lua frame between the scheduler and a task. spawn, sleep(0), await,
 * park/wake and cancel are C functions; a waiting task yields from C with a
 * continuation (Lua 5.4 manual, 4.5 "Handling Yields in C"), and the
 * scheduler tells a park from a bare coroutine.yield by a flag the yield
 * sets. Timers, I/O, gather, queues stay in src/async.lua, on these
 * primitives. Depends on Lua 5.4 and interrupt.h. */
#include "async.h"

#include <lauxlib.h>
#include <string.h>

#include "interrupt.h"

enum task_status { T_PENDING, T_DONE, T_ERROR, T_CANCELLED };
static const char *const status_names[] = {"pending", "done", "error", "cancelled"};

struct sched;

/* One task. Lives in its Task userdata, whose user value 1 is the task's
 * thread and user value 2 its error object (status error or cancelled).
 * While pending (and while it is in the ready ring) the userdata and the
 * thread are anchored in the scheduler's anchor table (both, so the thread
 * stays even if the user value is replaced), so the raw pointers below
 * (ring entries, waiter lists, the thread's extra space) never outlive
 * them. */
struct task {
    struct sched *S;       /* the module instance it belongs to */
    lua_State *co;         /* its thread */
    unsigned long serial;  /* the run (async.run) it belongs to */
    int slot;              /* its place in the anchor table while anchored, else 0 */
    int status;            /* enum task_status */
    int nargs;             /* arguments on co's stack for the first resume */
    int nres;              /* results left on co's stack (status done) */
    int queued;            /* how many times it is in the ready ring */
    unsigned char started, parked, cancelling, yielded;
    lua_Integer wait_timer;             /* timer that wakes it (async.lua's id), 0 none */
    struct task *waiting_on;            /* the task it awaits */
    struct task *wait_head, *wait_tail; /* tasks awaiting it, in order */
    struct task *next_waiter;           /* the next in waiting_on's list */
    struct task *prev, *next;           /* the run's pending tasks */
};

/* One per loaded `async` module: the ready ring, the run's pending tasks,
 * and the free slots of the anchor table (a Lua array, upvalue 2 of the
 * functions here: task userdata at 2s-1, its thread at 2s, for slot s;
 * cheaper than luaL_ref, whose lua_rawlen on a growing registry cost 300
 * instructions).
 * The C arrays come from the state's allocator (they count against the
 * sandbox's memory limit). */
struct sched {
    struct task **ring; /* ready tasks: ring[(head + i) & (cap - 1)], i < count */
    size_t head, count, cap;
    unsigned long serial; /* the current run; tasks of older runs are stale */
    int running;          /* between begin and end_run */
    struct task *pending; /* first pending task of the run */
    int *free_slots;      /* anchor slots given back, nfree of them */
    size_t nfree, free_cap;
    int nslots;           /* slots ever handed out (1..nslots) */
    lua_Alloc alloc;
    void *alloc_ud;
};

/* User values of the sched userdata (upvalue 1 of every function here). */
enum { UV_TASK_MT = 1, UV_CANCELLED, UV_CANCELLED_MT, UV_SLEEP, UV_COUNT = UV_SLEEP };
#define SCHED(L) ((struct sched *)lua_touserdata(L, lua_upvalueindex(1)))
/* Upvalue 2 of every function here: the anchor table. */
#define ANCHORS lua_upvalueindex(2)
/* The task a thread runs, kept in the thread's extra space (LUA_EXTRASPACE,
 * a pointer's worth; new threads copy the main thread's, which stays NULL).
 * Set only while the task is pending in the current run. */
#define TASK_OF(th) (*(struct task **)lua_getextraspace(th))

/* current: the task running in thread L for scheduler S, or NULL. */
static struct task *current(struct sched *S, lua_State *L)
{
    struct task *t = TASK_OF(L);
    if (t == NULL || t->S != S || t->co != L || t->serial != S->serial)
        return NULL;
    return t;
}

/* --- the ready ring ------------------------------------------------------- */

/* ring_grow: [-0, +0, m] room for k more entries; raises a memory error
 * (the ring unchanged) when the allocator refuses. */
static void ring_grow(lua_State *L, struct sched *S, size_t k)
{
    size_t cap = S->cap ? S->cap : 256;
    struct task **v;
    while (cap < S->count + k)
        cap *= 2;
    v = S->alloc(S->alloc_ud, NULL, 0, cap * sizeof *v);
    if (v == NULL) {
        luaL_error(L, "not enough memory");
        return;
    }
    for (size_t i = 0; i < S->count; i++)
        v[i] = S->ring[(S->head + i) & (S->cap - 1)];
    if (S->ring)
        S->alloc(S->alloc_ud, S->ring, S->cap * sizeof *v, 0);
    S->ring = v;
    S->head = 0;
    S->cap = cap;
}

/* ring_reserve: [-0, +0, m] ring_grow unless there is room already. */
static inline void ring_reserve(lua_State *L, struct sched *S, size_t k)
{
    if (S->count + k > S->cap)
        ring_grow(L, S, k);
}

/* ring_push: appends t; room must have been reserved. Can't fail. */
static void ring_push(struct sched *S, struct task *t)
{
    S->ring[(S->head + S->count) & (S->cap - 1)] = t;
    S->count++;
    t->queued++;
}

static struct task *ring_pop(struct sched *S)
{
    struct task *t = S->ring[S->head];
    S->head = (S->head + 1) & (S->cap - 1);
    S->count--;
    t->queued--;
    return t;
}

/* --- task records ------------------------------------------------------------ */

/* anchor: [-0, +0, m] keeps the task userdata at idx (absolute) and its
 * thread (on L's top, popped) in the anchor table. Raises a memory error
 * (nothing anchored) when the allocator refuses. */
static void anchor(lua_State *L, struct sched *S, struct task *t, int idx)
{
    int slot;
    if (S->nfree == 0 && (size_t)S->nslots >= S->free_cap) {
        size_t cap = S->free_cap ? S->free_cap * 2 : 256;
        int *v = S->alloc(S->alloc_ud, S->free_slots, S->free_cap * sizeof *v, cap * sizeof *v);
        if (v == NULL) {
            luaL_error(L, "not enough memory");
            return;
        }
        S->free_slots = v;
        S->free_cap = cap;
    }
    slot = S->nfree > 0 ? S->free_slots[S->nfree - 1] : S->nslots + 1;
    lua_pushvalue(L, idx);
    lua_rawseti(L, ANCHORS, 2 * (lua_Integer)slot - 1); /* may raise: not yet taken */
    lua_rawseti(L, ANCHORS, 2 * (lua_Integer)slot);
    if (S->nfree > 0)
        S->nfree--;
    else
        S->nslots++;
    t->slot = slot;
}

/* unanchor: [-0, +0, -] drops a task that no longer needs anchoring (ended
 * or stale, and out of the ring) from the anchor table. Can't fail: the
 * free list has room for every slot. */
static void unanchor(lua_State *L, struct sched *S, struct task *t)
{
    if (t->slot == 0)
        return;
    lua_pushnil(L);
    lua_rawseti(L, ANCHORS, 2 * (lua_Integer)t->slot - 1);
    lua_pushnil(L);
    lua_rawseti(L, ANCHORS, 2 * (lua_Integer)t->slot);
    if (S->nfree < S->free_cap) /* else the sched was finalized: lua_close */
        S->free_slots[S->nfree++] = t->slot;
    t->slot = 0;
}

static void unlink_pending(struct sched *S, struct task *t)
{
    if (t->prev)
        t->prev->next = t->next;
    else if (S->pending == t)
        S->pending = t->next;
    if (t->next)
        t->next->prev = t->prev;
    t->prev = t->next = NULL;
}

/* unwait: takes t out of the waiter list of the task it awaits. */
static void unwait(struct task *t)
{
    struct task *on = t->waiting_on, *w, *prev = NULL;
    if (on == NULL)
        return;
    for (w = on->wait_head; w != NULL; prev = w, w = w->next_waiter)
        if (w == t) {
            if (prev)
                prev->next_waiter = t->next_waiter;
            else
                on->wait_head = t->next_waiter;
            if (on->wait_tail == t)
                on->wait_tail = prev;
            break;
        }
    t->waiting_on = NULL;
    t->next_waiter = NULL;
}

/* wake: [-0, +0, m] a parked task of the current run goes to the back of
 * the ready ring; anything else is left alone. */
static void wake(lua_State *L, struct sched *S, struct task *t)
{
    if (!t->parked || t->status != T_PENDING || t->serial != S->serial)
        return;
    ring_reserve(L, S, 1);
    t->parked = 0;
    t->wait_timer = 0;
    unwait(t);
    ring_push(S, t);
}

/* push_task: [-0, +1, -] the userdata of an anchored task. */
static void push_task(lua_State *L, struct task *t)
{
    lua_rawgeti(L, ANCHORS, 2 * (lua_Integer)t->slot - 1);
}

/* finish: [-(0|1), +0, m] ends task t with status st; for T_ERROR and
 * T_CANCELLED the error object is on L's top (popped). Its waiters are
 * woken in the order they came; it leaves the run's pending tasks. */
static void finish(lua_State *L, struct sched *S, struct task *t, int st)
{
    size_t n = 0;
    struct task *w, *next;
    if (st != T_DONE) {
        push_task(L, t);
        lua_insert(L, -2);
        lua_setiuservalue(L, -2, 2);
        lua_pop(L, 1);
    }
    for (w = t->wait_head; w != NULL; w = w->next_waiter)
        n++;
    ring_reserve(L, S, n);
    t->status = st;
    TASK_OF(t->co) = NULL;
    unlink_pending(S, t);
    unwait(t);
    for (w = t->wait_head; w != NULL; w = next) {
        next = w->next_waiter;
        w->waiting_on = NULL;
        w->next_waiter = NULL;
        wake(L, S, w);
    }
    t->wait_head = t->wait_tail = NULL;
    if (t->queued == 0)
        unanchor(L, S, t);
}

/* push_cancelled: [-0, +1, -] async.CancelledError. */
static void push_cancelled(lua_State *L)
{
    lua_getiuservalue(L, lua_upvalueindex(1), UV_CANCELLED);
}

/* is_cancelled: 1 when the value at idx is a CancelledError. */
static int is_cancelled(lua_State *L, int idx)
{
    int yes;
    if (!lua_getmetatable(L, idx))
        return 0;
    lua_getiuservalue(L, lua_upvalueindex(1), UV_CANCELLED_MT);
    yes = lua_rawequal(L, -1, -2);
    lua_pop(L, 2);
    return yes;
}

/* --- the scheduler's pass ----------------------------------------------- */

/* run_one: [-0, +0, e] resumes task t (pending, just taken off the ring):
 * the first time with its arguments, or ends it cancelled if it was
 * cancelled before it ran. A task that parked or slept costs nothing
 * more; a bare coroutine.yield counts as sleep(0); a return leaves the
 * results on the thread's stack; an error closes the thread's pending
 * <close> variables (Lua 5.4 manual, 6.2: a coroutine that dies by an
 * error does not) and is kept as the task's error. */
static void run_one(lua_State *L, struct sched *S, struct task *t)
{
    lua_State *co = t->co;
    int nargs = 0, nres = 0, st;
    if (!t->started) {
        t->started = 1;
        if (t->cancelling) {
            lua_settop(co, 0);
            push_cancelled(L);
            finish(L, S, t, T_CANCELLED);
            return;
        }
        nargs = t->nargs;
    }
    t->yielded = 0;
    st = interrupt_resume(L, co, nargs, &nres);
    if (st == LUA_YIELD) {
        if (nres > 0)
            lua_pop(co, nres);
        if (!t->yielded && t->status == T_PENDING) {
            ring_reserve(L, S, 1);
            ring_push(S, t);
        }
        return;
    }
    if (st == LUA_OK) {
        t->nres = nres;
        finish(L, S, t, T_DONE);
        return;
    }
    /* The error, copied: resetthread runs the thread's <close> variables
     * with the original on co's top, and leaves there the error they
     * raised, if any, or the original. A resume that never ran (a dead
     * coroutine) leaves only the copy. */
    if (lua_checkstack(co, 1))
        lua_pushvalue(co, -1);
    lua_xmove(co, L, 1);
    if (lua_resetthread(co) != LUA_OK) {
        lua_pop(L, 1);
        lua_xmove(co, L, 1);
    }
    finish(L, S, t, is_cancelled(L, -1) ? T_CANCELLED : T_ERROR);
}

/* core.pass() -> n: one pass over the tasks ready now, in order; tasks
 * they wake (or that sleep(0)) go to the back and run in the next pass,
 * after timers and I/O had their turn. Stops (before the next task) when
 * an interrupt (Ctrl-C, a deadline) is pending, so the hook stops the
 * loop's Lua code at once instead of every ready task in turn. Returns
 * how many tasks are ready after the pass. */
static int l_pass(lua_State *L)
{
    struct sched *S = SCHED(L);
    size_t n = S->count;
    while (n-- > 0 && S->count > 0 && interrupt_pending() == INTERRUPT_NONE) {
        struct task *t = ring_pop(S);
        if (t->status == T_PENDING && t->serial == S->serial)
            run_one(L, S, t);
        else if (t->queued == 0 && t->status != T_PENDING)
            unanchor(L, S, t);
    }
    lua_pushinteger(L, (lua_Integer)S->count);
    return 1;
}

/* core.nready() -> how many tasks are in the ready ring */
static int l_nready(lua_State *L)
{
    lua_pushinteger(L, (lua_Integer)SCHED(L)->count);
    return 1;
}

/* teardown: [-0, +0, -] ends the current run's bookkeeping: the ring is
 * emptied and every pending task becomes stale (its thread no longer
 * names it, it is dropped from the registry). close != 0 also closes
 * their threads (their <close> variables run; errors are dropped). */
static void teardown(lua_State *L, struct sched *S, int close)
{
    S->serial++;
    S->running = 0;
    while (S->count > 0) {
        struct task *t = ring_pop(S);
        if (t->queued == 0 && t->status != T_PENDING)
            unanchor(L, S, t);
    }
    while (S->pending != NULL) {
        struct task *t = S->pending;
        unlink_pending(S, t);
        TASK_OF(t->co) = NULL;
        t->waiting_on = t->wait_head = t->wait_tail = t->next_waiter = NULL;
        t->parked = 0;
        if (close && t->started) {
            lua_resetthread(t->co);
            lua_settop(t->co, 0);
        }
        unanchor(L, S, t);
    }
}

/* core.begin(): a new run starts (what an older one left is dropped) */
static int l_begin(lua_State *L)
{
    struct sched *S = SCHED(L);
    teardown(L, S, 0);
    S->running = 1;
    return 0;
}

/* core.end_run(close): the run is over; close: close the threads of the
 * tasks still pending (asyncio drops them as well) */
static int l_end_run(lua_State *L)
{
    teardown(L, SCHED(L), lua_toboolean(L, 1));
    return 0;
}

/* --- the task API --------------------------------------------------------- */

/* check_task: [-0, +0, v] the task at idx, or raises (argument error). */
static struct task *check_task(lua_State *L, int idx)
{
    struct task *t = lua_touserdata(L, idx);
    int ok = 0;
    if (t != NULL && lua_type(L, idx) == LUA_TUSERDATA && lua_getmetatable(L, idx)) {
        lua_getiuservalue(L, lua_upvalueindex(1), UV_TASK_MT);
        ok = lua_rawequal(L, -1, -2);
        lua_pop(L, 2);
    }
    if (!ok)
        luaL_typeerror(L, idx, "async.Task");
    return t;
}

/* push_results: [-0, +n, e] what awaiting ended task t (at idx) gives: its
 * results, copied from its thread's stack, or its error raised again. */
static int push_results(lua_State *L, int idx, struct task *t)
{
    lua_State *co;
    int n = t->nres, top;
    if (t->status != T_DONE) {
        lua_getiuservalue(L, idx, 2);
        return lua_error(L);
    }
    if (n == 0)
        return 0;
    lua_getiuservalue(L, idx, 1);
    co = lua_tothread(L, -1);
    lua_pop(L, 1);
    top = co ? lua_gettop(co) : 0;
    if (co != t->co || top < n)
        return luaL_error(L, "async: the task's record was tampered with");
    luaL_checkstack(L, n, "too many results");
    if (!lua_checkstack(co, 1))
        return luaL_error(L, "not enough memory");
    for (int i = top - n + 1; i <= top; i++) {
        lua_pushvalue(co, i);
        lua_xmove(co, L, 1);
    }
    return n;
}

/* core.spawn(fn, ...) -> task: async.spawn. A new task (a Task userdata
 * holding a new thread with fn and its arguments) joins the run's pending
 * tasks and the back of the ready ring, to start on the next pass. Raises,
 * at the caller's line, outside async.run or when fn is no function; a
 * failed allocation raises a memory error. */
static int l_spawn(lua_State *L)
{
    struct sched *S = SCHED(L);
    int n = lua_gettop(L);
    struct task *t;
    lua_State *co;
    if (!S->running)
        return luaL_error(L, "async.spawn must be called under async.run");
    if (lua_type(L, 1) != LUA_TFUNCTION)
        return luaL_error(L, "bad argument #1 to 'spawn' (function expected, got %s)",
                          n == 0 ? "nil" : luaL_typename(L, 1));
    t = lua_newuserdatauv(L, sizeof *t, 2);
    memset(t, 0, sizeof *t);
    lua_getiuservalue(L, lua_upvalueindex(1), UV_TASK_MT);
    lua_setmetatable(L, -2);
    co = lua_newthread(L);
    if (!lua_checkstack(co, n))
        return luaL_error(L, "too many arguments to spawn");
    lua_pushvalue(L, -1);
    lua_setiuservalue(L, -3, 1);
    ring_reserve(L, S, 1);
    anchor(L, S, t, n + 1); /* pops the thread */
    lua_insert(L, 1); /* task, fn, args... */
    lua_xmove(L, co, n);
    t->S = S;
    t->co = co;
    t->serial = S->serial;
    t->nargs = n - 1;
    t->status = T_PENDING;
    TASK_OF(co) = t;
    t->next = S->pending;
    if (S->pending)
        S->pending->prev = t;
    S->pending = t;
    ring_push(S, t);
    return 1;
}

/* raise_cancelled: [-0, +1, v] raises async.CancelledError in L. */
static int raise_cancelled(lua_State *L)
{
    push_cancelled(L);
    return lua_error(L);
}

/* woken: what a task does when resumed after a park or sleep(0): it is no
 * longer parked nor waiting; a cancellation is raised here. Returns 1
 * when the task was cancelled (the error is to be raised). */
static int woken(struct task *t)
{
    if (t == NULL)
        return 0;
    t->parked = 0;
    t->wait_timer = 0;
    unwait(t);
    if (t->cancelling) {
        t->cancelling = 0;
        return 1;
    }
    return 0;
}

/* own_task: the task thread L runs, whichever module instance made it, or
 * NULL (the extra space is set only while that task is pending). */
static struct task *own_task(lua_State *L)
{
    struct task *t = TASK_OF(L);
    return t != NULL && t->co == L && t->serial == t->S->serial ? t : NULL;
}

/* wake_k: the continuation of sleep(0) and park. */
static int wake_k(lua_State *L, int status, lua_KContext ctx)
{
    (void)status;
    (void)ctx;
    if (woken(own_task(L)))
        return raise_cancelled(L);
    return 0;
}

/* results_k: the continuation of sleep's slow path: its results. */
static int results_k(lua_State *L, int status, lua_KContext ctx)
{
    (void)status;
    (void)ctx;
    return lua_gettop(L);
}

/* core.sleep(seconds): async.sleep. sleep(0) is the hot path: the task
 * goes to the back of the ready ring and yields from here (its scheduler
 * is read from the task record, the thread's extra space: no upvalue, no
 * table). Other values go to async.lua's timed sleep (a timer, then park;
 * "0" and 0.0 end up as sleep(0) there too). Raises outside a task. */
static int l_sleep(lua_State *L)
{
    struct task *t = own_task(L);
    int zero;
    if (t == NULL)
        return luaL_error(L, "async.sleep must be called inside a task (under async.run)");
    if (lua_tointegerx(L, 1, &zero) == 0 && zero) {
        if (!lua_isyieldable(L)) /* before it is queued: nothing to undo */
            return luaL_error(L, "attempt to yield across a C-call boundary");
        ring_reserve(L, t->S, 1);
        ring_push(t->S, t);
        t->yielded = 1;
        return lua_yieldk(L, 0, 0, wake_k);
    }
    lua_getiuservalue(L, lua_upvalueindex(1), UV_SLEEP);
    lua_insert(L, 1);
    lua_callk(L, lua_gettop(L) - 1, LUA_MULTRET, 0, results_k);
    return results_k(L, LUA_OK, 0);
}

/* core.park(): the current task waits until something wakes it (a timer,
 * I/O, a queue); raises CancelledError if it was cancelled meanwhile. */
static int l_park(lua_State *L)
{
    struct task *t = current(SCHED(L), L);
    if (t == NULL)
        return luaL_error(L, "async: park outside a task");
    if (!lua_isyieldable(L))
        return luaL_error(L, "attempt to yield across a C-call boundary");
    t->parked = 1;
    t->yielded = 1;
    return lua_yieldk(L, 0, 0, wake_k);
}

/* await_park: [-0, +0, y] `me` joins self's waiters and parks. */
static int await_park(lua_State *L, struct task *me, struct task *self);

/* await_k: the continuation of Task:await: the results once self ended
 * (a stray resume while it still runs waits again). */
static int await_k(lua_State *L, int status, lua_KContext ctx)
{
    struct sched *S = SCHED(L);
    struct task *me = current(S, L), *self = lua_touserdata(L, 1);
    (void)status;
    (void)ctx;
    if (woken(me))
        return raise_cancelled(L);
    if (self->status == T_PENDING) {
        if (me == NULL || self->serial != S->serial)
            return luaL_error(L, "async: await resumed outside its run");
        return await_park(L, me, self);
    }
    return push_results(L, 1, self);
}

static int await_park(lua_State *L, struct task *me, struct task *self)
{
    if (!lua_isyieldable(L)) /* before it waits: nothing to undo */
        return luaL_error(L, "attempt to yield across a C-call boundary");
    me->next_waiter = NULL;
    if (self->wait_tail)
        self->wait_tail->next_waiter = me;
    else
        self->wait_head = me;
    self->wait_tail = me;
    me->waiting_on = self;
    me->parked = 1;
    me->yielded = 1;
    lua_settop(L, 1);
    return lua_yieldk(L, 0, 0, await_k);
}

/* Task:await() -> the task's results: waits until it ends (others run);
 * raises its error, or CancelledError if the awaiting task is cancelled.
 * Returns at once for a task that has ended. */
static int l_await(lua_State *L)
{
    struct sched *S = SCHED(L);
    struct task *self = check_task(L, 1), *me;
    if (self->status != T_PENDING)
        return push_results(L, 1, self);
    me = current(S, L);
    if (me == NULL)
        return luaL_error(L, "async.await must be called inside a task (under async.run)");
    if (self->S != S || self->serial != S->serial)
        return luaL_error(L, "this task belongs to an async.run that has ended");
    if (me == self)
        return luaL_error(L, "a task can't await itself");
    return await_park(L, me, self);
}

/* core.results(task) -> the results of an ended task, or its error raised */
static int l_results(lua_State *L)
{
    struct task *t = check_task(L, 1);
    if (t->status == T_PENDING)
        return luaL_error(L, "the task has not ended");
    lua_settop(L, 1);
    return push_results(L, 1, t);
}

/* core.status(task) -> "pending" | "done" | "error" | "cancelled" */
static int l_status(lua_State *L)
{
    lua_pushstring(L, status_names[check_task(L, 1)->status]);
    return 1;
}

/* core.current() -> the task running now, or nil */
static int l_current(lua_State *L)
{
    struct task *t = current(SCHED(L), L);
    if (t == NULL)
        return 0;
    push_task(L, t);
    return 1;
}

/* core.wake(task): a parked task of this run becomes ready */
static int l_wake(lua_State *L)
{
    wake(L, SCHED(L), check_task(L, 1));
    return 0;
}

/* core.cancel(task) -> true, or false when it has ended (or belongs to an
 * ended run): the task stops awaiting, is marked cancelling and, if it was
 * parked, woken, so CancelledError is raised where it waits. */
static int l_cancel(lua_State *L)
{
    struct sched *S = SCHED(L);
    struct task *t = check_task(L, 1);
    if (t->status != T_PENDING || t->S != S || t->serial != S->serial) {
        lua_pushboolean(L, 0);
        return 1;
    }
    unwait(t);
    t->cancelling = 1;
    wake(L, S, t);
    lua_pushboolean(L, 1);
    return 1;
}

/* core.timer(task) -> the id of the timer it waits for, or nil;
 * core.set_timer(task, id) sets it (async.lua's timers) */
static int l_timer(lua_State *L)
{
    struct task *t = check_task(L, 1);
    if (t->wait_timer == 0)
        return 0;
    lua_pushinteger(L, t->wait_timer);
    return 1;
}

static int l_set_timer(lua_State *L)
{
    check_task(L, 1)->wait_timer = luaL_checkinteger(L, 2);
    return 0;
}

/* core.setup(Task, CancelledError, cancelled_mt, timed_sleep): what the C
 * side needs from async.lua: the tasks' metatable, the error a cancelled
 * task gets and its metatable, and sleep's slow path (seconds ~= 0). */
static int l_setup(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_checktype(L, 3, LUA_TTABLE);
    luaL_checktype(L, 4, LUA_TFUNCTION);
    for (int i = 1; i <= UV_SLEEP; i++) {
        lua_pushvalue(L, i);
        lua_setiuservalue(L, lua_upvalueindex(1), i);
    }
    return 0;
}

static int l_sched_gc(lua_State *L)
{
    struct sched *S = lua_touserdata(L, 1);
    if (S->ring)
        S->alloc(S->alloc_ud, S->ring, S->cap * sizeof *S->ring, 0);
    if (S->free_slots)
        S->alloc(S->alloc_ud, S->free_slots, S->free_cap * sizeof *S->free_slots, 0);
    S->free_slots = NULL;
    S->nfree = S->free_cap = 0;
    S->ring = NULL;
    S->cap = S->count = 0;
    return 0;
}

void async_task_open(lua_State *L)
{
    static const luaL_Reg fns[] = {
        {"spawn", l_spawn},     {"sleep", l_sleep},   {"park", l_park},
        {"await", l_await},     {"results", l_results}, {"status", l_status},
        {"current", l_current}, {"wake", l_wake},     {"cancel", l_cancel},
        {"timer", l_timer},     {"set_timer", l_set_timer}, {"pass", l_pass},
        {"nready", l_nready},   {"begin", l_begin},   {"end_run", l_end_run},
        {"setup", l_setup},     {NULL, NULL}};
    struct sched *S = lua_newuserdatauv(L, sizeof *S, UV_COUNT);
    memset(S, 0, sizeof *S);
    S->alloc = lua_getallocf(L, &S->alloc_ud);
    lua_createtable(L, 0, 1);
    lua_pushcfunction(L, l_sched_gc);
    lua_setfield(L, -2, "__gc");
    lua_setmetatable(L, -2);
    lua_newtable(L);
    luaL_setfuncs(L, fns, 2);
}
