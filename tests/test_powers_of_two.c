/* test_powers_of_two.c: cmocka unit tests of the plain-C core of the
 * `powers-of-two` kata's reference
 * (katas/generators/powers-of-two/reference.h): the state machine alone, no
 * Lua state. Depends on cmocka and the reference. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "../katas/generators/powers-of-two/reference.h"

/* drain: runs `p` to exhaustion (at most 100 steps), storing the values in
 * `out` (room for 100); returns how many came out. */
static size_t drain(struct powers_of_two *p, int64_t *out)
{
    size_t n = 0;
    int64_t v;

    while (n < 100 && powers_of_two_next(p, &v))
        out[n++] = v;
    return n;
}

static void up_to_a_limit(void **unused)
{
    (void)unused;
    struct powers_of_two p;
    int64_t got[100];
    const int64_t want[] = {1, 2, 4, 8, 16, 32, 64};

    powers_of_two_init(&p, 100);
    assert_int_equal(7, drain(&p, got));
    assert_memory_equal(want, got, sizeof want);
}

static void limit_is_inclusive(void **unused)
{
    (void)unused;
    struct powers_of_two p;
    int64_t got[100];

    powers_of_two_init(&p, 64);
    assert_int_equal(7, drain(&p, got));
    assert_int_equal(64, got[6]);
    powers_of_two_init(&p, 63);
    assert_int_equal(6, drain(&p, got));
    assert_int_equal(32, got[5]);
}

static void limits_of_one_and_below(void **unused)
{
    (void)unused;
    struct powers_of_two p;
    int64_t got[100];

    powers_of_two_init(&p, 1);
    assert_int_equal(1, drain(&p, got));
    assert_int_equal(1, got[0]);
    powers_of_two_init(&p, 0);
    assert_int_equal(POWERS_OF_TWO_DONE, p.state);
    assert_int_equal(0, drain(&p, got));
    powers_of_two_init(&p, INT64_MIN);
    assert_int_equal(0, drain(&p, got));
}

/* Without a limit the generator stops at 2^62 instead of overflowing (which
 * in C would be undefined behaviour: the sanitizer build would catch it). */
static void no_limit_stops_at_two_to_the_62(void **unused)
{
    (void)unused;
    struct powers_of_two p;
    int64_t got[100];

    powers_of_two_init(&p, POWERS_OF_TWO_NO_LIMIT);
    assert_int_equal(63, drain(&p, got));
    for (int i = 0; i < 63; i++)
        assert_true(got[i] == (int64_t)1 << i);
    assert_true(got[62] == POWERS_OF_TWO_LAST);
}

static void limit_just_below_the_last_power(void **unused)
{
    (void)unused;
    struct powers_of_two p;
    int64_t got[100];

    powers_of_two_init(&p, POWERS_OF_TWO_LAST - 1);
    assert_int_equal(62, drain(&p, got));
    assert_true(got[61] == (int64_t)1 << 61);
}

static void stays_exhausted(void **unused)
{
    (void)unused;
    struct powers_of_two p;
    int64_t v = -1;

    powers_of_two_init(&p, 2);
    assert_true(powers_of_two_next(&p, &v));
    assert_true(powers_of_two_next(&p, &v));
    for (int i = 0; i < 5; i++)
        assert_false(powers_of_two_next(&p, &v));
    assert_int_equal(2, v); /* untouched since the last value */
}

/* Laziness: each call does one step, and the state says where it is. */
static void one_step_per_call(void **unused)
{
    (void)unused;
    struct powers_of_two p;
    int64_t v;

    powers_of_two_init(&p, POWERS_OF_TWO_NO_LIMIT);
    assert_int_equal(1, p.next);
    assert_true(powers_of_two_next(&p, &v));
    assert_true(powers_of_two_next(&p, &v));
    assert_true(powers_of_two_next(&p, &v));
    assert_int_equal(4, v);
    assert_int_equal(8, p.next);
    assert_int_equal(POWERS_OF_TWO_RUNNING, p.state);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(up_to_a_limit),
        cmocka_unit_test(limit_is_inclusive),
        cmocka_unit_test(limits_of_one_and_below),
        cmocka_unit_test(no_limit_stops_at_two_to_the_62),
        cmocka_unit_test(limit_just_below_the_last_power),
        cmocka_unit_test(stays_exhausted),
        cmocka_unit_test(one_step_per_call),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
