/* reference.c: the `url-batches` kata: url_batches(fetch_page, pages, n)
 * yields lists of at most n URLs, fetching pages only as batches need them.
 * Idiom (part 1, no Lua; tests/test_url_batches.c): an explicit state
 * machine standing in for a coroutine's locals and place: it only counts
 * (page, index, filled) and url_batches_next answers "what next?" with an
 * instruction (FETCH, TAKE, EMIT, END) for the caller to carry out. It
 * does no I/O, so it is testable with page sizes alone: the sans-I/O style
 * (https://sans-io.readthedocs.io/). Keeping the resume point as data is
 * the idea of Simon Tatham, "Coroutines in C" (2000,
 * https://www.chiark.greenend.org.uk/~sgtatham/coroutines.html).
 * Binding (luaopen_url_batches): the generator is a C closure over a
 * userdata (the struct; user values: fetch_page, page, batch). fetch_page
 * is called with lua_callk and resumed in generator_k, so it may yield:
 * Lua 5.4 manual sec. 4.5 "Handling Yields in C"
 * (https://www.lua.org/manual/5.4/manual.html#4.5). */

#include "reference.h"

#include <assert.h>
#include <stdint.h>

#include <lauxlib.h>
#include <lua.h>

/* ------------------------------------------------------------------------
 * Part 1: the core.
 *
 * A Lua solution is a loop inside a coroutine:
 *
 *     for page = 1, total_pages do
 *       for _, url in ipairs(fetch_page(page)) do
 *         batch[#batch + 1] = url
 *         if #batch == batch_size then coroutine.yield(batch); batch = {} end
 *       end
 *     end
 *     if #batch > 0 then coroutine.yield(batch) end
 *
 * Between two yields the coroutine remembers, without being asked, which
 * page it is on, how far into that page it got, and how full the batch is:
 * they are its locals and its place in the code. C has no coroutines, so
 * here that memory is a struct, and "its place in the code" becomes the
 * question url_batches_next() answers each time: given the state, what is
 * the next thing to do? The answer is a small instruction (fetch, take,
 * emit, end) for the caller, who holds the actual pages and batches. The
 * machine only counts, so it can be tested with page sizes alone.
 * ------------------------------------------------------------------------ */

/* url_batches_init: ready to batch pages 1 .. total_pages. Can't fail.
 * Full contract in reference.h. */
void url_batches_init(struct url_batches *ub, long long total_pages, size_t batch_size)
{
    assert(ub != NULL);
    assert(total_pages >= 0);
    assert(batch_size >= 1);
    ub->total_pages = total_pages;
    ub->next_page = 1;
    ub->batch_size = batch_size;
    ub->page_len = 0;
    ub->index = 0;
    ub->filled = 0;
    ub->state = URL_BATCHES_READY;
}

/* url_batches_next: the next instruction, in this order: emit a full
 * batch, take URLs, fetch a page, emit the short last batch, end. Can't
 * fail. Full contract in reference.h. */
void url_batches_next(struct url_batches *ub, struct url_batches_step *step)
{
    size_t left, room;

    assert(ub != NULL && step != NULL);
    if (ub->state == URL_BATCHES_FETCHING)
        ub->state = URL_BATCHES_DONE; /* the page never came: the fetch failed */
    if (ub->state == URL_BATCHES_DONE) {
        step->action = URL_BATCHES_END;
        return;
    }
    if (ub->filled == ub->batch_size) { /* full: hand it out before anything else */
        ub->filled = 0;
        step->action = URL_BATCHES_EMIT;
        return;
    }
    if (ub->index < ub->page_len) { /* URLs left on this page: as many as fit */
        left = ub->page_len - ub->index;
        room = ub->batch_size - ub->filled;
        step->action = URL_BATCHES_TAKE;
        step->first = ub->index;
        step->count = left < room ? left : room;
        step->at = ub->filled;
        ub->index += step->count;
        ub->filled += step->count;
        return;
    }
    if (ub->next_page <= ub->total_pages) { /* the batch needs another page */
        step->action = URL_BATCHES_FETCH;
        step->page = ub->next_page++;
        ub->state = URL_BATCHES_FETCHING;
        return;
    }
    ub->state = URL_BATCHES_DONE; /* out of pages: the short batch, if any, then the end */
    if (ub->filled > 0) {
        ub->filled = 0;
        step->action = URL_BATCHES_EMIT;
        return;
    }
    step->action = URL_BATCHES_END;
}

/* url_batches_loaded: the page asked for holds `urls` URLs. Returns false
 * when no page was awaited. Can't fail. */
bool url_batches_loaded(struct url_batches *ub, size_t urls)
{
    assert(ub != NULL);
    if (ub->state != URL_BATCHES_FETCHING)
        return false;
    ub->page_len = urls;
    ub->index = 0;
    ub->state = URL_BATCHES_READY;
    return true;
}

/* ------------------------------------------------------------------------
 * Part 2: the Lua binding.
 *
 *   url_batches(fetch_page, total_pages, batch_size)
 *       checks its arguments (at once, not at the first batch), makes a
 *       full userdata holding a struct url_batches, and returns the
 *       generator: a C closure with that userdata as its one upvalue.
 *   generator()
 *       runs the machine until it says EMIT (returns the batch) or END
 *       (returns nil), doing each FETCH and TAKE on the way.
 *
 * The struct only counts. The Lua values it counts live beside it, in the
 * userdata's user values: fetch_page, the current page (the table
 * fetch_page returned) and the batch being built. Everything belongs to
 * Lua's garbage collector, and nothing here mallocs, so an error anywhere
 * (from fetch_page, or ours) unwinds past us without leaking.
 *
 * fetch_page may yield, say when the generator runs inside a coroutine and
 * fetch_page waits for the network through an event loop. A plain lua_call
 * would then fail with "attempt to yield across a C-call boundary", so it
 * is a lua_callk whose continuation, generator_k, carries on where the call
 * left off when the coroutine is resumed.
 *
 * No pcall is needed to notice a failed fetch: the machine is FETCHING
 * until the page arrives, so if fetch_page raised (or returned a non-table),
 * the next call finds it still FETCHING and url_batches_next() ends it.
 * That is the kata's "finished after an error".
 * ------------------------------------------------------------------------ */

/* The user values of the state userdata. */
enum { UV_FETCH = 1, UV_PAGE, UV_BATCH, UV_COUNT = UV_BATCH };

/* The generator's one upvalue: the state userdata. The lua_*iuservalue
 * functions accept this pseudo-index directly. */
#define STATE lua_upvalueindex(1)

/* A new batch table is preallocated for at most this many URLs, so that a
 * huge batch_size does not reserve memory that is never filled. */
#define PREALLOC_MAX 1024

static int generator_k(lua_State *L, int status, lua_KContext ctx);

/* page_arrived: [-1, +0, e] fetch_page's result is on the top of the
 * stack: checks it is a table, tells the machine how many URLs it holds and
 * keeps it as the current page. Raises (leaving the machine FETCHING, so it
 * ends on the next call) if it is not a table. */
static void page_arrived(lua_State *L, struct url_batches *ub)
{
    if (!lua_istable(L, -1))
        luaL_error(L, "fetch_page(%I) returned %s, not a table of URLs",
                   (lua_Integer)(ub->next_page - 1), luaL_typename(L, -1));
    if (url_batches_loaded(ub, lua_rawlen(L, -1)))
        lua_setiuservalue(L, STATE, UV_PAGE);
    else
        lua_pop(L, 1); /* finished while fetch_page was suspended */
}

/* take: [-0, +0, m] copies step->count URLs of the current page, from
 * step->first, into the batch being built (made here if there is none
 * yet), from step->at. Indexes are 0-based in the step, 1-based in Lua. */
static void take(lua_State *L, const struct url_batches *ub, const struct url_batches_step *step)
{
    size_t i;

    if (lua_getiuservalue(L, STATE, UV_BATCH) == LUA_TNIL) {
        lua_pop(L, 1);
        lua_createtable(L, (int)(ub->batch_size < PREALLOC_MAX ? ub->batch_size : PREALLOC_MAX), 0);
        lua_pushvalue(L, -1);
        lua_setiuservalue(L, STATE, UV_BATCH);
    }
    lua_getiuservalue(L, STATE, UV_PAGE); /* batch, page */
    for (i = 0; i < step->count; i++) {
        lua_rawgeti(L, -1, (lua_Integer)(step->first + i + 1));
        lua_rawseti(L, -3, (lua_Integer)(step->at + i + 1));
    }
    lua_pop(L, 2);
}

/* release: [-0, +0, -] the machine has ended: drops fetch_page, the page
 * and any batch, so the garbage collector can have them. */
static void release(lua_State *L)
{
    int uv;

    for (uv = 1; uv <= UV_COUNT; uv++) {
        lua_pushnil(L);
        lua_setiuservalue(L, STATE, uv);
    }
}

/* pump: runs the machine until it has something to return: the next batch,
 * or nil at the end. Called with an empty stack. */
static int pump(lua_State *L)
{
    struct url_batches *ub = lua_touserdata(L, STATE);
    struct url_batches_step step;

    for (;;) {
        url_batches_next(ub, &step);
        switch (step.action) {
        case URL_BATCHES_FETCH:
            lua_getiuservalue(L, STATE, UV_FETCH);
            lua_pushinteger(L, (lua_Integer)step.page);
            lua_callk(L, 1, 1, 0, generator_k);
            page_arrived(L, ub);
            break;
        case URL_BATCHES_TAKE:
            take(L, ub, &step);
            break;
        case URL_BATCHES_EMIT:
            lua_getiuservalue(L, STATE, UV_BATCH); /* the batch is the caller's now */
            lua_pushnil(L);
            lua_setiuservalue(L, STATE, UV_BATCH);
            return 1;
        case URL_BATCHES_END:
            release(L);
            lua_pushnil(L);
            return 1;
        }
    }
}

/* generator_k: the continuation of fetch_page's lua_callk, run in place of
 * returning into pump when fetch_page yielded and the coroutine was resumed.
 * `status` is LUA_YIELD: errors never reach a continuation. The stack holds
 * fetch_page's one result, as it would after lua_callk returned. */
static int generator_k(lua_State *L, int status, lua_KContext ctx)
{
    (void)status;
    (void)ctx;
    page_arrived(L, lua_touserdata(L, STATE));
    return pump(L);
}

/* l_generator: generator() -> the next batch (a new table of at most
 * batch_size URLs), or nil when there are no more, after the end or after
 * an error. Arguments are ignored (a generic for passes two). */
static int l_generator(lua_State *L)
{
    lua_settop(L, 0);
    return pump(L);
}

/* check_count: [-0, +0, v] argument `arg` as an integer >= least; raises a
 * "bad argument" error naming `what` for anything else, numeric strings,
 * fractions, NaN and infinities included. Values beyond SIZE_MAX come back
 * as SIZE_MAX (no table holds that many URLs anyway). */
static long long check_count(lua_State *L, int arg, lua_Integer least, const char *what)
{
    int ok = 0;
    lua_Integer n = 0;

    if (lua_type(L, arg) != LUA_TNUMBER)
        luaL_typeerror(L, arg, what);
    n = lua_tointegerx(L, arg, &ok);
    if (!ok || n < least) {
        const char *got = luaL_tolstring(L, arg, NULL);
        luaL_argerror(L, arg, lua_pushfstring(L, "%s expected, got %s", what, got));
    }
    return (long long)n;
}

/* l_url_batches: url_batches(fetch_page, total_pages, batch_size) ->
 * generator. Fetches nothing. Raises "bad argument #1/#2/#3 ..." at once
 * for a fetch_page that is not a function, a total_pages that is not an
 * integer >= 0 or a batch_size that is not an integer >= 1. */
static int l_url_batches(lua_State *L)
{
    struct url_batches *ub;
    long long total, size;

    luaL_checktype(L, 1, LUA_TFUNCTION);
    total = check_count(L, 2, 0, "non-negative integer");
    size = check_count(L, 3, 1, "positive integer");
    ub = lua_newuserdatauv(L, sizeof *ub, UV_COUNT);
    url_batches_init(ub, total, (unsigned long long)size > SIZE_MAX ? SIZE_MAX : (size_t)size);
    lua_pushvalue(L, 1);
    lua_setiuservalue(L, -2, UV_FETCH);
    lua_pushcclosure(L, l_generator, 1);
    return 1;
}

/* luaopen_url_batches: the module's loader. require("url_batches") returns
 * the function `url_batches` itself, as the kata's spec expects. */
int luaopen_url_batches(lua_State *L)
{
    lua_pushcfunction(L, l_url_batches);
    return 1;
}
