/* test_counter.c: cmocka unit tests of the plain-C core of the `counter`
 * kata's reference (katas/closures/counter/reference.h): closures made by
 * hand, three over one reference-counted environment. No Lua state.
 * Depends on cmocka and the reference. Run it under AddressSanitizer to
 * check that every environment is freed exactly once. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "../katas/closures/counter/reference.h"

/* Counts in these tests are integers or multiples of 0.25, which doubles
 * hold exactly, so they are compared exactly (cmocka's assert_float_equal
 * would round to float). */
#define assert_count(expected, actual)                                             \
    do {                                                                           \
        double expected_ = (expected), actual_ = (actual);                         \
        if (expected_ != actual_)                                                  \
            fail_msg("expected count %.17g, got %.17g", expected_, actual_);       \
    } while (0)

static void env_init_sets_start_and_count(void **unused)
{
    (void)unused;
    struct counter_env env;

    counter_env_init(&env, 10);
    assert_count(10, env.start);
    assert_count(10, env.count);
    assert_int_equal(0, env.refs); /* caller-owned: not counted */
}

static void increment_returns_the_new_count(void **unused)
{
    (void)unused;
    struct counter_env env;

    counter_env_init(&env, 0);
    assert_count(1, counter_increment(&env, 1));
    assert_count(6, counter_increment(&env, 5));
    assert_count(4, counter_increment(&env, -2));
    assert_count(4.25, counter_increment(&env, 0.25));
    assert_count(4.25, env.count);
}

static void reset_goes_back_to_start_not_zero(void **unused)
{
    (void)unused;
    struct counter_env env;

    counter_env_init(&env, 10);
    counter_increment(&env, 5);
    assert_count(10, counter_reset(&env, 99)); /* the argument is ignored */
    assert_count(10, env.count);
    assert_count(11, counter_increment(&env, 1));
}

static void get_changes_nothing(void **unused)
{
    (void)unused;
    struct counter_env env;

    counter_env_init(&env, -3);
    counter_increment(&env, 1);
    assert_count(-2, counter_get(&env, 7));
    assert_count(-2, counter_get(&env, 7));
    assert_count(-3, env.start);
}

static void new_makes_three_closures_over_one_env(void **unused)
{
    (void)unused;
    struct counter c;

    assert_int_equal(0, counter_new(&c, 10));
    assert_non_null(c.increment.env);
    assert_ptr_equal(c.increment.env, c.reset.env);
    assert_ptr_equal(c.increment.env, c.get.env);
    assert_true(c.increment.code == counter_increment);
    assert_true(c.reset.code == counter_reset);
    assert_true(c.get.code == counter_get);
    assert_int_equal(3, c.get.env->refs);
    counter_release(&c);
}

/* The pitfall of the kata: the three functions must share one count. */
static void closures_of_one_counter_share_the_count(void **unused)
{
    (void)unused;
    struct counter c;

    assert_int_equal(0, counter_new(&c, 10));
    assert_count(11, counter_call(&c.increment, 1));
    assert_count(16, counter_call(&c.increment, 5));
    assert_count(16, counter_call(&c.get, 0));
    assert_count(10, counter_call(&c.reset, 0));
    assert_count(10, counter_call(&c.get, 0));
    assert_count(10.5, counter_call(&c.increment, 0.5));
    counter_release(&c);
}

static void two_counters_are_independent(void **unused)
{
    (void)unused;
    struct counter a, b;

    assert_int_equal(0, counter_new(&a, 1));
    assert_int_equal(0, counter_new(&b, 1));
    assert_ptr_not_equal(a.get.env, b.get.env);
    counter_call(&a.increment, 1);
    counter_call(&a.increment, 1);
    assert_count(2, counter_call(&b.increment, 1));
    assert_count(3, counter_call(&a.get, 0));
    counter_call(&a.reset, 0);
    assert_count(1, counter_call(&a.get, 0));
    assert_count(2, counter_call(&b.get, 0));
    counter_release(&a);
    counter_release(&b);
}

/* `local inc = counter.new(41).increment`: keep one function, drop the
 * counter; the environment must stay until the copy goes too. */
static void copy_outlives_the_counter(void **unused)
{
    (void)unused;
    struct counter c;
    struct counter_closure inc;
    struct counter_env *env;

    assert_int_equal(0, counter_new(&c, 41));
    env = c.increment.env;
    inc = counter_closure_copy(&c.increment);
    assert_ptr_equal(env, inc.env);
    assert_int_equal(4, env->refs);
    counter_release(&c);
    assert_null(c.increment.env);
    assert_null(c.get.env);
    assert_int_equal(1, env->refs); /* still alive: inc holds it */
    assert_count(42, counter_call(&inc, 1));
    assert_count(43, counter_call(&inc, 1));
    counter_closure_release(&inc); /* the last reference: env is freed */
    assert_null(inc.env);
}

static void releasing_one_by_one_frees_at_the_last(void **unused)
{
    (void)unused;
    struct counter c;
    struct counter_env *env;

    assert_int_equal(0, counter_new(&c, 0));
    env = c.get.env;
    counter_closure_release(&c.increment);
    assert_int_equal(2, env->refs);
    counter_closure_release(&c.increment); /* again: does nothing */
    assert_int_equal(2, env->refs);
    assert_count(0, counter_call(&c.get, 0));
    counter_closure_release(&c.reset);
    assert_int_equal(1, env->refs);
    counter_release(&c); /* releases get, the last; the others are NULL */
    assert_null(c.get.env);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(env_init_sets_start_and_count),
        cmocka_unit_test(increment_returns_the_new_count),
        cmocka_unit_test(reset_goes_back_to_start_not_zero),
        cmocka_unit_test(get_changes_nothing),
        cmocka_unit_test(new_makes_three_closures_over_one_env),
        cmocka_unit_test(closures_of_one_counter_share_the_count),
        cmocka_unit_test(two_counters_are_independent),
        cmocka_unit_test(copy_outlives_the_counter),
        cmocka_unit_test(releasing_one_by_one_frees_at_the_last),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
