/* test_countdown.c: cmocka unit tests of the plain-C core of the `countdown`
 * kata's reference (katas/generators/countdown/reference.h): the state
 * machine alone, no Lua state. Depends on cmocka and the reference. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "../katas/generators/countdown/reference.h"

/* expect_values: asserts that `c` hands out exactly the `n` values of
 * `want`, in order, and then nothing. */
static void expect_values(struct countdown *c, const int64_t *want, size_t n)
{
    int64_t v;

    for (size_t i = 0; i < n; i++) {
        assert_true(countdown_next(c, &v));
        assert_int_equal(want[i], v);
    }
    assert_false(countdown_next(c, &v));
}

static void counts_down_to_one(void **unused)
{
    (void)unused;
    struct countdown c;
    const int64_t want[] = {3, 2, 1};

    countdown_init(&c, 3);
    assert_int_equal(COUNTDOWN_RUNNING, c.state);
    expect_values(&c, want, 3);
    assert_int_equal(COUNTDOWN_DONE, c.state);
}

static void zero_starts_done(void **unused)
{
    (void)unused;
    struct countdown c;
    int64_t v = 42;

    countdown_init(&c, 0);
    assert_int_equal(COUNTDOWN_DONE, c.state);
    assert_false(countdown_next(&c, &v));
    assert_int_equal(42, v); /* untouched */
}

static void one_hands_out_one_value(void **unused)
{
    (void)unused;
    struct countdown c;
    const int64_t want[] = {1};

    countdown_init(&c, 1);
    expect_values(&c, want, 1);
}

/* Exhaustion is permanent: the C counterpart of a generator that keeps
 * returning nil instead of resuming a dead coroutine. */
static void stays_exhausted(void **unused)
{
    (void)unused;
    struct countdown c;
    int64_t v = -7;

    countdown_init(&c, 2);
    assert_true(countdown_next(&c, &v));
    assert_true(countdown_next(&c, &v));
    for (int i = 0; i < 5; i++)
        assert_false(countdown_next(&c, &v));
    assert_int_equal(1, v); /* the last value handed out, untouched since */
    assert_int_equal(COUNTDOWN_DONE, c.state);
}

/* A second pass needs a fresh start: init again (a new generator). */
static void init_again_starts_over(void **unused)
{
    (void)unused;
    struct countdown c;
    int64_t v;
    const int64_t want[] = {2, 1};

    countdown_init(&c, 2);
    while (countdown_next(&c, &v))
        ;
    countdown_init(&c, 2);
    expect_values(&c, want, 2);
}

static void countdowns_are_independent(void **unused)
{
    (void)unused;
    struct countdown a, b;
    int64_t v;

    countdown_init(&a, 3);
    countdown_init(&b, 3);
    assert_true(countdown_next(&a, &v));
    assert_true(countdown_next(&a, &v));
    assert_int_equal(2, v);
    assert_true(countdown_next(&b, &v));
    assert_int_equal(3, v);
    assert_true(countdown_next(&a, &v));
    assert_int_equal(1, v);
    assert_false(countdown_next(&a, &v));
    assert_true(countdown_next(&b, &v));
    assert_int_equal(2, v);
}

/* Nothing is precomputed: a huge countdown is as cheap as a small one. */
static void huge_start_is_lazy(void **unused)
{
    (void)unused;
    struct countdown c;
    int64_t v;

    countdown_init(&c, INT64_MAX);
    assert_true(countdown_next(&c, &v));
    assert_true(v == INT64_MAX);
    assert_true(countdown_next(&c, &v));
    assert_true(v == INT64_MAX - 1);
    assert_int_equal(COUNTDOWN_RUNNING, c.state);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(counts_down_to_one),
        cmocka_unit_test(zero_starts_done),
        cmocka_unit_test(one_hands_out_one_value),
        cmocka_unit_test(stays_exhausted),
        cmocka_unit_test(init_again_starts_over),
        cmocka_unit_test(countdowns_are_independent),
        cmocka_unit_test(huge_start_is_lazy),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
