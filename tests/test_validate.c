/* test_validate.c: cmocka unit tests of the plain-C core of the `validate`
 * kata's reference (katas/decorators/validate/reference.h): parsing types,
 * matching kinds of value against them and formatting the messages, with
 * no Lua state. Depends on cmocka and the reference. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../katas/decorators/validate/reference.h"

/* parse: validate_parse_type on a C string; fails the test if it fails. */
static struct validate_type parse(const char *text)
{
    struct validate_type t = {VALIDATE_ANY, false};

    if (!validate_parse_type(text, strlen(text), &t))
        fail_msg("'%s' should parse", text);
    return t;
}

static void parses_every_base_name(void **unused)
{
    (void)unused;
    static const struct {
        const char *text;
        enum validate_base base;
    } cases[] = {
        {"any", VALIDATE_ANY},         {"nil", VALIDATE_NIL},
        {"boolean", VALIDATE_BOOLEAN}, {"number", VALIDATE_NUMBER},
        {"integer", VALIDATE_INTEGER}, {"string", VALIDATE_STRING},
        {"table", VALIDATE_TABLE},     {"function", VALIDATE_FUNCTION},
        {"thread", VALIDATE_THREAD},   {"userdata", VALIDATE_USERDATA},
    };

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct validate_type t = parse(cases[i].text);

        assert_int_equal(cases[i].base, t.base);
        assert_false(t.optional);
        assert_string_equal(cases[i].text, validate_base_name(t.base));
    }
}

static void a_question_mark_makes_it_optional(void **unused)
{
    (void)unused;
    struct validate_type t = parse("string?");

    assert_int_equal(VALIDATE_STRING, t.base);
    assert_true(t.optional);
    t = parse("any?");
    assert_int_equal(VALIDATE_ANY, t.base);
    assert_true(t.optional);
}

static void rejects_unknown_types_and_leaves_out_alone(void **unused)
{
    (void)unused;
    static const char *const bad[] = {"strng", "", "?", "string??", "String", " string",
                                      "string ", "?string", "int", "..."};
    struct validate_type t = {VALIDATE_TABLE, true};

    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_false(validate_parse_type(bad[i], strlen(bad[i]), &t));
    assert_int_equal(VALIDATE_TABLE, t.base);
    assert_true(t.optional);
}

static void parses_by_length_not_by_nul(void **unused)
{
    (void)unused;
    struct validate_type t;

    /* Only the first 6 bytes: "string". */
    assert_true(validate_parse_type("string?xyz", 6, &t));
    assert_int_equal(VALIDATE_STRING, t.base);
    assert_false(t.optional);
    /* An embedded NUL is part of the text, so no base name matches. */
    assert_false(validate_parse_type("nil\0?", 5, &t));
}

static void nil_fits_only_optional_types_and_nil(void **unused)
{
    (void)unused;

    assert_true(validate_fits(parse("string?"), VALIDATE_KIND_NIL));
    assert_true(validate_fits(parse("any?"), VALIDATE_KIND_NIL));
    assert_true(validate_fits(parse("nil"), VALIDATE_KIND_NIL));
    assert_false(validate_fits(parse("string"), VALIDATE_KIND_NIL));
    assert_false(validate_fits(parse("any"), VALIDATE_KIND_NIL));
    assert_false(validate_fits(parse("nil"), VALIDATE_KIND_BOOLEAN));
}

static void any_takes_every_kind_but_nil(void **unused)
{
    (void)unused;
    struct validate_type any = parse("any");

    for (int k = VALIDATE_KIND_BOOLEAN; k <= VALIDATE_KIND_USERDATA; k++)
        assert_true(validate_fits(any, (enum validate_kind)k));
}

static void numbers_and_integers(void **unused)
{
    (void)unused;

    assert_true(validate_fits(parse("number"), VALIDATE_KIND_INTEGRAL));
    assert_true(validate_fits(parse("number"), VALIDATE_KIND_FLOAT));
    assert_true(validate_fits(parse("integer"), VALIDATE_KIND_INTEGRAL));
    assert_false(validate_fits(parse("integer"), VALIDATE_KIND_FLOAT));
    assert_false(validate_fits(parse("integer?"), VALIDATE_KIND_STRING));
    assert_false(validate_fits(parse("string"), VALIDATE_KIND_INTEGRAL));
}

static void each_base_takes_its_own_kind_only(void **unused)
{
    (void)unused;
    static const struct {
        const char *type;
        enum validate_kind kind;
    } pairs[] = {
        {"boolean", VALIDATE_KIND_BOOLEAN},   {"string", VALIDATE_KIND_STRING},
        {"table", VALIDATE_KIND_TABLE},       {"function", VALIDATE_KIND_FUNCTION},
        {"thread", VALIDATE_KIND_THREAD},     {"userdata", VALIDATE_KIND_USERDATA},
    };
    size_t n = sizeof pairs / sizeof pairs[0];

    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            assert_int_equal(i == j, validate_fits(parse(pairs[i].type), pairs[j].kind));
}

static void got_names_follow_type_with_float_for_integers(void **unused)
{
    (void)unused;

    assert_string_equal("float", validate_got_name(parse("integer"), VALIDATE_KIND_FLOAT));
    assert_string_equal("float", validate_got_name(parse("integer?"), VALIDATE_KIND_FLOAT));
    assert_string_equal("number", validate_got_name(parse("string"), VALIDATE_KIND_FLOAT));
    assert_string_equal("number", validate_got_name(parse("string"), VALIDATE_KIND_INTEGRAL));
    assert_string_equal("nil", validate_got_name(parse("integer"), VALIDATE_KIND_NIL));
    assert_string_equal("userdata", validate_got_name(parse("table"), VALIDATE_KIND_USERDATA));
}

static void formats_an_argument_message(void **unused)
{
    (void)unused;
    char buf[128];
    struct validate_mismatch m = {false, 1, NULL, "greet", {VALIDATE_STRING, false},
                                  VALIDATE_KIND_INTEGRAL};
    const char *want = "bad argument #1 to 'greet' (string expected, got number)";

    assert_int_equal((int)strlen(want), validate_format_mismatch(buf, sizeof buf, &m));
    assert_string_equal(want, buf);
}

static void formats_a_named_argument_without_its_question_mark(void **unused)
{
    (void)unused;
    char buf[128];
    struct validate_mismatch m = {false, 2, "times", "greet", {VALIDATE_INTEGER, true},
                                  VALIDATE_KIND_FLOAT};

    validate_format_mismatch(buf, sizeof buf, &m);
    assert_string_equal("bad argument #2 'times' to 'greet' (integer expected, got float)", buf);
}

static void formats_return_values(void **unused)
{
    (void)unused;
    char buf[128];
    struct validate_mismatch m = {true, 1, NULL, "?", {VALIDATE_NUMBER, false},
                                  VALIDATE_KIND_STRING};

    validate_format_mismatch(buf, sizeof buf, &m);
    assert_string_equal("bad return value #1 from '?' (number expected, got string)", buf);
    m.index = 2;
    m.value_name = "rest";
    validate_format_mismatch(buf, sizeof buf, &m);
    assert_string_equal("bad return value #2 'rest' from '?' (number expected, got string)", buf);
}

static void formats_counts(void **unused)
{
    (void)unused;
    char buf[128];

    validate_format_count(buf, sizeof buf, false, "greet", 2, 3);
    assert_string_equal("too many arguments to 'greet' (expected at most 2, got 3)", buf);
    validate_format_count(buf, sizeof buf, true, "f", 0, 1);
    assert_string_equal("too many return values from 'f' (expected at most 0, got 1)", buf);
}

/* The snprintf contract the binding relies on to size its buffer. */
static void measures_and_truncates_like_snprintf(void **unused)
{
    (void)unused;
    char small[10];
    struct validate_mismatch m = {false, 1, NULL, "greet", {VALIDATE_STRING, false},
                                  VALIDATE_KIND_NIL};
    int len = validate_format_mismatch(NULL, 0, &m);

    assert_int_equal((int)strlen("bad argument #1 to 'greet' (string expected, got nil)"), len);
    assert_int_equal(len, validate_format_mismatch(small, sizeof small, &m));
    assert_string_equal("bad argum", small);
    assert_int_equal(57, validate_format_count(NULL, 0, false, "greet", 2, 3));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parses_every_base_name),
        cmocka_unit_test(a_question_mark_makes_it_optional),
        cmocka_unit_test(rejects_unknown_types_and_leaves_out_alone),
        cmocka_unit_test(parses_by_length_not_by_nul),
        cmocka_unit_test(nil_fits_only_optional_types_and_nil),
        cmocka_unit_test(any_takes_every_kind_but_nil),
        cmocka_unit_test(numbers_and_integers),
        cmocka_unit_test(each_base_takes_its_own_kind_only),
        cmocka_unit_test(got_names_follow_type_with_float_for_integers),
        cmocka_unit_test(formats_an_argument_message),
        cmocka_unit_test(formats_a_named_argument_without_its_question_mark),
        cmocka_unit_test(formats_return_values),
        cmocka_unit_test(formats_counts),
        cmocka_unit_test(measures_and_truncates_like_snprintf),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
