/* test_async_fetcher.c: cmocka unit tests of the plain-C core of the
 * `async-fetcher` kata's reference (katas/async/async-fetcher/reference.h):
 * the dispatcher that starts URLs in order, at most `limit` at once, and
 * collects their outcomes. No Lua state and no network: each test plays
 * the event loop by hand, saying which request ends when.
 * Depends on cmocka and the reference. */

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "../katas/async/async-fetcher/reference.h"

/* start_expect: asserts that the next start hands out URL `want`. */
static void start_expect(struct async_fetcher *f, size_t want)
{
    size_t got = (size_t)-1;
    assert_true(async_fetcher_start(f, &got));
    assert_int_equal(want, got);
    assert_int_equal(ASYNC_FETCHER_RUNNING, f->items[got].state);
}

static void init_rejects_a_zero_limit(void **unused)
{
    (void)unused;
    struct async_fetcher f;
    struct async_fetcher_item items[3];

    assert_int_equal(-1, async_fetcher_init(&f, items, 3, 0));
    assert_int_equal(-1, async_fetcher_init(&f, NULL, 3, 2));
    assert_int_equal(0, async_fetcher_init(&f, items, 3, 2));
}

static void init_sets_every_item_waiting(void **unused)
{
    (void)unused;
    struct async_fetcher f;
    struct async_fetcher_item items[4] = {{ASYNC_FETCHER_OK, 200}, {ASYNC_FETCHER_FAILED, 0},
                                          {ASYNC_FETCHER_RUNNING, 0}, {ASYNC_FETCHER_OK, 404}};

    assert_int_equal(0, async_fetcher_init(&f, items, 4, 2));
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(ASYNC_FETCHER_WAITING, items[i].state);
        assert_int_equal(0, items[i].status);
    }
    assert_int_equal(0, f.in_flight);
    assert_int_equal(0, f.finished);
    assert_int_equal(0, f.peak);
    assert_false(async_fetcher_done(&f));
}

static void an_empty_list_is_done_at_once(void **unused)
{
    (void)unused;
    struct async_fetcher f;
    size_t i = 99;

    assert_int_equal(0, async_fetcher_init(&f, NULL, 0, 3));
    assert_true(async_fetcher_done(&f));
    assert_false(async_fetcher_start(&f, &i));
    assert_int_equal(99, i); /* untouched */
}

static void starts_in_list_order_up_to_the_limit(void **unused)
{
    (void)unused;
    struct async_fetcher f;
    struct async_fetcher_item items[6];
    size_t i = 99;

    async_fetcher_init(&f, items, 6, 3);
    start_expect(&f, 0);
    start_expect(&f, 1);
    start_expect(&f, 2);
    assert_false(async_fetcher_start(&f, &i)); /* all three slots taken */
    assert_int_equal(99, i);
    assert_int_equal(3, f.in_flight);
    assert_int_equal(ASYNC_FETCHER_WAITING, items[3].state);
}

static void a_finished_request_frees_its_slot_for_the_next_url(void **unused)
{
    (void)unused;
    struct async_fetcher f;
    struct async_fetcher_item items[5];

    async_fetcher_init(&f, items, 5, 2);
    start_expect(&f, 0);
    start_expect(&f, 1);
    /* URL 1 ends first: its slot goes to URL 2, the next in list order */
    assert_int_equal(0, async_fetcher_finish(&f, 1, true, 200));
    start_expect(&f, 2);
    assert_int_equal(2, f.in_flight);
    assert_int_equal(1, f.finished);
}

static void a_failed_request_frees_its_slot_too(void **unused)
{
    (void)unused;
    struct async_fetcher f;
    struct async_fetcher_item items[3];

    async_fetcher_init(&f, items, 3, 1);
    start_expect(&f, 0);
    assert_int_equal(0, async_fetcher_finish(&f, 0, false, 200));
    assert_int_equal(ASYNC_FETCHER_FAILED, items[0].state);
    assert_int_equal(0, items[0].status); /* no response, no status */
    start_expect(&f, 1);
}

static void collects_outcomes_in_list_order_whatever_the_finishing_order(void **unused)
{
    (void)unused;
    struct async_fetcher f;
    struct async_fetcher_item items[4];
    size_t i;

    async_fetcher_init(&f, items, 4, 4);
    for (i = 0; i < 4; i++)
        start_expect(&f, i);
    assert_int_equal(0, async_fetcher_finish(&f, 3, true, 201));
    assert_int_equal(0, async_fetcher_finish(&f, 0, true, 404));
    assert_int_equal(0, async_fetcher_finish(&f, 2, false, 0));
    assert_false(async_fetcher_done(&f));
    assert_int_equal(0, async_fetcher_finish(&f, 1, true, 503));
    assert_true(async_fetcher_done(&f));

    assert_int_equal(ASYNC_FETCHER_OK, items[0].state);
    assert_int_equal(404, items[0].status); /* an HTTP error status is a response */
    assert_int_equal(ASYNC_FETCHER_OK, items[1].state);
    assert_int_equal(503, items[1].status);
    assert_int_equal(ASYNC_FETCHER_FAILED, items[2].state);
    assert_int_equal(ASYNC_FETCHER_OK, items[3].state);
    assert_int_equal(201, items[3].status);
}

static void finish_refuses_urls_that_are_not_running(void **unused)
{
    (void)unused;
    struct async_fetcher f;
    struct async_fetcher_item items[3];

    async_fetcher_init(&f, items, 3, 2);
    assert_int_equal(-1, async_fetcher_finish(&f, 0, true, 200)); /* never started */
    start_expect(&f, 0);
    assert_int_equal(-1, async_fetcher_finish(&f, 3, true, 200)); /* out of range */
    assert_int_equal(0, async_fetcher_finish(&f, 0, true, 200));
    assert_int_equal(-1, async_fetcher_finish(&f, 0, false, 0)); /* twice */
    assert_int_equal(ASYNC_FETCHER_OK, items[0].state);
    assert_int_equal(200, items[0].status);
    assert_int_equal(0, f.in_flight);
    assert_int_equal(1, f.finished);
}

static void limit_one_runs_one_url_after_the_other(void **unused)
{
    (void)unused;
    struct async_fetcher f;
    struct async_fetcher_item items[3];
    size_t i, other;

    async_fetcher_init(&f, items, 3, 1);
    for (i = 0; i < 3; i++) {
        start_expect(&f, i);
        assert_false(async_fetcher_start(&f, &other));
        assert_int_equal(0, async_fetcher_finish(&f, i, true, 200));
    }
    assert_true(async_fetcher_done(&f));
    assert_int_equal(1, f.peak);
}

static void a_limit_above_the_list_starts_everything_at_once(void **unused)
{
    (void)unused;
    struct async_fetcher f;
    struct async_fetcher_item items[3];
    size_t i;

    async_fetcher_init(&f, items, 3, 100);
    for (i = 0; i < 3; i++)
        start_expect(&f, i);
    assert_false(async_fetcher_start(&f, &i)); /* nothing left to start */
    assert_int_equal(3, f.peak);
}

/* A made-up event loop: at each step either start what may start or end
 * one running request chosen by a fixed pseudo-random sequence. Whatever
 * the order, never more than `limit` run, every URL runs once, all end. */
static void never_exceeds_the_limit_in_any_finishing_order(void **unused)
{
    (void)unused;
    enum { N = 200 };
    static const size_t limits[] = {1, 2, 3, 7, 50, 250};
    struct async_fetcher_item items[N];
    uint32_t seed = 12345;

    for (size_t l = 0; l < sizeof limits / sizeof limits[0]; l++) {
        struct async_fetcher f;
        size_t running[N], nrunning = 0, started = 0, i;

        async_fetcher_init(&f, items, N, limits[l]);
        while (!async_fetcher_done(&f)) {
            while (async_fetcher_start(&f, &i)) {
                assert_int_equal(started++, i); /* in list order */
                running[nrunning++] = i;
                assert_true(f.in_flight <= limits[l]);
            }
            assert_true(nrunning > 0);
            seed = seed * 1664525u + 1013904223u; /* a linear congruential step */
            size_t pick = (seed >> 8) % nrunning;
            assert_int_equal(0, async_fetcher_finish(&f, running[pick], pick % 2 == 0, 200));
            running[pick] = running[--nrunning];
        }
        assert_int_equal(N, started);
        assert_true(f.peak <= limits[l]);
        assert_int_equal(limits[l] < N ? limits[l] : N, f.peak);
        for (i = 0; i < N; i++)
            assert_true(items[i].state == ASYNC_FETCHER_OK || items[i].state == ASYNC_FETCHER_FAILED);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(init_rejects_a_zero_limit),
        cmocka_unit_test(init_sets_every_item_waiting),
        cmocka_unit_test(an_empty_list_is_done_at_once),
        cmocka_unit_test(starts_in_list_order_up_to_the_limit),
        cmocka_unit_test(a_finished_request_frees_its_slot_for_the_next_url),
        cmocka_unit_test(a_failed_request_frees_its_slot_too),
        cmocka_unit_test(collects_outcomes_in_list_order_whatever_the_finishing_order),
        cmocka_unit_test(finish_refuses_urls_that_are_not_running),
        cmocka_unit_test(limit_one_runs_one_url_after_the_other),
        cmocka_unit_test(a_limit_above_the_list_starts_everything_at_once),
        cmocka_unit_test(never_exceeds_the_limit_in_any_finishing_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
