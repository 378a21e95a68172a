/* test_abc.c: cmocka unit tests of the plain-C core of the `abc` kata's
 * reference (katas/interfaces/abc/reference.h): which abstract methods a
 * class lacks, over classes described by static const data and read
 * through the abc_static_ops vtable, and the message naming them. No Lua.
 * Depends on cmocka and the reference. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../katas/interfaces/abc/reference.h"

static int calls;
static void square_area(void) { calls += 1; }
static void square_perimeter(void) { calls += 10; }
static void solid_volume(void) { calls += 100; }

/* Shape requires area and perimeter; HasArea implements one; Square both;
 * Tile inherits Square's; Odd hides area behind a non-function; Solid adds
 * volume; Cube implements the lot but through two generations. */
static const char *const shape_abstract[] = {"perimeter", "area", NULL};
static const struct abc_static_class shape = {"Shape", NULL, shape_abstract, NULL};
static const struct abc_method has_area_methods[] = {{"area", square_area}, {NULL, NULL}};
static const struct abc_static_class has_area = {"HasArea", &shape, NULL, has_area_methods};
static const struct abc_static_class child = {"Child", &has_area, NULL, NULL};
static const struct abc_method square_methods[] = {
    {"area", square_area}, {"perimeter", square_perimeter}, {NULL, NULL}};
static const struct abc_static_class square = {"Square", &shape, NULL, square_methods};
static const struct abc_static_class tile = {"Tile", &square, NULL, NULL};
static const struct abc_method odd_methods[] = {{"area", NULL}, {NULL, NULL}};
static const struct abc_static_class odd = {"Odd", &square, NULL, odd_methods};
static const char *const solid_abstract[] = {"volume", "area", NULL};
static const struct abc_static_class solid = {"Solid", &square, solid_abstract, NULL};
static const struct abc_method cube_methods[] = {{"volume", solid_volume}, {NULL, NULL}};
static const struct abc_static_class cube = {"Cube", &solid, NULL, cube_methods};

/* missing: abc_missing over the static classes with room for 8. */
static long missing(const struct abc_static_class *cls, const char **out)
{
    return abc_missing(&abc_static_ops, cls, out, 8);
}

static void an_abstract_root_lacks_all_it_declares_sorted(void **unused)
{
    (void)unused;
    const char *out[8];

    assert_int_equal(2, missing(&shape, out));
    assert_string_equal("area", out[0]);
    assert_string_equal("perimeter", out[1]);
    assert_int_equal(2, abc_declared(&abc_static_ops, &shape));
}

static void a_concrete_subclass_lacks_nothing(void **unused)
{
    (void)unused;
    const char *out[8];

    assert_int_equal(0, missing(&square, out));
    assert_int_equal(0, missing(&tile, out)); /* inherits both implementations */
}

static void requirements_are_inherited_by_grandchildren(void **unused)
{
    (void)unused;
    const char *out[8];

    assert_int_equal(1, missing(&has_area, out));
    assert_string_equal("perimeter", out[0]);
    assert_int_equal(1, missing(&child, out));
    assert_string_equal("perimeter", out[0]);
}

static void a_non_function_hides_the_parents_implementation(void **unused)
{
    (void)unused;
    const char *out[8];

    assert_int_equal(1, missing(&odd, out));
    assert_string_equal("area", out[0]);
    assert_null(abc_static_find(&odd, "area"));
    assert_ptr_equal(square_perimeter, abc_static_find(&odd, "perimeter"));
}

static void a_subclass_may_add_requirements_and_names_count_once(void **unused)
{
    (void)unused;
    const char *out[8];

    /* Solid re-declares area (implemented by Square) and adds volume. */
    assert_int_equal(1, missing(&solid, out));
    assert_string_equal("volume", out[0]);
    assert_int_equal(4, abc_declared(&abc_static_ops, &solid));
    assert_int_equal(0, missing(&cube, out));
    assert_int_equal(0, missing(&square, out)); /* the parent is unchanged */
}

static void lookup_dispatches_to_the_nearest_definition(void **unused)
{
    (void)unused;
    void (*fn)(void);

    calls = 0;
    fn = abc_static_find(&cube, "volume");
    assert_non_null(fn);
    fn();
    fn = abc_static_find(&cube, "perimeter"); /* from Square, two levels up */
    assert_non_null(fn);
    fn();
    assert_int_equal(110, calls);
    assert_null(abc_static_find(&cube, "colour"));
    assert_null(abc_static_find(&shape, "area"));
}

static void too_little_room_is_an_error(void **unused)
{
    (void)unused;
    const char *out[1];

    assert_int_equal(-2, abc_missing(&abc_static_ops, &shape, out, 1));
    assert_int_equal(0, abc_missing(&abc_static_ops, &square, NULL, 0));
}

/* A chain that loops: two classes each the other's base, built at run
 * time (static const data can't point at each other both ways in C). */
static void a_looping_chain_is_an_error(void **unused)
{
    (void)unused;
    static struct abc_static_class a, b;
    const char *out[8];

    a = (struct abc_static_class){"A", &b, shape_abstract, NULL};
    b = (struct abc_static_class){"B", &a, NULL, NULL};
    assert_int_equal(-1, abc_missing(&abc_static_ops, &a, out, 8));
    assert_int_equal(-1, abc_declared(&abc_static_ops, &a));
    assert_null(abc_static_find(&a, "area")); /* bounded too */
}

static void message_names_the_class_and_every_method(void **unused)
{
    (void)unused;
    const char *one[] = {"perimeter"};
    const char *two[] = {"area", "perimeter"};
    const char *want1 = "can't instantiate Square: missing method 'perimeter'";
    const char *want2 = "can't instantiate Shape: missing methods 'area', 'perimeter'";
    char buf[128];

    assert_int_equal(strlen(want1), abc_message(buf, sizeof buf, "Square", one, 1));
    assert_string_equal(want1, buf);
    assert_int_equal(strlen(want2), abc_message(NULL, 0, "Shape", two, 2));
    assert_int_equal(strlen(want2), abc_message(buf, sizeof buf, "Shape", two, 2));
    assert_string_equal(want2, buf);
}

static void message_truncates_but_measures_the_whole(void **unused)
{
    (void)unused;
    const char *two[] = {"area", "perimeter"};
    const char *whole = "can't instantiate Shape: missing methods 'area', 'perimeter'";
    char buf[20];

    memset(buf, 'x', sizeof buf);
    assert_int_equal(strlen(whole), abc_message(buf, sizeof buf, "Shape", two, 2));
    assert_int_equal(19, strlen(buf));
    assert_memory_equal("can't instantiate S", buf, 19);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(an_abstract_root_lacks_all_it_declares_sorted),
        cmocka_unit_test(a_concrete_subclass_lacks_nothing),
        cmocka_unit_test(requirements_are_inherited_by_grandchildren),
        cmocka_unit_test(a_non_function_hides_the_parents_implementation),
        cmocka_unit_test(a_subclass_may_add_requirements_and_names_count_once),
        cmocka_unit_test(lookup_dispatches_to_the_nearest_definition),
        cmocka_unit_test(too_little_room_is_an_error),
        cmocka_unit_test(a_looping_chain_is_an_error),
        cmocka_unit_test(message_names_the_class_and_every_method),
        cmocka_unit_test(message_truncates_but_measures_the_whole),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
