/* test_exit_stack.c: cmocka unit tests of the plain-C core of the
 * `exit-stack` kata's reference (katas/context-managers/exit-stack/
 * reference.h): reverse order, errors in flight, swallowing, failures that
 * don't stop the unwinding, pop_all, growth past the first array.
 * Depends on cmocka and the reference. No Lua state. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../katas/context-managers/exit-stack/reference.h"

/* One fake exit: writes its name and the error it got into a shared log,
 * then fails with `rc` or swallows when `swallow`. */
struct log {
    char text[256];
};

struct fake_exit {
    struct log *log;
    char name;
    int rc;
    bool swallow;
};

static int fake(void *ud, int err, bool *suppress)
{
    struct fake_exit *f = ud;
    size_t n = strlen(f->log->text);

    assert_false(*suppress);
    assert_true(n + 4 < sizeof f->log->text);
    f->log->text[n] = f->name;
    f->log->text[n + 1] = (char)('0' - err); /* errors are small negatives */
    f->log->text[n + 2] = ' ';
    *suppress = f->swallow;
    return f->rc;
}

static void empty_stack_returns_the_error_it_got(void **unused)
{
    (void)unused;
    struct exit_stack s;

    exit_stack_init(&s);
    assert_int_equal(0, exit_stack_unwind(&s, 0));
    assert_int_equal(-3, exit_stack_unwind(&s, -3));
    exit_stack_free(&s);
}

static void unwinds_last_in_first_out_and_empties(void **unused)
{
    (void)unused;
    struct log log = {""};
    struct fake_exit a = {&log, 'a', 0, false}, b = {&log, 'b', 0, false}, c = {&log, 'c', 0, false};
    struct exit_stack s;

    exit_stack_init(&s);
    assert_int_equal(0, exit_stack_push(&s, fake, &a));
    assert_int_equal(0, exit_stack_push(&s, fake, &b));
    assert_int_equal(0, exit_stack_push(&s, fake, &c));
    assert_int_equal(0, exit_stack_unwind(&s, 0));
    assert_string_equal("c0 b0 a0 ", log.text);
    assert_int_equal(0, s.n);
    assert_int_equal(0, exit_stack_unwind(&s, 0)); /* nothing runs twice */
    assert_string_equal("c0 b0 a0 ", log.text);
    exit_stack_free(&s);
}

static void a_swallow_clears_the_error_for_the_rest(void **unused)
{
    (void)unused;
    struct log log = {""};
    struct fake_exit a = {&log, 'a', 0, false}, b = {&log, 'b', 0, true};
    struct exit_stack s;

    exit_stack_init(&s);
    exit_stack_push(&s, fake, &a);
    exit_stack_push(&s, fake, &b);
    assert_int_equal(0, exit_stack_unwind(&s, -2));
    assert_string_equal("b2 a0 ", log.text);
    exit_stack_free(&s);
}

static void a_failure_does_not_stop_the_unwinding(void **unused)
{
    (void)unused;
    struct log log = {""};
    struct fake_exit a = {&log, 'a', 0, false}, b = {&log, 'b', -5, false}, c = {&log, 'c', 0, false};
    struct exit_stack s;

    exit_stack_init(&s);
    exit_stack_push(&s, fake, &a);
    exit_stack_push(&s, fake, &b);
    exit_stack_push(&s, fake, &c);
    assert_int_equal(-5, exit_stack_unwind(&s, -1)); /* the new error replaces -1 */
    assert_string_equal("c1 b1 a5 ", log.text);
    exit_stack_free(&s);
}

static void an_outer_exit_may_swallow_an_inner_failure(void **unused)
{
    (void)unused;
    struct log log = {""};
    struct fake_exit a = {&log, 'a', 0, true}, b = {&log, 'b', -5, false};
    struct exit_stack s;

    exit_stack_init(&s);
    exit_stack_push(&s, fake, &a);
    exit_stack_push(&s, fake, &b);
    assert_int_equal(0, exit_stack_unwind(&s, 0));
    assert_string_equal("b0 a5 ", log.text);
    exit_stack_free(&s);
}

static void pop_all_moves_everything(void **unused)
{
    (void)unused;
    struct log log = {""};
    struct fake_exit a = {&log, 'a', 0, false}, b = {&log, 'b', 0, false};
    struct exit_stack s, t;

    exit_stack_init(&s);
    exit_stack_init(&t);
    exit_stack_push(&s, fake, &a);
    exit_stack_push(&s, fake, &b);
    exit_stack_pop_all(&s, &t);
    assert_int_equal(0, exit_stack_unwind(&s, 0));
    assert_string_equal("", log.text);
    assert_int_equal(0, exit_stack_unwind(&t, 0));
    assert_string_equal("b0 a0 ", log.text);
    exit_stack_free(&s);
    exit_stack_free(&t);
}

/* count: an exit that adds one to *(int *)ud. */
static int count(void *ud, int err, bool *suppress)
{
    (void)err;
    (void)suppress;
    ++*(int *)ud;
    return 0;
}

static void grows_past_its_first_array(void **unused)
{
    (void)unused;
    struct exit_stack s;
    int calls = 0;

    exit_stack_init(&s);
    for (int i = 0; i < 100; i++)
        assert_int_equal(0, exit_stack_push(&s, count, &calls));
    assert_int_equal(100, s.n);
    assert_int_equal(0, exit_stack_unwind(&s, 0));
    assert_int_equal(100, calls);
    exit_stack_free(&s);
    assert_null(s.items);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(empty_stack_returns_the_error_it_got),
        cmocka_unit_test(unwinds_last_in_first_out_and_empties),
        cmocka_unit_test(a_swallow_clears_the_error_for_the_rest),
        cmocka_unit_test(a_failure_does_not_stop_the_unwinding),
        cmocka_unit_test(an_outer_exit_may_swallow_an_inner_failure),
        cmocka_unit_test(pop_all_moves_everything),
        cmocka_unit_test(grows_past_its_first_array),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
