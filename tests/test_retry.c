/* test_retry.c: cmocka unit tests of the plain-C core of the `retry` kata's
 * reference (katas/decorators/retry/reference.h): the backoff schedule, the
 * retry decision, the plain substring match, and the retry decorator for C
 * function pointers, with a fake sleep that writes its delays down.
 * Depends on cmocka and the reference. No Lua state. */

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../katas/decorators/retry/reference.h"

/* Delays are powers of two times 0.25: exact in a double, so compared
 * exactly (cmocka's assert_float_equal would round through float). */
#define assert_seconds(expected, actual)                                           \
    do {                                                                           \
        double expected_ = (expected), actual_ = (actual);                         \
        if (expected_ != actual_)                                                  \
            fail_msg("expected %.17g s, got %.17g s", expected_, actual_);         \
    } while (0)

/* contains: retry_text_contains on two C strings. */
static bool contains(const char *text, const char *needle)
{
    return retry_text_contains(text, strlen(text), needle, strlen(needle));
}

static void policy_init_keeps_its_values(void **unused)
{
    (void)unused;
    struct retry_policy p;

    retry_policy_init(&p, 4, 0.25);
    assert_int_equal(4, p.times);
    assert_seconds(0.25, p.backoff);
}

static void delay_doubles_after_each_attempt(void **unused)
{
    (void)unused;
    struct retry_policy p;

    retry_policy_init(&p, 10, 0.25);
    assert_seconds(0.25, retry_delay(&p, 1));
    assert_seconds(0.5, retry_delay(&p, 2));
    assert_seconds(1, retry_delay(&p, 3));
    assert_seconds(2, retry_delay(&p, 4));
    assert_seconds(128, retry_delay(&p, 10));
}

static void zero_backoff_never_waits(void **unused)
{
    (void)unused;
    struct retry_policy p;

    retry_policy_init(&p, 3, 0);
    assert_seconds(0, retry_delay(&p, 1));
    assert_seconds(0, retry_delay(&p, 50));
}

static void huge_attempt_overflows_to_infinity(void **unused)
{
    (void)unused;
    struct retry_policy p;

    retry_policy_init(&p, 3, 1);
    assert_true(isinf(retry_delay(&p, 5000)));
    assert_true(retry_delay(&p, 5000) > 0);
}

static void retries_only_what_may_be_retried_while_attempts_remain(void **unused)
{
    (void)unused;
    struct retry_policy p;

    retry_policy_init(&p, 3, 1);
    assert_true(retry_should_retry(&p, 1, true));
    assert_true(retry_should_retry(&p, 2, true));
    assert_false(retry_should_retry(&p, 3, true)); /* that was the last */
    assert_false(retry_should_retry(&p, 1, false));
    retry_policy_init(&p, 1, 1);
    assert_false(retry_should_retry(&p, 1, true)); /* times = 1: never */
}

static void contains_finds_substrings_anywhere(void **unused)
{
    (void)unused;
    assert_true(contains("connection timeout", "timeout"));
    assert_true(contains("timeout after 3 s", "timeout"));
    assert_true(contains("a timeout here", "timeout"));
    assert_true(contains("timeout", "timeout"));
    assert_true(contains("aaab", "aab")); /* a false start, then a match */
    assert_false(contains("time out", "timeout"));
    assert_false(contains("timeou", "timeout"));
    assert_false(contains("", "x"));
}

static void contains_is_plain_not_a_pattern(void **unused)
{
    (void)unused;
    assert_true(contains("rate.limit hit", "rate.limit"));
    assert_false(contains("rateXlimit", "rate.limit"));
    assert_true(contains("at 50% capacity", "50%"));
    assert_false(contains("busy", "b.*y"));
}

static void empty_needle_is_found_everywhere(void **unused)
{
    (void)unused;
    assert_true(contains("anything", ""));
    assert_true(contains("", ""));
    assert_true(retry_text_contains(NULL, 0, NULL, 0));
}

static void contains_sees_past_zero_bytes(void **unused)
{
    (void)unused;
    static const char text[] = "code\0timeout"; /* 12 bytes, a zero inside */
    static const char needle[] = "e\0t";       /* 3 bytes */

    assert_true(retry_text_contains(text, 12, "timeout", 7));
    assert_true(retry_text_contains(text, 12, needle, 3));
    assert_false(retry_text_contains(text, 12, "e\0x", 3));
}

/* The retried function: fails with codes[0], codes[1]... (0 = success),
 * then succeeds. The fake sleep writes each delay into `sleeps`. */
struct script {
    const int *codes;
    int ncodes;
    int calls;
    double sleeps[16];
    int nsleeps;
    int refused; /* error code that is never retried, 0 for none */
};

static int scripted(void *arg)
{
    struct script *s = arg;
    int i = s->calls++;

    return i < s->ncodes ? s->codes[i] : 0;
}

static void fake_sleep(double seconds, void *ud)
{
    struct script *s = ud;

    assert_true(s->nsleeps < 16);
    s->sleeps[s->nsleeps++] = seconds;
}

static bool not_refused(int code, void *ud)
{
    const struct script *s = ud;

    return code != s->refused;
}

/* decorate: a retry_decorated over `scripted`, sleeping into `s`. */
static struct retry_decorated decorate(struct script *s, int times, double backoff)
{
    struct retry_decorated d;

    d.fn = scripted;
    retry_policy_init(&d.policy, times, backoff);
    d.retryable = not_refused;
    d.sleep = fake_sleep;
    d.ud = s;
    return d;
}

static void call_succeeds_at_once_without_sleeping(void **unused)
{
    (void)unused;
    struct script s = {NULL, 0, 0, {0}, 0, 0};
    struct retry_decorated d = decorate(&s, 3, 1);
    int attempts = 0;

    assert_int_equal(0, retry_call(&d, &s, &attempts));
    assert_int_equal(1, attempts);
    assert_int_equal(0, s.nsleeps);
}

static void call_retries_with_backoff_until_success(void **unused)
{
    (void)unused;
    static const int codes[] = {5, 5, 5};
    struct script s = {codes, 3, 0, {0}, 0, 0};
    struct retry_decorated d = decorate(&s, 4, 0.5);
    int attempts = 0;

    assert_int_equal(0, retry_call(&d, &s, &attempts));
    assert_int_equal(4, attempts);
    assert_int_equal(3, s.nsleeps);
    assert_seconds(0.5, s.sleeps[0]);
    assert_seconds(1, s.sleeps[1]);
    assert_seconds(2, s.sleeps[2]);
}

static void call_gives_up_with_the_last_code(void **unused)
{
    (void)unused;
    static const int codes[] = {1, 2, 3, 4};
    struct script s = {codes, 4, 0, {0}, 0, 0};
    struct retry_decorated d = decorate(&s, 3, 1);
    int attempts = 0;

    assert_int_equal(3, retry_call(&d, &s, &attempts));
    assert_int_equal(3, attempts);
    assert_int_equal(2, s.nsleeps); /* none after the last attempt */
}

static void call_stops_at_once_on_a_refused_code(void **unused)
{
    (void)unused;
    static const int codes[] = {5, 9, 5};
    struct script s = {codes, 3, 0, {0}, 0, 9};
    struct retry_decorated d = decorate(&s, 10, 1);

    assert_int_equal(9, retry_call(&d, &s, NULL));
    assert_int_equal(2, s.calls);
    assert_int_equal(1, s.nsleeps);
}

static void null_retryable_retries_every_code(void **unused)
{
    (void)unused;
    static const int codes[] = {9, 8};
    struct script s = {codes, 2, 0, {0}, 0, 9};
    struct retry_decorated d = decorate(&s, 3, 1);

    d.retryable = NULL;
    assert_int_equal(0, retry_call(&d, &s, NULL));
    assert_int_equal(3, s.calls);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(policy_init_keeps_its_values),
        cmocka_unit_test(delay_doubles_after_each_attempt),
        cmocka_unit_test(zero_backoff_never_waits),
        cmocka_unit_test(huge_attempt_overflows_to_infinity),
        cmocka_unit_test(retries_only_what_may_be_retried_while_attempts_remain),
        cmocka_unit_test(contains_finds_substrings_anywhere),
        cmocka_unit_test(contains_is_plain_not_a_pattern),
        cmocka_unit_test(empty_needle_is_found_everywhere),
        cmocka_unit_test(contains_sees_past_zero_bytes),
        cmocka_unit_test(call_succeeds_at_once_without_sleeping),
        cmocka_unit_test(call_retries_with_backoff_until_success),
        cmocka_unit_test(call_gives_up_with_the_last_code),
        cmocka_unit_test(call_stops_at_once_on_a_refused_code),
        cmocka_unit_test(null_retryable_retries_every_code),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
