/* test_db_connection.c: cmocka unit tests of the plain-C core of the
 * `db-connection` kata's reference (katas/context-managers/db-connection/
 * reference.h): open and close at most once, and db_using's goto-cleanup
 * exit path, against a fake driver that logs its calls and fails on cue.
 * Depends on cmocka and the reference. No Lua state. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../katas/context-managers/db-connection/reference.h"

/* The fake driver: `log` gets one letter per call (c connect, q query,
 * x close); fail_* are the codes each call returns (0 succeeds). */
struct fake {
    char log[32];
    int fail_connect, fail_query, fail_close;
    int open; /* handles open now */
    int token;
};

static void note(struct fake *f, char c)
{
    size_t n = strlen(f->log);

    assert_true(n + 1 < sizeof f->log);
    f->log[n] = c;
}

static int fake_connect(void *ud, const char *conn_string, void **handle)
{
    struct fake *f = ud;

    assert_string_equal("db://test", conn_string);
    note(f, 'c');
    if (f->fail_connect)
        return f->fail_connect;
    f->open++;
    *handle = &f->token;
    return 0;
}

static int fake_query(void *ud, void *handle, const char *sql)
{
    struct fake *f = ud;

    (void)sql;
    assert_ptr_equal(&f->token, handle);
    note(f, 'q');
    return f->fail_query;
}

static int fake_close(void *ud, void *handle)
{
    struct fake *f = ud;

    assert_ptr_equal(&f->token, handle);
    assert_true(f->open > 0);
    note(f, 'x');
    f->open--;
    return f->fail_close;
}

static const struct db_driver fake_driver = {fake_connect, fake_query, fake_close};

static void setup_conn(struct db_conn *c, struct fake *f)
{
    memset(f, 0, sizeof *f);
    db_conn_init(c, &fake_driver, f, "db://test");
}

static void starts_closed(void **unused)
{
    (void)unused;
    struct fake f;
    struct db_conn c;

    setup_conn(&c, &f);
    assert_false(db_conn_is_open(&c));
    assert_int_equal(DB_ENOTCONN, db_conn_query(&c, "SELECT 1"));
    assert_string_equal("", f.log);
}

static void opens_and_closes_once(void **unused)
{
    (void)unused;
    struct fake f;
    struct db_conn c;

    setup_conn(&c, &f);
    assert_int_equal(0, db_conn_disconnect(&c)); /* closed: nothing to do */
    assert_int_equal(0, db_conn_connect(&c));
    assert_int_equal(0, db_conn_connect(&c));
    assert_true(db_conn_is_open(&c));
    assert_int_equal(0, db_conn_query(&c, "SELECT 1"));
    assert_int_equal(0, db_conn_disconnect(&c));
    assert_int_equal(0, db_conn_disconnect(&c));
    assert_false(db_conn_is_open(&c));
    assert_string_equal("cqx", f.log);
    assert_int_equal(0, f.open);
}

static void failed_connect_stays_closed(void **unused)
{
    (void)unused;
    struct fake f;
    struct db_conn c;

    setup_conn(&c, &f);
    f.fail_connect = -7;
    assert_int_equal(-7, db_conn_connect(&c));
    assert_false(db_conn_is_open(&c));
    assert_int_equal(0, db_conn_disconnect(&c));
    assert_string_equal("c", f.log);
}

static void failed_close_is_not_retried(void **unused)
{
    (void)unused;
    struct fake f;
    struct db_conn c;

    setup_conn(&c, &f);
    f.fail_close = -3;
    assert_int_equal(0, db_conn_connect(&c));
    assert_int_equal(-3, db_conn_disconnect(&c));
    assert_false(db_conn_is_open(&c));
    assert_int_equal(0, db_conn_disconnect(&c));
    assert_string_equal("cx", f.log);
}

/* Bodies for db_using: run a query, or fail with *(int *)arg. */
static int body_query(struct db_conn *c, void *arg)
{
    (void)arg;
    assert_true(db_conn_is_open(c));
    return db_conn_query(c, "SELECT 1");
}

static int body_fail(struct db_conn *c, void *arg)
{
    (void)c;
    return *(int *)arg;
}

static void using_runs_the_body_between_open_and_close(void **unused)
{
    (void)unused;
    struct fake f;
    struct db_conn c;

    setup_conn(&c, &f);
    assert_int_equal(0, db_using(&c, body_query, NULL));
    assert_string_equal("cqx", f.log);
    assert_false(db_conn_is_open(&c));
}

static void using_closes_when_the_body_fails(void **unused)
{
    (void)unused;
    struct fake f;
    struct db_conn c;
    int code = -42;

    setup_conn(&c, &f);
    assert_int_equal(-42, db_using(&c, body_fail, &code));
    assert_string_equal("cx", f.log);
    assert_int_equal(0, f.open);
}

static void using_skips_body_and_close_when_connect_fails(void **unused)
{
    (void)unused;
    struct fake f;
    struct db_conn c;

    setup_conn(&c, &f);
    f.fail_connect = -5;
    assert_int_equal(-5, db_using(&c, body_query, NULL));
    assert_string_equal("c", f.log);
}

static void using_lets_a_close_error_replace_the_body_error(void **unused)
{
    (void)unused;
    struct fake f;
    struct db_conn c;
    int code = -42;

    setup_conn(&c, &f);
    f.fail_close = -9;
    assert_int_equal(-9, db_using(&c, body_fail, &code));
    assert_int_equal(-9, db_using(&c, body_query, NULL));
    assert_string_equal("cxcqx", f.log);
    assert_false(db_conn_is_open(&c));
}

static void using_reports_a_query_error(void **unused)
{
    (void)unused;
    struct fake f;
    struct db_conn c;

    setup_conn(&c, &f);
    f.fail_query = -11;
    assert_int_equal(-11, db_using(&c, body_query, NULL));
    assert_string_equal("cqx", f.log);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(starts_closed),
        cmocka_unit_test(opens_and_closes_once),
        cmocka_unit_test(failed_connect_stays_closed),
        cmocka_unit_test(failed_close_is_not_retried),
        cmocka_unit_test(using_runs_the_body_between_open_and_close),
        cmocka_unit_test(using_closes_when_the_body_fails),
        cmocka_unit_test(using_skips_body_and_close_when_connect_fails),
        cmocka_unit_test(using_lets_a_close_error_replace_the_body_error),
        cmocka_unit_test(using_reports_a_query_error),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
