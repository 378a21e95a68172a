/* test_suppress.c: cmocka unit tests of the plain-C core of the `suppress`
 * kata's reference (katas/context-managers/suppress/reference.h): cm_with's
 * exit rules against a recording context manager, the suppress context
 * manager over error codes, and the plain substring search.
 * Depends on cmocka and the reference. No Lua state. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../katas/context-managers/suppress/reference.h"

/* A recording context manager: `log` gets 'n' for enter, 'b' for the
 * body, 'x' for exit; exit_got is the error exit was handed. */
struct rec {
    char log[16];
    int enter_rc, exit_rc, exit_got, body_rc;
    bool swallow;
};

static void note(struct rec *r, char c)
{
    size_t n = strlen(r->log);

    assert_true(n + 1 < sizeof r->log);
    r->log[n] = c;
}

static int rec_enter(void *cm)
{
    note(cm, 'n');
    return ((struct rec *)cm)->enter_rc;
}

static int rec_exit(void *cm, int err, bool *suppress)
{
    struct rec *r = cm;

    note(r, 'x');
    assert_false(*suppress); /* starts false */
    r->exit_got = err;
    *suppress = r->swallow;
    return r->exit_rc;
}

static const struct cm_ops rec_ops = {rec_enter, rec_exit};

static int rec_body(void *arg)
{
    struct rec *r = arg;

    note(r, 'b');
    return r->body_rc;
}

static struct rec make_rec(void)
{
    struct rec r;

    memset(&r, 0, sizeof r);
    r.exit_got = 12345;
    return r;
}

static void with_runs_enter_body_exit(void **unused)
{
    (void)unused;
    struct rec r = make_rec();

    assert_int_equal(0, cm_with(&rec_ops, &r, rec_body, &r));
    assert_string_equal("nbx", r.log);
    assert_int_equal(0, r.exit_got);
}

static void with_hands_exit_the_error_and_returns_it(void **unused)
{
    (void)unused;
    struct rec r = make_rec();

    r.body_rc = -4;
    assert_int_equal(-4, cm_with(&rec_ops, &r, rec_body, &r));
    assert_int_equal(-4, r.exit_got);
}

static void with_lets_exit_swallow_the_error(void **unused)
{
    (void)unused;
    struct rec r = make_rec();

    r.body_rc = -4;
    r.swallow = true;
    assert_int_equal(0, cm_with(&rec_ops, &r, rec_body, &r));
    assert_string_equal("nbx", r.log);
}

static void with_lets_an_exit_error_replace_the_body_error(void **unused)
{
    (void)unused;
    struct rec r = make_rec();

    r.body_rc = -4;
    r.exit_rc = -8;
    r.swallow = true; /* even a swallow does not hide exit's own error */
    assert_int_equal(-8, cm_with(&rec_ops, &r, rec_body, &r));
    r = make_rec();
    r.exit_rc = -8;
    assert_int_equal(-8, cm_with(&rec_ops, &r, rec_body, &r));
}

static void with_skips_body_and_exit_when_enter_fails(void **unused)
{
    (void)unused;
    struct rec r = make_rec();

    r.enter_rc = -2;
    assert_int_equal(-2, cm_with(&rec_ops, &r, rec_body, &r));
    assert_string_equal("n", r.log);
    assert_int_equal(12345, r.exit_got);
}

/* A body that fails with *(int *)arg. */
static int fail_with(void *arg)
{
    return *(int *)arg;
}

static void suppress_swallows_only_listed_codes(void **unused)
{
    (void)unused;
    static const int codes[] = {-3, -5};
    struct suppress_cm s = {codes, 2};
    int err;

    err = -3;
    assert_int_equal(0, cm_with(&suppress_ops, &s, fail_with, &err));
    err = -5;
    assert_int_equal(0, cm_with(&suppress_ops, &s, fail_with, &err));
    err = -4;
    assert_int_equal(-4, cm_with(&suppress_ops, &s, fail_with, &err));
    err = 0;
    assert_int_equal(0, cm_with(&suppress_ops, &s, fail_with, &err));
}

static void suppress_with_no_codes_swallows_nothing(void **unused)
{
    (void)unused;
    struct suppress_cm s = {NULL, 0};
    int err = -3;

    assert_int_equal(-3, cm_with(&suppress_ops, &s, fail_with, &err));
}

static bool contains(const char *text, const char *needle)
{
    return suppress_text_contains(text, strlen(text), needle, strlen(needle));
}

static void contains_is_a_plain_substring_search(void **unused)
{
    (void)unused;
    assert_true(contains("connection timeout", "timeout"));
    assert_true(contains("x a.b y", "a.b"));
    assert_false(contains("aXb", "a.b"));
    assert_true(contains("at 50% load", "50%"));
    assert_true(contains("aaab", "aab"));
    assert_false(contains("time", "timeout"));
    assert_true(contains("", ""));
    assert_true(suppress_text_contains("a\0b", 3, "\0b", 2));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(with_runs_enter_body_exit),
        cmocka_unit_test(with_hands_exit_the_error_and_returns_it),
        cmocka_unit_test(with_lets_exit_swallow_the_error),
        cmocka_unit_test(with_lets_an_exit_error_replace_the_body_error),
        cmocka_unit_test(with_skips_body_and_exit_when_enter_fails),
        cmocka_unit_test(suppress_swallows_only_listed_codes),
        cmocka_unit_test(suppress_with_no_codes_swallows_nothing),
        cmocka_unit_test(contains_is_a_plain_substring_search),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
