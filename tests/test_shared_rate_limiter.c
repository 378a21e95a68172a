/* test_shared_rate_limiter.c: cmocka unit tests of the plain-C core of the
 * `shared-rate-limiter` kata's reference
 * (katas/decorators/shared-rate-limiter/reference.h): no Lua state, just the
 * struct and its functions, with times made up by hand.
 * Depends on cmocka and the reference. */

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "../katas/decorators/shared-rate-limiter/reference.h"

/* Times and rates in these tests make every value a multiple of 0.125,
 * which doubles hold exactly, so waits are compared exactly (cmocka's
 * assert_float_equal rounds to float). */
#define assert_seconds(expected, actual)                                           \
    do {                                                                           \
        double expected_ = (expected), actual_ = (actual);                         \
        if (expected_ != actual_)                                                  \
            fail_msg("expected %.17g s, got %.17g s", expected_, actual_);         \
    } while (0)

static void init_turns_the_rate_into_an_interval(void **unused)
{
    (void)unused;
    struct shared_rate_limiter l;

    /* The pitfall of the kata: 2 calls a second is 0.5 s per call. */
    assert_true(shared_rate_limiter_init(&l, 2));
    assert_seconds(0.5, l.interval);
    assert_false(l.has_turns);
    assert_true(shared_rate_limiter_init(&l, 0.5));
    assert_seconds(2, l.interval);
    assert_true(shared_rate_limiter_init(&l, INFINITY));
    assert_seconds(0, l.interval);
}

static void init_rejects_bad_rates_and_leaves_the_struct(void **unused)
{
    (void)unused;
    struct shared_rate_limiter l;

    assert_true(shared_rate_limiter_init(&l, 4));
    assert_false(shared_rate_limiter_init(&l, 0));
    assert_false(shared_rate_limiter_init(&l, -0.0));
    assert_false(shared_rate_limiter_init(&l, -1));
    assert_false(shared_rate_limiter_init(&l, NAN));
    assert_false(shared_rate_limiter_init(&l, -INFINITY));
    assert_seconds(0.25, l.interval); /* untouched by the failed calls */
}

static void valid_rate_matches_init(void **unused)
{
    (void)unused;

    assert_true(shared_rate_limiter_valid_rate(1e-9));
    assert_true(shared_rate_limiter_valid_rate(1e9));
    assert_false(shared_rate_limiter_valid_rate(0));
    assert_false(shared_rate_limiter_valid_rate(NAN));
}

static void first_turn_is_now(void **unused)
{
    (void)unused;
    struct shared_rate_limiter l;

    shared_rate_limiter_init(&l, 2);
    /* Time 0 is a time like any other: "no turn yet" is has_turns. */
    assert_seconds(0, shared_rate_limiter_reserve(&l, 0));
    assert_true(l.has_turns);
    assert_seconds(0.5, l.next_free);
}

static void call_inside_interval_waits_the_rest(void **unused)
{
    (void)unused;
    struct shared_rate_limiter l;

    shared_rate_limiter_init(&l, 4); /* 0.25 s */
    shared_rate_limiter_reserve(&l, 10);
    assert_seconds(0.125, shared_rate_limiter_reserve(&l, 10.125));
    /* That turn was 10.25, so the next is free at 10.5. */
    assert_seconds(10.5, l.next_free);
}

static void call_at_or_after_the_end_does_not_wait(void **unused)
{
    (void)unused;
    struct shared_rate_limiter l;

    shared_rate_limiter_init(&l, 2);
    shared_rate_limiter_reserve(&l, 10);
    assert_seconds(0, shared_rate_limiter_reserve(&l, 10.5)); /* exactly at the end */
    assert_seconds(0, shared_rate_limiter_reserve(&l, 100));  /* long after */
    assert_seconds(100.5, l.next_free);                       /* measured from now */
}

/* The point of reserving: calls that arrive together, before anyone has
 * slept, get consecutive turns, each waiting one interval more. */
static void simultaneous_calls_queue_up(void **unused)
{
    (void)unused;
    struct shared_rate_limiter l;

    shared_rate_limiter_init(&l, 2);
    assert_seconds(0, shared_rate_limiter_reserve(&l, 0));
    assert_seconds(0.5, shared_rate_limiter_reserve(&l, 0));
    assert_seconds(1, shared_rate_limiter_reserve(&l, 0));
    assert_seconds(1.25, shared_rate_limiter_reserve(&l, 0.25)); /* turn 1.5 */
    assert_seconds(2, l.next_free);
}

static void queue_drains_as_time_passes(void **unused)
{
    (void)unused;
    struct shared_rate_limiter l;

    shared_rate_limiter_init(&l, 2);
    shared_rate_limiter_reserve(&l, 0);
    shared_rate_limiter_reserve(&l, 0);                       /* turn 0.5 */
    assert_seconds(0.25, shared_rate_limiter_reserve(&l, 0.75)); /* turn 1 */
    assert_seconds(0, shared_rate_limiter_reserve(&l, 2));
}

static void infinite_rate_never_waits(void **unused)
{
    (void)unused;
    struct shared_rate_limiter l;

    shared_rate_limiter_init(&l, INFINITY);
    for (int i = 0; i < 5; i++)
        assert_seconds(0, shared_rate_limiter_reserve(&l, 3));
}

static void nan_time_does_not_wait_or_spoil_the_state(void **unused)
{
    (void)unused;
    struct shared_rate_limiter l;

    shared_rate_limiter_init(&l, 2);
    shared_rate_limiter_reserve(&l, 10);
    assert_seconds(0, shared_rate_limiter_reserve(&l, NAN));
    assert_seconds(10.5, l.next_free);
    assert_seconds(0.25, shared_rate_limiter_reserve(&l, 10.25));
}

static void two_limiters_are_independent(void **unused)
{
    (void)unused;
    struct shared_rate_limiter a, b;

    shared_rate_limiter_init(&a, 2);
    shared_rate_limiter_init(&b, 2);
    shared_rate_limiter_reserve(&a, 0);
    assert_seconds(0, shared_rate_limiter_reserve(&b, 0));
    assert_seconds(0.5, shared_rate_limiter_reserve(&a, 0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(init_turns_the_rate_into_an_interval),
        cmocka_unit_test(init_rejects_bad_rates_and_leaves_the_struct),
        cmocka_unit_test(valid_rate_matches_init),
        cmocka_unit_test(first_turn_is_now),
        cmocka_unit_test(call_inside_interval_waits_the_rest),
        cmocka_unit_test(call_at_or_after_the_end_does_not_wait),
        cmocka_unit_test(simultaneous_calls_queue_up),
        cmocka_unit_test(queue_drains_as_time_passes),
        cmocka_unit_test(infinite_rate_never_waits),
        cmocka_unit_test(nan_time_does_not_wait_or_spoil_the_state),
        cmocka_unit_test(two_limiters_are_independent),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
