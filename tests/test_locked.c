/* test_locked.c: cmocka unit tests of the plain-C core of the `locked`
 * kata's reference (katas/context-managers/locked/reference.h): the
 * LOCK_GUARD scope guard (released at the end of a block, on an early
 * return, on a break, and not at all when the acquire failed) and
 * locked_call, against a lock that records acquire and release.
 * Depends on cmocka and the reference. No Lua state. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../katas/context-managers/locked/reference.h"

/* A recording lock: base first, so a struct lock * is a struct rec_lock *.
 * log gets 'a' per acquire and 'r' per release. */
struct rec_lock {
    struct lock base;
    char log[32];
    int held;
    int fail_acquire, fail_release;
};

static void note(struct rec_lock *l, char c)
{
    size_t n = strlen(l->log);

    assert_true(n + 1 < sizeof l->log);
    l->log[n] = c;
}

static int rec_acquire(struct lock *lk)
{
    struct rec_lock *l = (struct rec_lock *)lk;

    note(l, 'a');
    if (l->fail_acquire)
        return l->fail_acquire;
    assert_false(l->held); /* a second acquire would deadlock */
    l->held = 1;
    return 0;
}

static int rec_release(struct lock *lk)
{
    struct rec_lock *l = (struct rec_lock *)lk;

    note(l, 'r');
    assert_true(l->held);
    l->held = 0;
    return l->fail_release;
}

static const struct lock_ops rec_ops = {rec_acquire, rec_release};

static void rec_init(struct rec_lock *l)
{
    memset(l, 0, sizeof *l);
    l->base.ops = &rec_ops;
}

static void guard_releases_at_the_end_of_its_block(void **unused)
{
    (void)unused;
    struct rec_lock l;
    int release_rc = 1;

    rec_init(&l);
    {
        LOCK_GUARD(g, &l.base, &release_rc);
        assert_int_equal(0, g.acquire_rc);
        assert_true(l.held);
    }
    assert_false(l.held);
    assert_int_equal(0, release_rc);
    assert_string_equal("ar", l.log);
}

/* held_then_return: returns from inside a guarded block. */
static int held_then_return(struct rec_lock *l)
{
    LOCK_GUARD(g, &l->base, NULL);
    (void)g;
    if (l->held)
        return 7; /* the guard releases after 7 is computed */
    return 0;
}

static void guard_releases_on_an_early_return(void **unused)
{
    (void)unused;
    struct rec_lock l;

    rec_init(&l);
    assert_int_equal(7, held_then_return(&l));
    assert_false(l.held);
    assert_string_equal("ar", l.log);
}

static void guard_releases_on_break_each_time_round_a_loop(void **unused)
{
    (void)unused;
    struct rec_lock l;

    rec_init(&l);
    for (int i = 0; i < 3; i++) {
        LOCK_GUARD(g, &l.base, NULL);
        (void)g;
        if (i == 1)
            break;
    }
    assert_false(l.held);
    assert_string_equal("arar", l.log);
}

static void guard_holds_nothing_when_acquire_fails(void **unused)
{
    (void)unused;
    struct rec_lock l;
    int release_rc = 1;

    rec_init(&l);
    l.fail_acquire = -6;
    {
        LOCK_GUARD(g, &l.base, &release_rc);
        assert_int_equal(-6, g.acquire_rc);
        assert_null(g.lock);
    }
    assert_int_equal(1, release_rc); /* untouched: no release ran */
    assert_string_equal("a", l.log);
}

static void release_runs_once(void **unused)
{
    (void)unused;
    struct rec_lock l;
    struct lock_guard g;

    rec_init(&l);
    g = lock_guard_acquire(&l.base, NULL);
    lock_guard_release(&g);
    lock_guard_release(&g);
    assert_string_equal("ar", l.log);
}

/* Bodies for locked_call: check the lock is held, return *(int *)arg. */
static struct rec_lock *current;

static int body(void *arg)
{
    assert_true(current->held);
    note(current, 'f');
    return *(int *)arg;
}

static void locked_call_holds_the_lock_around_fn(void **unused)
{
    (void)unused;
    struct rec_lock l;
    int result = 0, failure = -3;

    rec_init(&l);
    current = &l;
    assert_int_equal(0, locked_call(&l.base, body, &result));
    assert_int_equal(-3, locked_call(&l.base, body, &failure));
    assert_false(l.held);
    assert_string_equal("afrafr", l.log);
}

static void locked_call_skips_fn_when_acquire_fails(void **unused)
{
    (void)unused;
    struct rec_lock l;
    int result = 0;

    rec_init(&l);
    current = &l;
    l.fail_acquire = -9;
    assert_int_equal(-9, locked_call(&l.base, body, &result));
    assert_string_equal("a", l.log);
}

static void locked_call_reports_a_failed_release_over_fn(void **unused)
{
    (void)unused;
    struct rec_lock l;
    int result = 0, failure = -3;

    rec_init(&l);
    current = &l;
    l.fail_release = -4;
    assert_int_equal(-4, locked_call(&l.base, body, &result));
    assert_int_equal(-4, locked_call(&l.base, body, &failure));
    assert_false(l.held);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(guard_releases_at_the_end_of_its_block),
        cmocka_unit_test(guard_releases_on_an_early_return),
        cmocka_unit_test(guard_releases_on_break_each_time_round_a_loop),
        cmocka_unit_test(guard_holds_nothing_when_acquire_fails),
        cmocka_unit_test(release_runs_once),
        cmocka_unit_test(locked_call_holds_the_lock_around_fn),
        cmocka_unit_test(locked_call_skips_fn_when_acquire_fails),
        cmocka_unit_test(locked_call_reports_a_failed_release_over_fn),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
