/* test_gather_workers.c: cmocka unit tests of the plain-C core of the
 * `gather-workers` kata's reference (katas/async/gather-workers/reference.h):
 * the planner alone, no Lua state and no event loop: the elapsed time of
 * both variants and the finishing order, with delays made up by hand.
 * Depends on cmocka and the reference. */

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "../katas/async/gather-workers/reference.h"

/* Delays here are multiples of 0.25, which doubles hold exactly, and so are
 * their sums: times are compared exactly. */
#define assert_seconds(expected, actual)                                           \
    do {                                                                           \
        double expected_ = (expected), actual_ = (actual);                         \
        if (expected_ != actual_)                                                  \
            fail_msg("expected %.17g s, got %.17g s", expected_, actual_);         \
    } while (0)

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* assert_order: the planned finishing order is `expected` (n indices). */
static void assert_order(const size_t *expected, const size_t *actual, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (expected[i] != actual[i])
            fail_msg("position %zu: expected job %zu, got job %zu", i, expected[i], actual[i]);
}

static void no_jobs_take_no_time(void **unused)
{
    (void)unused;
    struct gather_workers_plan p;

    gather_workers_plan(&p, NULL, 0, NULL);
    assert_int_equal(0, p.jobs);
    assert_seconds(0, p.concurrent);
    assert_seconds(0, p.sequential);
    assert_int_equal(0, gather_workers_first_bad(NULL, 0));
}

static void one_job_takes_its_delay_both_ways(void **unused)
{
    (void)unused;
    const double d[] = {2.5};
    size_t order[1] = {99};
    struct gather_workers_plan p;

    gather_workers_plan(&p, d, 1, order);
    assert_int_equal(1, p.jobs);
    assert_seconds(2.5, p.concurrent);
    assert_seconds(2.5, p.sequential);
    assert_int_equal(0, order[0]);
}

/* The point of the kata: overlapping waits cost the longest, not the sum. */
static void concurrent_is_the_maximum_sequential_the_sum(void **unused)
{
    (void)unused;
    const double d[] = {3, 1, 2};
    struct gather_workers_plan p;

    gather_workers_plan(&p, d, COUNT(d), NULL);
    assert_int_equal(3, p.jobs);
    assert_seconds(3, p.concurrent);
    assert_seconds(6, p.sequential);
}

static void jobs_finish_in_order_of_delay(void **unused)
{
    (void)unused;
    const double d[] = {3, 1, 2};
    const size_t expected[] = {1, 2, 0};
    size_t order[COUNT(d)];
    struct gather_workers_plan p;

    gather_workers_plan(&p, d, COUNT(d), order);
    assert_order(expected, order, COUNT(d));
}

static void equal_delays_finish_in_job_order(void **unused)
{
    (void)unused;
    const double d[] = {2, 1, 2, 1, 2};
    const size_t expected[] = {1, 3, 0, 2, 4};
    size_t order[COUNT(d)];
    struct gather_workers_plan p;

    gather_workers_plan(&p, d, COUNT(d), order);
    assert_order(expected, order, COUNT(d));
    assert_seconds(2, p.concurrent);
    assert_seconds(8, p.sequential);
}

static void zero_delays_take_no_time_and_finish_first(void **unused)
{
    (void)unused;
    const double d[] = {0.5, 0, 0.25, 0};
    const size_t expected[] = {1, 3, 2, 0};
    size_t order[COUNT(d)];
    struct gather_workers_plan p;

    gather_workers_plan(&p, d, COUNT(d), order);
    assert_order(expected, order, COUNT(d));
    assert_seconds(0.5, p.concurrent);
    assert_seconds(0.75, p.sequential);

    const double zeros[] = {0, 0};
    gather_workers_plan(&p, zeros, COUNT(zeros), NULL);
    assert_seconds(0, p.concurrent);
    assert_seconds(0, p.sequential);
}

static void a_reverse_sorted_list_is_turned_around(void **unused)
{
    (void)unused;
    double d[100];
    size_t order[100];
    struct gather_workers_plan p;

    for (size_t i = 0; i < 100; i++)
        d[i] = (double)(100 - i) * 0.25; /* 25, 24.75, ..., 0.25 */
    gather_workers_plan(&p, d, 100, order);
    for (size_t i = 0; i < 100; i++)
        assert_int_equal(99 - i, order[i]);
    assert_seconds(25, p.concurrent);
    assert_seconds(0.25 * 5050, p.sequential);
}

static void the_sample_of_the_spec(void **unused)
{
    (void)unused;
    /* spec.lua's hundred jobs: delay i % 7 for i = 1 .. 100. */
    double d[100];
    size_t order[100];
    struct gather_workers_plan p;

    for (size_t i = 0; i < 100; i++)
        d[i] = (double)((i + 1) % 7);
    gather_workers_plan(&p, d, 100, order);
    assert_seconds(6, p.concurrent);
    assert_int_equal(6, order[0]);   /* job 7, the first with delay 0 */
    assert_int_equal(96, order[99]); /* job 97, the last with delay 6 */
}

static void first_bad_finds_negative_and_nan_delays(void **unused)
{
    (void)unused;
    const double good[] = {0, 1.5, 1e9};
    const double negative[] = {1, 2, -0.25, -1};
    const double nan_one[] = {1, NAN};

    assert_int_equal(COUNT(good), gather_workers_first_bad(good, COUNT(good)));
    assert_int_equal(2, gather_workers_first_bad(negative, COUNT(negative)));
    assert_int_equal(1, gather_workers_first_bad(nan_one, COUNT(nan_one)));
    assert_int_equal(2, gather_workers_first_bad(negative, 2)); /* only n are read */
}

static void infinite_delays_are_allowed(void **unused)
{
    (void)unused;
    const double d[] = {1, INFINITY};
    struct gather_workers_plan p;

    assert_int_equal(2, gather_workers_first_bad(d, COUNT(d)));
    gather_workers_plan(&p, d, COUNT(d), NULL);
    assert_true(isinf(p.concurrent));
    assert_true(isinf(p.sequential));
}

static void planning_does_not_touch_the_delays(void **unused)
{
    (void)unused;
    double d[] = {2, 0.5, 1};
    size_t order[3];
    struct gather_workers_plan p;

    gather_workers_plan(&p, d, COUNT(d), order);
    assert_seconds(2, d[0]);
    assert_seconds(0.5, d[1]);
    assert_seconds(1, d[2]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(no_jobs_take_no_time),
        cmocka_unit_test(one_job_takes_its_delay_both_ways),
        cmocka_unit_test(concurrent_is_the_maximum_sequential_the_sum),
        cmocka_unit_test(jobs_finish_in_order_of_delay),
        cmocka_unit_test(equal_delays_finish_in_job_order),
        cmocka_unit_test(zero_delays_take_no_time_and_finish_first),
        cmocka_unit_test(a_reverse_sorted_list_is_turned_around),
        cmocka_unit_test(the_sample_of_the_spec),
        cmocka_unit_test(first_bad_finds_negative_and_nan_delays),
        cmocka_unit_test(infinite_delays_are_allowed),
        cmocka_unit_test(planning_does_not_touch_the_delays),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
