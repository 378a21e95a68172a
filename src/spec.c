/* spec.c: the C half of the spec runner: builds the state (spec world and
 * solution environment), gives runner.lua its primitives (R.call under the
 * limits, results out to the sink) and runs it. What a timeout says and
 * when the rest of a file is not run is deadline.c's. Depends on Lua 5.4,
 * deadline.h, sandbox.h, interrupt.h, pretty.h, report/report.h, util.h. */
#include "spec.h"

#include <lauxlib.h>
#include <limits.h>
#include <lualib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bytecode.h"
#include "deadline.h"
#include "interrupt.h"
#include "pretty.h"
#include "runner_lua.h"
#include "sandbox.h"
#include "util.h"

/* Bytes of a helper's "file:line" and of the failing spec line's text. */
#define SPEC_WHERE_MAX 160
#define SPEC_LINE_MAX 120

/* Memory the runner may use beyond the learner's cap, outside R.call, so it
 * can still report a test that ran out. */
#define RUNNER_HEADROOM (8u << 20)

struct runner {
    const struct spec_job *job;
    const struct spec_sink *sink;
    char source[4200]; /* the spec's chunkname, "@path" */
    double deadline;   /* util_now() seconds; 0 = none */
    char *spec_text;   /* the spec file, read on first need (for test code) */
    size_t *line_at;   /* offsets in spec_text where line i+1 starts (lazy) */
    int nlines;        /* entries in line_at */
    int fail_line;     /* spec line of the last error, 0 = unknown */
    char helper_at[SPEC_WHERE_MAX]; /* "file:line" of the helper the last
                                       error was raised in, "" for none */
    const void *called; /* the function guarded_pcall is running */
    char raised_at[SPEC_WHERE_MAX]; /* "file:line" (relative to the solution
                                       folder) of the solution's code the
                                       last error came out of, "" if none */
    char sol_prefix[2][PATH_MAX + 1]; /* the solution folder, as given and
                                         real, with a trailing '/' ("" unset):
                                         cut from error messages */
    char spec_dir[PATH_MAX]; /* the spec's folder (helpers come from it) */
    int same_dir;      /* the spec's folder is the submission's */
    struct deadline dl; /* the timeout's words, the file's deadline, the
                           repeated-timeout rule */
};

const char *spec_shown(const struct spec_job *job)
{
    return job->spec_name ? job->spec_name : job->spec_path;
}

static struct runner *runner_of(lua_State *L)
{
    return lua_touserdata(L, lua_upvalueindex(1));
}

/* frame_side: what stack level `level` runs: 2 the spec's own code, 1 a
 * spec helper module's (an "@" chunk name that is not absolute: helpers are
 * named relative to the spec's folder, solution and host files by their
 * real paths), 0 anything else, -1 no such level. Fills *ar. Runs no Lua
 * code and allocates nothing. */
static int frame_side(lua_State *L, struct runner *r, int level, lua_Debug *ar)
{
    if (!lua_getstack(L, level, ar))
        return -1;
    if (!lua_getinfo(L, "Sl", ar) || ar->currentline <= 0)
        return 0;
    if (strcmp(ar->source, r->source) == 0)
        return 2;
    return ar->source[0] == '@' && ar->source[1] != '/' && ar->source[1] != '\0';
}

/* called_level: the stack level running r->called (the function R.call
 * was given: a test's body, a hook, a describe body), searched from the
 * outermost end (it sits just above the runner's few frames); 0 if none. */
static int called_level(lua_State *L, struct runner *r, int depth)
{
    lua_Debug ar;
    for (int level = depth; level >= 1 && level >= depth - 64; level--) {
        const void *f;
        if (!lua_getstack(L, level, &ar) || !lua_getinfo(L, "f", &ar))
            continue;
        f = lua_topointer(L, -1);
        lua_pop(L, 1);
        if (f == r->called)
            return level;
    }
    return 0;
}

/* innermost_side: the innermost level (within the top 64, then the bottom
 * window) running spec code (`want` 2) or spec or helper code (`want` 1);
 * 0 if none. *ar holds that frame. A failed assertion sits near the top;
 * under a runaway recursion the spec frame is near the bottom, so both ends
 * are searched, never the whole stack. */
static int innermost_side(lua_State *L, struct runner *r, int want, int depth, lua_Debug *ar)
{
    for (int level = 1; level <= 64; level++) {
        int side = frame_side(L, r, level, ar);
        if (side < 0)
            return 0;
        if (side >= want)
            return level;
    }
    for (int level = depth > 128 ? depth - 64 : 65; level <= depth; level++)
        if (frame_side(L, r, level, ar) >= want)
            return level;
    return 0;
}

/* solution_at: 1 (and "file:line" in r->raised_at) when `ar` is a frame of
 * a solution file (under the solution folder, not the spec). */
static int solution_at(struct runner *r, const lua_Debug *ar)
{
    if (ar->source[0] != '@' || ar->currentline <= 0 || strcmp(ar->source, r->source) == 0)
        return 0;
    for (int i = 0; i < 2; i++) {
        size_t n = strlen(r->sol_prefix[i]);
        if (n > 0 && strncmp(ar->source + 1, r->sol_prefix[i], n) == 0) {
            snprintf(r->raised_at, sizeof r->raised_at, "%s:%d", ar->source + 1 + n, ar->currentline);
            return 1;
        }
    }
    return 0;
}

/* msgh: [-0, +0, -] message handler: finds where in the spec the error
 * happened and leaves the error value as it is. r->fail_line: the line of
 * the function R.call runs (the test's body: the failing test's line, as a
 * learner reads it) when that is the spec's, else the innermost spec line;
 * r->helper_at: the innermost spec or helper frame when it is another one
 * (a helper function); r->raised_at: the solution's innermost frame
 * inside the spec's call, when the error came out of the solution's code.
 * Runs no Lua code. */
static int msgh(lua_State *L)
{
    struct runner *r = runner_of(L);
    lua_Debug ar, body;
    int depth = deadline_stack_depth(L), inner, top = called_level(L, r, depth);
    int at_body = top > 0 && frame_side(L, r, top, &body) == 2;
    inner = innermost_side(L, r, 1, depth, &ar);
    for (int level = 1; level <= 64 && (inner == 0 || level < inner); level++) {
        lua_Debug sol;
        if (!lua_getstack(L, level, &sol))
            break;
        if (lua_getinfo(L, "Sl", &sol) && solution_at(r, &sol))
            break;
    }
    if (at_body) {
        r->fail_line = body.currentline;
    } else if (inner > 0 && frame_side(L, r, inner, &ar) == 2) {
        r->fail_line = ar.currentline;
    } else {
        lua_Debug spec;
        if (innermost_side(L, r, 2, depth, &spec) > 0)
            r->fail_line = spec.currentline;
    }
    if (inner > 0 && inner != top && !(at_body == 0 && strcmp(ar.source, r->source) == 0 &&
                                       ar.currentline == r->fail_line))
        snprintf(r->helper_at, sizeof r->helper_at, "%s:%d", ar.source + 1, ar.currentline);
    return 1;
}

/* guarded_pcall: [-(nargs+1), +(nres|1), -] calls the function below
 * `nargs` arguments with msgh, the memory cap and the deadline; returns the
 * kind word ("ok", "runtime", "timeout", "memory", "output-limit", "syntax").
 * On error the error value is left on the stack; on success its `nres`
 * results are. */
static const char *guarded_pcall(lua_State *L, struct runner *r, int nargs, int nres)
{
    double remaining = r->deadline > 0 ? r->deadline - util_now() : 0;
    int base = lua_gettop(L) - nargs, st, mem, syn, out;
    enum interrupt_reason why;
    if (r->deadline > 0 && remaining <= 0) {
        lua_settop(L, base - 1);
        deadline_used_up(L, &r->dl);
        return "timeout";
    }
    deadline_call(&r->dl);
    lua_pushlightuserdata(L, r);
    lua_pushcclosure(L, msgh, 1);
    r->called = lua_topointer(L, base);
    lua_insert(L, base);
    r->fail_line = 0;
    r->helper_at[0] = '\0';
    r->raised_at[0] = '\0';
    interrupt_target(L);
    sandbox_set_memory_limit(L, r->job->limits.memory);
    if (r->deadline > 0)
        interrupt_arm(remaining);
    st = lua_pcall(L, nargs, nres, base);
    if (r->deadline > 0)
        interrupt_disarm();
    why = interrupt_pending();
    interrupt_clear();
    sandbox_set_memory_limit(L, r->job->limits.memory ? r->job->limits.memory + RUNNER_HEADROOM : 0);
    if (!lua_gc(L, LUA_GCISRUNNING))
        lua_gc(L, LUA_GCRESTART); /* the solution may have stopped it */
    mem = sandbox_memory_hit(L);
    syn = sandbox_syntax_hit(L);
    out = sandbox_output_overflowed(L);
    lua_remove(L, base);
    if (why == INTERRUPT_TIMEOUT) {
        /* The error (or, stopped just as it returned, the results) gives
         * way to the message naming the solution's line. */
        lua_settop(L, base - 1);
        deadline_timed_out(L, &r->dl);
        return "timeout";
    }
    if (out)
        return "output-limit";
    if (st == LUA_OK)
        return "ok";
    if (st == LUA_ERRMEM || mem)
        return "memory";
    return syn ? "syntax" : "runtime";
}

/* R.call(fn) -> kind, err, line, helper, raised_at */
static int r_call(lua_State *L)
{
    struct runner *r = runner_of(L);
    const char *kind;
    luaL_checktype(L, 1, LUA_TFUNCTION);
    lua_settop(L, 1);
    kind = guarded_pcall(L, r, 0, 0);
    if (strcmp(kind, "ok") == 0)
        lua_pushnil(L);
    lua_pushstring(L, kind);
    lua_insert(L, -2);
    if (r->fail_line > 0)
        lua_pushinteger(L, r->fail_line);
    else
        lua_pushnil(L);
    if (r->helper_at[0])
        lua_pushstring(L, r->helper_at);
    else
        lua_pushnil(L);
    if (r->raised_at[0])
        lua_pushstring(L, r->raised_at);
    else
        lua_pushnil(L);
    return 5;
}

/* R.begin() -> nil | why: the current test's (or block's) deadline starts
 * now (deadline_begin); `why`: the rest of the file is not run. */
static int r_begin(lua_State *L)
{
    struct runner *r = runner_of(L);
    const char *skip = deadline_begin(&r->dl, &r->deadline);
    if (skip == NULL)
        return 0;
    lua_pushstring(L, skip);
    return 1;
}

/* R.skipping() -> nil | why: the rest of the file is not run. */
static int r_skipping(lua_State *L)
{
    struct runner *r = runner_of(L);
    const char *skip = deadline_skipping(&r->dl);
    if (skip == NULL)
        return 0;
    lua_pushstring(L, skip);
    return 1;
}

/* strip_prefixes: [-1, +1, e] the string on the top without the solution
 * folder's path wherever it occurs ("/home/me/dojo/counter/counter.lua:7:"
 * becomes "counter.lua:7:", as the learner knows the file). Upvalue 1 of
 * the running C function is the runner. */
static void strip_prefixes(lua_State *L, struct runner *r)
{
    for (int i = 0; i < 2; i++) {
        const char *s = lua_tostring(L, -1);
        if (r->sol_prefix[i][0] == '\0' || s == NULL || strstr(s, r->sol_prefix[i]) == NULL)
            continue;
        luaL_gsub(L, s, r->sol_prefix[i], "");
        lua_remove(L, -2);
    }
}

/* errstr_body: [-1, +1, e] the string form of the value on the top: a
 * string as it is, a value with __tostring through it, any other value
 * pretty-printed (a table raised with error({...}) shows its fields), the
 * solution folder's path cut out. Upvalue 1: the runner. */
static int errstr_body(lua_State *L)
{
    struct runner *r = runner_of(L);
    struct pretty_opts o;
    if (lua_type(L, 1) == LUA_TSTRING) {
        lua_settop(L, 1);
    } else if (luaL_getmetafield(L, 1, "__tostring") != LUA_TNIL) {
        lua_pop(L, 1);
        luaL_tolstring(L, 1, NULL);
    } else {
        pretty_defaults(&o);
        o.max_depth = 3;
        pretty_push(L, 1, &o);
    }
    strip_prefixes(L, r);
    return 1;
}

/* R.errstr(v) -> string: never hangs (a deadline of 1 s) and never raises. */
static int r_errstr(lua_State *L)
{
    struct runner *r = runner_of(L);
    double saved = r->deadline;
    const char *kind;
    size_t cap;
    char *text = deadline_limit_text(&r->dl, &cap), saved_text[128];
    lua_settop(L, 1);
    lua_pushlightuserdata(L, r);
    lua_pushcclosure(L, errstr_body, 1);
    lua_insert(L, 1);
    snprintf(saved_text, sizeof saved_text, "%s", text);
    snprintf(text, cap, "the time limit for showing an error value (1 s)");
    r->deadline = util_now() + 1.0;
    kind = guarded_pcall(L, r, 1, 1);
    r->deadline = saved;
    snprintf(text, cap, "%s", saved_text);
    if (strcmp(kind, "ok") != 0) {
        lua_pushfstring(L, "<error object that could not be shown: %s>", kind);
        return 1;
    }
    return 1;
}

/* R.guard(fn, ...) -> true, results... | false, kind: fn(...) under the
 * memory cap and a deadline of 1 s, for the runner's own work on values the
 * solution made (showing an expected or actual value may call its
 * __tostring, __name or __pairs). Never raises. */
static int r_guard(lua_State *L)
{
    struct runner *r = runner_of(L);
    double saved = r->deadline;
    const char *kind;
    int base;
    luaL_checkany(L, 1);
    base = lua_gettop(L);
    r->deadline = util_now() + 1.0;
    kind = guarded_pcall(L, r, base - 1, LUA_MULTRET);
    r->deadline = saved;
    if (strcmp(kind, "ok") != 0) {
        lua_settop(L, 0);
        lua_pushboolean(L, 0);
        lua_pushstring(L, kind);
        return 2;
    }
    lua_pushboolean(L, 1);
    lua_insert(L, 1);
    return lua_gettop(L);
}

/* R.proxy(mt) -> userdata: a new empty userdata with metatable mt (spy
 * proxies: no rawset can plant fields on one). */
static int r_proxy(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_newuserdatauv(L, 0, 0);
    lua_pushvalue(L, 1);
    lua_setmetatable(L, -2);
    return 1;
}

/* R.start(id, name, line) */
static int r_start(lua_State *L)
{
    struct runner *r = runner_of(L);
    if (r->sink->start)
        r->sink->start(r->sink->ud, (int)luaL_checkinteger(L, 1), luaL_checkstring(L, 2),
                       (int)luaL_optinteger(L, 3, 0));
    return 0;
}

static const char *field_str(lua_State *L, int t, const char *k)
{
    lua_getfield(L, t, k);
    return lua_isstring(L, -1) ? lua_tostring(L, -1) : "";
}

/* index_lines: reads the spec and indexes where its lines start, once per
 * spec file (a spec of n tests costs O(n), not O(n^2)). 0, or -1 when the
 * file can't be read or memory runs out. */
static int index_lines(struct runner *r)
{
    size_t cap = 64;
    const char *p;
    if (r->spec_text == NULL && (r->spec_text = util_read_file(r->job->spec_path, NULL)) == NULL)
        return -1;
    if (r->line_at != NULL)
        return 0;
    if ((r->line_at = malloc(cap * sizeof *r->line_at)) == NULL)
        return -1;
    r->line_at[r->nlines++] = 0;
    for (p = r->spec_text; *p; p++) {
        if (*p != '\n' || p[1] == '\0')
            continue;
        if ((size_t)r->nlines == cap) {
            size_t *grown = realloc(r->line_at, 2 * cap * sizeof *grown);
            if (grown == NULL)
                return -1;
            r->line_at = grown;
            cap *= 2;
        }
        r->line_at[r->nlines++] = (size_t)(p + 1 - r->spec_text);
    }
    return 0;
}

/* test_code: lines first..last of the spec (the test's function, from the
 * `function` keyword to its `end`), malloc'ed; NULL when unknown. Exercism's
 * results.json shows it beside a failure. */
static char *test_code(struct runner *r, int first, int last)
{
    size_t from, to, n;
    char *out;
    if (first <= 0 || last < first || last - first > 200 || index_lines(r) != 0 || first > r->nlines)
        return NULL;
    from = r->line_at[first - 1];
    to = last < r->nlines ? r->line_at[last] : strlen(r->spec_text);
    n = to - from;
    if (n == 0 || (out = malloc(n + 1)) == NULL)
        return NULL;
    memcpy(out, r->spec_text + from, n);
    out[n] = '\0';
    return out;
}

/* line_code: the text of spec line `line` into buf (cap bytes): blanks
 * trimmed at both ends, cut at a UTF-8 boundary with "..." when longer than
 * SPEC_LINE_MAX. "" when unknown. */
static void line_code(struct runner *r, int line, char *buf, size_t cap)
{
    const char *p, *end;
    size_t n;
    buf[0] = '\0';
    if (line <= 0 || index_lines(r) != 0 || line > r->nlines)
        return;
    p = r->spec_text + r->line_at[line - 1];
    end = strchr(p, '\n');
    end = end ? end : p + strlen(p);
    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    while (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
        end--;
    n = (size_t)(end - p);
    if (n + 1 <= cap && n <= SPEC_LINE_MAX) {
        memcpy(buf, p, n);
        buf[n] = '\0';
        return;
    }
    n = SPEC_LINE_MAX < cap - 4 ? SPEC_LINE_MAX : cap - 4;
    while (n > 0 && ((unsigned char)p[n] & 0xC0) == 0x80)
        n--;
    snprintf(buf, cap, "%.*s...", (int)n, p);
}

/* R.finish(t): t has id, name, suite, status, kind, message, line, output,
 * duration, and may have expected, actual, helper ("file:line"), body_first,
 * body_last, test. The failing line's text is read from the spec here. */
static int r_finish(lua_State *L)
{
    struct runner *r = runner_of(L);
    struct report_case c;
    const char *status;
    char code_line[SPEC_LINE_MAX + 8];
    int top;
    luaL_checktype(L, 1, LUA_TTABLE);
    code_line[0] = '\0';
    top = lua_gettop(L);
    memset(&c, 0, sizeof c);
    lua_getfield(L, 1, "id");
    c.id = (int)lua_tointeger(L, -1);
    lua_getfield(L, 1, "line");
    c.line = (int)lua_tointeger(L, -1);
    lua_getfield(L, 1, "duration");
    c.duration = lua_tonumber(L, -1);
    c.name = (char *)field_str(L, 1, "name");
    c.suite = (char *)field_str(L, 1, "suite");
    c.message = (char *)field_str(L, 1, "message");
    c.output = (char *)field_str(L, 1, "output");
    c.file = (char *)spec_shown(r->job);
    lua_getfield(L, 1, "body_first");
    lua_getfield(L, 1, "body_last");
    c.test_code = test_code(r, (int)lua_tointeger(L, -2), (int)lua_tointeger(L, -1));
    c.expected = (char *)field_str(L, 1, "expected");
    c.actual = (char *)field_str(L, 1, "actual");
    c.helper = (char *)field_str(L, 1, "helper");
    c.line_code = code_line;
    status = field_str(L, 1, "status");
    c.verdict = strcmp(status, "pass") == 0      ? VERDICT_PASS
                : strcmp(status, "fail") == 0    ? VERDICT_FAIL
                : strcmp(status, "pending") == 0 ? VERDICT_PENDING
                                                 : VERDICT_ERROR;
    c.kind = c.verdict == VERDICT_ERROR ? errkind_parse(field_str(L, 1, "kind")) : ERRKIND_NONE;
    if (c.verdict == VERDICT_FAIL || c.verdict == VERDICT_ERROR)
        line_code(r, c.line, code_line, sizeof code_line);
    if (r->sink->finish)
        r->sink->finish(r->sink->ud, &c);
    lua_getfield(L, 1, "test");
    if (lua_toboolean(L, -1))
        deadline_note(&r->dl, &c);
    free(c.test_code);
    lua_settop(L, top);
    return 0;
}

static int r_take_output(lua_State *L)
{
    sandbox_take_output(L);
    return 1;
}

static int r_now(lua_State *L)
{
    lua_pushnumber(L, util_now());
    return 1;
}

/* Registry key of the spec's _ENV (runner.lua's scoped proxy), which
 * helper modules share. */
static const char spec_env_key = 'e';

/* R.load_spec(env) -> chunk | nil, kind, message. The chunk's _ENV is env
 * (runner.lua's scoped proxy over busted's API and the spec world's
 * globals); its chunk name is the spec's shown name, never a kata's
 * absolute path. */
static int r_load_spec(lua_State *L)
{
    struct runner *r = runner_of(L);
    const char *text;
    int st;
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_pushvalue(L, 1);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &spec_env_key);
    if (r->spec_text == NULL && (r->spec_text = util_read_file(r->job->spec_path, NULL)) == NULL) {
        lua_pushnil(L);
        lua_pushliteral(L, "load");
        lua_pushfstring(L, "cannot read %s", spec_shown(r->job));
        return 3;
    }
    text = r->spec_text;
    if (text[0] == '#') { /* a #! line, as luaL_loadfile skips it (keeping line numbers) */
        text = strchr(text, '\n');
        text = text ? text : "";
    }
    st = luaL_loadbufferx(L, text, strlen(text), r->source, "t");
    if (st != LUA_OK) {
        lua_pushnil(L);
        lua_pushstring(L, st == LUA_ERRSYNTAX ? "syntax" : "load");
        lua_pushvalue(L, -3);
        return 3;
    }
    lua_pushvalue(L, 1);
    lua_setupvalue(L, -2, 1);
    return 1;
}

/* Registry key of the set of helper chunk names (runner.lua trusts them). */
static const char helper_sources_key = 'h';

/* is_host_module: dojo's own modules and the spec libraries: the spec's
 * require takes them from the host, whatever the submission holds. */
static int is_host_module(const char *name)
{
    /* A plain module name only: "luassert.formatters/../../x" would walk the
     * host's package.path out of /usr/share/lua. */
    for (const char *p = name; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '_' || *p == '-' || (*p == '.' && p[1] != '.' && p[1] != '\0')))
            return 0;
    return strcmp(name, "luassert") == 0 || strncmp(name, "luassert.", 9) == 0 ||
           strcmp(name, "say") == 0 || strncmp(name, "say.", 4) == 0 || strcmp(name, "async") == 0 ||
           strcmp(name, "http") == 0;
}

/* requires_test_module: 1 when the Lua file at `path` requires luassert,
 * say or busted: a spec helper (custom assertions), not solution code. */
static int requires_test_module(const char *path)
{
    static const char *const mods[] = {"luassert", "say", "busted", NULL};
    char *text = util_read_file(path, NULL);
    int found = 0;
    for (const char *p = text; p && !found && (p = strstr(p, "require")) != NULL; p += 7) {
        const char *q = p + 7;
        while (*q == ' ' || *q == '\t' || *q == '(')
            q++;
        if (*q != '\'' && *q != '"')
            continue;
        q++;
        for (const char *const *m = mods; *m; m++) {
            size_t n = strlen(*m);
            if (strncmp(q, *m, n) == 0 && (q[n] == '.' || q[n] == '\'' || q[n] == '"'))
                found = 1;
        }
    }
    free(text);
    return found;
}

/* tested_module: 1 when `name` is the module a busted-layout spec file is
 * named after (hello_world_spec.lua tests hello_world): never a helper,
 * whatever it requires, so a solution can't make itself spec code. */
static int tested_module(const struct spec_job *job, const char *name)
{
    const char *base = strrchr(job->spec_path, '/');
    size_t n;
    base = base ? base + 1 : job->spec_path;
    n = strlen(base);
    if (n <= 9 || strcmp(base + n - 9, "_spec.lua") != 0)
        return 0;
    return strlen(name) == n - 9 && strncmp(base, name, n - 9) == 0;
}

/* load_helper: [-0, +1, e] runs helper module `name` (file `real`) in the
 * spec's world (_ENV = the spec's environment), as busted runs a module the
 * spec requires; pushes its result (true for nothing). Its chunk name is
 * relative to the spec's folder. */
static void load_helper(lua_State *L, struct runner *r, const char *name, const char *real)
{
    size_t n = strlen(r->spec_dir);
    const char *shown = strncmp(real, r->spec_dir, n) == 0 && real[n] == '/' ? real + n + 1 : name;
    char *text;
    int st;
    lua_pushfstring(L, "@%s", shown); /* before the malloc: it may raise */
    if ((text = util_read_file(real, NULL)) == NULL)
        luaL_error(L, "module '%s': cannot read it", name);
    st = luaL_loadbufferx(L, text, strlen(text), lua_tostring(L, -1), "t");
    free(text);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &helper_sources_key);
    lua_pushvalue(L, -3);
    lua_pushboolean(L, 1);
    lua_rawset(L, -3);
    lua_pop(L, 1);
    lua_remove(L, -2);
    if (st != LUA_OK)
        lua_error(L);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &spec_env_key);
    if (lua_setupvalue(L, -2, 1) == NULL)
        lua_pop(L, 1);
    lua_pushstring(L, name);
    lua_pushstring(L, shown);
    lua_call(L, 2, 1);
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        lua_pushboolean(L, 1);
    }
}

/* Registry key of R.bad_modules: module name -> { type = "boolean",
 * long = "...", short = "..." } for each solution module that gave the
 * spec something that is neither a table nor a function. */
static const char bad_modules_key = 'b';

/* module_file_shown: the name the learner knows solution module `name`'s
 * file by (relative to the solution folder) into out; "" if not found. */
static void module_file_shown(lua_State *L, struct runner *r, const char *name, char *out, size_t cap)
{
    char real[PATH_MAX];
    const char *p = NULL, *slash;
    out[0] = '\0';
    if (r->job->module && strcmp(name, r->job->module) == 0 && r->job->solution_file) {
        if (realpath(r->job->solution_file, real) != NULL)
            p = real;
    } else if (sandbox_find_module(L, r->job->solution_dir, name, real) == CONFINE_OK) {
        p = real;
    }
    if (p == NULL)
        return;
    for (int i = 0; i < 2; i++) {
        size_t n = strlen(r->sol_prefix[i]);
        if (n > 0 && strncmp(p, r->sol_prefix[i], n) == 0) {
            snprintf(out, cap, "%.*s", (int)cap - 1, p + n);
            return;
        }
    }
    slash = strrchr(p, '/');
    snprintf(out, cap, "%.*s", (int)cap - 1, slash ? slash + 1 : p);
}

/* table_name: the name of the first table the file at `path` makes at its
 * top level ("local counter = {}" gives counter), into out; "M" when none.
 * *empty: 1 when the file holds nothing but blanks. */
static void table_name(const char *path, char *out, size_t cap, int *empty)
{
    char *text = util_read_file(path, NULL);
    const char *p = text;
    snprintf(out, cap, "M");
    *empty = text != NULL;
    for (const char *q = text; q && *q; q++)
        if (*q != ' ' && *q != '\t' && *q != '\n' && *q != '\r')
            *empty = 0;
    for (; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : "") {
        const char *q = p + 5, *id;
        if (strncmp(p, "local", 5) != 0 || (*q != ' ' && *q != '\t'))
            continue;
        while (*q == ' ' || *q == '\t')
            q++;
        id = q;
        while ((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || *q == '_' ||
               (q > id && *q >= '0' && *q <= '9'))
            q++;
        if (q == id || q - id > 40)
            continue;
        {
            const char *e = q;
            while (*q == ' ' || *q == '\t')
                q++;
            if (*q != '=')
                continue;
            q++;
            while (*q == ' ' || *q == '\t')
                q++;
            if (*q == '{') {
                snprintf(out, cap, "%.*s", (int)(e - id), id);
                break;
            }
        }
    }
    free(text);
}

/* note_module: [-0, +0, e] the value on the top is what solution module
 * `name` gave the spec's require; when it is not a table or a function (the
 * module forgot `return M`, is empty, or returns a number...), records in
 * R.bad_modules what runner.lua says about the tests it breaks. */
static void note_module(lua_State *L, struct runner *r, const char *name)
{
    char file[300], tname[48], real[PATH_MAX], what[96];
    int t = lua_type(L, -1), empty = 0, found;
    if (t == LUA_TTABLE || t == LUA_TFUNCTION || t == LUA_TUSERDATA)
        return;
    if (lua_rawgetp(L, LUA_REGISTRYINDEX, &bad_modules_key) != LUA_TTABLE) {
        lua_pop(L, 1);
        return;
    }
    module_file_shown(L, r, name, file, sizeof file);
    if (file[0] == '\0')
        snprintf(file, sizeof file, "module '%s'", name);
    snprintf(tname, sizeof tname, "M");
    found = r->job->module && strcmp(name, r->job->module) == 0 && r->job->solution_file
                ? realpath(r->job->solution_file, real) != NULL
                : sandbox_find_module(L, r->job->solution_dir, name, real) == CONFINE_OK;
    if (found)
        table_name(real, tname, sizeof tname, &empty);
    if (t == LUA_TBOOLEAN)
        snprintf(what, sizeof what, "%s", lua_toboolean(L, -2) ? "nothing" : "false");
    else if (t == LUA_TNUMBER)
        snprintf(what, sizeof what, "a number (%.40s)", luaL_tolstring(L, -2, NULL));
    else
        snprintf(what, sizeof what, "a %s, not a table", lua_typename(L, t));
    if (t == LUA_TNUMBER)
        lua_pop(L, 1); /* luaL_tolstring's string */
    lua_createtable(L, 0, 3);
    lua_pushstring(L, lua_typename(L, t));
    lua_setfield(L, -2, "type");
    if (empty)
        lua_pushfstring(L, "%s is empty: write your functions in a table and end the file with "
                           "\"return %s\"", file, tname);
    else
        lua_pushfstring(L, "%s returned %s: end the file with \"return %s\" (the table of your "
                           "functions)", file, what, tname);
    lua_setfield(L, -2, "long");
    if (empty)
        lua_pushfstring(L, "%s is empty (see the first error above)", file);
    else
        lua_pushfstring(L, "%s returned %s (see the first error above)", file, what);
    lua_setfield(L, -2, "short");
    lua_setfield(L, -2, name);
    lua_pop(L, 1);
}

/* spec_require: the spec world's require. In order: the spec world's own
 * libraries; dojo's modules from the host (never a submission's file); the
 * job's module, into the solution environment; a helper, into the spec's
 * world; any other module of the submission, into the solution environment
 * (one cache shared with the solution). A leading "./" is dropped (busted
 * finds require('./name') through ./?.lua); busted's own modules are never
 * looked for in the submission (runner.lua puts `busted` in the cache).
 * Upvalues: 1 runner, 2 solution
 * require, 3 host require, 4 the spec world's module cache, 5 the spec
 * world's globals. */
static int spec_require(lua_State *L)
{
    static const char *const libs[] = {"string", "table", "math", "utf8", "coroutine", "os", "io", NULL};
    struct runner *r = lua_touserdata(L, lua_upvalueindex(1));
    const char *name = luaL_checkstring(L, 1);
    char real[PATH_MAX];
    while (name[0] == '.' && name[1] == '/')
        name += 2;
    lua_settop(L, 1);
    if (lua_getfield(L, lua_upvalueindex(4), name) != LUA_TNIL)
        return 1;
    lua_pop(L, 1);
    for (const char *const *k = libs; *k; k++)
        if (strcmp(name, *k) == 0) {
            lua_getfield(L, lua_upvalueindex(5), name);
            return 1;
        }
    if (strcmp(name, "busted") == 0 || strncmp(name, "busted.", 7) == 0)
        return luaL_error(L, "module '%s': only busted's API itself is here (describe, it, "
                             "assert...; require('busted') gives fail and pending)", name);
    if (is_host_module(name)) {
        lua_pushvalue(L, lua_upvalueindex(3));
        lua_pushstring(L, name);
        lua_call(L, 1, 1);
        return 1;
    }
    if (!(r->job->module && strcmp(name, r->job->module) == 0) && !tested_module(r->job, name)) {
        int helper;
        if (!r->same_dir)
            helper = sandbox_find_module(L, r->spec_dir, name, real) == CONFINE_OK;
        else
            helper = sandbox_find_module(L, r->job->solution_dir, name, real) == CONFINE_OK &&
                     requires_test_module(real);
        if (helper) {
            load_helper(L, r, name, real);
            lua_pushvalue(L, -1);
            lua_setfield(L, lua_upvalueindex(4), name);
            return 1;
        }
    }
    lua_pushvalue(L, lua_upvalueindex(2));
    lua_pushstring(L, name);
    lua_call(L, 1, 1);
    note_module(L, r, name);
    return 1;
}

/* strip_cwd_paths: [-0, +0, m] keeps package.path/cpath off the current
 * folder, so nothing beside the submission is loaded as a host module. */
static void strip_cwd_paths(lua_State *L)
{
    lua_getglobal(L, "package");
    lua_pushliteral(L, "/usr/local/share/lua/5.4/?.lua;/usr/local/share/lua/5.4/?/init.lua;"
                       "/usr/share/lua/5.4/?.lua;/usr/share/lua/5.4/?/init.lua");
    lua_setfield(L, -2, "path");
    lua_pushliteral(L, "");
    lua_setfield(L, -2, "cpath");
    lua_pop(L, 1);
}

/* push_r: [-0, +1, m] the R table for runner.lua; `env` is the solution
 * environment's stack index, `spec_env` the spec world's globals'. */
static void push_r(lua_State *L, struct runner *r, int env, int spec_env)
{
    static const luaL_Reg fns[] = {
        {"call", r_call},       {"begin", r_begin},   {"errstr", r_errstr},
        {"start", r_start},     {"finish", r_finish}, {"take_output", r_take_output},
        {"now", r_now},         {"load_spec", r_load_spec}, {"guard", r_guard},
        {"proxy", r_proxy},     {"skipping", r_skipping}, {NULL, NULL}};
    lua_newtable(L);
    lua_pushlightuserdata(L, r);
    luaL_setfuncs(L, fns, 1);
    lua_pushlightuserdata(L, r);
    lua_pushvalue(L, env);
    sandbox_solution_require(L);
    lua_getglobal(L, "require");
    lua_newtable(L);
    lua_pushvalue(L, -1);
    lua_setfield(L, -6, "spec_loaded"); /* into R */
    lua_pushvalue(L, spec_env);
    lua_pushcclosure(L, spec_require, 5);
    lua_pushvalue(L, -1);
    lua_setfield(L, spec_env, "require");
    lua_setfield(L, -2, "require");
    lua_pushvalue(L, spec_env);
    lua_setfield(L, -2, "globals");
    lua_pushstring(L, spec_shown(r->job));
    lua_setfield(L, -2, "spec_name");
    lua_newtable(L);
    lua_pushvalue(L, -1);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &helper_sources_key);
    lua_setfield(L, -2, "helper_sources");
    lua_getfield(L, env, "print");
    lua_setfield(L, -2, "print");
    lua_pushinteger(L, r->job->skip_through);
    lua_setfield(L, -2, "skip_through");
    lua_newtable(L);
    lua_pushvalue(L, -1);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &bad_modules_key);
    lua_setfield(L, -2, "bad_modules");
    if (r->job->server_url) {
        lua_pushstring(L, r->job->server_url);
        lua_setfield(L, -2, "server_url");
    }
}

/* Registry key of the compiled runner chunk in a prepared state. */
static const char runner_key = 'r';

/* prepare_body: [-0, +0, e] loads the host modules the runner needs and
 * compiles runner.lua, keeping it in the registry. */
static int prepare_body(lua_State *L)
{
    static const char *const mods[] = {"luassert", "luassert.spy", "luassert.mock",
                                       "luassert.stub", "luassert.match", "dojo.pretty", NULL};
    strip_cwd_paths(L);
    bytecode_install_searcher(L); /* luassert/say precompiled: no parsing */
    for (const char *const *m = mods; *m; m++) {
        lua_getglobal(L, "require");
        lua_pushstring(L, *m);
        lua_call(L, 1, 0);
    }
    if (luaL_loadbuffer(L, dojo_runner_lua, dojo_runner_lua_len, "=runner") != LUA_OK)
        return lua_error(L);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &runner_key);
    return 0;
}

lua_State *spec_prepare(char *err, size_t errcap)
{
    lua_State *L = sandbox_new(0);
    if (L == NULL) {
        snprintf(err, errcap, "cannot create a Lua state (out of memory)");
        return NULL;
    }
    lua_pushcfunction(L, prepare_body);
    if (lua_pcall(L, 0, 0, 0) != LUA_OK) {
        snprintf(err, errcap, "cannot load the spec runner's libraries (is lua-luassert installed?): %s",
                 lua_tostring(L, -1) ? lua_tostring(L, -1) : "?");
        sandbox_close(L);
        return NULL;
    }
    lua_gc(L, LUA_GCCOLLECT);
    return L;
}

/* run_body: [-0, +0, -] protected body of spec_run: lightuserdata runner at
 * index 1, on a prepared state. */
static int run_body(lua_State *L)
{
    struct runner *r = lua_touserdata(L, 1);
    const struct spec_job *job = r->job;
    int env, spec_env;
    sandbox_forbid(L, job->spec_path);
    sandbox_push_solution_env(L, job->solution_dir, job->module, job->solution_file, job->reference);
    env = lua_gettop(L);
    sandbox_push_spec_env(L, r->spec_dir, job->solution_dir);
    spec_env = lua_gettop(L);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &runner_key);
    push_r(L, r, env, spec_env);
    lua_call(L, 1, 1);
    /* The spec world sees the captured print too. */
    lua_getfield(L, env, "print");
    lua_setglobal(L, "print");
    lua_call(L, 0, 0);
    return 0;
}

double spec_default_file_timeout(double timeout)
{
    double t = timeout * SPEC_FILE_TIMEOUT_FACTOR;
    if (timeout <= 0)
        return 0;
    t = t < SPEC_FILE_TIMEOUT_MIN ? SPEC_FILE_TIMEOUT_MIN : t > SPEC_FILE_TIMEOUT_MAX ? SPEC_FILE_TIMEOUT_MAX : t;
    return t < 2 * timeout ? 2 * timeout : t; /* long tests: room for two */
}

void spec_collect_finish(void *ud, const struct report_case *c)
{
    report_add(ud, c);
}

/* spec_folders: the spec's folder (real path) and whether the submission
 * shares it. */
static void spec_folders(struct runner *r, const struct spec_job *job)
{
    char dir[PATH_MAX], a[PATH_MAX];
    const char *slash = strrchr(job->spec_path, '/');
    if (slash == NULL)
        snprintf(dir, sizeof dir, ".");
    else
        snprintf(dir, sizeof dir, "%.*s", (int)(slash == job->spec_path ? 1 : slash - job->spec_path),
                 job->spec_path);
    if (realpath(dir, r->spec_dir) == NULL)
        snprintf(r->spec_dir, sizeof r->spec_dir, "%s", dir);
    r->same_dir = job->solution_dir && realpath(job->solution_dir, a) && strcmp(a, r->spec_dir) == 0;
}

/* solution_prefixes: the solution folder with a trailing '/', as given
 * (when absolute) and real, for strip_prefixes. */
static void solution_prefixes(struct runner *r, const struct spec_job *job)
{
    char real[PATH_MAX];
    const char *dir = job->solution_dir;
    size_t n;
    if (dir == NULL)
        return;
    if (realpath(dir, real) != NULL && strcmp(real, "/") != 0)
        snprintf(r->sol_prefix[0], sizeof r->sol_prefix[0], "%s/", real);
    n = strlen(dir);
    if (dir[0] == '/' && n > 1 && n < PATH_MAX)
        snprintf(r->sol_prefix[1], sizeof r->sol_prefix[1], "%s%s", dir, dir[n - 1] == '/' ? "" : "/");
    if (strcmp(r->sol_prefix[0], r->sol_prefix[1]) == 0)
        r->sol_prefix[1][0] = '\0';
}

int spec_run_prepared(lua_State *L, const struct spec_job *job, const struct spec_sink *sink,
                      char *err, size_t errcap)
{
    static struct runner r; /* one run at a time per process: signals are global */
    int st;
    memset(&r, 0, sizeof r);
    r.job = job;
    r.sink = sink;
    snprintf(r.source, sizeof r.source, "@%s", spec_shown(job));
    spec_folders(&r, job);
    solution_prefixes(&r, job);
    deadline_start(&r.dl, job, r.source);
    sandbox_set_memory_limit(L, job->limits.memory ? job->limits.memory + RUNNER_HEADROOM : 0);
    sandbox_set_output_limit(L, job->limits.output);
    lua_pushcfunction(L, run_body);
    lua_pushlightuserdata(L, &r);
    st = lua_pcall(L, 1, 0, 0);
    if (st != LUA_OK) {
        const char *msg = lua_tostring(L, -1);
        snprintf(err, errcap, "spec runner failed: %s", msg ? msg : "(no message)");
        lua_pop(L, 1);
    }
    deadline_stop(&r.dl);
    free(r.spec_text);
    r.spec_text = NULL;
    free(r.line_at);
    r.line_at = NULL;
    r.nlines = 0;
    return st == LUA_OK ? 0 : -1;
}

int spec_run(const struct spec_job *job, const struct spec_sink *sink, char *err, size_t errcap)
{
    lua_State *L = spec_prepare(err, errcap);
    int rc;
    if (L == NULL)
        return -1;
    rc = spec_run_prepared(L, job, sink, err, errcap);
    sandbox_close(L);
    return rc;
}
