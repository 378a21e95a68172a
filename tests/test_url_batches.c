/* test_url_batches.c: cmocka unit tests of the plain-C core of the
 * `url-batches` kata's reference (katas/generators/url-batches/reference.h):
 * no Lua state, just the state machine, driven by page sizes made up by
 * hand. Each test runs the machine and compares the trace of its
 * instructions with the one expected. Depends on cmocka and the reference. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "../katas/generators/url-batches/reference.h"

/* trace_step: appends one instruction to `out` in a short form:
 * "F3" fetch page 3, "T1+2@0" take 2 URLs from index 1 to batch index 0,
 * "E" emit, "." end; separated by spaces. */
static void trace_step(char *out, size_t cap, const struct url_batches_step *s)
{
    size_t len = strlen(out);
    const char *sep = len ? " " : "";

    switch (s->action) {
    case URL_BATCHES_FETCH:
        snprintf(out + len, cap - len, "%sF%lld", sep, s->page);
        break;
    case URL_BATCHES_TAKE:
        snprintf(out + len, cap - len, "%sT%zu+%zu@%zu", sep, s->first, s->count, s->at);
        break;
    case URL_BATCHES_EMIT:
        snprintf(out + len, cap - len, "%sE", sep);
        break;
    case URL_BATCHES_END:
        snprintf(out + len, cap - len, "%s.", sep);
        break;
    }
}

/* run: drives a machine over pages whose sizes are `sizes[0..npages-1]`
 * until it ends (or `max_steps` instructions, a guard against a loop),
 * writing the trace into `out`. */
static void run(struct url_batches *ub, const size_t *sizes, char *out, size_t cap, int max_steps)
{
    struct url_batches_step s;
    int n;

    out[0] = '\0';
    for (n = 0; n < max_steps; n++) {
        url_batches_next(ub, &s);
        trace_step(out, cap, &s);
        if (s.action == URL_BATCHES_END)
            return;
        if (s.action == URL_BATCHES_FETCH)
            assert_true(url_batches_loaded(ub, sizes[s.page - 1]));
    }
}

/* check_run: a fresh machine over `sizes` must produce `expected`. */
static void check_run(const size_t *sizes, long long npages, size_t batch_size, const char *expected)
{
    struct url_batches ub;
    char trace[1024];

    url_batches_init(&ub, npages, batch_size);
    run(&ub, sizes, trace, sizeof trace, 200);
    assert_string_equal(expected, trace);
}

static void init_starts_at_page_one_with_an_empty_batch(void **unused)
{
    (void)unused;
    struct url_batches ub;

    url_batches_init(&ub, 7, 3);
    assert_int_equal(7, ub.total_pages);
    assert_int_equal(1, ub.next_page);
    assert_int_equal(3, ub.batch_size);
    assert_int_equal(0, ub.filled);
    assert_int_equal(0, ub.page_len);
    assert_int_equal(URL_BATCHES_READY, ub.state);
}

static void batches_span_pages_in_order(void **unused)
{
    (void)unused;
    static const size_t sizes[] = {2, 2, 2, 1};
    /* page 1: a b, page 2: c d, page 3: e f, page 4: g; batch 3 */
    check_run(sizes, 4, 3, "F1 T0+2@0 F2 T0+1@2 E T1+1@0 F3 T0+2@1 E F4 T0+1@0 E .");
}

static void exact_division_ends_without_an_empty_batch(void **unused)
{
    (void)unused;
    static const size_t sizes[] = {2, 2, 2};
    check_run(sizes, 3, 3, "F1 T0+2@0 F2 T0+1@2 E T1+1@0 F3 T0+2@1 E .");
}

static void full_batch_at_page_end_does_not_fetch_ahead(void **unused)
{
    (void)unused;
    static const size_t sizes[] = {2, 2, 1};
    /* E comes before F2: the next page waits for the next batch. */
    check_run(sizes, 3, 2, "F1 T0+2@0 E F2 T0+2@0 E F3 T0+1@0 E .");
}

static void large_batch_takes_everything(void **unused)
{
    (void)unused;
    static const size_t sizes[] = {2, 1, 2};
    check_run(sizes, 3, 100, "F1 T0+2@0 F2 T0+1@2 F3 T0+2@3 E .");
}

static void big_page_is_split_across_batches(void **unused)
{
    (void)unused;
    static const size_t sizes[] = {7, 1};
    check_run(sizes, 2, 3, "F1 T0+3@0 E T3+3@0 E T6+1@0 F2 T0+1@1 E .");
}

static void empty_pages_are_skipped(void **unused)
{
    (void)unused;
    static const size_t sizes[] = {0, 1, 0, 0, 2, 0};
    check_run(sizes, 6, 2, "F1 F2 T0+1@0 F3 F4 F5 T0+1@1 E T1+1@0 F6 E .");
}

static void zero_pages_end_at_once(void **unused)
{
    (void)unused;
    check_run(NULL, 0, 5, ".");
}

static void only_empty_pages_emit_nothing(void **unused)
{
    (void)unused;
    static const size_t sizes[] = {0, 0, 0};
    check_run(sizes, 3, 5, "F1 F2 F3 .");
}

static void batch_size_one(void **unused)
{
    (void)unused;
    static const size_t sizes[] = {2, 0, 1};
    check_run(sizes, 3, 1, "F1 T0+1@0 E T1+1@0 E F2 F3 T0+1@0 E .");
}

/* Every batch but the last is exactly batch_size; none is larger; the
 * URLs taken add up to all URLs, each taken once, in order. */
static void uneven_pages_never_overfill(void **unused)
{
    (void)unused;
    static const size_t sizes[] = {5, 0, 1, 7, 2, 0, 0, 3, 1, 9, 4};
    const long long npages = (long long)(sizeof sizes / sizeof sizes[0]);
    struct url_batches ub;
    struct url_batches_step s;
    size_t in_batch = 0, taken = 0, total = 0, next_index = 0;
    int batches = 0, guard;
    long long page = 0;

    for (long long i = 0; i < npages; i++)
        total += sizes[i];
    url_batches_init(&ub, npages, 4);
    for (guard = 0; guard < 1000; guard++) {
        url_batches_next(&ub, &s);
        if (s.action == URL_BATCHES_END)
            break;
        switch (s.action) {
        case URL_BATCHES_FETCH:
            assert_int_equal(page + 1, s.page); /* pages in order, each once */
            page = s.page;
            next_index = 0;
            url_batches_loaded(&ub, sizes[page - 1]);
            break;
        case URL_BATCHES_TAKE:
            assert_int_equal(next_index, s.first);
            assert_int_equal(in_batch, s.at);
            assert_true(s.count >= 1);
            in_batch += s.count;
            next_index += s.count;
            taken += s.count;
            assert_true(in_batch <= 4);
            break;
        case URL_BATCHES_EMIT:
            assert_true(in_batch >= 1);
            if (taken < total)
                assert_int_equal(4, in_batch);
            in_batch = 0;
            batches++;
            break;
        case URL_BATCHES_END:
            break;
        }
    }
    assert_int_equal(total, taken);
    assert_int_equal(8, batches);
    assert_int_equal(npages, page);
}

/* A fetch that never reports back (the error unwound past the caller)
 * finishes the machine; the URLs it held for the batch are dropped. */
static void failed_fetch_finishes_the_machine(void **unused)
{
    (void)unused;
    struct url_batches ub;
    struct url_batches_step s;

    url_batches_init(&ub, 4, 3);
    url_batches_next(&ub, &s);
    assert_int_equal(URL_BATCHES_FETCH, s.action);
    assert_true(url_batches_loaded(&ub, 2));
    url_batches_next(&ub, &s); /* T0+2@0 */
    assert_int_equal(URL_BATCHES_TAKE, s.action);
    url_batches_next(&ub, &s); /* F2 ... which fails: no url_batches_loaded */
    assert_int_equal(URL_BATCHES_FETCH, s.action);
    assert_int_equal(2, s.page);
    assert_int_equal(URL_BATCHES_FETCHING, ub.state);
    url_batches_next(&ub, &s);
    assert_int_equal(URL_BATCHES_END, s.action);
    url_batches_next(&ub, &s);
    assert_int_equal(URL_BATCHES_END, s.action);
    assert_int_equal(URL_BATCHES_DONE, ub.state);
}

static void end_is_for_good(void **unused)
{
    (void)unused;
    static const size_t sizes[] = {1};
    struct url_batches ub;
    struct url_batches_step s;
    char trace[64];

    url_batches_init(&ub, 1, 2);
    run(&ub, sizes, trace, sizeof trace, 20);
    assert_string_equal("F1 T0+1@0 E .", trace);
    for (int i = 0; i < 3; i++) {
        url_batches_next(&ub, &s);
        assert_int_equal(URL_BATCHES_END, s.action);
    }
}

static void loaded_is_refused_unless_fetching(void **unused)
{
    (void)unused;
    struct url_batches ub;
    struct url_batches_step s;

    url_batches_init(&ub, 2, 2);
    assert_false(url_batches_loaded(&ub, 5)); /* nothing asked for yet */
    assert_int_equal(0, ub.page_len);
    url_batches_next(&ub, &s); /* F1 */
    assert_true(url_batches_loaded(&ub, 1));
    assert_false(url_batches_loaded(&ub, 9)); /* no second page pending */
    assert_int_equal(1, ub.page_len);
    url_batches_next(&ub, &s); /* T0+1@0 */
    url_batches_next(&ub, &s); /* F2, and then the fetch fails */
    url_batches_next(&ub, &s); /* END */
    assert_false(url_batches_loaded(&ub, 3)); /* too late: finished */
    url_batches_next(&ub, &s);
    assert_int_equal(URL_BATCHES_END, s.action);
}

static void huge_page_count_is_lazy(void **unused)
{
    (void)unused;
    static const size_t sizes[] = {3, 3, 3, 3};
    struct url_batches ub;
    struct url_batches_step s;
    int emitted = 0;

    url_batches_init(&ub, 1000000000LL, 5);
    while (emitted < 2) {
        url_batches_next(&ub, &s);
        if (s.action == URL_BATCHES_FETCH)
            url_batches_loaded(&ub, sizes[s.page - 1]); /* > page 4 would overrun */
        else if (s.action == URL_BATCHES_EMIT)
            emitted++;
    }
    assert_int_equal(5, ub.next_page); /* pages 1-4 fetched for 10 URLs */
    assert_int_equal(2, ub.page_len - ub.index);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(init_starts_at_page_one_with_an_empty_batch),
        cmocka_unit_test(batches_span_pages_in_order),
        cmocka_unit_test(exact_division_ends_without_an_empty_batch),
        cmocka_unit_test(full_batch_at_page_end_does_not_fetch_ahead),
        cmocka_unit_test(large_batch_takes_everything),
        cmocka_unit_test(big_page_is_split_across_batches),
        cmocka_unit_test(empty_pages_are_skipped),
        cmocka_unit_test(zero_pages_end_at_once),
        cmocka_unit_test(only_empty_pages_emit_nothing),
        cmocka_unit_test(batch_size_one),
        cmocka_unit_test(uneven_pages_never_overfill),
        cmocka_unit_test(failed_fetch_finishes_the_machine),
        cmocka_unit_test(end_is_for_good),
        cmocka_unit_test(loaded_is_refused_unless_fetching),
        cmocka_unit_test(huge_page_count_is_lazy),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
