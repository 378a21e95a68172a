/* test_async.c: the C half of the event loop: the timer heap's order (by
 * time, ties first in first out), emptiness, growth, and a randomised check
 * against sorting. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "async.h"

static void empty_heap(void **state)
{
    struct async_heap h;
    struct async_timer t;
    (void)state;
    async_heap_init(&h);
    assert_null(async_heap_peek(&h));
    assert_int_equal(async_heap_pop(&h, &t), -1);
    async_heap_free(&h);
}

static void pops_in_time_order(void **state)
{
    struct async_heap h;
    struct async_timer t;
    (void)state;
    async_heap_init(&h);
    assert_int_equal(async_heap_push(&h, 3.0, 30), 0);
    assert_int_equal(async_heap_push(&h, 1.0, 10), 0);
    assert_int_equal(async_heap_push(&h, 2.0, 20), 0);
    assert_int_equal(async_heap_peek(&h)->id, 10);
    for (long want = 10; want <= 30; want += 10) {
        assert_int_equal(async_heap_pop(&h, &t), 0);
        assert_int_equal(t.id, want);
        assert_true(t.when == (double)want / 10.0);
    }
    assert_null(async_heap_peek(&h));
    async_heap_free(&h);
}

static void equal_times_first_in_first_out(void **state)
{
    struct async_heap h;
    struct async_timer t;
    (void)state;
    async_heap_init(&h);
    for (long i = 0; i < 100; i++)
        assert_int_equal(async_heap_push(&h, 5.0, i), 0);
    for (long i = 0; i < 100; i++) {
        assert_int_equal(async_heap_pop(&h, &t), 0);
        assert_int_equal(t.id, i);
    }
    async_heap_free(&h);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void random_pushes_come_out_sorted(void **state)
{
    enum { N = 5000 };
    static double want[N];
    struct async_heap h;
    struct async_timer t;
    (void)state;
    srand(42);
    async_heap_init(&h);
    for (long i = 0; i < N; i++) {
        want[i] = (double)(rand() % 1000) / 10.0;
        assert_int_equal(async_heap_push(&h, want[i], i), 0);
    }
    qsort(want, N, sizeof *want, cmp_double);
    for (long i = 0; i < N; i++) {
        assert_int_equal(async_heap_pop(&h, &t), 0);
        assert_true(t.when == want[i]);
    }
    assert_int_equal(async_heap_pop(&h, &t), -1);
    async_heap_free(&h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(empty_heap),
        cmocka_unit_test(pops_in_time_order),
        cmocka_unit_test(equal_times_first_in_first_out),
        cmocka_unit_test(random_pushes_come_out_sorted),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
