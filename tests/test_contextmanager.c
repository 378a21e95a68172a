/* test_contextmanager.c: cmocka unit tests of the plain-C core of the
 * `contextmanager` kata's reference (katas/context-managers/
 * contextmanager/reference.h): every path through the state machine of a
 * context manager made from a generator, and when its coroutine must be
 * closed. Depends on cmocka and the reference. No Lua state. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "../katas/context-managers/contextmanager/reference.h"

/* entered: a context manager whose first resume yielded. */
static struct cmgen entered(void)
{
    struct cmgen g;

    cmgen_init(&g);
    assert_int_equal(CMGEN_GIVE, cmgen_enter(&g));
    assert_int_equal(CMGEN_GIVE, cmgen_entered(&g, CMGEN_YIELDED));
    assert_int_equal(CMGEN_ENTERED, g.state);
    return g;
}

static void starts_fresh(void **unused)
{
    (void)unused;
    struct cmgen g;

    cmgen_init(&g);
    assert_int_equal(CMGEN_FRESH, g.state);
}

static void enter_gives_what_was_yielded(void **unused)
{
    (void)unused;
    struct cmgen g = entered();

    assert_int_equal(CMGEN_ENTERED, g.state);
}

static void enter_refuses_a_generator_that_never_yields(void **unused)
{
    (void)unused;
    struct cmgen g;

    cmgen_init(&g);
    cmgen_enter(&g);
    assert_int_equal(CMGEN_NO_YIELD, cmgen_entered(&g, CMGEN_RETURNED));
    assert_int_equal(CMGEN_DONE, g.state);
    assert_int_equal(CMGEN_MISUSE, cmgen_exit(&g));
}

static void enter_raises_a_setup_error(void **unused)
{
    (void)unused;
    struct cmgen g;

    cmgen_init(&g);
    cmgen_enter(&g);
    assert_int_equal(CMGEN_RAISE, cmgen_entered(&g, CMGEN_RAISED));
    assert_int_equal(CMGEN_DONE, g.state);
}

static void enter_and_exit_are_one_shot(void **unused)
{
    (void)unused;
    struct cmgen g;

    cmgen_init(&g);
    assert_int_equal(CMGEN_MISUSE, cmgen_exit(&g)); /* not entered */
    assert_int_equal(CMGEN_FRESH, g.state);
    g = entered();
    assert_int_equal(CMGEN_MISUSE, cmgen_enter(&g));
    assert_int_equal(CMGEN_FINISHED, cmgen_exit(&g));
    assert_int_equal(CMGEN_MISUSE, cmgen_exit(&g));
    assert_int_equal(CMGEN_MISUSE, cmgen_enter(&g));
}

static void exit_without_error(void **unused)
{
    (void)unused;
    struct cmgen g = entered();

    cmgen_exit(&g);
    assert_int_equal(CMGEN_FINISHED, cmgen_exited(&g, CMGEN_RETURNED, false, false));
    assert_int_equal(CMGEN_RAISE, cmgen_exited(&g, CMGEN_RAISED, false, false));
    assert_int_equal(CMGEN_NO_STOP, cmgen_exited(&g, CMGEN_YIELDED, false, false));
}

static void exit_with_a_thrown_error(void **unused)
{
    (void)unused;
    struct cmgen g = entered();

    cmgen_exit(&g);
    assert_int_equal(CMGEN_SUPPRESS, cmgen_exited(&g, CMGEN_RETURNED, true, false));
    assert_int_equal(CMGEN_PASS, cmgen_exited(&g, CMGEN_RAISED, true, true));
    assert_int_equal(CMGEN_RAISE, cmgen_exited(&g, CMGEN_RAISED, true, false));
    assert_int_equal(CMGEN_NO_STOP, cmgen_exited(&g, CMGEN_YIELDED, true, false));
}

static void closes_only_a_coroutine_left_holding_a_stack(void **unused)
{
    (void)unused;
    assert_false(cmgen_must_close(CMGEN_YIELDED, CMGEN_GIVE));  /* waits at its yield */
    assert_true(cmgen_must_close(CMGEN_YIELDED, CMGEN_NO_STOP)); /* abandoned there */
    assert_true(cmgen_must_close(CMGEN_RAISED, CMGEN_RAISE));
    assert_true(cmgen_must_close(CMGEN_RAISED, CMGEN_PASS));
    assert_false(cmgen_must_close(CMGEN_RETURNED, CMGEN_FINISHED));
    assert_false(cmgen_must_close(CMGEN_RETURNED, CMGEN_SUPPRESS));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(starts_fresh),
        cmocka_unit_test(enter_gives_what_was_yielded),
        cmocka_unit_test(enter_refuses_a_generator_that_never_yields),
        cmocka_unit_test(enter_raises_a_setup_error),
        cmocka_unit_test(enter_and_exit_are_one_shot),
        cmocka_unit_test(exit_without_error),
        cmocka_unit_test(exit_with_a_thrown_error),
        cmocka_unit_test(closes_only_a_coroutine_left_holding_a_stack),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
