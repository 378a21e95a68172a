/* test_repl.c: the REPL's input handling: incomplete-input detection (Lua's
 * "<eof>" syntax error), the "return " first rule, what repl_exec prints
 * for values and errors, session locals (replvars.h), Tab completion
 * (replcomplete.h, called as readline calls it) and the pager's line count. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <lauxlib.h>

#include "pager.h"
#include "repl.h"
#include "replcomplete.h"
#include "repltools.h"
#include "replvars.h"
#include "sandbox.h"

static enum repl_parse parse(const char *src)
{
    lua_State *L = repl_new_state();
    enum repl_parse p = repl_compile(L, src, strlen(src), "=stdin");
    assert_int_equal(lua_gettop(L), 1);
    sandbox_close(L);
    return p;
}

static void complete_inputs(void **state)
{
    (void)state;
    assert_int_equal(parse("1+1"), REPL_PARSE_OK);
    assert_int_equal(parse("x = 1"), REPL_PARSE_OK);
    assert_int_equal(parse("function f() return 1 end"), REPL_PARSE_OK);
    assert_int_equal(parse("function f()\nreturn 1\nend"), REPL_PARSE_OK);
}

static void incomplete_inputs(void **state)
{
    (void)state;
    assert_int_equal(parse("function f()"), REPL_PARSE_INCOMPLETE);
    assert_int_equal(parse("function f()\nreturn 1"), REPL_PARSE_INCOMPLETE);
    assert_int_equal(parse("for i = 1, 3 do"), REPL_PARSE_INCOMPLETE);
    assert_int_equal(parse("t = {"), REPL_PARSE_INCOMPLETE);
    assert_int_equal(parse("if x then"), REPL_PARSE_INCOMPLETE);
    assert_int_equal(parse("x = 1 +"), REPL_PARSE_INCOMPLETE);
}

static void error_inputs(void **state)
{
    (void)state;
    assert_int_equal(parse("x = = 1"), REPL_PARSE_ERROR);
    assert_int_equal(parse("end"), REPL_PARSE_ERROR);
    assert_int_equal(parse("1 +* 2"), REPL_PARSE_ERROR);
    /* Like lua.c: an unfinished string reads on (Lua says "near <eof>"). */
    assert_int_equal(parse("s = 'abc"), REPL_PARSE_INCOMPLETE);
}

/* run: compiles and runs src, returning what went to stdout and stderr. */
static void run(const char *src, char *out, size_t outcap, char *err, size_t errcap, int *rc)
{
    lua_State *L = repl_new_state();
    FILE *o = tmpfile(), *e = tmpfile();
    size_t n;
    assert_non_null(o);
    assert_non_null(e);
    assert_int_equal(repl_compile(L, src, strlen(src), "=stdin"), REPL_PARSE_OK);
    *rc = repl_exec(L, o, e, 0);
    assert_int_equal(lua_gettop(L), 0);
    rewind(o);
    rewind(e);
    n = fread(out, 1, outcap - 1, o);
    out[n] = '\0';
    n = fread(err, 1, errcap - 1, e);
    err[n] = '\0';
    fclose(o);
    fclose(e);
    sandbox_close(L);
}

static void expression_prints_values(void **state)
{
    char out[256], err[1024];
    int rc;
    (void)state;
    run("1+1", out, sizeof out, err, sizeof err, &rc);
    assert_int_equal(rc, 0);
    assert_string_equal(out, "2\n");
    run("\"a\", nil, 3", out, sizeof out, err, sizeof err, &rc);
    assert_string_equal(out, "\"a\"\tnil\t3\n");
    run("x = 1", out, sizeof out, err, sizeof err, &rc);
    assert_string_equal(out, "");
    run("{3, 1, b = 2, a = 1}", out, sizeof out, err, sizeof err, &rc);
    assert_string_equal(out, "{ 3, 1, a = 1, b = 2 }\n");
}

static void error_prints_message_and_traceback(void **state)
{
    char out[256], err[2048];
    int rc;
    (void)state;
    run("error('boom')", out, sizeof out, err, sizeof err, &rc);
    assert_int_equal(rc, 1);
    assert_string_equal(out, "");
    assert_non_null(strstr(err, "stdin:1: boom"));
    assert_non_null(strstr(err, "stack traceback:"));
    assert_null(strstr(err, "[C]: in ?"));
    run("error(setmetatable({}, {__tostring = function() return 'custom' end}))", out, sizeof out,
        err, sizeof err, &rc);
    assert_int_equal(rc, 1);
    assert_non_null(strstr(err, "custom"));
    /* a table error is a value: it prints as one */
    run("error({})", out, sizeof out, err, sizeof err, &rc);
    assert_non_null(strstr(err, "error object: {}"));
    run("error({code = 1, msg = 'no'})", out, sizeof out, err, sizeof err, &rc);
    assert_int_equal(rc, 1);
    assert_non_null(strstr(err, "error object: { code = 1, msg = \"no\" }"));
    assert_non_null(strstr(err, "stack traceback:"));
    /* a string error keeps its location, also when raised a level up */
    run("local function f() error('bad arg', 2) end\nf()", out, sizeof out, err, sizeof err, &rc);
    assert_non_null(strstr(err, "stdin:2: bad arg"));
    run("error(true)", out, sizeof out, err, sizeof err, &rc);
    assert_non_null(strstr(err, "(error object is a boolean value)"));
}

/* luaB_traceback_stub: the message handler under :time's function. */
static int luaB_traceback_stub(lua_State *L)
{
    return 1;
}

/* session: runs each line as the REPL does (session locals) and returns
 * what the last one printed. */
static const char *session(lua_State *L, const char *const *lines, char *out, size_t cap)
{
    for (; *lines; lines++) {
        FILE *o = tmpfile(), *e = tmpfile();
        size_t n;
        assert_non_null(o);
        assert_non_null(e);
        assert_int_equal(replvars_compile(L, *lines, strlen(*lines), "=stdin", 0), 0);
        repl_exec(L, o, e, 0);
        rewind(o);
        n = fread(out, 1, cap - 1, o);
        out[n] = '\0';
        if (out[0] == '\0') {
            rewind(e);
            n = fread(out, 1, cap - 1, e);
            out[n] = '\0';
        }
        fclose(o);
        fclose(e);
    }
    return out;
}

static void session_locals_persist(void **state)
{
    lua_State *L = repl_new_state();
    char out[1024];
    static const char *const a[] = {"local x = 1", "x + 1", NULL};
    /* one variable: the closure and the prompt see the same x */
    static const char *const b[] = {"local function inc() x = x + 1 return x end", "inc()", NULL};
    static const char *const c[] = {"x = 10", "inc(), x", NULL};
    static const char *const d[] = {"local p, q <close> = 1, nil; local r", "p, q, r", NULL};
    /* nested and string-quoted locals are not session locals */
    static const char *const e[] = {"do local z = 3 end s = 'local w = 1'", "z, w", NULL};
    static const char *const f[] = {"local m = 5 error('x')", "m", NULL};
    (void)state;
    assert_string_equal(session(L, a, out, sizeof out), "2\n");
    assert_string_equal(session(L, b, out, sizeof out), "2\n");
    assert_string_equal(session(L, c, out, sizeof out), "11\t11\n");
    assert_string_equal(session(L, d, out, sizeof out), "1\tnil\tnil\n");
    assert_string_equal(session(L, e, out, sizeof out), "nil\tnil\n");
    /* a chunk that raises keeps none of its new locals */
    assert_string_equal(session(L, f, out, sizeof out), "nil\n");
    replvars_reset(L);
    assert_string_equal(session(L, a, out, sizeof out), "2\n");
    /* what :run reports as kept: top-level names only, attributes skipped */
    {
        const char *src = "local function f() local no = 1 end\n"
                          "local a, b <const> = 1, 2 -- local c\n"
                          "if x then local no2 = 1 end local s = [[local d]]";
        assert_int_equal(replvars_declared(L, src, strlen(src), out, sizeof out), 4);
    }
    assert_string_equal(out, "f, a, b, s");
    /* `local a` then a statement on the next line: b is assigned, not declared */
    assert_int_equal(replvars_declared(L, "local a\nb = 2 local c, d", 24, out, sizeof out), 3);
    assert_string_equal(out, "a, c, d");
    assert_int_equal(replvars_declared(L, "print 'x' local e = [[y]] local f", 33, out, sizeof out), 2);
    assert_string_equal(out, "e, f");
    sandbox_close(L);
}

/* matches: the completions for `text` at `start` in `line`, joined by
 * spaces (element 0, the common prefix, left out); frees them. */
static const char *matches(const char *line, const char *text, int start, char *out, size_t cap)
{
    char **m = replcomplete(line, text, start);
    out[0] = '\0';
    if (m == NULL)
        return out;
    for (size_t i = m[1] ? 1 : 0; m[i]; i++) {
        if (out[0])
            strncat(out, " ", cap - strlen(out) - 1);
        strncat(out, m[i], cap - strlen(out) - 1);
    }
    for (size_t i = 0; m[i]; i++)
        free(m[i]);
    free(m);
    return out;
}

static void completion(void **state)
{
    lua_State *L = repl_new_state();
    char out[2048];
    (void)state;
    replcomplete_setup(L, DOJO_SOURCE_DIR);
    assert_int_equal(luaL_dostring(L, "Base = {greet = 1, gone = 2}\n"
                                      "Mid = setmetatable({middle = 1}, {__index = Base})\n"
                                      "obj = setmetatable({own = 1}, {__index = Mid})\n"
                                      "trap = setmetatable({}, {__index = function() called = true "
                                      "return {} end})\n"
                                      "str = 'abc'"),
                     0);
    /* :commands */
    assert_string_equal(matches(":re", ":re", 0, out, sizeof out), ":reload :reset");
    /* kata names after the kata commands, lesson names after :lesson */
    assert_string_equal(matches(":start coun", "coun", 7, out, sizeof out), "countdown counter");
    assert_string_equal(matches(":check limi", "limi", 7, out, sizeof out), "limiter");
    assert_string_equal(matches(":kata memo", "memo", 6, out, sizeof out), "memoize");
    assert_string_equal(matches(":lesson clo", "clo", 8, out, sizeof out), "closures");
    /* fields, through __index tables, on '.' and ':' */
    assert_string_equal(matches("obj.", "obj.", 0, out, sizeof out), "obj.gone obj.greet obj.middle obj.own");
    assert_string_equal(matches("x = obj:g", "obj:g", 4, out, sizeof out), "obj:gone obj:greet");
    assert_string_equal(matches("Mid.gr", "Mid.gr", 0, out, sizeof out), "Mid.greet");
    assert_string_equal(matches("str:up", "str:up", 0, out, sizeof out), "str:upper");
    /* an __index function is never called */
    assert_string_equal(matches("trap.", "trap.", 0, out, sizeof out), "");
    assert_string_equal(matches("trap.x.", "trap.x.", 0, out, sizeof out), "");
    lua_getglobal(L, "called");
    assert_true(lua_isnil(L, -1));
    lua_pop(L, 1);
    /* session locals complete like globals */
    assert_int_equal(replvars_compile(L, "local sessionvar = {field = 1}", 30, "=stdin", 0), 0);
    assert_int_equal(lua_pcall(L, 0, 0, 0), 0);
    assert_string_equal(matches("sessionv", "sessionv", 0, out, sizeof out), "sessionvar");
    assert_string_equal(matches("sessionvar.f", "sessionvar.f", 0, out, sizeof out), "sessionvar.field");
    replcomplete_setup(NULL, NULL);
    sandbox_close(L);
}

/* time_of: runs :time's loop on `src`, its output in `out`; returns its rc. */
static int time_of(lua_State *L, const char *src, char *out, size_t cap)
{
    FILE *o = tmpfile();
    size_t n;
    int rc;
    assert_non_null(o);
    lua_pushcfunction(L, luaB_traceback_stub);
    assert_int_equal(luaL_loadstring(L, src), LUA_OK);
    rc = repltools_time(L, o);
    assert_int_equal(lua_gettop(L), 3);
    if (rc != 0)
        snprintf(out, cap, "%s", lua_tostring(L, -1));
    else {
        assert_true(lua_isnil(L, -1));
        rewind(o);
        n = fread(out, 1, cap - 1, o);
        out[n] = '\0';
    }
    lua_settop(L, 0);
    fclose(o);
    return rc;
}

static void time_takes_the_median(void **state)
{
    lua_State *L = repl_new_state();
    char out[512];
    long loops = 0;
    int runs = 0;
    (void)state;
    assert_int_equal(time_of(L, "calls = (calls or 0) + 1", out, sizeof out), 0);
    assert_non_null(strstr(out, " per loop (median of "));
    assert_int_equal(sscanf(strstr(out, "median of "), "median of %d runs, %ld loop", &runs, &loops), 2);
    /* 7 runs, or fewer (never under 3) when a loaded machine makes them
     * outlast the budget */
    assert_in_range(runs, 3, REPLTOOLS_RUNS);
    /* every call ran: the calibration, then the runs of `loops` calls (no
     * claim on how many loops: that depends on the machine's load) */
    assert_true(loops >= 1);
    lua_getglobal(L, "calls");
    assert_true(lua_tointeger(L, -1) >= (lua_Integer)loops * runs);
    lua_pop(L, 1);
    /* a call that raises stops it with the message */
    assert_int_equal(time_of(L, "n = (n or 0) + 1 if n == 3 then error('third') end", out, sizeof out), -1);
    assert_non_null(strstr(out, "third"));
    sandbox_close(L);
}

static void pager_counts_wrapped_lines(void **state)
{
    (void)state;
    assert_int_equal(pager_lines("", 0, 80), 0);
    assert_int_equal(pager_lines("a\nb\n", 4, 80), 2);
    assert_int_equal(pager_lines("a\nb", 3, 80), 2);
    /* 25 columns on a 10-column terminal: 3 rows; escapes take none */
    assert_int_equal(pager_lines("\033[1m0123456789012345678901234\033[0m\n", 34, 10), 3);
    assert_int_equal(pager_lines("0123456789\n", 11, 10), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(complete_inputs),
        cmocka_unit_test(incomplete_inputs),
        cmocka_unit_test(error_inputs),
        cmocka_unit_test(expression_prints_values),
        cmocka_unit_test(error_prints_message_and_traceback),
        cmocka_unit_test(session_locals_persist),
        cmocka_unit_test(completion),
        cmocka_unit_test(time_takes_the_median),
        cmocka_unit_test(pager_counts_wrapped_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
