/* spec.c: the C half of the spec runner: builds the state (spec world and
 * solution environment), gives runner.lua its primitives (R.call under the
 * limits, results out to the sink) and runs it. What a timeout says and
 * when the rest of a file is not run is deadline.c's. Depends on Lua 5.4,
 * deadline.h, sandbox.h, interrupt.h, pretty.h, report/report.h, util.h. */
#include "spec.h"

#include <lauxlib.h>
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

/* Memory the runner may use beyond the learner's cap, outside R.call, so it
 * can still report a test that ran out. */
#define RUNNER_HEADROOM (8u << 20)

struct runner {
    const struct spec_job *job;
    const struct spec_sink *sink;
    char source[4200]; /* the spec's chunkname, "@path" */
    double deadline;   /* util_now() seconds; 0 = none */
    char *spec_text;   /* the spec file, read on first need (for test code) */
    int fail_line;     /* spec line of the last error, 0 = unknown */
    struct deadline dl; /* the timeout's words, the file's deadline, the
                           repeated-timeout rule */
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
    size_t cap;
    char *text = deadline_limit_text(&r->dl, &cap), saved_text[128];
    lua_settop(L, 1);
    lua_pushcfunction(L, errstr_body);
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
