/* test_timing.c: cmocka unit tests of the plain-C core of the `timing`
 * kata's reference (katas/decorators/timing/reference.h): the log, the
 * entries, and the decorator for C function pointers, with a fake clock
 * that only moves when a test function moves it. No Lua state.
 * Depends on cmocka and the reference. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../katas/decorators/timing/reference.h"

/* Times are multiples of 0.25, held exactly by doubles: compare exactly
 * (cmocka's assert_float_equal would round through float). */
#define assert_seconds(expected, actual)                                           \
    do {                                                                           \
        double expected_ = (expected), actual_ = (actual);                         \
        if (expected_ != actual_)                                                  \
            fail_msg("expected %.17g s, got %.17g s", expected_, actual_);         \
    } while (0)

/* A fake clock: `now` returns `time` and counts the readings. */
struct fake_clock {
    double time;
    int reads;
};

static double fake_now(void *clock)
{
    struct fake_clock *c = clock;

    c->reads++;
    return c->time;
}

/* What a timed test function does: advance the clock, then return `rc`. */
struct work {
    struct fake_clock *clock;
    double takes; /* seconds */
    int rc;       /* 0 = success */
    int calls;
};

static int do_work(void *arg)
{
    struct work *w = arg;

    w->calls++;
    w->clock->time += w->takes;
    return w->rc;
}

static void log_init_is_empty(void **unused)
{
    (void)unused;
    struct timing_entry storage[4];
    struct timing_log log;

    timing_log_init(&log, storage, 4);
    assert_int_equal(0, log.len);
    assert_int_equal(4, log.cap);
    assert_int_equal(0, log.dropped);
    assert_ptr_equal(storage, log.entries);
}

static void append_keeps_order_then_counts_dropped(void **unused)
{
    (void)unused;
    struct timing_entry storage[2];
    struct timing_log log;

    timing_log_init(&log, storage, 2);
    assert_true(timing_log_append(&log, timing_entry_make("a", 0, 1, true)));
    assert_true(timing_log_append(&log, timing_entry_make("b", 0, 2, false)));
    assert_false(timing_log_append(&log, timing_entry_make("c", 0, 3, true)));
    assert_false(timing_log_append(&log, timing_entry_make("d", 0, 4, true)));
    assert_int_equal(2, log.len);
    assert_int_equal(2, log.dropped);
    assert_string_equal("a", log.entries[0].name);
    assert_string_equal("b", log.entries[1].name);
    assert_false(log.entries[1].ok);
}

static void empty_log_drops_everything(void **unused)
{
    (void)unused;
    struct timing_log log;

    timing_log_init(&log, NULL, 0);
    assert_false(timing_log_append(&log, timing_entry_make("x", 0, 0, true)));
    assert_int_equal(0, log.len);
    assert_int_equal(1, log.dropped);
}

static void entry_make_computes_duration_and_defaults_name(void **unused)
{
    (void)unused;
    struct timing_entry e = timing_entry_make("load", 10.25, 12.75, true);

    assert_string_equal("load", e.name);
    assert_seconds(2.5, e.duration);
    assert_true(e.ok);
    e = timing_entry_make(NULL, 5, 5, false);
    assert_string_equal("?", e.name);
    assert_seconds(0, e.duration);
    assert_false(e.ok);
    /* a clock that went backwards is reported as it is */
    assert_seconds(-1, timing_entry_make("x", 3, 2, true).duration);
}

static void decorate_reads_no_clock_and_calls_nothing(void **unused)
{
    (void)unused;
    struct fake_clock clock = {0, 0};
    struct work w = {&clock, 1, 0, 0};
    struct timing_entry storage[1];
    struct timing_log log;
    struct timing_decorated d;

    timing_log_init(&log, storage, 1);
    timing_decorate(&d, do_work, "w", &log, fake_now, &clock);
    assert_int_equal(0, clock.reads);
    assert_int_equal(0, w.calls);
    assert_int_equal(0, log.len);
    assert_string_equal("w", d.name);
}

static void call_logs_duration_and_reads_clock_twice(void **unused)
{
    (void)unused;
    struct fake_clock clock = {100, 0};
    struct work w = {&clock, 0.75, 0, 0};
    struct timing_entry storage[4];
    struct timing_log log;
    struct timing_decorated d;

    timing_log_init(&log, storage, 4);
    timing_decorate(&d, do_work, "work", &log, fake_now, &clock);
    assert_int_equal(0, timing_call(&d, &w));
    assert_int_equal(1, w.calls);
    assert_int_equal(2, clock.reads);
    assert_int_equal(1, log.len);
    assert_string_equal("work", log.entries[0].name);
    assert_seconds(0.75, log.entries[0].duration);
    assert_true(log.entries[0].ok);
}

static void failure_is_logged_and_its_code_returned(void **unused)
{
    (void)unused;
    struct fake_clock clock = {0, 0};
    struct work w = {&clock, 1.25, -7, 0};
    struct timing_entry storage[4];
    struct timing_log log;
    struct timing_decorated d;

    timing_log_init(&log, storage, 4);
    timing_decorate(&d, do_work, NULL, &log, fake_now, &clock);
    assert_int_equal(-7, timing_call(&d, &w)); /* unchanged, like a re-raise */
    assert_int_equal(1, log.len);
    assert_string_equal("?", log.entries[0].name);
    assert_seconds(1.25, log.entries[0].duration);
    assert_false(log.entries[0].ok);
    w.rc = 0;
    assert_int_equal(0, timing_call(&d, &w)); /* and it keeps working */
    assert_true(log.entries[1].ok);
}

/* An outer function that calls a decorated inner one. */
struct outer {
    struct fake_clock *clock;
    const struct timing_decorated *inner;
    struct work *inner_work;
};

static int do_outer(void *arg)
{
    struct outer *o = arg;

    o->clock->time += 0.5;
    return timing_call(o->inner, o->inner_work);
}

static void inner_call_is_logged_first(void **unused)
{
    (void)unused;
    struct fake_clock clock = {0, 0};
    struct work w = {&clock, 1, 0, 0};
    struct timing_entry storage[4];
    struct timing_log log;
    struct timing_decorated inner, outer;
    struct outer o = {&clock, &inner, &w};

    timing_log_init(&log, storage, 4);
    timing_decorate(&inner, do_work, "inner", &log, fake_now, &clock);
    timing_decorate(&outer, do_outer, "outer", &log, fake_now, &clock);
    assert_int_equal(0, timing_call(&outer, &o));
    assert_int_equal(2, log.len);
    assert_string_equal("inner", log.entries[0].name);
    assert_seconds(1, log.entries[0].duration);
    assert_string_equal("outer", log.entries[1].name);
    assert_seconds(1.5, log.entries[1].duration);
}

static void full_log_never_changes_the_result(void **unused)
{
    (void)unused;
    struct fake_clock clock = {0, 0};
    struct work w = {&clock, 1, 3, 0};
    struct timing_entry storage[1];
    struct timing_log log;
    struct timing_decorated d;

    timing_log_init(&log, storage, 1);
    timing_decorate(&d, do_work, "w", &log, fake_now, &clock);
    assert_int_equal(3, timing_call(&d, &w));
    assert_int_equal(3, timing_call(&d, &w));
    assert_int_equal(2, w.calls);
    assert_int_equal(1, log.len);
    assert_int_equal(1, log.dropped);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(log_init_is_empty),
        cmocka_unit_test(append_keeps_order_then_counts_dropped),
        cmocka_unit_test(empty_log_drops_everything),
        cmocka_unit_test(entry_make_computes_duration_and_defaults_name),
        cmocka_unit_test(decorate_reads_no_clock_and_calls_nothing),
        cmocka_unit_test(call_logs_duration_and_reads_clock_twice),
        cmocka_unit_test(failure_is_logged_and_its_code_returned),
        cmocka_unit_test(inner_call_is_logged_first),
        cmocka_unit_test(full_log_never_changes_the_result),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
