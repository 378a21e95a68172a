/* test_limiter.c: cmocka unit tests of the plain-C core of the `limiter`
 * kata's reference (katas/closures/limiter/reference.h): no Lua state, just
 * the struct and its three functions, with times made up by hand.
 * Depends on cmocka and the reference; needs katas/closures/limiter on the
 * include path. */

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "../katas/closures/limiter/reference.h"

/* Times in these tests are multiples of 0.25, which doubles hold exactly,
 * so waits are compared exactly (cmocka's assert_float_equal rounds to
 * float). */
#define assert_seconds(expected, actual)                                           \
    do {                                                                           \
        double expected_ = (expected), actual_ = (actual);                         \
        if (expected_ != actual_)                                                  \
            fail_msg("expected %.17g s, got %.17g s", expected_, actual_);         \
    } while (0)

static void init_sets_interval_and_no_call(void **unused)
{
    (void)unused;
    struct limiter l;

    limiter_init(&l, 3);
    assert_seconds(3, l.interval);
    assert_false(l.has_called);
}

static void init_forgets_earlier_calls(void **unused)
{
    (void)unused;
    struct limiter l;

    limiter_init(&l, 3);
    limiter_record(&l, 10);
    limiter_init(&l, 3);
    assert_false(l.has_called);
    assert_seconds(0, limiter_wait_time(&l, 10));
}

static void first_call_never_waits(void **unused)
{
    (void)unused;
    struct limiter l;

    limiter_init(&l, 3);
    /* Time 0 is a time like any other: "never called" is has_called,
     * not last_called == 0. */
    assert_seconds(0, limiter_wait_time(&l, 0));
    assert_seconds(0, limiter_wait_time(&l, -5));
    assert_seconds(0, limiter_wait_time(&l, 1e9));
}

static void call_inside_window_waits_the_rest(void **unused)
{
    (void)unused;
    struct limiter l;

    limiter_init(&l, 3);
    limiter_record(&l, 10);
    assert_seconds(3, limiter_wait_time(&l, 10));
    assert_seconds(2, limiter_wait_time(&l, 11));
    assert_seconds(0.25, limiter_wait_time(&l, 12.75));
}

static void call_at_boundary_does_not_wait(void **unused)
{
    (void)unused;
    struct limiter l;

    limiter_init(&l, 1.5);
    limiter_record(&l, 10);
    assert_seconds(0, limiter_wait_time(&l, 11.5));
}

static void call_after_window_does_not_wait(void **unused)
{
    (void)unused;
    struct limiter l;

    limiter_init(&l, 3);
    limiter_record(&l, 10);
    assert_seconds(0, limiter_wait_time(&l, 13.25));
    assert_seconds(0, limiter_wait_time(&l, 1000));
}

static void wait_time_changes_nothing(void **unused)
{
    (void)unused;
    struct limiter l;

    limiter_init(&l, 3);
    limiter_record(&l, 10);
    assert_seconds(2, limiter_wait_time(&l, 11));
    assert_seconds(2, limiter_wait_time(&l, 11));
    assert_seconds(10, l.last_called);
}

static void record_moves_the_window(void **unused)
{
    (void)unused;
    struct limiter l;

    limiter_init(&l, 3);
    limiter_record(&l, 10);
    assert_true(l.has_called);
    assert_seconds(10, l.last_called);
    limiter_record(&l, 13); /* e.g. after sleeping 2 s from time 11 */
    assert_seconds(13, l.last_called);
    assert_seconds(2, limiter_wait_time(&l, 14));
    assert_seconds(0, limiter_wait_time(&l, 16));
}

static void zero_interval_never_waits(void **unused)
{
    (void)unused;
    struct limiter l;

    limiter_init(&l, 0);
    limiter_record(&l, 10);
    assert_seconds(0, limiter_wait_time(&l, 10));
    assert_seconds(0, limiter_wait_time(&l, 9)); /* even backwards */
    limiter_record(&l, 10);
    assert_seconds(0, limiter_wait_time(&l, 10));
}

static void clock_going_backwards_waits_one_interval(void **unused)
{
    (void)unused;
    struct limiter l;

    limiter_init(&l, 3);
    limiter_record(&l, 10);
    assert_seconds(3, limiter_wait_time(&l, 4));
}

static void nan_time_does_not_wait(void **unused)
{
    (void)unused;
    struct limiter l;

    limiter_init(&l, 3);
    limiter_record(&l, 10);
    assert_seconds(0, limiter_wait_time(&l, NAN));
}

/* The point of the kata: two limited functions, two states. */
static void two_structs_are_independent(void **unused)
{
    (void)unused;
    struct limiter a, b;

    limiter_init(&a, 3);
    limiter_init(&b, 3);
    limiter_record(&a, 10);
    assert_seconds(2, limiter_wait_time(&a, 11));
    assert_seconds(0, limiter_wait_time(&b, 11)); /* b was never called */
    limiter_record(&b, 11);
    limiter_record(&a, 20);
    assert_seconds(2, limiter_wait_time(&b, 12));
    assert_seconds(3, limiter_wait_time(&a, 20));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(init_sets_interval_and_no_call),
        cmocka_unit_test(init_forgets_earlier_calls),
        cmocka_unit_test(first_call_never_waits),
        cmocka_unit_test(call_inside_window_waits_the_rest),
        cmocka_unit_test(call_at_boundary_does_not_wait),
        cmocka_unit_test(call_after_window_does_not_wait),
        cmocka_unit_test(wait_time_changes_nothing),
        cmocka_unit_test(record_moves_the_window),
        cmocka_unit_test(zero_interval_never_waits),
        cmocka_unit_test(clock_going_backwards_waits_one_interval),
        cmocka_unit_test(nan_time_does_not_wait),
        cmocka_unit_test(two_structs_are_independent),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
