/* test_read_only_and_computed.c: cmocka unit tests of the plain-C core of
 * the `read-only-and-computed` kata's reference
 * (katas/properties/read-only-and-computed/reference.h): a GObject-style
 * property table, get_property computing what is not stored and
 * set_property refusing read-only properties and bad sizes. No Lua state.
 * Depends on cmocka and the reference. */

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "../katas/properties/read-only-and-computed/reference.h"

static struct rect_arg num(double x, const char *shown)
{
    return (struct rect_arg){true, x, shown};
}

/* made: a rectangle made by rect_init, which must succeed. */
static struct rect made(long long id, double w, double h)
{
    struct rect r;
    char msg[128];
    struct rect_arg aw = num(w, "w"), ah = num(h, "h");

    assert_int_equal(0, rect_init(&r, id, &aw, &ah, msg, sizeof msg));
    return r;
}

static double number_of(const struct rect *r, enum rect_prop_id id)
{
    struct rect_value v = rect_get_property(r, id);

    assert_int_equal(RECT_NUMBER, v.kind);
    return v.number;
}

static void finds_every_property_by_name(void **unused)
{
    (void)unused;
    static const char *const names[] = {"id", "width", "height", "area", "perimeter", "is_square"};

    assert_int_equal(6, rect_n_properties);
    for (size_t i = 0; i < 6; i++) {
        const struct rect_pspec *p = rect_find_property(names[i]);

        assert_non_null(p);
        assert_string_equal(names[i], p->name);
        assert_true(p->flags & RECT_READABLE);
    }
    assert_null(rect_find_property("colour"));
    assert_null(rect_find_property("Area"));
    assert_null(rect_find_property(""));
}

static void only_width_and_height_are_writable(void **unused)
{
    (void)unused;

    for (size_t i = 0; i < rect_n_properties; i++) {
        const struct rect_pspec *p = &rect_properties[i];
        bool writable = p->id == RECT_PROP_WIDTH || p->id == RECT_PROP_HEIGHT;

        assert_int_equal(writable, (p->flags & RECT_WRITABLE) != 0);
    }
}

static void computes_area_perimeter_and_is_square(void **unused)
{
    (void)unused;
    struct rect r = made(7, 3, 4);
    struct rect_value v;

    assert_true(number_of(&r, RECT_PROP_AREA) == 12);
    assert_true(number_of(&r, RECT_PROP_PERIMETER) == 14);
    v = rect_get_property(&r, RECT_PROP_IS_SQUARE);
    assert_int_equal(RECT_BOOLEAN, v.kind);
    assert_false(v.boolean);
    v = rect_get_property(&r, RECT_PROP_ID);
    assert_int_equal(RECT_INTEGER, v.kind);
    assert_int_equal(7, v.integer);
}

static void computed_values_follow_every_change(void **unused)
{
    (void)unused;
    struct rect r = made(1, 3, 4);
    struct rect_arg five = num(5, "number 5");
    char msg[128];

    assert_int_equal(0, rect_set_property(&r, rect_find_property("width"), &five, msg, sizeof msg));
    assert_true(number_of(&r, RECT_PROP_AREA) == 20);
    assert_int_equal(0, rect_set_property(&r, rect_find_property("height"), &five, msg, sizeof msg));
    assert_true(number_of(&r, RECT_PROP_AREA) == 25);
    assert_true(rect_get_property(&r, RECT_PROP_IS_SQUARE).boolean);
}

static void refuses_read_only_properties_and_changes_nothing(void **unused)
{
    (void)unused;
    static const char *const ro[] = {"id", "area", "perimeter", "is_square"};
    struct rect r = made(3, 3, 4), before = r;
    struct rect_arg v = num(2, "number 2");
    char msg[128], expected[64];

    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(-1, rect_set_property(&r, rect_find_property(ro[i]), &v, msg, sizeof msg));
        snprintf(expected, sizeof expected, "'%s' is read-only", ro[i]);
        assert_string_equal(expected, msg);
    }
    assert_memory_equal(&before, &r, sizeof r);
}

static void refuses_sizes_that_are_not_positive_finite_numbers(void **unused)
{
    (void)unused;
    struct rect r = made(1, 3, 4), before = r;
    const struct rect_pspec *w = rect_find_property("width");
    struct rect_arg bad[] = {
        num(0, "number 0"), num(-2, "number -2"), num(INFINITY, "number inf"),
        num(NAN, "number nan"), {false, 0, "string \"5\""}, {false, 0, "nil"},
    };
    char msg[128], expected[128];

    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(-1, rect_set_property(&r, w, &bad[i], msg, sizeof msg));
        snprintf(expected, sizeof expected, "width: positive number expected, got %s", bad[i].shown);
        assert_string_equal(expected, msg);
    }
    assert_memory_equal(&before, &r, sizeof r);
}

static void init_checks_width_then_height(void **unused)
{
    (void)unused;
    struct rect r;
    struct rect_arg zero = num(0, "number 0"), one = num(1, "number 1");
    struct rect_arg nil = {false, 0, "nil"};
    char msg[128];

    assert_int_equal(-1, rect_init(&r, 1, &zero, &nil, msg, sizeof msg));
    assert_string_equal("width: positive number expected, got number 0", msg);
    assert_int_equal(-1, rect_init(&r, 1, &one, &nil, msg, sizeof msg));
    assert_string_equal("height: positive number expected, got nil", msg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(finds_every_property_by_name),
        cmocka_unit_test(only_width_and_height_are_writable),
        cmocka_unit_test(computes_area_perimeter_and_is_square),
        cmocka_unit_test(computed_values_follow_every_change),
        cmocka_unit_test(refuses_read_only_properties_and_changes_nothing),
        cmocka_unit_test(refuses_sizes_that_are_not_positive_finite_numbers),
        cmocka_unit_test(init_checks_width_then_height),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
