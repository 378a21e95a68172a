/* test_window.c: cmocka unit tests of the plain-C core of the `window`
 * kata's reference (katas/generators/window/reference.h): the ring-buffer
 * state machine alone, driven over arrays of ints, no Lua state. Depends on
 * cmocka and the reference. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "../katas/generators/window/reference.h"

#define MAX_SIZE 16

/* A run of the generator over an int array, recorded: the windows as a
 * string like "1 2 3|2 3 4|" and how many pulls reached the source. */
struct run {
    const int *items;
    size_t nitems;
    size_t pulled; /* source calls, the final "no more" included */
    int ring[MAX_SIZE];
    char out[1024];
};

/* next_window: one call of the generator, as the Lua binding makes it:
 * appends the window it hands out to r->out and returns 1, or returns 0
 * for "no more windows". */
static int next_window(struct window *w, struct run *r)
{
    enum window_step step = window_start(w);
    size_t slot;
    char num[16];

    while (step == WINDOW_PULL) {
        size_t i = r->pulled++;
        if (i >= r->nitems) {
            step = window_source_end(w);
            break;
        }
        step = window_item(w, &slot);
        assert_true(slot < w->size);
        r->ring[slot] = r->items[i];
    }
    if (step == WINDOW_END)
        return 0;
    assert_int_equal(WINDOW_EMIT, step);
    for (size_t i = 0; i < w->size; i++) {
        snprintf(num, sizeof num, i ? " %d" : "%d", r->ring[window_slot(w, i)]);
        strcat(r->out, num);
    }
    strcat(r->out, "|");
    return 1;
}

/* run_all: runs a generator of windows of `size` over `items` to the end. */
static void run_all(struct run *r, const int *items, size_t nitems, size_t size)
{
    struct window w;
    int guard = 0;

    memset(r, 0, sizeof *r);
    r->items = items;
    r->nitems = nitems;
    window_init(&w, size);
    while (next_window(&w, r))
        assert_true(++guard < 100);
}

static const int five[] = {1, 2, 3, 4, 5};

static void slides_one_item_at_a_time(void **unused)
{
    (void)unused;
    struct run r;

    run_all(&r, five, 5, 3);
    assert_string_equal("1 2 3|2 3 4|3 4 5|", r.out);
    assert_int_equal(6, r.pulled); /* five items and one "no more" */
}

static void exactly_size_items_make_one_window(void **unused)
{
    (void)unused;
    struct run r;

    run_all(&r, five, 3, 3);
    assert_string_equal("1 2 3|", r.out);
}

static void fewer_items_than_size_make_none(void **unused)
{
    (void)unused;
    struct run r;

    run_all(&r, five, 2, 3);
    assert_string_equal("", r.out);
    assert_int_equal(3, r.pulled);
    run_all(&r, five, 0, 1);
    assert_string_equal("", r.out);
}

static void size_one_is_each_item(void **unused)
{
    (void)unused;
    struct run r;

    run_all(&r, five, 3, 1);
    assert_string_equal("1|2|3|", r.out);
}

/* The ring wraps around several times and the window stays in order. */
static void ring_wraps_around_in_order(void **unused)
{
    (void)unused;
    struct run r;
    const int many[] = {1, 2, 3, 4, 5, 6, 7, 8, 9};

    run_all(&r, many, 9, 4);
    assert_string_equal("1 2 3 4|2 3 4 5|3 4 5 6|4 5 6 7|5 6 7 8|6 7 8 9|", r.out);
}

/* Laziness: size pulls for the first window, one for each after. */
static void pulls_size_then_one(void **unused)
{
    (void)unused;
    struct window w;
    size_t slot;

    window_init(&w, 3);
    assert_int_equal(WINDOW_FILLING, w.state);
    assert_int_equal(WINDOW_PULL, window_item(&w, &slot));
    assert_int_equal(WINDOW_PULL, window_item(&w, &slot));
    assert_int_equal(WINDOW_EMIT, window_item(&w, &slot));
    assert_int_equal(WINDOW_SLIDING, w.state);
    assert_int_equal(WINDOW_EMIT, window_item(&w, &slot));
    assert_int_equal(0, slot); /* overwrote the oldest */
    assert_int_equal(1, window_slot(&w, 0));
    assert_int_equal(0, window_slot(&w, 2));
}

static void done_is_forever(void **unused)
{
    (void)unused;
    struct window w;
    size_t slot;

    window_init(&w, 2);
    window_item(&w, &slot);
    assert_int_equal(WINDOW_END, window_source_end(&w));
    assert_int_equal(WINDOW_DONE, w.state);
    for (int i = 0; i < 3; i++)
        assert_int_equal(WINDOW_END, window_start(&w));
}

/* window_slot never computes head + i, so a huge size can't overflow. */
static void slot_arithmetic_does_not_overflow(void **unused)
{
    (void)unused;
    struct window w;

    window_init(&w, SIZE_MAX);
    w.head = SIZE_MAX - 2;
    w.filled = SIZE_MAX;
    assert_true(window_slot(&w, 0) == SIZE_MAX - 2);
    assert_true(window_slot(&w, 1) == SIZE_MAX - 1);
    assert_true(window_slot(&w, 2) == 0);
    assert_true(window_slot(&w, SIZE_MAX - 1) == SIZE_MAX - 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(slides_one_item_at_a_time),
        cmocka_unit_test(exactly_size_items_make_one_window),
        cmocka_unit_test(fewer_items_than_size_make_none),
        cmocka_unit_test(size_one_is_each_item),
        cmocka_unit_test(ring_wraps_around_in_order),
        cmocka_unit_test(pulls_size_then_one),
        cmocka_unit_test(done_is_forever),
        cmocka_unit_test(slot_arithmetic_does_not_overflow),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
