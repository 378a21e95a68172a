/* reference.c: the `log-pipeline` kata: lines | filter | parse |
 * errors_per_service, a streaming pipeline of generators in the style of
 * David Beazley, "Generator Tricks for Systems Programmers" (PyCon 2008,
 * http://www.dabeaz.com/generators/).
 * Idiom (part 1, no Lua; tests/test_log_pipeline.c): an incremental line
 * splitter, a state machine that is fed chunks and answers LINE, NEED_MORE
 * or END. Lines are cut in place; only a line straddling chunks is copied
 * to a carry buffer, so memory is one chunk plus the longest line. Its
 * allocator has lua_Alloc's contract. Plus a pure one-line log parser.
 * Binding (luaopen_log_pipeline): each stage is a C closure running one
 * turn of its loop per call, its state in upvalues (for lines, a userdata
 * with __gc, the source and current chunk as user values). Every call back
 * into Lua is a lua_callk with the stage's continuation, so sources may
 * yield: Lua 5.4 manual sec. 4.5 "Handling Yields in C"
 * (https://www.lua.org/manual/5.4/manual.html#4.5). */

#include "reference.h"

#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

/* ------------------------------------------------------------------------
 * Part 1: the core.
 *
 * Input arrives in chunks whose edges fall anywhere: in the middle of a
 * line, between a '\r' and its '\n'. The splitter cuts lines out of the
 * current chunk in place (no copy) and keeps only the unfinished tail, the
 * start of a line whose end is in a later chunk, in a carry buffer of its
 * own. So memory is one chunk (the caller's) plus the longest line, however
 * long the input: that is what "streaming" means. The tempting shortcut,
 * appending every chunk to one growing buffer, holds the whole input.
 * ------------------------------------------------------------------------ */

/* The carry buffer starts at this many bytes and doubles as needed. */
#define CARRY_MIN 256

/* The shape of a timestamp: '0' stands for any digit, other bytes for
 * themselves. */
static const char stamp_shape[] = "0000-00-00T00:00:00Z";
#define STAMP_LEN (sizeof stamp_shape - 1)

/* splitter_alloc: the splitter's allocator, or realloc/free without one. */
static void *splitter_alloc(struct log_pipeline_splitter *s, void *ptr, size_t osize, size_t nsize)
{
    if (s->alloc != NULL)
        return s->alloc(s->alloc_ud, ptr, osize, nsize);
    if (nsize == 0) {
        free(ptr);
        return NULL;
    }
    return realloc(ptr, nsize);
}

/* carry_append: appends `n` bytes to the carry buffer, growing it by
 * doubling. Returns false, changing nothing, if it can't grow. */
static bool carry_append(struct log_pipeline_splitter *s, const char *bytes, size_t n)
{
    size_t need, cap;
    char *grown;

    if (n == 0)
        return true;
    if (n > SIZE_MAX - s->carry_len)
        return false;
    need = s->carry_len + n;
    if (need > s->carry_cap) {
        cap = s->carry_cap ? s->carry_cap : CARRY_MIN;
        while (cap < need)
            cap = cap <= SIZE_MAX / 2 ? cap * 2 : need;
        grown = splitter_alloc(s, s->carry, s->carry_cap, cap);
        if (grown == NULL)
            return false;
        s->carry = grown;
        s->carry_cap = cap;
    }
    memcpy(s->carry + s->carry_len, bytes, n);
    s->carry_len = need;
    return true;
}

/* without_cr: the length of a line of `len` bytes once one final '\r' is
 * dropped. */
static size_t without_cr(const char *line, size_t len)
{
    return len > 0 && line[len - 1] == '\r' ? len - 1 : len;
}

/* log_pipeline_splitter_init: empty, no allocation. Full contract in
 * reference.h. */
void log_pipeline_splitter_init(struct log_pipeline_splitter *s, log_pipeline_alloc alloc,
                                void *alloc_ud)
{
    assert(s != NULL);
    memset(s, 0, sizeof *s);
    s->alloc = alloc;
    s->alloc_ud = alloc_ud;
}

/* log_pipeline_splitter_free: releases the carry buffer. */
void log_pipeline_splitter_free(struct log_pipeline_splitter *s)
{
    assert(s != NULL);
    if (s->carry != NULL)
        splitter_alloc(s, s->carry, s->carry_cap, 0);
    s->carry = NULL;
    s->carry_len = s->carry_cap = 0;
    s->carry_out = false;
}

/* log_pipeline_splitter_feed: borrows the next chunk. */
void log_pipeline_splitter_feed(struct log_pipeline_splitter *s, const char *chunk, size_t len)
{
    assert(s != NULL && s->chunk == NULL && !s->ended);
    assert(chunk != NULL || len == 0);
    s->chunk = chunk != NULL ? chunk : ""; /* non-NULL: "a chunk is being cut" */
    s->chunk_len = len;
    s->pos = 0;
}

/* log_pipeline_splitter_end: no more input. */
void log_pipeline_splitter_end(struct log_pipeline_splitter *s)
{
    assert(s != NULL && s->chunk == NULL);
    s->ended = true;
}

/* log_pipeline_splitter_next: the next line, NEED_MORE, END or NOMEM. Full
 * contract in reference.h. */
enum log_pipeline_split log_pipeline_splitter_next(struct log_pipeline_splitter *s,
                                                   const char **line, size_t *len)
{
    assert(s != NULL && line != NULL && len != NULL);
    if (s->carry_out) { /* the caller is done with the last carried line */
        s->carry_len = 0;
        s->carry_out = false;
    }
    if (s->chunk != NULL) {
        const char *start = s->chunk + s->pos;
        size_t left = s->chunk_len - s->pos;
        const char *nl = left > 0 ? memchr(start, '\n', left) : NULL;

        if (nl == NULL) { /* an unfinished line: keep it, ask for more */
            if (!carry_append(s, start, left))
                return LOG_PIPELINE_NOMEM;
            s->chunk = NULL;
            s->chunk_len = s->pos = 0;
            return LOG_PIPELINE_NEED_MORE;
        }
        if (s->carry_len == 0) { /* the whole line is in this chunk: no copy */
            *line = start;
            *len = without_cr(start, (size_t)(nl - start));
        } else { /* it began in an earlier chunk: finish it in the carry */
            if (!carry_append(s, start, (size_t)(nl - start)))
                return LOG_PIPELINE_NOMEM;
            *line = s->carry;
            *len = without_cr(s->carry, s->carry_len);
            s->carry_out = true;
        }
        s->pos += (size_t)(nl - start) + 1;
        return LOG_PIPELINE_LINE;
    }
    if (!s->ended)
        return LOG_PIPELINE_NEED_MORE;
    if (s->carry_len > 0) { /* the last line had no '\n' */
        *line = s->carry;
        *len = without_cr(s->carry, s->carry_len);
        s->carry_out = true;
        return LOG_PIPELINE_LINE;
    }
    return LOG_PIPELINE_END;
}

/* is_space: the bytes Lua's %s matches in the C locale. */
static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

/* log_pipeline_parse: "<time> <LEVEL> <service>[ <message>]". Full
 * contract in reference.h. */
enum log_pipeline_parsed log_pipeline_parse(const char *line, size_t len,
                                            struct log_pipeline_record *rec)
{
    size_t i, level, service;

    assert(line != NULL || len == 0);
    assert(rec != NULL);
    if (len == 0)
        return LOG_PIPELINE_BLANK;
    if (len < STAMP_LEN + 1)
        return LOG_PIPELINE_MALFORMED;
    for (i = 0; i < STAMP_LEN; i++) {
        bool ok = stamp_shape[i] == '0' ? line[i] >= '0' && line[i] <= '9' : line[i] == stamp_shape[i];
        if (!ok)
            return LOG_PIPELINE_MALFORMED;
    }
    if (line[i] != ' ')
        return LOG_PIPELINE_MALFORMED;
    level = ++i;
    while (i < len && line[i] >= 'A' && line[i] <= 'Z')
        i++;
    if (i == level || i == len || line[i] != ' ')
        return LOG_PIPELINE_MALFORMED;
    service = ++i;
    while (i < len && !is_space(line[i]))
        i++;
    if (i == service || (i < len && line[i] != ' '))
        return LOG_PIPELINE_MALFORMED;
    rec->time.start = line;
    rec->time.len = STAMP_LEN;
    rec->level.start = line + level;
    rec->level.len = service - 1 - level;
    rec->service.start = line + service;
    rec->service.len = i - service;
    rec->message.start = i < len ? line + i + 1 : line + len;
    rec->message.len = i < len ? len - i - 1 : 0;
    return LOG_PIPELINE_RECORD;
}

/* ------------------------------------------------------------------------
 * Part 2: the Lua binding.
 *
 * A Lua solution writes each stage as a coroutine: a loop that pulls from
 * the stage before and yields what it makes. C can't suspend a loop in the
 * middle, so each stage here is a C closure that does one turn of its loop
 * per call and keeps what must survive between calls in upvalues:
 *
 *   lines(source)          a userdata holding the splitter, with the source
 *                          and the chunk being cut as its user values (the
 *                          chunk must stay alive: the splitter borrows it).
 *   filter(iter, pred)     upvalues iter, pred: no other state.
 *   parse(iter, on_bad)    upvalues iter, on_bad: no other state.
 *   errors_per_service(it) not a generator: a loop that drains it.
 *
 * Every stage calls back into Lua (source:read, the generator before it,
 * pred, on_malformed), and any of those may yield, say when the pipeline
 * runs in a coroutine and the source waits for the network. So each such
 * call is a lua_callk whose continuation resumes the stage at the step
 * named by its context, as the limiter kata's reference explains.
 *
 * Memory: the splitter's carry buffer is allocated through the state's own
 * allocator (lua_getallocf), so it counts against the memory cap, and freed
 * by the userdata's __gc, so an error unwinding past us leaks nothing.
 * ------------------------------------------------------------------------ */

/* How many bytes lines() asks source:read for at a time. */
#define READ_SIZE 65536

/* The registry name of the lines state's metatable (it has __gc). */
#define LINES_MT "dojo.log_pipeline.lines"

/* The user values of the lines state userdata. */
enum { UV_SOURCE = 1, UV_CHUNK, UV_COUNT = UV_CHUNK };

/* The lines generator's one upvalue. */
#define LINES_STATE lua_upvalueindex(1)

/* --- lines --------------------------------------------------------------- */

static int lines_k(lua_State *L, int status, lua_KContext ctx);

/* chunk_arrived: [-1, +0, e] source:read's result is on the top: a string
 * goes to the splitter (and into UV_CHUNK, which keeps it alive while the
 * splitter reads it), nil ends the input, anything else is an error. */
static void chunk_arrived(lua_State *L, struct log_pipeline_splitter *sp)
{
    const char *chunk;
    size_t len;

    if (sp->chunk != NULL || sp->ended) /* two reads at once: a pathological caller */
        luaL_error(L, "lines: the generator was called again while it was reading");
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        log_pipeline_splitter_end(sp);
        return;
    }
    if (lua_type(L, -1) != LUA_TSTRING)
        luaL_error(L, "source:read must return a string or nil, got %s", luaL_typename(L, -1));
    chunk = lua_tolstring(L, -1, &len);
    lua_setiuservalue(L, LINES_STATE, UV_CHUNK);
    log_pipeline_splitter_feed(sp, chunk, len);
}

/* lines_pump: hands out the next line, reading chunks until there is one;
 * nil at the end, for good (the source is dropped and never read again). */
static int lines_pump(lua_State *L)
{
    struct log_pipeline_splitter *sp = lua_touserdata(L, LINES_STATE);
    const char *line;
    size_t len;

    for (;;) {
        switch (log_pipeline_splitter_next(sp, &line, &len)) {
        case LOG_PIPELINE_LINE:
            lua_pushlstring(L, line, len);
            return 1;
        case LOG_PIPELINE_END:
            lua_pushnil(L);
            lua_setiuservalue(L, LINES_STATE, UV_SOURCE);
            lua_pushnil(L);
            lua_setiuservalue(L, LINES_STATE, UV_CHUNK);
            lua_pushnil(L);
            return 1;
        case LOG_PIPELINE_NOMEM:
            return luaL_error(L, "not enough memory for a line of the log");
        case LOG_PIPELINE_NEED_MORE:
            lua_getiuservalue(L, LINES_STATE, UV_SOURCE);
            lua_getfield(L, -1, "read");
            lua_insert(L, -2); /* read, source */
            lua_pushinteger(L, READ_SIZE);
            lua_callk(L, 2, 1, 0, lines_k);
            chunk_arrived(L, sp);
            break;
        }
    }
}

/* lines_k: source:read yielded and was resumed: its result is on the top. */
static int lines_k(lua_State *L, int status, lua_KContext ctx)
{
    (void)status;
    (void)ctx;
    chunk_arrived(L, lua_touserdata(L, LINES_STATE));
    return lines_pump(L);
}

/* l_lines_next: the lines generator: the next line (no '\n', no final
 * '\r'), or nil at the end. Arguments are ignored. */
static int l_lines_next(lua_State *L)
{
    lua_settop(L, 0);
    return lines_pump(L);
}

/* l_lines_gc: __gc of the lines state: frees the carry buffer. */
static int l_lines_gc(lua_State *L)
{
    log_pipeline_splitter_free(luaL_checkudata(L, 1, LINES_MT));
    return 0;
}

/* l_lines: lines(source) -> generator of the lines of source, read with
 * source:read(READ_SIZE) only when a line is asked for. Reads nothing
 * here. `source` must be a table or a userdata. */
static int l_lines(lua_State *L)
{
    struct log_pipeline_splitter *sp;
    void *ud;
    lua_Alloc alloc;
    int t = lua_type(L, 1);

    luaL_argexpected(L, t == LUA_TTABLE || t == LUA_TUSERDATA, 1, "table");
    alloc = lua_getallocf(L, &ud);
    sp = lua_newuserdatauv(L, sizeof *sp, UV_COUNT);
    log_pipeline_splitter_init(sp, alloc, ud);
    luaL_setmetatable(L, LINES_MT);
    lua_pushvalue(L, 1);
    lua_setiuservalue(L, -2, UV_SOURCE);
    lua_pushcclosure(L, l_lines_next, 1);
    return 1;
}

/* --- filter -------------------------------------------------------------- */

/* The steps of one call of a filter generator. */
enum { FILTER_PULL, FILTER_GOT_ITEM, FILTER_GOT_VERDICT };

static int filter_k(lua_State *L, int status, lua_KContext ctx);

/* filter_run: from step `step`, pulls items and asks pred until pred
 * accepts one (returned) or the input ends (nil). Stack: [item [verdict]]. */
static int filter_run(lua_State *L, lua_KContext step)
{
    for (;;) {
        if (step == FILTER_PULL) {
            lua_pushvalue(L, lua_upvalueindex(1));
            lua_callk(L, 0, 1, FILTER_GOT_ITEM, filter_k);
            step = FILTER_GOT_ITEM;
        }
        if (step == FILTER_GOT_ITEM) {
            if (lua_isnil(L, -1))
                return 1;
            lua_pushvalue(L, lua_upvalueindex(2));
            lua_pushvalue(L, -2);
            lua_callk(L, 1, 1, FILTER_GOT_VERDICT, filter_k);
        }
        if (lua_toboolean(L, -1)) {
            lua_pop(L, 1);
            return 1;
        }
        lua_settop(L, 0);
        step = FILTER_PULL;
    }
}

static int filter_k(lua_State *L, int status, lua_KContext ctx)
{
    (void)status;
    return filter_run(L, ctx);
}

static int l_filter_next(lua_State *L)
{
    lua_settop(L, 0);
    return filter_run(L, FILTER_PULL);
}

/* l_filter: filter(iter, pred) -> generator of the items of iter for which
 * pred(item) is truthy, in order. Calls nothing here. */
static int l_filter(lua_State *L)
{
    luaL_checkany(L, 1);
    luaL_checkany(L, 2);
    lua_settop(L, 2);
    lua_pushcclosure(L, l_filter_next, 2);
    return 1;
}

/* --- parse --------------------------------------------------------------- */

enum { PARSE_PULL, PARSE_GOT_LINE, PARSE_REPORTED };

static int parse_k(lua_State *L, int status, lua_KContext ctx);

/* push_field: [-0, +0, m] t[name] = the field's bytes, t at the top. */
static void push_field(lua_State *L, const char *name, const struct log_pipeline_field *f)
{
    lua_pushlstring(L, f->start, f->len);
    lua_setfield(L, -2, name);
}

/* parse_run: pulls lines until one parses (its record is returned) or the
 * input ends (nil); blank lines are skipped, malformed ones reported to
 * on_malformed (upvalue 2) if there is one. Stack: [line]. */
static int parse_run(lua_State *L, lua_KContext step)
{
    struct log_pipeline_record rec;
    const char *line;
    size_t len;

    for (;;) {
        if (step == PARSE_PULL) {
            lua_pushvalue(L, lua_upvalueindex(1));
            lua_callk(L, 0, 1, PARSE_GOT_LINE, parse_k);
            step = PARSE_GOT_LINE;
        }
        if (step == PARSE_GOT_LINE) {
            if (lua_isnil(L, -1))
                return 1;
            if (lua_type(L, -1) != LUA_TSTRING)
                return luaL_error(L, "parse: a line must be a string, got %s", luaL_typename(L, -1));
            line = lua_tolstring(L, -1, &len);
            switch (log_pipeline_parse(line, len, &rec)) {
            case LOG_PIPELINE_RECORD:
                lua_createtable(L, 0, 4); /* the fields point into line, still on the stack */
                push_field(L, "time", &rec.time);
                push_field(L, "level", &rec.level);
                push_field(L, "service", &rec.service);
                push_field(L, "message", &rec.message);
                return 1;
            case LOG_PIPELINE_MALFORMED:
                if (!lua_isnil(L, lua_upvalueindex(2))) {
                    lua_pushvalue(L, lua_upvalueindex(2));
                    lua_insert(L, -2); /* on_malformed, line */
                    lua_callk(L, 1, 0, PARSE_REPORTED, parse_k);
                }
                break;
            case LOG_PIPELINE_BLANK:
                break;
            }
        }
        lua_settop(L, 0);
        step = PARSE_PULL;
    }
}

static int parse_k(lua_State *L, int status, lua_KContext ctx)
{
    (void)status;
    return parse_run(L, ctx);
}

static int l_parse_next(lua_State *L)
{
    lua_settop(L, 0);
    return parse_run(L, PARSE_PULL);
}

/* l_parse: parse(iter [, on_malformed]) -> generator of records
 * { time, level, service, message } made from the lines iter hands out.
 * Calls nothing here. */
static int l_parse(lua_State *L)
{
    luaL_checkany(L, 1);
    lua_settop(L, 2);
    lua_pushcclosure(L, l_parse_next, 2);
    return 1;
}

/* --- errors_per_service -------------------------------------------------- */

enum { COUNT_PULL, COUNT_GOT_RECORD };

static int count_k(lua_State *L, int status, lua_KContext ctx);

/* count_run: stack [iter, counts, record?]: drains iter, adding 1 to
 * counts[record.service] for every record whose level is "ERROR". */
static int count_run(lua_State *L, lua_KContext step)
{
    size_t len;
    const char *level;
    lua_Integer n;

    for (;;) {
        if (step == COUNT_PULL) {
            lua_pushvalue(L, 1);
            lua_callk(L, 0, 1, COUNT_GOT_RECORD, count_k);
        }
        step = COUNT_PULL;
        if (lua_isnil(L, 3)) {
            lua_settop(L, 2);
            return 1;
        }
        lua_getfield(L, 3, "level");
        level = lua_tolstring(L, -1, &len);
        if (lua_type(L, -1) == LUA_TSTRING && len == 5 && memcmp(level, "ERROR", 5) == 0) {
            lua_getfield(L, 3, "service");
            lua_pushvalue(L, -1);
            lua_rawget(L, 2);
            n = lua_tointeger(L, -1);
            lua_pop(L, 1);
            lua_pushinteger(L, n + 1);
            lua_rawset(L, 2); /* counts[service] = n + 1 */
        }
        lua_settop(L, 2);
    }
}

static int count_k(lua_State *L, int status, lua_KContext ctx)
{
    (void)status;
    return count_run(L, ctx);
}

/* l_errors_per_service: errors_per_service(iter) -> { service = count }
 * of the records iter hands out whose level is "ERROR"; {} if none. */
static int l_errors_per_service(lua_State *L)
{
    luaL_checkany(L, 1);
    lua_settop(L, 1);
    lua_newtable(L);
    return count_run(L, COUNT_PULL);
}

/* luaopen_log_pipeline: the module's loader: a table with the four stages,
 * as the kata's spec expects. */
int luaopen_log_pipeline(lua_State *L)
{
    static const luaL_Reg stages[] = {
        {"lines", l_lines},
        {"filter", l_filter},
        {"parse", l_parse},
        {"errors_per_service", l_errors_per_service},
        {NULL, NULL},
    };

    if (luaL_newmetatable(L, LINES_MT)) {
        lua_pushcfunction(L, l_lines_gc);
        lua_setfield(L, -2, "__gc");
    }
    lua_pop(L, 1);
    luaL_newlib(L, stages);
    return 1;
}
