/* test_diff.c: report_diff, the expected-against-actual display of the human
 * report: the caret under the first difference of one-line values, the LCS
 * line diff of multi-line ones, and the refusal of inputs too long to diff. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "report/report.h"

/* diff: report_diff into a string (caller frees); *rc gets its result. */
static char *diff(const char *expected, const char *actual, int *rc)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    *rc = report_diff(f, "> ", expected, actual, 0);
    fclose(f);
    return buf;
}

static void caret_marks_first_difference(void **state)
{
    int rc;
    char *out = diff("\"hello world\"", "\"hello wordl\"", &rc);
    (void)state;
    assert_int_equal(rc, 0);
    assert_string_equal(out, "> expected: \"hello world\"\n"
                             "> actual:   \"hello wordl\"\n"
                             ">                     ^ first difference, at byte 11\n");
    free(out);
}

static void lines_removed_then_added(void **state)
{
    int rc;
    char *out = diff("{\n  a = 1,\n  b = 2,\n}", "{\n  a = 1,\n  b = 3,\n  c = 4,\n}", &rc);
    (void)state;
    assert_int_equal(rc, 0);
    assert_string_equal(out, "> diff (- expected, + actual):\n"
                             ">   {\n"
                             ">     a = 1,\n"
                             "> -   b = 2,\n"
                             "> +   b = 3,\n"
                             "> +   c = 4,\n"
                             ">   }\n");
    free(out);
}

static void control_bytes_are_shown(void **state)
{
    int rc;
    char *out = diff("\"a\"", "\"a\033[2J\"", &rc);
    (void)state;
    assert_int_equal(rc, 0);
    assert_null(strchr(out, '\033'));
    assert_non_null(strstr(out, "\\x1b[2J"));
    free(out);
}

static void too_long_is_refused(void **state)
{
    int rc;
    size_t n = 300 * 2;
    char *big = malloc(n + 1), *out;
    (void)state;
    for (size_t i = 0; i < n; i += 2)
        big[i] = 'x', big[i + 1] = '\n';
    big[n] = '\0';
    out = diff(big, "y\nz", &rc);
    assert_int_equal(rc, -1);
    assert_string_equal(out, "");
    free(out);
    free(big);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(caret_marks_first_difference),
        cmocka_unit_test(lines_removed_then_added),
        cmocka_unit_test(control_bytes_are_shown),
        cmocka_unit_test(too_long_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
