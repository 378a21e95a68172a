/* test_diff.c: report_diff, the expected-against-actual display of the human
 * report: the caret under the first difference of one-line values (only
 * where it helps: long values, not numbers; a window on wide ones), the LCS
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
    char *out = diff("\"hello world, said the robot\"", "\"hello wordl, said the robot\"", &rc);
    (void)state;
    assert_int_equal(rc, 0);
    assert_string_equal(out, "> expected: \"hello world, said the robot\"\n"
                             "> actual:   \"hello wordl, said the robot\"\n"
                             ">                     ^ first difference, at byte 11\n");
    free(out);
}

/* Short values and numbers: the two lines say it all, no caret. */
static void no_caret_for_short_values_or_numbers(void **state)
{
    int rc;
    char *out = diff("11", "10", &rc);
    (void)state;
    assert_int_equal(rc, 0);
    assert_string_equal(out, "> expected: 11\n> actual:   10\n");
    free(out);
    out = diff("\"hello world\"", "\"hello wordl\"", &rc);
    assert_string_equal(out, "> expected: \"hello world\"\n> actual:   \"hello wordl\"\n");
    free(out);
    out = diff("123456789012345678901234", "123456789012345678901235", &rc);
    assert_string_equal(out, "> expected: 123456789012345678901234\n"
                             "> actual:   123456789012345678901235\n");
    free(out);
    out = diff("nil", "\"a string long enough for a caret\"", &rc);
    assert_null(strstr(out, "^"));
    free(out);
}

/* A value wider than 60 columns is shown as a window around the first
 * difference, and the caret stays under it. */
static void long_values_are_windowed(void **state)
{
    int rc;
    char e[200], a[200], *out;
    const char *caret, *line2;
    (void)state;
    snprintf(e, sizeof e, "\"%s-X-%s\"", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
             "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
    snprintf(a, sizeof a, "%s", e);
    *strchr(a, 'X') = 'Y';
    out = diff(e, a, &rc);
    assert_int_equal(rc, 0);
    /* Every line fits 80 columns with its "> " pad. */
    for (const char *p = out; *p;) {
        const char *nl = strchr(p, '\n');
        assert_non_null(nl);
        assert_true(nl - p <= 80);
        p = nl + 1;
    }
    assert_non_null(strstr(out, "> expected: ...aaaa"));
    assert_non_null(strstr(out, "bbb...\n"));
    snprintf(a, sizeof a, "^ first difference, at byte %d\n", (int)(strchr(e, 'X') - e + 1));
    assert_non_null(strstr(out, a));
    /* The caret's column is the X's column in the expected line. */
    line2 = strchr(strchr(out, '\n') + 1, '\n') + 1;
    caret = strchr(line2, '^');
    assert_int_equal(caret - line2, strchr(out, 'X') - out);
    free(out);
}

/* Multi-byte characters take one column: the caret stays under the
 * character that differs. */
static void caret_counts_characters(void **state)
{
    int rc;
    char *out = diff("\"héllo wörld, said the robot\"", "\"héllo wörlt, said the robot\"", &rc);
    (void)state;
    assert_int_equal(rc, 0);
    assert_string_equal(out, "> expected: \"héllo wörld, said the robot\"\n"
                             "> actual:   \"héllo wörlt, said the robot\"\n"
                             ">                      ^ first difference, at byte 14\n");
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
        cmocka_unit_test(no_caret_for_short_values_or_numbers),
        cmocka_unit_test(long_values_are_windowed),
        cmocka_unit_test(caret_counts_characters),
        cmocka_unit_test(lines_removed_then_added),
        cmocka_unit_test(control_bytes_are_shown),
        cmocka_unit_test(too_long_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
