/* test_chighlight.c: a C reference shown with and without colour: without,
 * the bytes are exactly the source's; with, each kind of token gets its
 * style, a comment spanning lines is styled on each line and closed before
 * every newline (so a pager never carries a colour into the next line), and
 * line numbers count every line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "chighlight.h"
#include "term.h"

static const char src[] =
    "/* counter.c: a closure\n"
    " * with an upvalue. */\n"
    "#include <lua.h>\n"
    "static int next(lua_State *L) {\n"
    "    lua_Integer n = lua_tointeger(L, lua_upvalueindex(1)) + 1; // bump\n"
    "    const char *s = \"a \\\"quoted\\\" // not a comment\";\n"
    "    return 1;\n"
    "}\n";

static char *show(int color, int numbers)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    assert_int_equal(chighlight_print(f, src, strlen(src), color, numbers), 0);
    assert_int_equal(fclose(f), 0);
    return buf;
}

static void plain_is_the_source(void **state)
{
    char *out = show(0, 0);
    (void)state;
    assert_string_equal(out, src);
    free(out);
}

static void styles_each_kind(void **state)
{
    char *out = show(1, 0);
    (void)state;
    assert_non_null(strstr(out, TERM_DIM "/* counter.c: a closure" TERM_RESET "\n" TERM_DIM " * with"));
    assert_non_null(strstr(out, TERM_MAGENTA "#include <lua.h>" TERM_RESET));
    assert_non_null(strstr(out, TERM_BOLD "static" TERM_RESET));
    assert_non_null(strstr(out, TERM_CYAN "lua_tointeger" TERM_RESET));
    assert_non_null(strstr(out, TERM_YELLOW "1" TERM_RESET));
    assert_non_null(strstr(out, TERM_DIM "// bump" TERM_RESET));
    /* The // inside the string is part of the string. */
    assert_non_null(strstr(out, TERM_GREEN "\"a \\\"quoted\\\" // not a comment\"" TERM_RESET));
    /* No style is open at any newline. */
    for (const char *p = strchr(out, '\n'); p; p = strchr(p + 1, '\n')) {
        const char *open = NULL;
        for (const char *q = out; q < p; q++)
            if (*q == '\033')
                open = strncmp(q, TERM_RESET, strlen(TERM_RESET)) == 0 ? NULL : q;
        assert_null(open);
    }
    free(out);
}

static void numbers_every_line(void **state)
{
    char *out = show(0, 1);
    (void)state;
    assert_non_null(strstr(out, "   1 | /* counter.c"));
    assert_non_null(strstr(out, "   2 |  * with an upvalue"));
    assert_true(strlen(out) > 9);
    assert_string_equal(out + strlen(out) - 9, "   8 | }\n"); /* no head after the last line */
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(plain_is_the_source),
        cmocka_unit_test(styles_each_kind),
        cmocka_unit_test(numbers_every_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
