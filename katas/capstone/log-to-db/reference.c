/* reference.c: the `log-to-db` capstone: a big log streamed into a
 * database. records(source) and batches(iter, n) are generators,
 * authorized(allowed)(fn) a decorator that refuses records, and
 * with_connection(open, body) a context manager that always closes the
 * connection; write_batches(conn, batches, limit) writes with `limit` async
 * tasks; run(opts) plugs them together.
 * Idioms (part 1, no Lua; tests/test_log_to_db.c), one per earlier kata:
 * - the streaming line splitter of katas/generators/log-pipeline, reused
 *   as it is, and a one-pass parser: memory is one chunk plus one line;
 * - a fixed pool of writers over one shared source (the dispatcher of
 *   katas/async/async-fetcher): the pool, not the number of batches,
 *   bounds both concurrency and memory;
 * - a guard that closes a resource exactly once, whatever the path out:
 *   goto-cleanup in C, `<close>` or pcall-then-close in Lua, Python's
 *   `with` (PEP 343, https://peps.python.org/pep-0343/).
 * Binding (luaopen_log_to_db): generators are C closures keeping their
 * state in upvalues; every call that may wait (the body of
 * with_connection, async.gather, conn:write) is a lua_callk/lua_pcallk
 * with a continuation, Lua 5.4 manual sec. 4.5 "Handling Yields in C"
 * (https://www.lua.org/manual/5.4/manual.html#4.5). The source, allowed,
 * process and the batches' iterator are called with plain lua_call: they
 * must not yield (a file is read, not awaited). */

#include "reference.h"

#include "../../generators/log-pipeline/reference.h"

#include <ctype.h>

#include <lauxlib.h>
#include <lua.h>

/* ------------------------------------------------------------------------
 * Part 1: the core.
 * ------------------------------------------------------------------------ */

/* word: the length of the run of non-space bytes at line[at...]. */
static size_t word(const char *line, size_t len, size_t at)
{
    size_t n = 0;

    while (at + n < len && !isspace((unsigned char)line[at + n]))
        n++;
    return n;
}

bool log_to_db_parse(const char *line, size_t len, struct log_to_db_record *rec)
{
    size_t at = 0;

    rec->user = (struct log_to_db_field){line, word(line, len, 0)};
    at = rec->user.len;
    if (rec->user.len == 0 || at >= len || line[at] != ' ')
        return false;
    at++;
    rec->action = (struct log_to_db_field){line + at, word(line, len, at)};
    at += rec->action.len;
    if (rec->action.len == 0)
        return false;
    if (at == len) {
        rec->payload = (struct log_to_db_field){line + at, 0};
        return true;
    }
    if (line[at] != ' ') /* the action ran into a tab, say */
        return false;
    rec->payload = (struct log_to_db_field){line + at + 1, len - at - 1};
    return true;
}

int log_to_db_pool_init(struct log_to_db_pool *p, size_t limit)
{
    if (limit == 0)
        return -1;
    *p = (struct log_to_db_pool){limit, 0, 0, 0, 0, false};
    return 0;
}

bool log_to_db_pool_take(const struct log_to_db_pool *p)
{
    return !p->ended;
}

void log_to_db_pool_end(struct log_to_db_pool *p)
{
    p->ended = true;
}

int log_to_db_pool_begin(struct log_to_db_pool *p)
{
    if (p->running >= p->limit)
        return -1;
    p->running++;
    if (p->running > p->max_running)
        p->max_running = p->running;
    return 0;
}

int log_to_db_pool_done(struct log_to_db_pool *p, size_t items)
{
    if (p->running == 0)
        return -1;
    p->running--;
    p->batches++;
    p->items += items;
    return 0;
}

void log_to_db_guard_opened(struct log_to_db_guard *g)
{
    g->state = LOG_TO_DB_OPEN;
}

bool log_to_db_guard_close(struct log_to_db_guard *g)
{
    bool was_open = g->state == LOG_TO_DB_OPEN;

    if (g->state != LOG_TO_DB_UNOPENED)
        g->state = LOG_TO_DB_CLOSED;
    return was_open;
}

/* ------------------------------------------------------------------------
 * Part 2: the Lua binding.
 *
 * Every function of the module is here in C, as the Lua solution has it:
 *   records    a C closure over a userdata splitter (its carry buffer from
 *              Lua's allocator, freed by __gc; source and current chunk
 *              as user values)
 *   batches    a C closure over (iter, size, ended)
 *   authorized a C closure over allowed, making wrappers over (allowed,
 *              fn); a refusal is a table with the Unauthorized metatable
 *   with_connection  open(), body(conn) under lua_pcallk, conn:close()
 *              in the continuation, then the results or the error again
 *   write_batches    `limit` worker closures given to async.gather; each
 *              loops: take a batch, conn:write(batch) under lua_callk
 *   run        the composition, with a rows generator that counts
 *              refusals in a shared userdata
 * The garbage collector owns everything; nothing is malloc'ed but the
 * splitter's carry, which __gc frees.
 * ------------------------------------------------------------------------ */

#define SPLITTER_MT "dojo.kata.log_to_db.splitter"
#define UNAUTHORIZED_MT "dojo.kata.log_to_db.unauthorized"
#define CHUNK 65536

enum { UV_SOURCE = 1, UV_CHUNK };

struct lines {
    struct log_pipeline_splitter s;
    bool source_ended;
};

static int l_splitter_gc(lua_State *L)
{
    struct lines *ln = luaL_checkudata(L, 1, SPLITTER_MT);

    log_pipeline_splitter_free(&ln->s);
    return 0;
}

static void push_field(lua_State *L, struct log_to_db_field f, const char *name)
{
    lua_pushlstring(L, f.start, f.len);
    lua_setfield(L, -2, name);
}

/* the records iterator: the next record, or nothing at the end. */
static int l_records_next(lua_State *L)
{
    struct lines *ln = lua_touserdata(L, lua_upvalueindex(1));

    for (;;) {
        const char *line;
        size_t len;
        struct log_to_db_record rec;

        switch (log_pipeline_splitter_next(&ln->s, &line, &len)) {
        case LOG_PIPELINE_LINE:
            if (!log_to_db_parse(line, len, &rec))
                continue;
            lua_createtable(L, 0, 3);
            push_field(L, rec.user, "user");
            push_field(L, rec.action, "action");
            push_field(L, rec.payload, "payload");
            return 1;
        case LOG_PIPELINE_NEED_MORE:
            if (ln->source_ended) {
                log_pipeline_splitter_end(&ln->s);
                continue;
            }
            lua_getiuservalue(L, lua_upvalueindex(1), UV_SOURCE);
            lua_getfield(L, -1, "read");
            lua_insert(L, -2);
            lua_pushinteger(L, CHUNK);
            lua_call(L, 2, 1); /* source:read(65536) */
            if (lua_isnil(L, -1)) {
                ln->source_ended = true;
            } else {
                size_t n;
                const char *chunk = luaL_checklstring(L, -1, &n);

                lua_pushvalue(L, -1);
                lua_setiuservalue(L, lua_upvalueindex(1), UV_CHUNK); /* kept alive */
                log_pipeline_splitter_feed(&ln->s, chunk, n);
            }
            lua_pop(L, 1);
            continue;
        case LOG_PIPELINE_END:
            return 0;
        case LOG_PIPELINE_NOMEM:
        default:
            return luaL_error(L, "not enough memory");
        }
    }
}

/* records(source) -> iterator of { user, action, payload } */
static int l_records(lua_State *L)
{
    struct lines *ln;
    void *ud;
    lua_Alloc alloc = lua_getallocf(L, &ud);

    luaL_checkany(L, 1);
    ln = lua_newuserdatauv(L, sizeof *ln, 2);
    log_pipeline_splitter_init(&ln->s, alloc, ud);
    ln->source_ended = false;
    luaL_setmetatable(L, SPLITTER_MT);
    lua_pushvalue(L, 1);
    lua_setiuservalue(L, -2, UV_SOURCE);
    lua_pushcclosure(L, l_records_next, 1);
    return 1;
}

/* the batches iterator; upvalues: iter, size, ended. */
static int l_batches_next(lua_State *L)
{
    lua_Integer size = lua_tointeger(L, lua_upvalueindex(2)), n = 0;

    if (lua_toboolean(L, lua_upvalueindex(3)))
        return 0;
    lua_createtable(L, (int)(size < 1024 ? size : 1024), 0);
    while (n < size) {
        lua_pushvalue(L, lua_upvalueindex(1));
        lua_call(L, 0, 1);
        if (lua_isnil(L, -1)) {
            lua_pushboolean(L, 1);
            lua_replace(L, lua_upvalueindex(3)); /* never ask iter again */
            lua_pop(L, 1);
            break;
        }
        lua_rawseti(L, -2, ++n);
    }
    return n > 0 ? 1 : 0;
}

/* batches(iter, size) -> iterator of lists of up to size items */
static int l_batches(lua_State *L)
{
    luaL_checkany(L, 1);
    if (luaL_checkinteger(L, 2) < 1)
        return luaL_argerror(L, 2, "size >= 1 expected");
    lua_settop(L, 2);
    lua_pushboolean(L, 0);
    lua_pushcclosure(L, l_batches_next, 3);
    return 1;
}

static int wrapper_k(lua_State *L, int status, lua_KContext ctx)
{
    (void)status;
    (void)ctx;
    return lua_gettop(L); /* fn's results: the whole stack */
}

/* the authorized wrapper; upvalues: allowed, fn. */
static int l_authorized_call(lua_State *L)
{
    int n = lua_gettop(L);

    lua_pushvalue(L, lua_upvalueindex(1));
    lua_pushvalue(L, 1);
    lua_call(L, 1, 1); /* allowed(record) */
    if (!lua_toboolean(L, -1)) {
        lua_createtable(L, 0, 1);
        if (lua_type(L, 1) == LUA_TTABLE) {
            lua_getfield(L, 1, "user");
            lua_setfield(L, -2, "user");
        }
        luaL_setmetatable(L, UNAUTHORIZED_MT);
        return lua_error(L);
    }
    lua_pop(L, 1);
    lua_pushvalue(L, lua_upvalueindex(2));
    lua_insert(L, 1);
    lua_callk(L, n, LUA_MULTRET, 0, wrapper_k); /* fn may yield */
    return wrapper_k(L, LUA_OK, 0);
}

/* the decorator made by authorized(allowed); upvalue: allowed. */
static int l_authorized_decorate(lua_State *L)
{
    luaL_checkany(L, 1);
    lua_settop(L, 1);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_pushcclosure(L, l_authorized_call, 2);
    return 1;
}

/* authorized(allowed) -> decorator */
static int l_authorized(lua_State *L)
{
    luaL_checkany(L, 1);
    lua_settop(L, 1);
    lua_pushcclosure(L, l_authorized_decorate, 1);
    return 1;
}

static int l_unauthorized_tostring(lua_State *L)
{
    lua_getfield(L, 1, "user");
    lua_pushfstring(L, "unauthorized: user '%s'", luaL_tolstring(L, -1, NULL));
    return 1;
}

/* is_unauthorized: is the value at idx an Unauthorized error? [-0, +0, -] */
static bool unauthorized_at(lua_State *L, int idx)
{
    bool yes;

    if (lua_type(L, idx) != LUA_TTABLE || !lua_getmetatable(L, idx))
        return false;
    luaL_getmetatable(L, UNAUTHORIZED_MT);
    yes = lua_rawequal(L, -1, -2);
    lua_pop(L, 2);
    return yes;
}

static int l_is_unauthorized(lua_State *L)
{
    lua_pushboolean(L, unauthorized_at(L, 1));
    return 1;
}

/* with_connection: index 1 open, 2 body, 3 conn, 4 the guard; body's
 * outcome from 5 up. The continuation closes, then passes the outcome on. */
static int with_k(lua_State *L, int status, lua_KContext ctx)
{
    struct log_to_db_guard *g = lua_touserdata(L, 4);

    (void)ctx;
    if (log_to_db_guard_close(g)) {
        lua_getfield(L, 3, "close");
        lua_pushvalue(L, 3);
        lua_call(L, 1, 0); /* conn:close(); an error here replaces body's */
    }
    if (status != LUA_OK && status != LUA_YIELD)
        return lua_error(L); /* body's error, untouched, is on top */
    return lua_gettop(L) - 4;
}

/* with_connection(open, body) -> body(conn)'s results */
static int l_with_connection(lua_State *L)
{
    struct log_to_db_guard *g;
    int status;

    lua_settop(L, 2);
    lua_pushvalue(L, 1);
    lua_call(L, 0, 1); /* 3: conn = open(); an error here: nothing to close */
    g = lua_newuserdatauv(L, sizeof *g, 0); /* 4 */
    g->state = LOG_TO_DB_UNOPENED;
    log_to_db_guard_opened(g);
    lua_pushvalue(L, 2);
    lua_pushvalue(L, 3);
    status = lua_pcallk(L, 1, LUA_MULTRET, 0, 0, with_k);
    return with_k(L, status, 0);
}

/* push_async: [-0, +1, e] dojo's async module, the instance the spec and
 * the event loop use (as in katas/async/async-fetcher/reference.c). */
static void push_async(lua_State *L)
{
    luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
    if (lua_getfield(L, -1, "async") == LUA_TNIL) {
        lua_pop(L, 1);
        luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);
        if (lua_getfield(L, -1, "async") == LUA_TNIL)
            luaL_error(L, "log-to-db needs dojo's async module");
        lua_remove(L, -2);
        lua_pushliteral(L, "async");
        lua_call(L, 1, 1);
        lua_pushvalue(L, -1);
        lua_setfield(L, -3, "async");
    }
    lua_remove(L, -2);
}

/* Upvalues of a writer task. */
enum { UP_POOL = 1, UP_CONN, UP_BATCHES };

static int writer_k(lua_State *L, int status, lua_KContext ctx);

/* work: the writer's loop. `items` > 0 when a write of that many items has
 * just ended. Returns when the source has ended. */
static int work(lua_State *L, size_t items)
{
    struct log_to_db_pool *p = lua_touserdata(L, lua_upvalueindex(UP_POOL));

    if (items > 0 && log_to_db_pool_done(p, items) != 0)
        return luaL_error(L, "log-to-db: a write ended that never began");
    while (log_to_db_pool_take(p)) {
        lua_settop(L, 0);
        lua_pushvalue(L, lua_upvalueindex(UP_BATCHES));
        lua_call(L, 0, 1); /* the next batch */
        if (lua_isnil(L, 1)) {
            log_to_db_pool_end(p); /* no writer asks again */
            break;
        }
        items = (size_t)lua_rawlen(L, 1);
        if (log_to_db_pool_begin(p) != 0)
            return luaL_error(L, "log-to-db: more writers than the limit");
        lua_getfield(L, lua_upvalueindex(UP_CONN), "write");
        lua_pushvalue(L, lua_upvalueindex(UP_CONN));
        lua_pushvalue(L, 1);
        lua_callk(L, 2, 0, (lua_KContext)items, writer_k); /* conn:write(batch) */
        if (log_to_db_pool_done(p, items) != 0)
            return luaL_error(L, "log-to-db: a write ended that never began");
    }
    return 0;
}

static int writer_k(lua_State *L, int status, lua_KContext ctx)
{
    (void)status;
    return work(L, (size_t)ctx);
}

static int l_writer(lua_State *L)
{
    return work(L, 0);
}

/* write_batches' continuation: index 4 is the pool. */
static int write_k(lua_State *L, int status, lua_KContext ctx)
{
    struct log_to_db_pool *p = lua_touserdata(L, 4);

    (void)status;
    (void)ctx;
    lua_pushinteger(L, (lua_Integer)p->batches);
    lua_pushinteger(L, (lua_Integer)p->items);
    return 2;
}

/* write_batches(conn, batches, limit) -> batches written, items written */
static int l_write_batches(lua_State *L)
{
    struct log_to_db_pool *p;
    lua_Integer limit;
    int isnum;

    limit = lua_tointegerx(L, 3, &isnum);
    if (!isnum || lua_type(L, 3) != LUA_TNUMBER || limit < 1)
        return luaL_error(L, "bad argument #3 to 'write_batches' (integer >= 1 expected)");
    if (limit > 1000)
        return luaL_error(L, "bad argument #3 to 'write_batches' (at most 1000 writers)");
    lua_settop(L, 3);
    p = lua_newuserdatauv(L, sizeof *p, 0); /* 4 */
    log_to_db_pool_init(p, (size_t)limit);
    luaL_checkstack(L, (int)limit + 4, "too many writers");
    lua_getfield(L, lua_upvalueindex(1), "gather");
    for (lua_Integer i = 0; i < limit; i++) {
        lua_pushvalue(L, 4);
        lua_pushvalue(L, 1);
        lua_pushvalue(L, 2);
        lua_pushcclosure(L, l_writer, 3); /* gather spawns each as a task */
    }
    lua_callk(L, (int)limit, 0, 0, write_k);
    return write_k(L, LUA_OK, 0);
}

/* run's shared state: the refusals counted by the rows generator. */
struct run_state {
    lua_Integer refused;
    bool ended;
};

/* the rows iterator; upvalues: state, records iterator, step. */
static int l_rows_next(lua_State *L)
{
    struct run_state *st = lua_touserdata(L, lua_upvalueindex(1));

    while (!st->ended) {
        lua_settop(L, 0);
        lua_pushvalue(L, lua_upvalueindex(2));
        lua_call(L, 0, 1); /* the next record */
        if (lua_isnil(L, 1)) {
            st->ended = true;
            break;
        }
        lua_pushvalue(L, lua_upvalueindex(3));
        lua_insert(L, 1);
        if (lua_pcall(L, 1, 1, 0) == LUA_OK)
            return 1; /* the row */
        if (!unauthorized_at(L, -1))
            return lua_error(L); /* any other error, untouched */
        st->refused++;
    }
    return 0;
}

/* run's body(conn); upvalues: write_batches, batches, concurrency, state.
 * Its continuation builds the report from write_batches' two results. */
static int body_k(lua_State *L, int status, lua_KContext ctx)
{
    struct run_state *st = lua_touserdata(L, lua_upvalueindex(4));
    lua_Integer batches = lua_tointeger(L, -2), written = lua_tointeger(L, -1);

    (void)status;
    (void)ctx;
    lua_createtable(L, 0, 3);
    lua_pushinteger(L, batches);
    lua_setfield(L, -2, "batches");
    lua_pushinteger(L, written);
    lua_setfield(L, -2, "written");
    lua_pushinteger(L, st->refused);
    lua_setfield(L, -2, "refused");
    return 1;
}

static int l_run_body(lua_State *L)
{
    lua_settop(L, 1);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_pushvalue(L, 1);
    lua_pushvalue(L, lua_upvalueindex(2));
    lua_pushvalue(L, lua_upvalueindex(3));
    lua_callk(L, 3, 2, 0, body_k); /* write_batches(conn, batches, n) */
    return body_k(L, LUA_OK, 0);
}

static int run_k(lua_State *L, int status, lua_KContext ctx)
{
    (void)status;
    (void)ctx;
    return 1; /* with_connection's one result: the report */
}

/* run(opts) -> { batches, written, refused } */
static int l_run(lua_State *L)
{
    struct run_state *st;

    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 1);
    st = lua_newuserdatauv(L, sizeof *st, 0); /* 2 */
    *st = (struct run_state){0, false};
    lua_pushcfunction(L, l_with_connection); /* 3 */
    lua_getfield(L, 1, "open");              /* 4 */
    /* rows: records(opts.source) | authorized(opts.allowed)(opts.process) */
    lua_pushvalue(L, lua_upvalueindex(1)); /* write_batches */
    lua_pushcfunction(L, l_batches);
    lua_pushvalue(L, 2);
    lua_pushcfunction(L, l_records);
    lua_getfield(L, 1, "source");
    lua_call(L, 1, 1);
    lua_getfield(L, 1, "allowed");
    lua_getfield(L, 1, "process");
    lua_pushcclosure(L, l_authorized_call, 2); /* the step */
    lua_pushcclosure(L, l_rows_next, 3);       /* rows */
    lua_getfield(L, 1, "batch_size");
    lua_call(L, 2, 1); /* batches(rows, batch_size) */
    lua_getfield(L, 1, "concurrency");
    lua_pushvalue(L, 2);
    lua_pushcclosure(L, l_run_body, 4); /* 5: the body */
    lua_callk(L, 2, 1, 0, run_k);       /* with_connection(open, body) */
    return run_k(L, LUA_OK, 0);
}

/* luaopen_log_to_db: the module; write_batches and run hold dojo's async
 * module as an upvalue (run through write_batches). */
int luaopen_log_to_db(lua_State *L)
{
    static const luaL_Reg plain[] = {
        {"records", l_records},
        {"batches", l_batches},
        {"authorized", l_authorized},
        {"is_unauthorized", l_is_unauthorized},
        {"with_connection", l_with_connection},
        {NULL, NULL},
    };

    if (luaL_newmetatable(L, SPLITTER_MT)) {
        lua_pushcfunction(L, l_splitter_gc);
        lua_setfield(L, -2, "__gc");
    }
    if (luaL_newmetatable(L, UNAUTHORIZED_MT)) {
        lua_pushcfunction(L, l_unauthorized_tostring);
        lua_setfield(L, -2, "__tostring");
    }
    lua_pop(L, 2);
    luaL_newlib(L, plain);
    push_async(L);
    lua_pushcclosure(L, l_write_batches, 1);
    lua_pushvalue(L, -1);
    lua_setfield(L, -3, "write_batches");
    lua_pushcclosure(L, l_run, 1); /* over write_batches */
    lua_setfield(L, -2, "run");
    return 1;
}
