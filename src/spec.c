/* spec.c: the C half of the spec runner: builds the state (spec world and
 * solution environment), gives runner.lua its primitives (R.call under the
 * limits, results out to the sink) and runs it. What a timeout says and
 * when the rest of a file is not run is deadline.c's; where a failure
 * happened and what is said about it, specwhere.c's. Depends on Lua 5.4,
 * deadline.h, sandbox.h, interrupt.h, pretty.h, specwhere.h,
 * report/report.h, util.h. */
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
#include "specworld_lua.h"
#include "runner_fair_lua.h"
#include "sandbox.h"
#include "specwhere.h"
#include "util.h"

/* Memory the runner may use beyond the learner's cap, outside R.call, so it
 * can still report a test that ran out. */
#define RUNNER_HEADROOM (8u << 20)

struct runner {
    const struct spec_job *job;
    const struct spec_sink *sink;
    double deadline;   /* util_now() seconds; 0 = none */
    struct spec_text text; /* the spec file, read on first need */
    struct spec_where where; /* where the last error happened (msgh) */
    char spec_dir[PATH_MAX]; /* the spec's folder (helpers come from it) */
    int same_dir;      /* the spec's folder is the submission's */
    int project;       /* the spec's folder is the submission's spec/ (busted's
                          project layout: paths are relative to the submission) */
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

/* msgh: [-0, +0, -] message handler: finds where in the spec (and the
 * solution) the error happened (specwhere_find); leaves the error value as
 * it is. Runs no Lua code. */
static int msgh(lua_State *L)
{
    specwhere_find(L, &runner_of(L)->where);
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
    specwhere_clear(&r->where, lua_topointer(L, base));
    lua_insert(L, base);
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
    if (r->where.line > 0)
        lua_pushinteger(L, r->where.line);
    else
        lua_pushnil(L);
    if (r->where.helper[0])
        lua_pushstring(L, r->where.helper);
    else
        lua_pushnil(L);
    if (r->where.raised[0])
        lua_pushstring(L, r->where.raised);
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
        o.max_depth = 3;   /* an error value is a clue, not a dump: */
        o.max_items = 20;  /* nested 3 deep, 20 entries a table, */
        o.width = 72;      /* 80 columns with the report's indent, */
        o.pack = 1;        /* array items several to a line */
        pretty_push(L, 1, &o);
    }
    specwhere_strip(L, &r->where);
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

/* R.in_task() -> boolean: the running thread is an async task's
 * (async_task.c keeps its task in the thread's extra space; every other
 * thread's is NULL, copied from the main thread's, see sandbox_new). */
static int r_in_task(lua_State *L)
{
    lua_pushboolean(L, *(void **)lua_getextraspace(L) != NULL);
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
    c.test_code = spec_text_code(&r->text, (int)lua_tointeger(L, -2), (int)lua_tointeger(L, -1));
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
        spec_text_line(&r->text, c.line, code_line, sizeof code_line);
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
    if ((text = spec_text_read(&r->text)) == NULL) {
        lua_pushnil(L);
        lua_pushliteral(L, "load");
        lua_pushfstring(L, "cannot read %s", spec_shown(r->job));
        return 3;
    }
    if (text[0] == '#') { /* a #! line, as luaL_loadfile skips it (keeping line numbers) */
        text = strchr(text, '\n');
        text = text ? text : "";
    }
    st = luaL_loadbufferx(L, text, strlen(text), r->where.source, "t");
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

/* Registry key of R.bad_modules: module name -> { type, long, short }
 * (specwhere_module_note) for each solution module that gave the spec
 * something that is not a table (specwhere.h says which values count). */
static const char bad_modules_key = 'b';

/* Registry key of the compiled runner_fair.lua chunk in a prepared state
 * (push_r hands it to the runner as R.fair). */
static const char runner_fair_key = 'f';

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
        if (r->project && strncmp(name, "spec.", 5) == 0) /* require('spec.helpers') */
            helper = sandbox_find_module(L, r->spec_dir, name + 5, real) == CONFINE_OK;
        else if (!r->same_dir)
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
    if (specwhere_module_note(L, &r->where, r->job, name, -1)) {
        lua_rawgetp(L, LUA_REGISTRYINDEX, &bad_modules_key);
        lua_insert(L, -2);
        lua_setfield(L, -2, name); /* R.bad_modules[name] = note */
        lua_pop(L, 1);
    }
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

/* Registry keys of the compiled runner and specworld chunks in a prepared
 * state. */
static const char runner_key = 'r';
static const char specworld_key = 'w';

/* push_r: [-0, +1, m] the R table for runner.lua; `env` is the solution
 * environment's stack index, `spec_env` the spec world's globals'. */
static void push_r(lua_State *L, struct runner *r, int env, int spec_env)
{
    static const luaL_Reg fns[] = {
        {"call", r_call},       {"begin", r_begin},   {"errstr", r_errstr},
        {"start", r_start},     {"finish", r_finish}, {"take_output", r_take_output},
        {"now", r_now},         {"load_spec", r_load_spec}, {"guard", r_guard},
        {"proxy", r_proxy},     {"skipping", r_skipping}, {"in_task", r_in_task},
        {NULL, NULL}};
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
    lua_pushvalue(L, env); /* specworld mirrors into it; runner_fair wraps its pcall... */
    lua_setfield(L, -2, "solution_globals");
    lua_pushstring(L, spec_shown(r->job));
    lua_setfield(L, -2, "spec_name");
    lua_newtable(L);
    lua_pushvalue(L, -1);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &helper_sources_key);
    lua_setfield(L, -2, "helper_sources");
    lua_getfield(L, env, "print");
    lua_setfield(L, -2, "print");
    lua_rawgetp(L, LUA_REGISTRYINDEX, &runner_fair_key);
    lua_setfield(L, -2, "fair");
    lua_pushinteger(L, r->job->skip_through);
    lua_setfield(L, -2, "skip_through");
    lua_pushboolean(L, r->job->list_only);
    lua_setfield(L, -2, "list_only");
    lua_newtable(L);
    lua_pushvalue(L, -1);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &bad_modules_key);
    lua_setfield(L, -2, "bad_modules");
    if (r->job->server_url) {
        lua_pushstring(L, r->job->server_url);
        lua_setfield(L, -2, "server_url");
    }
    lua_rawgetp(L, LUA_REGISTRYINDEX, &specworld_key);
    lua_setfield(L, -2, "specworld");
    lua_getfield(L, env, "require"); /* its upvalue 2: the solution's module cache */
    if (lua_getupvalue(L, -1, 2) == NULL)
        lua_pushnil(L);
    lua_setfield(L, -3, "solution_loaded");
    lua_pop(L, 1);
}



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
    if (luaL_loadbuffer(L, dojo_specworld_lua, dojo_specworld_lua_len, "=specworld") != LUA_OK)
        return lua_error(L);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &specworld_key);
    if (luaL_loadbuffer(L, dojo_runner_fair_lua, dojo_runner_fair_lua_len, "=runner") != LUA_OK)
        return lua_error(L);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &runner_fair_key);
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
    sandbox_give_modules(L, job->given_dir, job->given, job->ngiven);
    sandbox_push_solution_env(L, job->solution_dir, job->module, job->solution_file, job->reference);
    env = lua_gettop(L);
    /* Relative paths start where busted runs: the spec's folder, or the
     * project's for a spec in its spec/ folder. */
    if (r->project)
        sandbox_push_spec_env(L, job->solution_dir, r->spec_dir);
    else
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
    r->project = !r->same_dir && job->solution_dir && realpath(job->solution_dir, a) &&
                 strlen(a) + 5 == strlen(r->spec_dir) && strncmp(a, r->spec_dir, strlen(a)) == 0 &&
                 strcmp(r->spec_dir + strlen(a), "/spec") == 0;
}

int spec_run_prepared(lua_State *L, const struct spec_job *job, const struct spec_sink *sink,
                      char *err, size_t errcap)
{
    static struct runner r; /* one run at a time per process: signals are global */
    int st;
    memset(&r, 0, sizeof r);
    r.job = job;
    r.sink = sink;
    r.text.path = job->spec_path;
    specwhere_init(&r.where, job);
    spec_folders(&r, job);
    deadline_start(&r.dl, job, r.where.source);
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
    spec_text_free(&r.text);
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
