/* test_validated_attribute.c: cmocka unit tests of the plain-C core of the
 * `validated-attribute` kata's reference
 * (katas/properties/validated-attribute/reference.h): property specs
 * looked up by name and values validated against them, with the kata's
 * messages, and no Lua state. Depends on cmocka and the reference. */

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../katas/properties/validated-attribute/reference.h"

static const struct prop_spec age = {"age", PROP_INTEGER, false, true, true, 0, 150, "0", "150"};
static const struct prop_spec email = {"email", PROP_STRING, true, false, false, 0, 0, NULL, NULL};
static const struct prop_spec height = {"height", PROP_NUMBER, false, true, false, 0, 0, "0", NULL};

static struct prop_value number(enum prop_kind kind, double x, const char *text)
{
    return (struct prop_value){kind, x, text, strlen(text), "number"};
}

static struct prop_value string(const char *s, size_t len)
{
    return (struct prop_value){PROP_KIND_STRING, 0, s, len, "string"};
}

/* refused: prop_validate must refuse v with exactly `expected`. */
static void refused(const struct prop_spec *spec, struct prop_value v, const char *expected)
{
    char msg[256];

    memset(msg, 'x', sizeof msg);
    assert_int_equal(-1, prop_validate(spec, &v, msg, sizeof msg));
    assert_string_equal(expected, msg);
}

static void accepted(const struct prop_spec *spec, struct prop_value v)
{
    char msg[64] = "";

    assert_int_equal(0, prop_validate(spec, &v, msg, sizeof msg));
    assert_string_equal("", msg); /* nothing written */
}

static void parses_every_type_name_and_nothing_else(void **unused)
{
    (void)unused;
    static const char *const names[] = {"string", "number", "integer", "boolean", "table", "function"};
    enum prop_type t = PROP_TABLE;

    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        assert_true(prop_parse_type(names[i], &t));
        assert_string_equal(names[i], prop_type_name(t));
    }
    t = PROP_BOOLEAN;
    assert_false(prop_parse_type("int", &t));
    assert_false(prop_parse_type("", &t));
    assert_false(prop_parse_type("String", &t));
    assert_int_equal(PROP_BOOLEAN, t); /* left alone */
    assert_string_equal("?", prop_type_name((enum prop_type)99));
}

static void accepts_values_in_range_both_ends_included(void **unused)
{
    (void)unused;
    accepted(&age, number(PROP_KIND_INTEGER, 0, "0"));
    accepted(&age, number(PROP_KIND_INTEGER, 150, "150"));
    accepted(&age, number(PROP_KIND_INTEGER, 40, "40.0")); /* 40.0 is integral */
    accepted(&height, number(PROP_KIND_FLOAT, 1e300, "1e+300"));
}

static void refuses_values_out_of_range(void **unused)
{
    (void)unused;
    refused(&age, number(PROP_KIND_INTEGER, -1, "-1"), "age: -1 is below the minimum 0");
    refused(&age, number(PROP_KIND_INTEGER, 151, "151"), "age: 151 is above the maximum 150");
    refused(&height, number(PROP_KIND_FLOAT, -0.5, "-0.5"), "height: -0.5 is below the minimum 0");
}

static void refuses_nan_at_the_minimum(void **unused)
{
    (void)unused;
    refused(&height, number(PROP_KIND_FLOAT, NAN, "nan"), "height: nan is below the minimum 0");
}

static void refuses_the_wrong_type_showing_the_value(void **unused)
{
    (void)unused;
    struct prop_value t = {PROP_KIND_TABLE, 0, NULL, 0, "table"};
    struct prop_value yes = {PROP_KIND_BOOLEAN, 0, "true", 4, "boolean"};
    struct prop_value nil = {PROP_KIND_NIL, 0, NULL, 0, "nil"};

    refused(&age, number(PROP_KIND_FLOAT, 3.5, "3.5"), "age: integer expected, got number 3.5");
    refused(&age, number(PROP_KIND_FLOAT, INFINITY, "inf"), "age: integer expected, got number inf");
    refused(&age, string("forty", 5), "age: integer expected, got string \"forty\"");
    refused(&height, t, "height: number expected, got table");
    refused(&email, yes, "email: string expected, got boolean true");
    refused(&age, nil, "age: integer expected, got nil");
}

static void lets_nil_through_an_optional_spec_only(void **unused)
{
    (void)unused;
    struct prop_value nil = {PROP_KIND_NIL, 0, NULL, 0, "nil"};

    accepted(&email, nil);
    accepted(&email, string("a@b.c", 5));
    refused(&email, number(PROP_KIND_INTEGER, 1, "1"), "email: string expected, got number 1");
}

static void quotes_strings_as_percent_q_does(void **unused)
{
    (void)unused;
    refused(&age, string("say \"hi\"\\", 9), "age: integer expected, got string \"say \\\"hi\\\"\\\\\"");
    refused(&age, string("a\nb", 3), "age: integer expected, got string \"a\\\nb\"");
    refused(&age, string("a\rb", 3), "age: integer expected, got string \"a\\rb\"");
    /* An embedded NUL is part of the value; \0 before a digit gets three. */
    refused(&age, string("a\0b\0" "1", 5), "age: integer expected, got string \"a\\0b\\0001\"");
}

static void truncates_a_long_message_safely(void **unused)
{
    (void)unused;
    char msg[12];
    struct prop_value v = string("a very long value indeed", 24);

    assert_int_equal(-1, prop_validate(&age, &v, msg, sizeof msg));
    assert_int_equal(11, strlen(msg));
    assert_memory_equal("age: intege", msg, 11);
}

static void checks_the_range_of_a_spec(void **unused)
{
    (void)unused;
    struct prop_spec bad = {"n", PROP_NUMBER, false, true, true, 10, 5, "10", "5"};
    char msg[64];

    assert_int_equal(-1, prop_spec_check(&bad, msg, sizeof msg));
    assert_string_equal("min 10 is above max 5", msg);
    assert_int_equal(0, prop_spec_check(&age, msg, sizeof msg));
    assert_int_equal(0, prop_spec_check(&email, msg, sizeof msg));
}

static void looks_specs_up_by_name(void **unused)
{
    (void)unused;
    const struct prop_spec specs[] = {age, email, height};

    assert_ptr_equal(&specs[1], prop_lookup(specs, 3, "email"));
    assert_ptr_equal(&specs[2], prop_lookup(specs, 3, "height"));
    assert_null(prop_lookup(specs, 3, "nick"));
    assert_null(prop_lookup(specs, 3, "ag"));
    assert_null(prop_lookup(specs, 0, "age"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parses_every_type_name_and_nothing_else),
        cmocka_unit_test(accepts_values_in_range_both_ends_included),
        cmocka_unit_test(refuses_values_out_of_range),
        cmocka_unit_test(refuses_nan_at_the_minimum),
        cmocka_unit_test(refuses_the_wrong_type_showing_the_value),
        cmocka_unit_test(lets_nil_through_an_optional_spec_only),
        cmocka_unit_test(quotes_strings_as_percent_q_does),
        cmocka_unit_test(truncates_a_long_message_safely),
        cmocka_unit_test(checks_the_range_of_a_spec),
        cmocka_unit_test(looks_specs_up_by_name),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
