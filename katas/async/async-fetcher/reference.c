/* reference.c: the `async-fetcher` kata: fetch_all(urls, limit, opts) fetches
 * every URL through dojo's event loop, at most `limit` at once, and returns
 * one result per URL in list order, failures included.
 * Idiom (part 1, no Lua; tests/test_async_fetcher.c): bounded concurrency
 * as a dispatcher: struct async_fetcher hands out the URLs in order, one
 * per free slot, and collects how each ended; the caller owns it and the
 * item array, nothing is allocated. A fixed pool of workers asking it for
 * work can never exceed the limit, whatever order requests finish in.
 * Binding (luaopen_async_fetcher): min(limit, #urls) worker tasks, one C
 * closure given to async.gather; each loops over async_fetcher_start,
 * async.http_get under lua_pcallk, and async_fetcher_finish. Tasks are
 * coroutines and http_get yields, so every call that can wait is a
 * lua_pcallk/lua_callk with a continuation: Lua 5.4 manual sec. 4.5
 * "Handling Yields in C" (https://www.lua.org/manual/5.4/manual.html#4.5);
 * the pattern is Python's asyncio.Semaphore or a worker pool over a Queue. */

#include "reference.h"

#include <assert.h>
#include <stdint.h>

#include <lauxlib.h>
#include <lua.h>

/* ------------------------------------------------------------------------
 * Part 1: the core.
 *
 * A Lua solution usually limits concurrency with a semaphore: one task per
 * URL, and each must acquire one of `limit` permits before its request.
 * This core is the other classic shape, a dispatcher: `limit` slots, and a
 * URL starts only when a slot is free. It also keeps the result collector,
 * one item per URL in list order, so the order of the results never
 * depends on the order in which the requests finish. There is no clock and
 * no network here: the caller says when a request starts and when it ends.
 * ------------------------------------------------------------------------ */

/* async_fetcher_init: all items WAITING, no slot taken. Full contract in
 * reference.h. */
int async_fetcher_init(struct async_fetcher *f, struct async_fetcher_item *items, size_t total,
                       size_t limit)
{
    assert(f != NULL);
    if (limit == 0 || (items == NULL && total > 0))
        return -1;
    for (size_t i = 0; i < total; i++)
        items[i] = (struct async_fetcher_item){ASYNC_FETCHER_WAITING, 0};
    *f = (struct async_fetcher){items, total, limit, 0, 0, 0, 0};
    return 0;
}

/* async_fetcher_start: the next URL in list order, if a slot is free. */
bool async_fetcher_start(struct async_fetcher *f, size_t *index)
{
    assert(f != NULL && index != NULL);
    if (f->in_flight >= f->limit || f->next >= f->total)
        return false;
    *index = f->next++;
    f->items[*index].state = ASYNC_FETCHER_RUNNING;
    if (++f->in_flight > f->peak)
        f->peak = f->in_flight;
    return true;
}

/* async_fetcher_finish: records the outcome and frees the slot. A slot is
 * given back whatever the outcome: a failed request that kept its slot
 * would leave the list one slot short for good. */
int async_fetcher_finish(struct async_fetcher *f, size_t index, bool ok, int status)
{
    assert(f != NULL);
    if (index >= f->total || f->items[index].state != ASYNC_FETCHER_RUNNING)
        return -1;
    f->items[index].state = ok ? ASYNC_FETCHER_OK : ASYNC_FETCHER_FAILED;
    f->items[index].status = ok ? status : 0;
    f->in_flight--;
    f->finished++;
    return 0;
}

/* async_fetcher_done: every URL finished. */
bool async_fetcher_done(const struct async_fetcher *f)
{
    assert(f != NULL);
    return f->finished == f->total;
}

/* ------------------------------------------------------------------------
 * Part 2: the Lua binding.
 *
 * A Lua solution with a worker pool looks like this:
 *
 *     local function worker()
 *       while <a URL is left> do
 *         local i = <the next one>
 *         local ok, r = pcall(async.http_get, urls[i], opts)
 *         results[i] = <an entry made of ok and r>
 *       end
 *     end
 *     async.gather(worker, worker, worker)   -- `limit` workers
 *
 * The binding is the same, with the core deciding which URL is next:
 *
 *   l_fetch_all(urls, limit, opts)  checks its arguments, makes one
 *                  userdata holding a struct async_fetcher and its items
 *                  (owned by Lua's garbage collector: nothing to free, even
 *                  when an error or a cancellation unwinds past us), and
 *                  calls async.gather with min(limit, #urls) copies of one
 *                  worker closure; gather spawns a task for each.
 *   l_worker()     a task's body: asks the core for a URL, calls
 *                  async.http_get under lua_pcallk, turns the outcome into
 *                  an entry of the results table, and asks again.
 *
 * async.http_get parks the task: the coroutine yields to the event loop.
 * A C function can't be suspended in the middle, so the call names a
 * continuation, worker_k, and the URL's number as its context; when the
 * transfer ends the loop resumes the task, and Lua calls worker_k in place
 * of returning into l_worker. The same goes for fetch_all's call of
 * gather, whose continuation is fetch_k.
 *
 * A cancellation (fetch_all's task cancelled, say by async.wait_for)
 * arrives in each worker as an error raised by http_get. The worker must
 * raise it again rather than record it as a failed URL and move on to the
 * next one: gather has cancelled every worker, and a worker that swallowed
 * it would keep fetching for a caller who has gone.
 * ------------------------------------------------------------------------ */

/* Upvalue of fetch_all: the async module. Upvalues of the worker: */
enum { UP_JOB = 1, UP_URLS, UP_OPTS, UP_RESULTS, UP_ASYNC };

/* One call of fetch_all: the dispatcher and its items, in one userdata. */
struct job {
    struct async_fetcher f;
    struct async_fetcher_item items[]; /* one per URL */
};

/* is_cancelled: async.is_cancelled(value at idx). [-0, +0, e] */
static int is_cancelled(lua_State *L, int idx)
{
    int yes;
    idx = lua_absindex(L, idx);
    lua_getfield(L, lua_upvalueindex(UP_ASYNC), "is_cancelled");
    lua_pushvalue(L, idx);
    lua_call(L, 1, 1); /* a plain function: it never yields */
    yes = lua_toboolean(L, -1);
    lua_pop(L, 1);
    return yes;
}

/* collect: stores URL `index`'s entry in the results table, from the
 * outcome on top of the stack: http_get's response when status is LUA_OK,
 * else the error it raised. Re-raises a cancellation. Leaves the stack
 * empty. [-1, +0, e] */
static void collect(lua_State *L, struct job *job, size_t index, int status)
{
    int r = lua_gettop(L), code = 0;

    if (status != LUA_OK && is_cancelled(L, r))
        lua_error(L); /* the cancellation, untouched, is on top */
    lua_createtable(L, 0, 3);
    lua_pushboolean(L, status == LUA_OK);
    lua_setfield(L, -2, "ok");
    if (status == LUA_OK) {
        lua_getfield(L, r, "status");
        code = (int)lua_tointeger(L, -1);
        lua_setfield(L, -2, "status");
        lua_getfield(L, r, "body");
        lua_setfield(L, -2, "body");
    } else {
        /* an error table's kind ("timeout", "refused"...), else its text */
        if (lua_type(L, r) != LUA_TTABLE || lua_getfield(L, r, "kind") == LUA_TNIL) {
            lua_settop(L, r + 1);
            luaL_tolstring(L, r, NULL);
        }
        lua_setfield(L, r + 1, "error");
    }
    lua_seti(L, lua_upvalueindex(UP_RESULTS), (lua_Integer)index + 1);
    if (async_fetcher_finish(&job->f, index, status == LUA_OK, code) != 0)
        luaL_error(L, "async-fetcher: URL %d finished twice", (int)index + 1);
    lua_settop(L, 0);
}

static int worker_k(lua_State *L, int status, lua_KContext ctx);

/* work: the worker's loop. With `pending` true, a request for URL `index`
 * has just ended (outcome on the stack, `status` as lua_pcallk gave it) and
 * is collected first. Returns when no URL is left to start. */
static int work(lua_State *L, bool pending, int status, size_t index)
{
    struct job *job = lua_touserdata(L, lua_upvalueindex(UP_JOB));

    for (;;) {
        if (pending)
            collect(L, job, index, status);
        if (!async_fetcher_start(&job->f, &index))
            return 0; /* every URL is started: this worker is done */
        lua_getfield(L, lua_upvalueindex(UP_ASYNC), "http_get");
        lua_geti(L, lua_upvalueindex(UP_URLS), (lua_Integer)index + 1);
        lua_pushvalue(L, lua_upvalueindex(UP_OPTS));
        status = lua_pcallk(L, 2, 1, 0, (lua_KContext)index, worker_k);
        pending = true;
    }
}

/* worker_k: resumes a worker after http_get yielded. `status` is
 * LUA_YIELD when http_get then returned, or the error status it raised
 * with; `ctx` is the number of the URL it fetched. */
static int worker_k(lua_State *L, int status, lua_KContext ctx)
{
    return work(L, true, status == LUA_YIELD ? LUA_OK : status, (size_t)ctx);
}

/* l_worker: a task's body: fetches URLs until none is left to start. */
static int l_worker(lua_State *L)
{
    lua_settop(L, 0);
    return work(L, false, LUA_OK, 0);
}

/* Stack slots of fetch_all, after its checks. */
enum { URLS_IDX = 1, LIMIT_IDX, OPTS_IDX, RESULTS_IDX, JOB_IDX };

/* fetch_k: fetch_all after gather: every worker has returned. */
static int fetch_k(lua_State *L, int status, lua_KContext ctx)
{
    const struct job *job = lua_touserdata(L, JOB_IDX);
    (void)status;
    (void)ctx;
    if (!async_fetcher_done(&job->f))
        return luaL_error(L, "async-fetcher: the workers ended with URLs unfinished");
    lua_pushvalue(L, RESULTS_IDX);
    return 1;
}

/* l_fetch_all: fetch_all(urls, limit [, opts]) -> results. urls: a list
 * (read as ipairs would, up to the first nil); limit: an integer >= 1;
 * opts: passed to every async.http_get as it is. Must run in a task (under
 * async.run) unless the list is empty. results[i] is { ok = true, status,
 * body } or { ok = false, error = <the error's kind, or its text> }. Raises
 * "bad argument #1/#2 ..." for bad arguments, and the cancellation when
 * the calling task is cancelled. */
static int l_fetch_all(lua_State *L)
{
    lua_Integer limit;
    size_t n = 0, workers;
    struct job *job;

    luaL_checktype(L, URLS_IDX, LUA_TTABLE);
    if (!lua_isinteger(L, LIMIT_IDX) || lua_tointeger(L, LIMIT_IDX) < 1) {
        int t = lua_type(L, LIMIT_IDX);
        const char *got = t == LUA_TNUMBER ? luaL_tolstring(L, LIMIT_IDX, NULL) : luaL_typename(L, LIMIT_IDX);
        return luaL_argerror(L, LIMIT_IDX, lua_pushfstring(L, "integer >= 1 expected, got %s", got));
    }
    limit = lua_tointeger(L, LIMIT_IDX);
    lua_settop(L, OPTS_IDX);
    while (lua_geti(L, URLS_IDX, (lua_Integer)n + 1) != LUA_TNIL) {
        lua_pop(L, 1);
        n++;
    }
    lua_pop(L, 1);
    lua_createtable(L, n > INT32_MAX ? 0 : (int)n, 0); /* RESULTS_IDX */
    if (n == 0)
        return 1;
    if (n > (SIZE_MAX - sizeof *job) / sizeof job->items[0])
        return luaL_error(L, "too many URLs");
    job = lua_newuserdatauv(L, sizeof *job + n * sizeof job->items[0], 0); /* JOB_IDX */
    workers = (lua_Unsigned)limit < n ? (size_t)limit : n;
    if (async_fetcher_init(&job->f, job->items, n, workers) != 0)
        return luaL_error(L, "async-fetcher: bad dispatcher"); /* can't happen: n, workers >= 1 */
    if (workers > INT32_MAX)
        return luaL_error(L, "too many workers");
    luaL_checkstack(L, (int)workers + 2, "too many workers");

    lua_getfield(L, lua_upvalueindex(1), "gather");
    lua_pushvalue(L, JOB_IDX);
    lua_pushvalue(L, URLS_IDX);
    lua_pushvalue(L, OPTS_IDX);
    lua_pushvalue(L, RESULTS_IDX);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_pushcclosure(L, l_worker, 5);
    for (size_t i = 1; i < workers; i++)
        lua_pushvalue(L, -1); /* gather spawns each copy as a task */
    lua_callk(L, (int)workers, 0, 0, fetch_k);
    return fetch_k(L, LUA_OK, 0);
}

/* push_async: [-0, +1, e] dojo's async module, the very instance the spec
 * and the event loop use: package.loaded.async, or loaded now from
 * package.preload.async (as dojo's sandbox does) and recorded there. */
static void push_async(lua_State *L)
{
    luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
    if (lua_getfield(L, -1, "async") == LUA_TNIL) {
        lua_pop(L, 1);
        luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);
        if (lua_getfield(L, -1, "async") == LUA_TNIL)
            luaL_error(L, "async-fetcher needs dojo's async module");
        lua_remove(L, -2);
        lua_pushliteral(L, "async");
        lua_call(L, 1, 1);
        lua_pushvalue(L, -1);
        lua_setfield(L, -3, "async");
    }
    lua_remove(L, -2);
}

/* luaopen_async_fetcher: the module's loader: { fetch_all = function },
 * with dojo's async module as fetch_all's upvalue. */
int luaopen_async_fetcher(lua_State *L)
{
    lua_createtable(L, 0, 1);
    push_async(L);
    lua_pushcclosure(L, l_fetch_all, 1);
    lua_setfield(L, -2, "fetch_all");
    return 1;
}
