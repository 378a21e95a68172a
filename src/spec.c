/* spec.c: the C half of the spec runner: builds the state (spec world and
 * solution environment), gives runner.lua its primitives (R.call under the
 * limits, results out to the sink) and runs it. Depends on Lua 5.4,
 * sandbox.h, interrupt.h, pretty.h, report/report.h, util.h. */
#include "spec.h"

#include <lauxlib.h>
#include <lualib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "interrupt.h"
#include "pretty.h"
#include "runner_lua.h"
#include "sandbox.h"
#include "util.h"

/* Memory the runner may use beyond the learner's cap, outside R.call, so it
 * can still report a test that ran out. */
#define RUNNER_HEADROOM (8u << 20)

/* Seconds after a deadline before the watchdog ends a test stuck in C. */
#define STUCK_GRACE 0.25

/* Seconds a describe body gets to register its tests once the rest of the
 * file is not run (at most the per-test limit). */
#define SKIP_ALLOWANCE 1.0

struct runner {
    const struct spec_job *job;
    const struct spec_sink *sink;
    char source[4200]; /* the spec's chunkname, "@path" */
    double deadline;   /* util_now() seconds; 0 = none */
    double file_deadline; /* util_now() seconds; 0 = none */
    char *spec_text;   /* the spec file, read on first need (for test code) */
    int fail_line;     /* spec line of the last error, 0 = unknown */
    char limit_text[96];  /* "the time limit (5 s)": the deadline in force */
    char where[256];      /* "file.lua:LINE" where a timeout stopped the
                             solution's code ("" unknown); the locator's */
    char cfunc[64];       /* the C function on top of the stack then */
    char test_where[256]; /* where the current test first timed out */
    int streak;           /* tests in a row that timed out at streak_at */
    char streak_at[256];
    char skip[400];       /* non-empty: the rest is not run; says why */
    char stuck_msg[700];  /* the watchdog's message (built in a handler) */
};

static struct runner *runner_of(lua_State *L)
{
    return lua_touserdata(L, lua_upvalueindex(1));
}

/* spec_line_at: 1 (and records the line) when stack level `level` runs the
 * spec's own code. */
static int spec_line_at(lua_State *L, struct runner *r, int level)
{
    lua_Debug ar;
    if (!lua_getstack(L, level, &ar) || !lua_getinfo(L, "Sl", &ar))
        return 0;
    if (ar.currentline > 0 && strcmp(ar.source, r->source) == 0) {
        r->fail_line = ar.currentline;
        return 1;
    }
    return 0;
}

/* stack_depth: the number of levels on L's stack, found by doubling and
 * bisection as luaL_traceback does (lua_getstack costs O(level)). */
static int stack_depth(lua_State *L)
{
    lua_Debug ar;
    int lo = 1, hi = 1;
    while (lua_getstack(L, hi, &ar)) {
        lo = hi;
        hi *= 2;
    }
    while (lo < hi - 1) {
        int mid = lo + (hi - lo) / 2;
        if (lua_getstack(L, mid, &ar))
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* msgh: [-0, +0, -] message handler: remembers the innermost spec line on
 * the stack; leaves the error value as it is. Runs no Lua code. A failed
 * assertion sits near the top; under a runaway recursion the spec frame is
 * near the bottom, so both ends are searched, never the whole stack. */
static int msgh(lua_State *L)
{
    struct runner *r = runner_of(L);
    int depth;
    for (int level = 1; level <= 64; level++)
        if (spec_line_at(L, r, level))
            return 1;
    depth = stack_depth(L);
    for (int level = depth > 128 ? depth - 64 : 65; level <= depth; level++)
        if (spec_line_at(L, r, level))
            return 1;
    return 1;
}

/* --- where a timeout stopped the code ------------------------------------ */

/* sappend: appends s to the C string in buf[cap], truncating. Plain byte
 * copying, safe in a signal handler. */
static void sappend(char *buf, size_t cap, const char *s)
{
    size_t n = strlen(buf);
    while (*s && n + 1 < cap)
        buf[n++] = *s++;
    buf[n] = '\0';
}

/* sappend_int: appends the decimal form of v (>= 0). Signal-safe. */
static void sappend_int(char *buf, size_t cap, int v)
{
    char tmp[16];
    int i = (int)sizeof tmp - 1;
    tmp[i] = '\0';
    do {
        tmp[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v > 0 && i > 0);
    sappend(buf, cap, tmp + i);
}

/* solution_name: the name to show for chunk `source` when it is the
 * solution's code (its file, or a file in the solution folder that is not a
 * spec), relative to the solution folder; NULL for anything else (the spec,
 * luassert, the runner, strings given to load). Signal-safe. */
static const char *solution_name(const struct runner *r, const char *source)
{
    const char *path = source + 1, *dir = r->job->solution_dir, *file = r->job->solution_file;
    size_t n = dir ? strlen(dir) : 0;
    int in_dir;
    if (source[0] != '@')
        return NULL;
    in_dir = n > 0 && strncmp(path, dir, n) == 0 && (dir[n - 1] == '/' || path[n] == '/');
    if (file != NULL && strcmp(path, file) == 0) {
        const char *slash = strrchr(path, '/');
        return in_dir ? path + n + (dir[n - 1] != '/') : slash ? slash + 1 : path;
    }
    if (!in_dir || strcmp(source, r->source) == 0 || util_ends_with(path, "_spec.lua") ||
        util_ends_with(path, "/spec.lua"))
        return NULL;
    return path + n + (dir[n - 1] != '/');
}

/* frame_is_solution: 1 (and records r->where) when stack level `level` of
 * L runs the solution's code. Signal-safe (reads the stack only). */
static int frame_is_solution(lua_State *L, struct runner *r, int level)
{
    lua_Debug ar;
    const char *name;
    if (!lua_getstack(L, level, &ar) || !lua_getinfo(L, "Sl", &ar) || ar.currentline <= 0)
        return 0;
    if ((name = solution_name(r, ar.source)) == NULL)
        return 0;
    r->where[0] = '\0';
    sappend(r->where, sizeof r->where, name);
    sappend(r->where, sizeof r->where, ":");
    sappend_int(r->where, sizeof r->where, ar.currentline);
    return 1;
}

/* locate: interrupt.h's locator: finds the innermost frame of `thread` that
 * runs the solution's code (the top 200 levels, then the bottom 64 of a
 * deeper stack) and, on the first thread asked, the C function on top. */
static int locate(lua_State *thread, void *ud)
{
    struct runner *r = ud;
    lua_Debug ar;
    int level, depth;
    if (r->cfunc[0] == '\0' && lua_getstack(thread, 0, &ar) && lua_getinfo(thread, "Sn", &ar) &&
        ar.what[0] == 'C' && ar.name != NULL) {
        r->cfunc[0] = '\0';
        sappend(r->cfunc, sizeof r->cfunc, ar.name);
    }
    for (level = 0; level < 200; level++)
        if (frame_is_solution(thread, r, level))
            return 1;
    if (!lua_getstack(thread, level, &ar))
        return 0;
    depth = stack_depth(thread);
    for (level = depth - 64 > level ? depth - 64 : level; level <= depth; level++)
        if (frame_is_solution(thread, r, level))
            return 1;
    return 0;
}

/* timeout_text: the message of a test stopped at its deadline, into buf:
 * "countdown.lua:7: your code ran past the time limit (5 s)", and, when it
 * was stuck in C, which function. Signal-safe. */
static void timeout_text(const struct runner *r, int stuck, char *buf, size_t cap)
{
    buf[0] = '\0';
    if (r->where[0]) {
        sappend(buf, cap, r->where);
        sappend(buf, cap, ": your code ran past ");
    } else {
        sappend(buf, cap, "the test ran past ");
    }
    sappend(buf, cap, r->limit_text);
    if (stuck && r->cfunc[0]) {
        sappend(buf, cap, ", stuck inside the C function '");
        sappend(buf, cap, r->cfunc);
        sappend(buf, cap, "'");
    } else if (stuck) {
        sappend(buf, cap, ", stuck where no hook could stop it");
    }
}

/* streak_after: the repeated-timeout streak if the current test timed out
 * at `at` ("" unknown: no change). */
static int streak_after(const struct runner *r, const char *at)
{
    if (at[0] == '\0')
        return r->streak;
    return r->streak > 0 && strcmp(at, r->streak_at) == 0 ? r->streak + 1 : 1;
}

/* set_streak_skip: once the streak is long enough, the rest is not run. */
static void set_streak_skip(struct runner *r)
{
    if (r->streak >= SPEC_TIMEOUT_STREAK && r->skip[0] == '\0')
        snprintf(r->skip, sizeof r->skip,
                 "not run: %s tests in a row before it timed out at %s",
                 r->streak == 2 ? "two" : "several", r->streak_at);
}

static void (*stuck_fn)(void *ud, const char *message, int streak, const char *at);
static void *stuck_ud;

void spec_on_stuck(void (*fn)(void *ud, const char *message, int streak, const char *at), void *ud)
{
    stuck_fn = fn;
    stuck_ud = ud;
}

/* on_stuck: interrupt.h's watchdog, in the SIGALRM handler: the test is
 * stuck where no hook runs (inside a C function). Hands the message and the
 * streak to the sink, which ends the process. */
static void on_stuck(void *ud)
{
    struct runner *r = ud;
    const char *at = r->test_where[0] ? r->test_where : r->where;
    timeout_text(r, 1, r->stuck_msg, sizeof r->stuck_msg);
    stuck_fn(stuck_ud, r->stuck_msg, streak_after(r, at), at);
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
        lua_pushfstring(L, "%s was used up before it could run", r->limit_text);
        return "timeout";
    }
    r->where[0] = r->cfunc[0] = '\0';
    lua_pushlightuserdata(L, r);
    lua_pushcclosure(L, msgh, 1);
    lua_insert(L, base);
    r->fail_line = 0;
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
        char msg[sizeof r->where + sizeof r->limit_text + 64];
        if (st != LUA_OK)
            lua_pop(L, 1);
        else
            lua_pop(L, nres == LUA_MULTRET ? lua_gettop(L) - base + 1 : nres);
        timeout_text(r, 0, msg, sizeof msg);
        lua_pushstring(L, msg);
        if (r->test_where[0] == '\0')
            memcpy(r->test_where, r->where, sizeof r->where);
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

/* R.call(fn) -> kind, err, line */
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
    return 3;
}

/* R.begin() -> nil | message: the current test's (or block's) deadline
 * starts now: the per-test limit, or what is left of the spec file's when
 * that ends first. Returns why the rest is not run, once it is not (the
 * file's time is used up, or the repeated-timeout rule): then a block only
 * gets a short deadline to register its tests. */
static int r_begin(lua_State *L)
{
    struct runner *r = runner_of(L);
    double t = r->job->limits.timeout, now = util_now();
    r->test_where[0] = '\0';
    if (r->skip[0] == '\0' && r->file_deadline > 0 && now >= r->file_deadline)
        snprintf(r->skip, sizeof r->skip, "not run: the spec file's time limit (%g s) was used up",
                 r->job->limits.file_timeout);
    if (r->skip[0]) {
        double allow = t > 0 && t < SKIP_ALLOWANCE ? t : SKIP_ALLOWANCE;
        r->deadline = now + allow;
        snprintf(r->limit_text, sizeof r->limit_text, "the time left to list the tests (%g s)", allow);
        lua_pushstring(L, r->skip);
        return 1;
    }
    r->deadline = t > 0 ? now + t : 0;
    snprintf(r->limit_text, sizeof r->limit_text, "the time limit (%g s)", t);
    if (r->file_deadline > 0 && (r->deadline == 0 || r->file_deadline < r->deadline)) {
        r->deadline = r->file_deadline;
        snprintf(r->limit_text, sizeof r->limit_text, "the spec file's time limit (%g s)",
                 r->job->limits.file_timeout);
    }
    return 0;
}

/* R.skipping() -> nil | message: why the rest of the file is not run. */
static int r_skipping(lua_State *L)
{
    struct runner *r = runner_of(L);
    if (r->skip[0] == '\0')
        return 0;
    lua_pushstring(L, r->skip);
    return 1;
}

/* note_verdict: the repeated-timeout rule, after a test (not a block)
 * ended: a timeout where the solution's code was stopped extends the streak
 * (or starts one); a timeout elsewhere and a pending test change nothing;
 * any other verdict ends it. */
static void note_verdict(struct runner *r, const struct report_case *c)
{
    if (c->verdict == VERDICT_PENDING)
        return;
    if (c->verdict == VERDICT_ERROR && c->kind == ERRKIND_TIMEOUT) {
        int n = streak_after(r, r->test_where);
        if (r->test_where[0] == '\0')
            return;
        r->streak = n;
        if (n == 1)
            memcpy(r->streak_at, r->test_where, sizeof r->streak_at);
        set_streak_skip(r);
        return;
    }
    r->streak = 0;
}

/* errstr_body: [-1, +1, e] the string form of the value on the top. */
static int errstr_body(lua_State *L)
{
    struct pretty_opts o;
    if (lua_type(L, 1) == LUA_TSTRING)
        return 1;
    if (luaL_getmetafield(L, 1, "__tostring") != LUA_TNIL) {
        lua_pop(L, 1);
        luaL_tolstring(L, 1, NULL);
        return 1;
    }
    pretty_defaults(&o);
    o.max_depth = 3;
    pretty_push(L, 1, &o);
    return 1;
}

/* R.errstr(v) -> string: never hangs (a deadline of 1 s) and never raises. */
static int r_errstr(lua_State *L)
{
    struct runner *r = runner_of(L);
    double saved = r->deadline;
    const char *kind;
    lua_settop(L, 1);
    lua_pushcfunction(L, errstr_body);
    lua_insert(L, 1);
    char saved_text[sizeof r->limit_text];
    memcpy(saved_text, r->limit_text, sizeof saved_text);
    snprintf(r->limit_text, sizeof r->limit_text, "the time limit for showing an error value (1 s)");
    r->deadline = util_now() + 1.0;
    kind = guarded_pcall(L, r, 1, 1);
    r->deadline = saved;
    memcpy(r->limit_text, saved_text, sizeof saved_text);
    if (strcmp(kind, "ok") != 0) {
        lua_pushfstring(L, "<error object that could not be shown: %s>", kind);
        return 1;
    }
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

/* test_code: lines first..last of the spec (the test's function, from the
 * `function` keyword to its `end`), malloc'ed; NULL when unknown. Exercism's
 * results.json shows it beside a failure. */
static char *test_code(struct runner *r, int first, int last)
{
    struct sbuf b = SBUF_INIT;
    const char *p;
    int line = 1;
    if (first <= 0 || last < first || last - first > 200)
        return NULL;
    if (r->spec_text == NULL && (r->spec_text = util_read_file(r->job->spec_path, NULL)) == NULL)
        return NULL;
    for (p = r->spec_text; *p && line <= last; p++) {
        if (line >= first)
            sbuf_add(&b, p, 1);
        if (*p == '\n')
            line++;
    }
    return b.len ? sbuf_take(&b) : NULL;
}

/* R.finish(t): t has id, name, suite, status, kind, message, line, output,
 * duration. */
static int r_finish(lua_State *L)
{
    struct runner *r = runner_of(L);
    struct report_case c;
    const char *status;
    int top;
    luaL_checktype(L, 1, LUA_TTABLE);
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
    c.file = (char *)r->job->spec_path;
    lua_getfield(L, 1, "body_first");
    lua_getfield(L, 1, "body_last");
    c.test_code = test_code(r, (int)lua_tointeger(L, -2), (int)lua_tointeger(L, -1));
    c.expected = (char *)field_str(L, 1, "expected");
    c.actual = (char *)field_str(L, 1, "actual");
    status = field_str(L, 1, "status");
    c.verdict = strcmp(status, "pass") == 0      ? VERDICT_PASS
                : strcmp(status, "fail") == 0    ? VERDICT_FAIL
                : strcmp(status, "pending") == 0 ? VERDICT_PENDING
                                                 : VERDICT_ERROR;
    c.kind = c.verdict == VERDICT_ERROR ? errkind_parse(field_str(L, 1, "kind")) : ERRKIND_NONE;
    if (r->sink->finish)
        r->sink->finish(r->sink->ud, &c);
    lua_getfield(L, 1, "test");
    if (lua_toboolean(L, -1))
        note_verdict(r, &c);
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

/* R.load_spec(env) -> chunk | nil, kind, message. The chunk's _ENV is env
 * (runner.lua's scoped proxy over busted's API and the runner's globals). */
static int r_load_spec(lua_State *L)
{
    struct runner *r = runner_of(L);
    int st;
    luaL_checktype(L, 1, LUA_TTABLE);
    st = luaL_loadfilex(L, r->job->spec_path, "t");
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

/* spec_require: the spec world's require: the solution's modules first (one
 * cache shared with the solution), then the host's own (luassert and such).
 * Upvalues: 1 solution require, 2 host require. */
static int spec_require(lua_State *L)
{
    const char *name = luaL_checkstring(L, 1);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_pushstring(L, name);
    lua_pushboolean(L, 1);
    lua_call(L, 2, 1);
    if (!lua_isnil(L, -1))
        return 1;
    lua_pushvalue(L, lua_upvalueindex(2));
    lua_pushstring(L, name);
    lua_call(L, 1, 1);
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
 * environment's stack index. */
static void push_r(lua_State *L, struct runner *r, int env)
{
    static const luaL_Reg fns[] = {
        {"call", r_call},       {"begin", r_begin},   {"errstr", r_errstr},
        {"start", r_start},     {"finish", r_finish}, {"take_output", r_take_output},
        {"now", r_now},         {"load_spec", r_load_spec}, {"skipping", r_skipping},
        {NULL, NULL}};
    lua_newtable(L);
    lua_pushlightuserdata(L, r);
    luaL_setfuncs(L, fns, 1);
    lua_pushvalue(L, env);
    sandbox_solution_require(L);
    lua_getglobal(L, "require");
    lua_pushcclosure(L, spec_require, 2);
    lua_setfield(L, -2, "require");
    lua_getfield(L, env, "print");
    lua_setfield(L, -2, "print");
    lua_pushinteger(L, r->job->skip_through);
    lua_setfield(L, -2, "skip_through");
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
    int env;
    sandbox_push_solution_env(L, job->solution_dir, job->module, job->solution_file, job->reference);
    env = lua_gettop(L);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &runner_key);
    push_r(L, r, env);
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

int spec_run_prepared(lua_State *L, const struct spec_job *job, const struct spec_sink *sink,
                      char *err, size_t errcap)
{
    static struct runner r; /* one run at a time per process: signals are global */
    int st;
    memset(&r, 0, sizeof r);
    r.job = job;
    r.sink = sink;
    snprintf(r.source, sizeof r.source, "@%s", job->spec_path);
    r.file_deadline = job->file_deadline > 0 ? job->file_deadline
                      : job->limits.file_timeout > 0 ? util_now() + job->limits.file_timeout
                                                     : 0;
    if (job->timeout_streak > 0 && job->timeout_at != NULL) {
        r.streak = job->timeout_streak;
        snprintf(r.streak_at, sizeof r.streak_at, "%s", job->timeout_at);
        set_streak_skip(&r);
    }
    interrupt_set_locator(locate, &r);
    interrupt_set_watchdog(STUCK_GRACE, stuck_fn ? on_stuck : NULL, &r);
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
    interrupt_set_watchdog(STUCK_GRACE, NULL, NULL);
    interrupt_set_locator(NULL, NULL);
    free(r.spec_text);
    r.spec_text = NULL;
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
