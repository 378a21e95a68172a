/* reference.c: the `gather-workers` kata: run_workers(jobs [, log]) runs
 * every job as its own task on dojo's event loop and gathers the values,
 * taking the longest delay; run_sequential(jobs [, log]) runs them one
 * after the other, taking the sum.
 * Idiom (part 1, no Lua; tests/test_gather_workers.c): a planner that
 * predicts the loop's behaviour from the delays alone: max against sum,
 * and the finishing order as a stable sort (the timer heap's tie rule).
 * Binding (luaopen_gather_workers): C functions calling the Lua `async`
 * module (async.spawn, async.gather, async.sleep, async.now). Every call
 * that may yield the task goes through lua_callk with a continuation, and
 * run_sequential's loop counter travels in the continuation's context.
 * Sources: Lua 5.4 manual sec. 4.5 "Handling Yields in C" and lua_callk
 * (https://www.lua.org/manual/5.4/manual.html); Python's asyncio.gather
 * (https://docs.python.org/3/library/asyncio-task.html#asyncio.gather). */

#include "reference.h"

#include <assert.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include <lauxlib.h>
#include <lua.h>

/* ------------------------------------------------------------------------
 * Part 1: the core.
 *
 * Concurrency changes the arithmetic, not the work. Run one after the
 * other, jobs that each wait d_i seconds take d_1 + d_2 + ... + d_n: every
 * wait starts when the one before it ends. Started together, the waits
 * overlap, and the whole takes as long as the longest, max(d_i): the loop
 * sleeps until the earliest timer, wakes that job, sleeps until the next,
 * and so on, so the jobs finish in order of their delays. Ties are broken
 * by the order the timers were set, which is job order, since run_workers
 * spawns the jobs in order and each sets its timer as soon as it runs.
 * ------------------------------------------------------------------------ */

/* gather_workers_first_bad: index of the first delay that is not >= 0, or
 * n. Full contract in reference.h. */
size_t gather_workers_first_bad(const double *delays, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (!(delays[i] >= 0)) /* written this way round so NaN is bad too */
            return i;
    return n;
}

/* gather_workers_plan: both elapsed times, and the finishing order when
 * `order` isn't NULL. Full contract in reference.h. */
void gather_workers_plan(struct gather_workers_plan *plan, const double *delays, size_t n,
                         size_t *order)
{
    size_t i, j;

    assert(plan != NULL);
    assert(gather_workers_first_bad(delays, n) == n);
    plan->jobs = n;
    plan->concurrent = 0;
    plan->sequential = 0;
    for (i = 0; i < n; i++) {
        if (delays[i] > plan->concurrent)
            plan->concurrent = delays[i];
        plan->sequential += delays[i];
    }
    if (order == NULL)
        return;
    /* Insertion sort of the indices by delay. Moving an index left only
     * past strictly larger delays keeps equal delays in job order. */
    for (i = 0; i < n; i++) {
        size_t idx = i;
        for (j = i; j > 0 && delays[order[j - 1]] > delays[idx]; j--)
            order[j] = order[j - 1];
        order[j] = idx;
    }
}

/* ------------------------------------------------------------------------
 * Part 2: the Lua binding.
 *
 * A Lua solution is short:
 *
 *     local function work(job, log)
 *       async.sleep(job.delay)
 *       if job.error ~= nil then error(job.error, 0) end
 *       log[#log + 1] = job.name
 *       return job.value
 *     end
 *     function M.run_workers(jobs, log)
 *       ...                                      -- check, start = async.now()
 *       for i, job in ipairs(jobs) do tasks[i] = async.spawn(work, job, log) end
 *       local results = async.gather(table.unpack(tasks, 1, #jobs))
 *       return results, async.now() - start, log
 *     end
 *
 * The binding does the same from C, calling the functions of the Lua
 * `async` module, which it fetches once, with the host's require, when the
 * module is opened (the same table, and so the same loop, the spec uses).
 * The hard part is the waiting. async.sleep and async.gather park the
 * running task: they yield its coroutine to the loop. A Lua function can be
 * suspended anywhere, but a C function's frame lives on the C stack, and
 * the C stack can't be put aside while the loop runs other tasks. So a C
 * function calls anything that may yield with lua_callk, naming a
 * continuation function and a context value. If the callee yields, Lua
 * drops our C frame; when the task is resumed and the callee returns, Lua
 * calls the continuation with the same Lua stack (the callee's results on
 * top) and the context, in place of returning into the lost frame. If the
 * callee returns without yielding, lua_callk simply returns. Either way the
 * rest of the work is the same function, so each step below is written
 * once and reached from both paths. A plain lua_call there would fail with
 * "attempt to yield across a C-call boundary".
 *
 * Nothing here mallocs: the delays are copied into a userdata, which Lua's
 * garbage collector owns, so an error raised anywhere (a failed job, a bad
 * argument, a cancellation) leaks nothing.
 * ------------------------------------------------------------------------ */

/* Upvalues of run_workers and run_sequential. */
enum { UP_ASYNC = 1, UP_WORKER };

/* Upvalues of the worker. */
enum { WORKER_ASYNC = 1 };

/* Stack slots of run_workers and run_sequential once their arguments are
 * checked: the jobs, the log, the start time, then (run_sequential only)
 * the results table and the job count. */
enum { S_JOBS = 1, S_LOG, S_START, S_RESULTS, S_COUNT };

/* push_async_fn: pushes async[name], async being upvalue `up` of the
 * running C function. [-0, +1, e] */
static void push_async_fn(lua_State *L, int up, const char *name)
{
    lua_getfield(L, lua_upvalueindex(up), name);
}

/* --- the worker: one job -------------------------------------------------- */

/* worker_slept: the job's delay is over (stack: job, log). Raises the job's
 * error if it has one; otherwise appends its name to the log and returns
 * its value. */
static int worker_slept(lua_State *L)
{
    if (lua_getfield(L, 1, "error") != LUA_TNIL)
        return lua_error(L); /* the value, unchanged: no position added */
    lua_pop(L, 1);
    lua_getfield(L, 1, "name");
    lua_seti(L, 2, luaL_len(L, 2) + 1);
    lua_getfield(L, 1, "value");
    return 1;
}

/* worker_k: the continuation of the worker's async.sleep. */
static int worker_k(lua_State *L, int status, lua_KContext ctx)
{
    (void)status; /* LUA_YIELD: the sleep yielded, then returned */
    (void)ctx;
    return worker_slept(L);
}

/* l_worker: worker(job, log) -> job.value, after async.sleep(job.delay).
 * Runs as a task (run_workers) or inside the caller's task
 * (run_sequential). */
static int l_worker(lua_State *L)
{
    lua_settop(L, 2);
    push_async_fn(L, WORKER_ASYNC, "sleep");
    lua_getfield(L, 1, "delay");
    lua_callk(L, 1, 0, 0, worker_k); /* parks the task: may yield */
    return worker_slept(L);
}

/* --- shared by both variants --------------------------------------------- */

/* check_jobs: checks the arguments (jobs, log) of the function called
 * `fname` and leaves the stack as S_JOBS, S_LOG (a new table when log was
 * nil). Copies the delays into a userdata first, so that one check by the
 * core covers them all before anything starts. Raises "bad argument #1"
 * for a jobs value that isn't a table or a job without a good delay.
 * Returns the number of jobs. [-?, +0, v] */
static lua_Integer check_jobs(lua_State *L)
{
    lua_Integer n, i;
    size_t bad;
    double *delays;

    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 2);
    n = luaL_len(L, 1);
    if (n < 0 || (lua_Unsigned)n > SIZE_MAX / sizeof(double))
        luaL_argerror(L, 1, "too many jobs");
    delays = lua_newuserdatauv(L, n > 0 ? (size_t)n * sizeof(double) : 1, 0);
    for (i = 1; i <= n; i++) {
        double d = NAN; /* anything but a number counts as a bad delay */
        if (lua_geti(L, 1, i) == LUA_TTABLE && lua_getfield(L, -1, "delay") == LUA_TNUMBER)
            d = lua_tonumber(L, -1);
        lua_settop(L, 3); /* drop the job and its delay */
        delays[i - 1] = d;
    }
    bad = gather_workers_first_bad(delays, (size_t)n);
    if (bad < (size_t)n) {
        lua_pushfstring(L, "job %d: delay must be a number >= 0", (int)bad + 1);
        luaL_argerror(L, 1, lua_tostring(L, -1));
    }
    lua_settop(L, 2);
    if (lua_isnil(L, S_LOG)) {
        lua_newtable(L);
        lua_replace(L, S_LOG);
    }
    return n;
}

/* push_now: pushes async.now(), which never yields. [-0, +1, e] */
static void push_now(lua_State *L)
{
    push_async_fn(L, UP_ASYNC, "now");
    lua_call(L, 0, 1);
}

/* finish: pushes what both functions return: results (from slot
 * `results`), the time since S_START, and the log. Returns 3. */
static int finish(lua_State *L, int results)
{
    double start = lua_tonumber(L, S_START);

    lua_pushvalue(L, results);
    push_now(L);
    lua_pushnumber(L, lua_tonumber(L, -1) - start);
    lua_remove(L, -2);
    lua_pushvalue(L, S_LOG);
    return 3;
}

/* push_empty_results: pushes { n = 0 }. [-0, +1, m] */
static void push_empty_results(lua_State *L)
{
    lua_createtable(L, 0, 1);
    lua_pushinteger(L, 0);
    lua_setfield(L, -2, "n");
}

/* --- run_workers: spawn them all, then gather ------------------------------ */

/* workers_k: the continuation of async.gather: its results table is on
 * top, above S_JOBS, S_LOG, S_START. */
static int workers_k(lua_State *L, int status, lua_KContext ctx)
{
    (void)status;
    (void)ctx;
    return finish(L, lua_gettop(L));
}

/* l_run_workers: run_workers(jobs [, log]) -> results, elapsed, log. */
static int l_run_workers(lua_State *L)
{
    lua_Integer n = check_jobs(L), i;

    push_now(L); /* S_START */
    if (n == 0) {
        push_empty_results(L); /* async.gather() wants at least one task */
        return finish(L, lua_gettop(L));
    }
    luaL_checkstack(L, (int)(n > 1000000 ? 1000000 : n) + 8, "too many jobs");
    push_async_fn(L, UP_ASYNC, "gather");
    for (i = 1; i <= n; i++) {
        /* async.spawn(worker, jobs[i], log): a new task, not started yet,
         * left on the stack as the next argument of gather. spawn never
         * yields: the task runs once this one waits. */
        push_async_fn(L, UP_ASYNC, "spawn");
        lua_pushvalue(L, lua_upvalueindex(UP_WORKER));
        lua_geti(L, S_JOBS, i);
        lua_pushvalue(L, S_LOG);
        lua_call(L, 3, 1);
    }
    /* async.gather(task1, ..., taskn): parks this task until all are done;
     * raises the first error, having cancelled the tasks still running. */
    lua_callk(L, (int)n, 1, 0, workers_k);
    return finish(L, lua_gettop(L));
}

/* --- run_sequential: one job after the other ------------------------------ */

static int sequential_k(lua_State *L, int status, lua_KContext ctx);

/* sequential_from: runs jobs i .. n in this task, storing each value in
 * results[i], then returns what run_sequential returns. Each job's worker
 * may yield, so the loop counter is the continuation's context: after a
 * yield, sequential_k stores the value and comes back here with i + 1. */
static int sequential_from(lua_State *L, lua_Integer i)
{
    lua_Integer n = lua_tointeger(L, S_COUNT);

    for (; i <= n; i++) {
        lua_pushvalue(L, lua_upvalueindex(UP_WORKER));
        lua_geti(L, S_JOBS, i);
        lua_pushvalue(L, S_LOG);
        lua_callk(L, 2, 1, (lua_KContext)i, sequential_k);
        lua_seti(L, S_RESULTS, i);
    }
    return finish(L, S_RESULTS);
}

/* sequential_k: the continuation of job `ctx`'s worker: its value is on
 * top. */
static int sequential_k(lua_State *L, int status, lua_KContext ctx)
{
    (void)status;
    lua_seti(L, S_RESULTS, (lua_Integer)ctx);
    return sequential_from(L, (lua_Integer)ctx + 1);
}

/* l_run_sequential: run_sequential(jobs [, log]) -> results, elapsed,
 * log. */
static int l_run_sequential(lua_State *L)
{
    lua_Integer n = check_jobs(L);

    push_now(L); /* S_START */
    lua_createtable(L, (int)(n > 1000000 ? 0 : n), 1); /* S_RESULTS */
    lua_pushinteger(L, n);
    lua_setfield(L, -2, "n");
    lua_pushinteger(L, n); /* S_COUNT */
    return sequential_from(L, 1);
}

/* luaopen_gather_workers: the module's loader: { run_workers = ...,
 * run_sequential = ... }, C closures over the `async` module and the
 * worker. Raises if `async` can't be loaded (outside dojo). */
int luaopen_gather_workers(lua_State *L)
{
    lua_getglobal(L, "require");
    lua_pushliteral(L, "async");
    lua_call(L, 1, 1); /* the async module: upvalue 1 of everything below */
    lua_createtable(L, 0, 2);
    lua_pushvalue(L, -2);
    lua_pushvalue(L, -1);
    lua_pushcclosure(L, l_worker, 1); /* async, worker */
    lua_pushvalue(L, -2);
    lua_pushvalue(L, -2);
    lua_pushcclosure(L, l_run_workers, 2);
    lua_setfield(L, -4, "run_workers");
    lua_pushcclosure(L, l_run_sequential, 2);
    lua_setfield(L, -2, "run_sequential");
    return 1;
}
