/* test_fsrs.c: cmocka tests of the FSRS-6 scheduler (src/fsrs.c) against
 * the worked examples of the reference implementation, py-fsrs
 * (open-spaced-repetition/py-fsrs, tests/test_basic.py: test_review_card and
 * test_memo_state, default parameters, fuzz off), plus the properties the
 * published formulas promise. Depends on cmocka and fsrs.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>

#include "fsrs.h"

#define DAY 86400
/* 2022-11-29 12:30:00 UTC, the start date of py-fsrs's examples. */
#define T0 1669725000LL

/* py-fsrs test_review_card: a new card rated G,G,G,G,G,G,A,A,G,G,G,G,G,
 * each review at the moment the card falls due; the whole-day intervals
 * must be 0, 2, 11, 46, 163, 498, 0, 0, 2, 4, 7, 12, 21 (py-fsrs main with
 * the FSRS-6 defaults; ts-fsrs's FSRS-6.test.ts pins the same vector. An
 * older py-fsrs commit expected ...497...20 with earlier defaults). */
static void review_sequence_matches_py_fsrs(void **state)
{
    static const int ratings[] = {3, 3, 3, 3, 3, 3, 1, 1, 3, 3, 3, 3, 3};
    static const int expect[] = {0, 2, 11, 46, 163, 498, 0, 0, 2, 4, 7, 12, 21};
    struct fsrs_params p;
    struct fsrs_card c = fsrs_card_new(T0);
    int64_t now = T0;
    (void)state;
    fsrs_params_default(&p);
    for (size_t i = 0; i < sizeof ratings / sizeof *ratings; i++) {
        assert_int_equal(fsrs_review(&p, &c, ratings[i], now), 0);
        assert_int_equal(c.last_review, now);
        assert_int_equal((c.due - c.last_review) / DAY, expect[i]);
        now = c.due;
    }
    assert_int_equal(c.state, FSRS_REVIEW);
}

/* The FSRS-6 memory-state vector (fsrs-rs src/inference.rs, pinned by
 * ts-fsrs's FSRS-6 tests and py-fsrs test_memo_state): A,G,G,G,G,G after
 * 0,0,1,3,8,21 days gives stability 53.62691 days, difficulty 6.3574867. */
static void memory_state_matches_py_fsrs(void **state)
{
    static const int ratings[] = {1, 3, 3, 3, 3, 3};
    static const int gaps[] = {0, 0, 1, 3, 8, 21};
    struct fsrs_params p;
    struct fsrs_card c = fsrs_card_new(T0);
    int64_t now = T0;
    (void)state;
    fsrs_params_default(&p);
    for (size_t i = 0; i < 6; i++) {
        now += (int64_t)gaps[i] * DAY;
        assert_int_equal(fsrs_review(&p, &c, ratings[i], now), 0);
    }
    assert_float_equal(c.stability, 53.62691, 0.00001);
    assert_float_equal(c.difficulty, 6.3574867, 0.00001);
}

/* The first review sets S0 = w[G-1] and D0 = w4 - e^(w5 (G-1)) + 1
 * (clamped to 1..10); Good moves a new card one learning step (10 min),
 * Again back to the first (1 min), Easy straight to Review. */
static void first_review_uses_initial_formulas(void **state)
{
    /* ts-fsrs FSRS-6 "first repeat": difficulties after A, H, G, E. */
    static const double first_d[4] = {6.4133, 5.11217071, 2.11810397, 1.0};
    struct fsrs_params p;
    (void)state;
    fsrs_params_default(&p);
    for (int g = 1; g <= 4; g++) {
        struct fsrs_card c = fsrs_card_new(T0);
        double d0 = fsrs_default_w[4] - exp(fsrs_default_w[5] * (g - 1)) + 1.0;
        assert_int_equal(fsrs_review(&p, &c, g, T0), 0);
        assert_float_equal(c.stability, fsrs_default_w[g - 1], 1e-12);
        assert_float_equal(c.difficulty, d0 < 1 ? 1 : d0 > 10 ? 10 : d0, 1e-12);
        assert_float_equal(c.difficulty, first_d[g - 1], 1e-8);
        if (g == FSRS_AGAIN)
            assert_int_equal(c.due - T0, 60);
        if (g == FSRS_HARD)
            assert_int_equal(c.due - T0, 330);
        if (g == FSRS_GOOD)
            assert_int_equal(c.due - T0, 600);
        if (g == FSRS_EASY) {
            assert_int_equal(c.state, FSRS_REVIEW);
            assert_int_equal(c.due - T0, (int64_t)fsrs_next_interval(&p, c.stability) * DAY);
        }
    }
}

/* The forgetting curve is defined so that R = desired retention (0.9) after
 * exactly S days, and the interval for retention 0.9 is S itself, rounded. */
static void retrievability_is_point_nine_after_stability_days(void **state)
{
    struct fsrs_params p;
    struct fsrs_card c = {FSRS_REVIEW, -1, 10.0, 5.0, 0, T0};
    (void)state;
    fsrs_params_default(&p);
    assert_float_equal(fsrs_retrievability(&p, &c, T0 + 10 * DAY), 0.9, 1e-9);
    assert_float_equal(fsrs_retrievability(&p, &c, T0), 1.0, 1e-12);
    assert_true(fsrs_retrievability(&p, &c, T0 + 30 * DAY) < 0.9);
    assert_int_equal(fsrs_next_interval(&p, 10.0), 10);
    assert_int_equal(fsrs_next_interval(&p, 0.01), 1);
    assert_int_equal(fsrs_next_interval(&p, 1e9), 36500);
    c.last_review = 0;
    assert_float_equal(fsrs_retrievability(&p, &c, T0), 0.0, 0.0);
}

/* In Review, a later review rated higher never gives a shorter interval,
 * and Again sends the card to relearning (10 minutes). */
static void ratings_order_intervals(void **state)
{
    struct fsrs_params p;
    struct fsrs_card base = {FSRS_REVIEW, -1, 20.0, 5.0, T0 + 20 * DAY, T0};
    int64_t prev = -1;
    (void)state;
    fsrs_params_default(&p);
    for (int g = 1; g <= 4; g++) {
        struct fsrs_card c = base;
        assert_int_equal(fsrs_review(&p, &c, g, base.due), 0);
        if (g == FSRS_AGAIN) {
            assert_int_equal(c.state, FSRS_RELEARNING);
            assert_int_equal(c.due - base.due, 600);
        } else {
            assert_true(c.due - base.due >= prev);
            prev = c.due - base.due;
        }
    }
}

static void bad_rating_leaves_card_alone(void **state)
{
    struct fsrs_params p;
    struct fsrs_card c = fsrs_card_new(T0);
    (void)state;
    fsrs_params_default(&p);
    assert_int_equal(fsrs_review(&p, &c, 0, T0), -1);
    assert_int_equal(fsrs_review(&p, &c, 5, T0), -1);
    assert_int_equal(c.state, FSRS_LEARNING);
    assert_int_equal(c.last_review, 0);
}

static double fixed_random(void *ud) { return *(double *)ud; }

/* band: py-fsrs's fuzz band around `days`: delta = 1 + 15% of the part in
 * 2.5..7 + 10% of the part in 7..20 + 5% of the part above 20. */
static void band(int days, long *lo, long *hi)
{
    double delta = 1.0;
    delta += 0.15 * fmax(fmin(days, 7.0) - 2.5, 0.0);
    delta += 0.10 * fmax(fmin(days, 20.0) - 7.0, 0.0);
    delta += 0.05 * fmax(days - 20.0, 0.0);
    *lo = lround(days - delta) < 2 ? 2 : lround(days - delta);
    *hi = lround(days + delta);
}

/* Fuzz keeps a Review interval inside py-fsrs's band and, over the range of
 * the random source, reaches both ends of it. */
static void fuzz_stays_in_band(void **state)
{
    struct fsrs_params p;
    struct fsrs_card base = {FSRS_REVIEW, -1, 30.0, 5.0, T0 + 30 * DAY, T0};
    struct fsrs_card plain = base;
    long lo, hi, seen_lo = 1L << 30, seen_hi = 0;
    double r;
    (void)state;
    fsrs_params_default(&p);
    assert_int_equal(fsrs_review(&p, &plain, FSRS_GOOD, base.due), 0);
    int days = (int)((plain.due - base.due) / DAY);
    assert_true(days > 20);
    band(days, &lo, &hi);
    p.random = fixed_random;
    p.random_ud = &r;
    for (r = 0.0; r < 0.9999; r += 0.01) {
        struct fsrs_card c = base;
        long got;
        assert_int_equal(fsrs_review(&p, &c, FSRS_GOOD, base.due), 0);
        got = (long)((c.due - base.due) / DAY);
        assert_true(got >= lo && got <= hi + 1);
        seen_lo = got < seen_lo ? got : seen_lo;
        seen_hi = got > seen_hi ? got : seen_hi;
        assert_float_equal(c.stability, plain.stability, 0.0);
    }
    assert_int_equal(seen_lo, lo);
    assert_true(seen_hi >= hi);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(review_sequence_matches_py_fsrs),
        cmocka_unit_test(memory_state_matches_py_fsrs),
        cmocka_unit_test(first_review_uses_initial_formulas),
        cmocka_unit_test(retrievability_is_point_nine_after_stability_days),
        cmocka_unit_test(ratings_order_intervals),
        cmocka_unit_test(bad_rating_leaves_card_alone),
        cmocka_unit_test(fuzz_stays_in_band),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
