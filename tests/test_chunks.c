/* test_chunks.c: cmocka unit tests of the plain-C core of the `chunks`
 * kata's reference (katas/generators/chunks/reference.h): the state machine
 * alone, driven over arrays of ints, no Lua state. Depends on cmocka and
 * the reference. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "../katas/generators/chunks/reference.h"

#define MAX_OUT 64

/* A run of the generator over an int array, recorded: the chunks as
 * strings like "1 2 3|4 5 6|7|" and how many pulls reached the source. */
struct run {
    const int *items;
    size_t nitems;
    size_t pulled; /* source calls, the final "no more" included */
    char out[MAX_OUT * 8];
};

/* next_chunk: one call of the generator, as the Lua binding makes it:
 * appends the chunk it hands out to r->out and returns 1, or returns 0 for
 * "no more chunks". */
static int next_chunk(struct chunks *c, struct run *r)
{
    int chunk[MAX_OUT];
    size_t slot, n = 0;
    enum chunks_step step = chunks_start(c);
    char num[16];

    while (step == CHUNKS_PULL) {
        size_t i = r->pulled++;
        if (i >= r->nitems) {
            step = chunks_source_end(c);
            break;
        }
        step = chunks_item(c, &slot);
        assert_in_range(slot, 1, MAX_OUT);
        chunk[slot - 1] = r->items[i];
        n = slot;
    }
    if (step == CHUNKS_END)
        return 0;
    assert_int_equal(CHUNKS_EMIT, step);
    for (size_t i = 0; i < n; i++) {
        snprintf(num, sizeof num, i ? " %d" : "%d", chunk[i]);
        strcat(r->out, num);
    }
    strcat(r->out, "|");
    return 1;
}

/* run_all: runs a generator of chunks of `size` over `items` to the end. */
static void run_all(struct run *r, const int *items, size_t nitems, size_t size)
{
    struct chunks c;
    int guard = 0;

    memset(r, 0, sizeof *r);
    r->items = items;
    r->nitems = nitems;
    chunks_init(&c, size);
    while (next_chunk(&c, r))
        assert_true(++guard < MAX_OUT);
}

static const int seven[] = {1, 2, 3, 4, 5, 6, 7};

static void full_chunks_then_a_short_one(void **unused)
{
    (void)unused;
    struct run r;

    run_all(&r, seven, 7, 3);
    assert_string_equal("1 2 3|4 5 6|7|", r.out);
    assert_int_equal(8, r.pulled); /* seven items and one "no more" */
}

static void even_split_has_no_empty_chunk(void **unused)
{
    (void)unused;
    struct run r;

    run_all(&r, seven, 6, 3);
    assert_string_equal("1 2 3|4 5 6|", r.out);
    assert_int_equal(7, r.pulled);
}

static void empty_source_gives_nothing(void **unused)
{
    (void)unused;
    struct run r;

    run_all(&r, seven, 0, 3);
    assert_string_equal("", r.out);
    assert_int_equal(1, r.pulled);
}

static void size_one_and_size_larger_than_input(void **unused)
{
    (void)unused;
    struct run r;

    run_all(&r, seven, 3, 1);
    assert_string_equal("1|2|3|", r.out);
    run_all(&r, seven, 3, 10);
    assert_string_equal("1 2 3|", r.out);
}

/* Laziness: a full chunk comes out after exactly `size` pulls. */
static void full_chunk_pulls_exactly_size(void **unused)
{
    (void)unused;
    struct chunks c;
    size_t slot;

    chunks_init(&c, 3);
    assert_int_equal(CHUNKS_PULL, chunks_start(&c));
    assert_int_equal(CHUNKS_PULL, chunks_item(&c, &slot));
    assert_int_equal(1, slot);
    assert_int_equal(CHUNKS_PULL, chunks_item(&c, &slot));
    assert_int_equal(2, slot);
    assert_int_equal(CHUNKS_EMIT, chunks_item(&c, &slot));
    assert_int_equal(3, slot);
    assert_int_equal(0, c.filled);
    assert_int_equal(CHUNKS_PULL, chunks_start(&c)); /* the next call pulls again */
    assert_int_equal(CHUNKS_PULL, chunks_item(&c, &slot));
    assert_int_equal(1, slot); /* a new chunk */
}

/* Exhaustion: after the source's end, no call ever pulls again. */
static void done_is_forever(void **unused)
{
    (void)unused;
    struct chunks c;
    size_t slot;

    chunks_init(&c, 2);
    chunks_item(&c, &slot);
    assert_int_equal(CHUNKS_EMIT, chunks_source_end(&c)); /* the partial chunk */
    assert_int_equal(CHUNKS_DONE, c.state);
    for (int i = 0; i < 3; i++)
        assert_int_equal(CHUNKS_END, chunks_start(&c));
}

/* A call may stop halfway (in Lua, the source yielded) and go on later:
 * the struct alone says where. */
static void resumes_half_a_chunk_in(void **unused)
{
    (void)unused;
    struct chunks c;
    struct chunks saved;
    size_t slot;

    chunks_init(&c, 4);
    chunks_item(&c, &slot);
    chunks_item(&c, &slot);
    memcpy(&saved, &c, sizeof c); /* everything the paused call needs */
    assert_int_equal(CHUNKS_PULL, chunks_item(&saved, &slot));
    assert_int_equal(3, slot);
    assert_int_equal(CHUNKS_EMIT, chunks_item(&saved, &slot));
    assert_int_equal(4, slot);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(full_chunks_then_a_short_one),
        cmocka_unit_test(even_split_has_no_empty_chunk),
        cmocka_unit_test(empty_source_gives_nothing),
        cmocka_unit_test(size_one_and_size_larger_than_input),
        cmocka_unit_test(full_chunk_pulls_exactly_size),
        cmocka_unit_test(done_is_forever),
        cmocka_unit_test(resumes_half_a_chunk_in),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
