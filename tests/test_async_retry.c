/* test_async_retry.c: cmocka unit tests of the plain-C core of the
 * `async-retry` kata's reference (katas/async/async-retry/reference.h):
 * the policy, its backoff schedule, the classification of failed attempts
 * and the decision table. No Lua state, no server, no clock: a made-up
 * run of attempts at the end replays what the wrapper does.
 * Depends on cmocka and the reference. */

#include <limits.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "../katas/async/async-retry/reference.h"

/* Delays here are multiples of 1/8, which doubles hold exactly, so they are
 * compared exactly (cmocka's assert_float_equal rounds to float). */
#define assert_seconds(expected, actual)                                           \
    do {                                                                           \
        double expected_ = (expected), actual_ = (actual);                         \
        if (expected_ != actual_)                                                  \
            fail_msg("expected %.17g s, got %.17g s", expected_, actual_);         \
    } while (0)

static void init_accepts_a_sound_policy(void **unused)
{
    (void)unused;
    struct async_retry_policy p;

    assert_int_equal(0, async_retry_policy_init(&p, 4, 0.125));
    assert_int_equal(4, p.times);
    assert_seconds(0.125, p.backoff);
    assert_int_equal(0, async_retry_policy_init(&p, 1, 0));
    assert_int_equal(0, async_retry_policy_init(&p, INT_MAX, 1e300));
    assert_int_equal(INT_MAX, p.times);
}

static void init_refuses_a_bad_policy_and_changes_nothing(void **unused)
{
    (void)unused;
    struct async_retry_policy p = {7, 0.5};

    assert_int_equal(-1, async_retry_policy_init(&p, 0, 1));
    assert_int_equal(-1, async_retry_policy_init(&p, -3, 1));
    assert_int_equal(-1, async_retry_policy_init(&p, (long long)INT_MAX + 1, 1));
    assert_int_equal(-1, async_retry_policy_init(&p, 3, -0.25));
    assert_int_equal(-1, async_retry_policy_init(&p, 3, NAN));
    assert_int_equal(7, p.times);
    assert_seconds(0.5, p.backoff);
}

static void delay_doubles_after_each_attempt(void **unused)
{
    (void)unused;
    struct async_retry_policy p;

    async_retry_policy_init(&p, 10, 0.125);
    assert_seconds(0.125, async_retry_delay(&p, 1));
    assert_seconds(0.25, async_retry_delay(&p, 2));
    assert_seconds(0.5, async_retry_delay(&p, 3));
    assert_seconds(64, async_retry_delay(&p, 10));
}

static void delay_matches_the_lua_expression_bit_for_bit(void **unused)
{
    (void)unused;
    struct async_retry_policy p;

    /* 0.1 is not exact in binary; doubling it still is, so ldexp and
     * backoff * 2^(k-1) (pow of 2 is exact) agree to the last bit. */
    async_retry_policy_init(&p, 5, 0.1);
    for (int k = 1; k <= 5; k++)
        assert_seconds(0.1 * pow(2, k - 1), async_retry_delay(&p, k));
    assert_seconds(0.2, async_retry_delay(&p, 2));
}

static void delay_is_zero_with_no_backoff_and_inf_when_it_overflows(void **unused)
{
    (void)unused;
    struct async_retry_policy p;

    async_retry_policy_init(&p, 3, 0);
    assert_seconds(0, async_retry_delay(&p, 1));
    assert_seconds(0, async_retry_delay(&p, 3));
    async_retry_policy_init(&p, INT_MAX, 1);
    assert_true(isinf(async_retry_delay(&p, 5000)));
}

static void total_delay_sums_the_sleeps_between_attempts(void **unused)
{
    (void)unused;
    struct async_retry_policy p;

    async_retry_policy_init(&p, 1, 0.5);
    assert_seconds(0, async_retry_total_delay(&p)); /* one attempt, no sleep */
    async_retry_policy_init(&p, 3, 0.5);
    assert_seconds(1.5, async_retry_total_delay(&p)); /* 0.5 + 1 */
    async_retry_policy_init(&p, 4, 0.125);
    assert_seconds(0.875, async_retry_total_delay(&p)); /* 0.125 + 0.25 + 0.5 */
}

static void only_500_to_599_are_server_errors(void **unused)
{
    (void)unused;
    static const long long yes[] = {500, 502, 503, 504, 599};
    static const long long no[] = {0, 100, 200, 204, 301, 400, 404, 429, 499, 600, 1503, -503};

    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        assert_true(async_retry_is_server_error(yes[i]));
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        assert_false(async_retry_is_server_error(no[i]));
}

static void errors_with_a_kind_are_transport_errors(void **unused)
{
    (void)unused;
    assert_int_equal(ASYNC_RETRY_TRANSPORT, async_retry_classify_error("timeout", false));
    assert_int_equal(ASYNC_RETRY_TRANSPORT, async_retry_classify_error("connection refused", false));
    assert_int_equal(ASYNC_RETRY_TRANSPORT, async_retry_classify_error("", false));
}

static void bugs_and_cancellations_are_fatal(void **unused)
{
    (void)unused;
    assert_int_equal(ASYNC_RETRY_FATAL, async_retry_classify_error(NULL, false)); /* no kind */
    assert_int_equal(ASYNC_RETRY_FATAL, async_retry_classify_error("cancelled", true));
    assert_int_equal(ASYNC_RETRY_FATAL, async_retry_classify_error(NULL, true));
    /* what counts is being a cancellation, not the word */
    assert_int_equal(ASYNC_RETRY_FATAL, async_retry_classify_error("timeout", true));
}

static void decide_returns_successes_and_raises_fatal_errors_at_once(void **unused)
{
    (void)unused;
    struct async_retry_policy p;

    async_retry_policy_init(&p, 5, 1);
    for (int k = 1; k <= 5; k++) {
        assert_int_equal(ASYNC_RETRY_RETURN, async_retry_decide(&p, k, ASYNC_RETRY_SUCCESS));
        assert_int_equal(ASYNC_RETRY_RAISE, async_retry_decide(&p, k, ASYNC_RETRY_FATAL));
    }
}

static void decide_retries_failures_until_the_last_attempt(void **unused)
{
    (void)unused;
    struct async_retry_policy p;

    async_retry_policy_init(&p, 3, 1);
    for (int k = 1; k <= 2; k++) {
        assert_int_equal(ASYNC_RETRY_SLEEP, async_retry_decide(&p, k, ASYNC_RETRY_SERVER_ERROR));
        assert_int_equal(ASYNC_RETRY_SLEEP, async_retry_decide(&p, k, ASYNC_RETRY_TRANSPORT));
    }
    /* the last attempt: a 5xx response is the answer, a transport error
     * is raised */
    assert_int_equal(ASYNC_RETRY_RETURN, async_retry_decide(&p, 3, ASYNC_RETRY_SERVER_ERROR));
    assert_int_equal(ASYNC_RETRY_RAISE, async_retry_decide(&p, 3, ASYNC_RETRY_TRANSPORT));
}

static void times_one_never_sleeps(void **unused)
{
    (void)unused;
    struct async_retry_policy p;

    async_retry_policy_init(&p, 1, 1);
    assert_int_equal(ASYNC_RETRY_RETURN, async_retry_decide(&p, 1, ASYNC_RETRY_SERVER_ERROR));
    assert_int_equal(ASYNC_RETRY_RAISE, async_retry_decide(&p, 1, ASYNC_RETRY_TRANSPORT));
}

/* replay: the wrapper's loop over a script of outcomes, with a fake sleep
 * that adds up the delays. Returns the final action; stores the number of
 * attempts made and the seconds slept. */
static enum async_retry_action replay(const struct async_retry_policy *p,
                                      const enum async_retry_outcome *script, int *attempts,
                                      double *slept)
{
    enum async_retry_action a;
    int k = 1;

    *slept = 0;
    while ((a = async_retry_decide(p, k, script[k - 1])) == ASYNC_RETRY_SLEEP)
        *slept += async_retry_delay(p, k++);
    *attempts = k;
    return a;
}

static void a_replayed_run_sleeps_the_schedule_and_stops_in_time(void **unused)
{
    (void)unused;
    struct async_retry_policy p;
    int attempts;
    double slept;
    const enum async_retry_outcome flaky_twice[] = {ASYNC_RETRY_SERVER_ERROR, ASYNC_RETRY_TRANSPORT,
                                                    ASYNC_RETRY_SUCCESS};
    const enum async_retry_outcome always_503[] = {ASYNC_RETRY_SERVER_ERROR, ASYNC_RETRY_SERVER_ERROR,
                                                   ASYNC_RETRY_SERVER_ERROR, ASYNC_RETRY_SERVER_ERROR};
    const enum async_retry_outcome cancelled[] = {ASYNC_RETRY_SERVER_ERROR, ASYNC_RETRY_FATAL,
                                                  ASYNC_RETRY_SUCCESS};

    async_retry_policy_init(&p, 4, 0.25);
    assert_int_equal(ASYNC_RETRY_RETURN, replay(&p, flaky_twice, &attempts, &slept));
    assert_int_equal(3, attempts);
    assert_seconds(0.75, slept); /* 0.25 + 0.5 */

    assert_int_equal(ASYNC_RETRY_RETURN, replay(&p, always_503, &attempts, &slept));
    assert_int_equal(4, attempts);
    assert_seconds(async_retry_total_delay(&p), slept); /* no sleep after the last */

    assert_int_equal(ASYNC_RETRY_RAISE, replay(&p, cancelled, &attempts, &slept));
    assert_int_equal(2, attempts);
    assert_seconds(0.25, slept);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(init_accepts_a_sound_policy),
        cmocka_unit_test(init_refuses_a_bad_policy_and_changes_nothing),
        cmocka_unit_test(delay_doubles_after_each_attempt),
        cmocka_unit_test(delay_matches_the_lua_expression_bit_for_bit),
        cmocka_unit_test(delay_is_zero_with_no_backoff_and_inf_when_it_overflows),
        cmocka_unit_test(total_delay_sums_the_sleeps_between_attempts),
        cmocka_unit_test(only_500_to_599_are_server_errors),
        cmocka_unit_test(errors_with_a_kind_are_transport_errors),
        cmocka_unit_test(bugs_and_cancellations_are_fatal),
        cmocka_unit_test(decide_returns_successes_and_raises_fatal_errors_at_once),
        cmocka_unit_test(decide_retries_failures_until_the_last_attempt),
        cmocka_unit_test(times_one_never_sleeps),
        cmocka_unit_test(a_replayed_run_sleeps_the_schedule_and_stops_in_time),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
