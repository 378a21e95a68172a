/* test_protocol.c: cmocka unit tests of the plain-C core of the `protocol`
 * kata's reference (katas/interfaces/protocol/reference.h): when a value
 * fits a protocol's method, and the words for each kind of mismatch.
 * No Lua state. Depends on cmocka and the reference. */

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../katas/interfaces/protocol/reference.h"

/* A protocol as static const data, as a C program would declare one. */
static const struct protocol_method reader[] = {{"read", 1}, {"close", 0}};

/* explain: protocol_explain into a fresh buffer; checks that the returned
 * length is the string's. */
static const char *explain(const struct protocol_method *m, struct protocol_found f)
{
    static char buf[160];
    size_t n = protocol_explain(buf, sizeof buf, "Reader", m, &f);

    assert_int_equal(strlen(buf), n);
    return buf;
}

static struct protocol_found function(unsigned nparams, bool vararg)
{
    return (struct protocol_found){PROTOCOL_FUNCTION, NULL, true, nparams, vararg};
}

static void fits_counts_self(void **unused)
{
    (void)unused;
    assert_true(protocol_fits(1, 2, false));  /* read(self, n) */
    assert_false(protocol_fits(1, 1, false)); /* read(n): no self */
    assert_false(protocol_fits(1, 3, false)); /* read(self, n, mode) */
    assert_true(protocol_fits(0, 1, false));  /* close(self) */
    assert_false(protocol_fits(0, 0, false)); /* close() */
}

static void fits_lets_varargs_take_what_is_missing(void **unused)
{
    (void)unused;
    assert_true(protocol_fits(2, 0, true)); /* function(...) */
    assert_true(protocol_fits(2, 1, true)); /* function(self, ...) */
    assert_true(protocol_fits(2, 3, true)); /* function(self, a, b, ...) */
    assert_false(protocol_fits(2, 4, true));
    assert_true(protocol_fits(0, 1, true));
    assert_false(protocol_fits(0, 2, true));
}

static void explains_a_missing_method(void **unused)
{
    (void)unused;
    struct protocol_found f = {PROTOCOL_MISSING, NULL, false, 0, false};

    assert_string_equal("missing method 'close'", explain(&reader[1], f));
}

static void explains_a_value_that_is_not_a_function(void **unused)
{
    (void)unused;
    struct protocol_found f = {PROTOCOL_NOT_FUNCTION, "number", false, 0, false};

    assert_string_equal("'read' is not a function (got number)", explain(&reader[0], f));
}

static void explains_wrong_parameter_counts(void **unused)
{
    (void)unused;
    assert_string_equal("'read' takes 3 parameters; Reader wants 2 (self + 1)",
                        explain(&reader[0], function(3, false)));
    assert_string_equal("'read' takes 1 parameter; Reader wants 2 (self + 1)",
                        explain(&reader[0], function(1, false)));
    assert_string_equal("'close' takes 0 parameters; Reader wants 1 (self + 0)",
                        explain(&reader[1], function(0, false)));
    assert_string_equal("'close' takes at least 2 parameters; Reader wants 1 (self + 0)",
                        explain(&reader[1], function(2, true)));
}

static void a_fitting_function_has_no_problem(void **unused)
{
    (void)unused;
    struct protocol_found unknown = {PROTOCOL_FUNCTION, NULL, false, 7, false};
    char buf[8] = "junk";

    assert_int_equal(0, protocol_explain(buf, sizeof buf, "Reader", &reader[0], &unknown));
    assert_string_equal("", buf);
    assert_int_equal(0, protocol_explain(buf, sizeof buf, "Reader", &reader[0],
                                         &(struct protocol_found){PROTOCOL_FUNCTION, NULL, true,
                                                                  2, false}));
    assert_int_equal(0, protocol_explain(NULL, 0, "Reader", &reader[1], &unknown));
}

static void explain_truncates_but_measures_the_whole(void **unused)
{
    (void)unused;
    struct protocol_found f = {PROTOCOL_MISSING, NULL, false, 0, false};
    char buf[8];

    assert_int_equal(strlen("missing method 'close'"),
                     protocol_explain(buf, sizeof buf, "Reader", &reader[1], &f));
    assert_string_equal("missing", buf);
    assert_int_equal(strlen("missing method 'close'"),
                     protocol_explain(NULL, 0, "Reader", &reader[1], &f));
}

static void sort_orders_names_in_place(void **unused)
{
    (void)unused;
    const char *names[] = {"write", "flush", "close", "read"};
    const char *one[] = {"only"};

    protocol_sort(names, 4);
    assert_string_equal("close", names[0]);
    assert_string_equal("flush", names[1]);
    assert_string_equal("read", names[2]);
    assert_string_equal("write", names[3]);
    protocol_sort(one, 1);
    assert_string_equal("only", one[0]);
    protocol_sort(NULL, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fits_counts_self),
        cmocka_unit_test(fits_lets_varargs_take_what_is_missing),
        cmocka_unit_test(explains_a_missing_method),
        cmocka_unit_test(explains_a_value_that_is_not_a_function),
        cmocka_unit_test(explains_wrong_parameter_counts),
        cmocka_unit_test(a_fitting_function_has_no_problem),
        cmocka_unit_test(explain_truncates_but_measures_the_whole),
        cmocka_unit_test(sort_orders_names_in_place),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
