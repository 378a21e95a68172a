/* test_repl.c: the REPL's input handling: incomplete-input detection (Lua's
 * "<eof>" syntax error), the "return " first rule, and what repl_exec prints
 * for values and errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <lauxlib.h>

#include "repl.h"
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
    run("error({})", out, sizeof out, err, sizeof err, &rc);
    assert_non_null(strstr(err, "(error object is a table value)"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(complete_inputs),
        cmocka_unit_test(incomplete_inputs),
        cmocka_unit_test(error_inputs),
        cmocka_unit_test(expression_prints_values),
        cmocka_unit_test(error_prints_message_and_traceback),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
