/* test_optional_args.c: cmocka unit tests of the plain-C core of the
 * `optional-args` kata's reference
 * (katas/decorators/optional-args/reference.h): the classification of
 * log_calls' argument and the lookup of option names, with no Lua state.
 * Depends on cmocka and the reference. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../katas/decorators/optional-args/reference.h"

static void a_function_is_decorated(void **unused)
{
    (void)unused;

    assert_int_equal(OPTIONAL_ARGS_CALLABLE,
                     optional_args_classify(OPTIONAL_ARGS_TYPE_FUNCTION, false));
    /* A function's metatable (shared by all functions) may have __call too. */
    assert_int_equal(OPTIONAL_ARGS_CALLABLE,
                     optional_args_classify(OPTIONAL_ARGS_TYPE_FUNCTION, true));
}

static void a_plain_table_is_options(void **unused)
{
    (void)unused;

    assert_int_equal(OPTIONAL_ARGS_OPTIONS,
                     optional_args_classify(OPTIONAL_ARGS_TYPE_TABLE, false));
}

/* The point of the kata: a callable table is a table, but it is decorated. */
static void a_callable_table_is_decorated(void **unused)
{
    (void)unused;

    assert_int_equal(OPTIONAL_ARGS_CALLABLE,
                     optional_args_classify(OPTIONAL_ARGS_TYPE_TABLE, true));
}

static void other_values_are_invalid(void **unused)
{
    (void)unused;

    assert_int_equal(OPTIONAL_ARGS_INVALID,
                     optional_args_classify(OPTIONAL_ARGS_TYPE_OTHER, false));
}

static void other_values_with_call_are_decorated(void **unused)
{
    (void)unused;

    /* e.g. a userdata whose metatable has __call */
    assert_int_equal(OPTIONAL_ARGS_CALLABLE,
                     optional_args_classify(OPTIONAL_ARGS_TYPE_OTHER, true));
}

static void known_options_are_found(void **unused)
{
    (void)unused;

    assert_int_equal(OPTIONAL_ARGS_LEVEL, optional_args_option("level", 5));
    assert_int_equal(OPTIONAL_ARGS_NAME, optional_args_option("name", 4));
}

static void unknown_options_are_unknown(void **unused)
{
    (void)unused;
    static const char *const keys[] = {"levle", "Level", "lev", "levels", "", "names", "nam"};

    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        assert_int_equal(OPTIONAL_ARGS_UNKNOWN, optional_args_option(keys[i], strlen(keys[i])));
}

static void option_names_are_compared_with_their_length(void **unused)
{
    (void)unused;

    /* "level\0x" is 7 bytes: not "level", though strcmp would say it is. */
    assert_int_equal(OPTIONAL_ARGS_UNKNOWN, optional_args_option("level\0x", 7));
    /* The first 4 bytes of "names" are "name": the length decides. */
    assert_int_equal(OPTIONAL_ARGS_NAME, optional_args_option("names", 4));
}

static void a_key_that_is_not_a_string_is_unknown(void **unused)
{
    (void)unused;

    assert_int_equal(OPTIONAL_ARGS_UNKNOWN, optional_args_option(NULL, 0));
}

static void defaults_are_info_and_question_mark(void **unused)
{
    (void)unused;

    assert_string_equal("info", OPTIONAL_ARGS_DEFAULT_LEVEL);
    assert_string_equal("?", OPTIONAL_ARGS_DEFAULT_NAME);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_function_is_decorated),
        cmocka_unit_test(a_plain_table_is_options),
        cmocka_unit_test(a_callable_table_is_decorated),
        cmocka_unit_test(other_values_are_invalid),
        cmocka_unit_test(other_values_with_call_are_decorated),
        cmocka_unit_test(known_options_are_found),
        cmocka_unit_test(unknown_options_are_unknown),
        cmocka_unit_test(option_names_are_compared_with_their_length),
        cmocka_unit_test(a_key_that_is_not_a_string_is_unknown),
        cmocka_unit_test(defaults_are_info_and_question_mark),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
