/* test_async_rate_limit.c: cmocka unit tests of the plain-C core of the
 * `async-rate-limit` kata's reference (katas/async/async-rate-limit/
 * reference.h): the slot scheduler alone, no Lua state and no event loop,
 * with arrival times made up by hand. Depends on cmocka and the reference. */

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "../katas/async/async-rate-limit/reference.h"

/* Times here are multiples of 0.25, which doubles hold exactly: they are
 * compared exactly (cmocka's assert_float_equal rounds to float). */
#define assert_seconds(expected, actual)                                           \
    do {                                                                           \
        double expected_ = (expected), actual_ = (actual);                         \
        if (expected_ != actual_)                                                  \
            fail_msg("expected %.17g s, got %.17g s", expected_, actual_);         \
    } while (0)

static void valid_rates(void **unused)
{
    (void)unused;
    assert_true(async_rate_limit_valid_rate(2));
    assert_true(async_rate_limit_valid_rate(0.5));
    assert_true(async_rate_limit_valid_rate(INFINITY));
    assert_false(async_rate_limit_valid_rate(0));
    assert_false(async_rate_limit_valid_rate(-1));
    assert_false(async_rate_limit_valid_rate(-INFINITY));
    assert_false(async_rate_limit_valid_rate(NAN));
}

static void init_sets_the_interval_with_nothing_claimed(void **unused)
{
    (void)unused;
    struct async_rate_limit_slots s;

    assert_true(async_rate_limit_init(&s, 4));
    assert_seconds(0.25, s.interval);
    assert_false(s.has_claims);
    assert_true(async_rate_limit_init(&s, 0.5));
    assert_seconds(2, s.interval);
    assert_true(async_rate_limit_init(&s, INFINITY));
    assert_seconds(0, s.interval);
}

static void init_refuses_a_bad_rate_and_leaves_the_struct(void **unused)
{
    (void)unused;
    struct async_rate_limit_slots s;

    assert_true(async_rate_limit_init(&s, 4));
    async_rate_limit_claim(&s, 10);
    assert_false(async_rate_limit_init(&s, 0));
    assert_false(async_rate_limit_init(&s, NAN));
    assert_true(s.has_claims); /* untouched */
    assert_seconds(10.25, s.next_free);
}

static void first_claim_starts_now(void **unused)
{
    (void)unused;
    struct async_rate_limit_slots s;

    async_rate_limit_init(&s, 2);
    /* Time 0 is a time like any other: "nothing claimed" is has_claims. */
    assert_seconds(-3, async_rate_limit_claim(&s, -3));
    async_rate_limit_init(&s, 2);
    assert_seconds(7, async_rate_limit_claim(&s, 7));
    assert_true(s.has_claims);
    assert_seconds(7.5, s.next_free);
}

/* The point of the kata: callers arriving together, each claiming before
 * it sleeps, get consecutive slots. */
static void claims_at_the_same_time_get_consecutive_slots(void **unused)
{
    (void)unused;
    struct async_rate_limit_slots s;

    async_rate_limit_init(&s, 4);
    assert_seconds(0, async_rate_limit_claim(&s, 0));
    assert_seconds(0.25, async_rate_limit_claim(&s, 0));
    assert_seconds(0.5, async_rate_limit_claim(&s, 0));
    assert_seconds(0.75, async_rate_limit_claim(&s, 0));
    assert_seconds(1, s.next_free);
}

static void a_claim_inside_the_interval_waits_for_the_rest(void **unused)
{
    (void)unused;
    struct async_rate_limit_slots s;

    async_rate_limit_init(&s, 1);
    assert_seconds(0, async_rate_limit_claim(&s, 0));
    assert_seconds(1, async_rate_limit_claim(&s, 0.75)); /* waits 0.25 */
    assert_seconds(2, async_rate_limit_claim(&s, 1.5));  /* queued behind it */
}

static void a_claim_at_or_after_the_free_slot_starts_now(void **unused)
{
    (void)unused;
    struct async_rate_limit_slots s;

    async_rate_limit_init(&s, 4);
    async_rate_limit_claim(&s, 0);
    assert_seconds(0.25, async_rate_limit_claim(&s, 0.25)); /* exactly at it */
    assert_seconds(5, async_rate_limit_claim(&s, 5));       /* long after */
    assert_seconds(5.25, s.next_free);
}

static void a_quiet_spell_gives_no_burst(void **unused)
{
    (void)unused;
    struct async_rate_limit_slots s;

    async_rate_limit_init(&s, 2);
    async_rate_limit_claim(&s, 0);
    async_rate_limit_claim(&s, 0);
    /* Ten quiet seconds: no credit for the calls not made meanwhile. */
    assert_seconds(10, async_rate_limit_claim(&s, 10));
    assert_seconds(10.5, async_rate_limit_claim(&s, 10));
    assert_seconds(11, async_rate_limit_claim(&s, 10));
}

static void a_hundred_claims_at_once(void **unused)
{
    (void)unused;
    struct async_rate_limit_slots s;

    async_rate_limit_init(&s, 4);
    for (int i = 0; i < 100; i++)
        assert_seconds(i * 0.25, async_rate_limit_claim(&s, 0));
    assert_seconds(25, s.next_free);
}

static void an_infinite_rate_never_delays(void **unused)
{
    (void)unused;
    struct async_rate_limit_slots s;

    async_rate_limit_init(&s, INFINITY);
    for (int i = 0; i < 5; i++)
        assert_seconds(3, async_rate_limit_claim(&s, 3));
}

static void a_nan_time_changes_nothing(void **unused)
{
    (void)unused;
    struct async_rate_limit_slots s;

    async_rate_limit_init(&s, 2);
    async_rate_limit_claim(&s, 1);
    assert_true(isnan(async_rate_limit_claim(&s, NAN)));
    assert_seconds(1.5, s.next_free);
    assert_seconds(1.5, async_rate_limit_claim(&s, 1));
}

/* One struct per wrapped function: two schedules never interfere. */
static void two_schedules_are_independent(void **unused)
{
    (void)unused;
    struct async_rate_limit_slots a, b;

    async_rate_limit_init(&a, 1);
    async_rate_limit_init(&b, 1);
    assert_seconds(0, async_rate_limit_claim(&a, 0));
    assert_seconds(0, async_rate_limit_claim(&b, 0));
    assert_seconds(1, async_rate_limit_claim(&a, 0));
    assert_seconds(1, async_rate_limit_claim(&b, 0.5));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(valid_rates),
        cmocka_unit_test(init_sets_the_interval_with_nothing_claimed),
        cmocka_unit_test(init_refuses_a_bad_rate_and_leaves_the_struct),
        cmocka_unit_test(first_claim_starts_now),
        cmocka_unit_test(claims_at_the_same_time_get_consecutive_slots),
        cmocka_unit_test(a_claim_inside_the_interval_waits_for_the_rest),
        cmocka_unit_test(a_claim_at_or_after_the_free_slot_starts_now),
        cmocka_unit_test(a_quiet_spell_gives_no_burst),
        cmocka_unit_test(a_hundred_claims_at_once),
        cmocka_unit_test(an_infinite_rate_never_delays),
        cmocka_unit_test(a_nan_time_changes_nothing),
        cmocka_unit_test(two_schedules_are_independent),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
