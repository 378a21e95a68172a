/* test_log_to_db.c: cmocka unit tests of the plain-C core of the
 * `log-to-db` capstone's reference (katas/capstone/log-to-db/reference.h):
 * the record parser, the writer pool's bookkeeping and the connection
 * guard, with no Lua state. Depends on cmocka and the reference. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../katas/capstone/log-to-db/reference.h"

/* parsed: parses a C string, which must parse, and checks its fields. */
static void parsed(const char *line, const char *user, const char *action, const char *payload)
{
    struct log_to_db_record r;

    assert_true(log_to_db_parse(line, strlen(line), &r));
    assert_int_equal(strlen(user), r.user.len);
    assert_memory_equal(user, r.user.start, r.user.len);
    assert_int_equal(strlen(action), r.action.len);
    assert_memory_equal(action, r.action.start, r.action.len);
    assert_int_equal(strlen(payload), r.payload.len);
    assert_memory_equal(payload, r.payload.start, r.payload.len);
}

static void parses_user_action_and_payload(void **unused)
{
    (void)unused;
    parsed("alice INSERT order=1 amount=12.50", "alice", "INSERT", "order=1 amount=12.50");
    parsed("dave READ", "dave", "READ", "");
    parsed("bob READ ", "bob", "READ", "");
    parsed("x y  z", "x", "y", " z");
    parsed("x y \t", "x", "y", "\t");
}

static void refuses_lines_that_are_not_two_words(void **unused)
{
    (void)unused;
    static const char *const bad[] = {"", "lonely", "lonely ", " alice READ", "alice  READ",
                                      "alice\tREAD", "alice READ\tmore", "alice\x0bREAD"};
    struct log_to_db_record r;

    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_false(log_to_db_parse(bad[i], strlen(bad[i]), &r));
}

static void parses_by_length_not_by_nul(void **unused)
{
    (void)unused;
    struct log_to_db_record r;

    assert_true(log_to_db_parse("ab cd|ignored", 5, &r));
    assert_int_equal(2, r.action.len);
    assert_int_equal(0, r.payload.len);
    assert_true(log_to_db_parse("a b c\0d", 7, &r)); /* a NUL is not a space */
    assert_int_equal(3, r.payload.len);
}

static void the_pool_counts_writes_and_their_peak(void **unused)
{
    (void)unused;
    struct log_to_db_pool p;

    assert_int_equal(-1, log_to_db_pool_init(&p, 0));
    assert_int_equal(0, log_to_db_pool_init(&p, 2));
    assert_true(log_to_db_pool_take(&p));
    assert_int_equal(0, log_to_db_pool_begin(&p));
    assert_int_equal(0, log_to_db_pool_begin(&p));
    assert_int_equal(-1, log_to_db_pool_begin(&p)); /* a third writer: a bug */
    assert_int_equal(0, log_to_db_pool_done(&p, 10));
    assert_int_equal(0, log_to_db_pool_begin(&p));
    assert_int_equal(0, log_to_db_pool_done(&p, 10));
    assert_int_equal(0, log_to_db_pool_done(&p, 3));
    assert_int_equal(-1, log_to_db_pool_done(&p, 1)); /* none running */
    assert_int_equal(3, p.batches);
    assert_int_equal(23, p.items);
    assert_int_equal(2, p.max_running);
    assert_int_equal(0, p.running);
}

static void once_ended_no_writer_asks_again(void **unused)
{
    (void)unused;
    struct log_to_db_pool p;

    log_to_db_pool_init(&p, 4);
    log_to_db_pool_end(&p);
    log_to_db_pool_end(&p);
    assert_false(log_to_db_pool_take(&p));
    /* A write begun before the end still ends and counts. */
    assert_int_equal(0, log_to_db_pool_begin(&p));
    assert_int_equal(0, log_to_db_pool_done(&p, 5));
    assert_int_equal(5, p.items);
}

static void the_guard_closes_exactly_once(void **unused)
{
    (void)unused;
    struct log_to_db_guard g = {LOG_TO_DB_UNOPENED};

    assert_false(log_to_db_guard_close(&g)); /* never opened: nothing to close */
    assert_int_equal(LOG_TO_DB_UNOPENED, g.state);
    log_to_db_guard_opened(&g);
    assert_true(log_to_db_guard_close(&g));
    assert_false(log_to_db_guard_close(&g));
    assert_int_equal(LOG_TO_DB_CLOSED, g.state);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parses_user_action_and_payload),
        cmocka_unit_test(refuses_lines_that_are_not_two_words),
        cmocka_unit_test(parses_by_length_not_by_nul),
        cmocka_unit_test(the_pool_counts_writes_and_their_peak),
        cmocka_unit_test(once_ended_no_writer_asks_again),
        cmocka_unit_test(the_guard_closes_exactly_once),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
