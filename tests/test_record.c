/* test_record.c: the record protocol between a grading child and its parent
 * (record.h). Records are made by the real sender through a pipe, or forged
 * byte by byte as a compromised child could write them; the reader must keep
 * only what is valid, cap every string with a note, and call anything else
 * broken (never a pass). Depends on cmocka, record.h, report.h, POSIX. */
#define _GNU_SOURCE /* F_SETPIPE_SZ */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "record.h"
#include "report/report.h"
#include "util.h"

/* Bytes the sender wrote, collected through a pipe. */
struct wire {
    int fds[2];
    struct sbuf bytes;
};

static void wire_open(struct wire *w)
{
    assert_int_equal(pipe(w->fds), 0);
    /* Big records must not block a single-threaded test: read as we go. */
    fcntl(w->fds[0], F_SETFL, O_NONBLOCK);
    fcntl(w->fds[1], F_SETPIPE_SZ, 1 << 20);
    w->bytes = (struct sbuf)SBUF_INIT;
}

static void wire_drain(struct wire *w)
{
    char chunk[65536];
    ssize_t r;
    while ((r = read(w->fds[0], chunk, sizeof chunk)) > 0)
        sbuf_add(&w->bytes, chunk, (size_t)r);
}

static void wire_close(struct wire *w)
{
    close(w->fds[0]);
    close(w->fds[1]);
    sbuf_free(&w->bytes);
}

static struct report_case make_case(int id, enum verdict v, enum errkind k, const char *msg)
{
    struct report_case c;
    memset(&c, 0, sizeof c);
    c.id = id;
    c.name = "adds two numbers";
    c.suite = "add";
    c.line = 7;
    c.verdict = v;
    c.kind = k;
    c.message = (char *)msg;
    c.output = "";
    c.duration = 0.25;
    c.test_code = "assert.equal(3, add(1, 2))";
    c.expected = "";
    c.actual = "";
    c.line_code = "assert.equal(3, add(1, 2))";
    c.helper = "";
    return c;
}

/* A pass and a failure go through whole, in order, with their fields. */
static void test_round_trip(void **state)
{
    struct wire w;
    struct record_reader rd;
    struct report_run run;
    struct report_case c1 = make_case(1, VERDICT_PASS, ERRKIND_NONE, "");
    struct report_case c2 = make_case(2, VERDICT_FAIL, ERRKIND_NONE, "Expected 3, got 4");
    (void)state;
    c2.helper = "helpers.lua:12";
    wire_open(&w);
    report_run_init(&run, "add");
    record_reader_init(&rd, 0);
    assert_int_equal(record_send_start(w.fds[1], 1, c1.name, 7), 0);
    assert_int_equal(record_send_case(w.fds[1], &c1), 0);
    assert_int_equal(record_send_start(w.fds[1], 2, c2.name, 9), 0);
    assert_int_equal(record_send_case(w.fds[1], &c2), 0);
    assert_int_equal(record_send_done(w.fds[1]), 0);
    wire_drain(&w);
    /* One byte at a time: records split anywhere still decode. */
    for (size_t i = 0; i < w.bytes.len; i++)
        assert_int_equal(record_feed(&rd, w.bytes.data + i, 1, &run, "spec.lua"), 0);
    assert_int_equal(run.ncases, 2);
    assert_int_equal(run.cases[0].verdict, VERDICT_PASS);
    assert_int_equal(run.cases[1].verdict, VERDICT_FAIL);
    assert_string_equal(run.cases[1].message, "Expected 3, got 4");
    assert_string_equal(run.cases[1].test_code, c2.test_code);
    assert_string_equal(run.cases[1].file, "spec.lua");
    assert_string_equal(run.cases[1].line_code, c2.line_code);
    assert_string_equal(run.cases[1].helper, "helpers.lua:12");
    assert_string_equal(run.cases[0].helper, "");
    assert_true(rd.done);
    assert_false(rd.broken);
    record_reader_free(&rd);
    report_run_free(&run);
    wire_close(&w);
}

/* forge: a record of `type` with `len` payload bytes from `payload`. */
static void forge(struct sbuf *b, char type, const void *payload, uint32_t len)
{
    sbuf_add(b, &type, 1);
    sbuf_add(b, &len, sizeof len);
    sbuf_add(b, payload, len);
}

/* feed_forged: feeds b to a fresh reader; returns record_feed's result and
 * leaves the run's case count in *ncases and the reader's state in *out. */
static int feed_forged(struct sbuf *b, int skip, size_t *ncases, struct record_reader *out)
{
    struct report_run run;
    int rc;
    report_run_init(&run, "forged");
    record_reader_init(out, skip);
    rc = record_feed(out, b->data, b->len, &run, "spec.lua");
    *ncases = run.ncases;
    for (size_t i = 0; i < run.ncases; i++)
        assert_int_not_equal(run.cases[i].verdict, VERDICT_PASS);
    report_run_free(&run);
    return rc;
}

/* A real start record for test `id`, then `tail` as the finish record. */
static void start_then(struct sbuf *b, int id, char type, const void *tail, uint32_t len)
{
    char p[64];
    int32_t v[2] = {id, 1};
    uint32_t s[2] = {1, 1};
    memcpy(p, v, 8);
    memcpy(p + 8, s, 8);
    p[16] = 'x';
    forge(b, 'S', p, 17);
    forge(b, type, tail, len);
}

/* The old bug: a finish record whose body is missing or short must not
 * decode as a pass (an empty verdict read as 0 = pass). */
static void test_short_finish_is_broken(void **state)
{
    struct sbuf b = SBUF_INIT;
    struct record_reader rd;
    size_t n;
    int32_t id = 1;
    (void)state;
    start_then(&b, 1, 'F', &id, sizeof id);
    assert_int_equal(feed_forged(&b, 0, &n, &rd), -1);
    assert_int_equal(n, 0);
    assert_true(rd.broken);
    assert_int_equal(rd.started_id, 1); /* the crash is charged to test 1 */
    record_reader_free(&rd);
    sbuf_free(&b);

    start_then(&b, 1, 'F', "", 0);
    assert_int_equal(feed_forged(&b, 0, &n, &rd), -1);
    assert_int_equal(n, 0);
    record_reader_free(&rd);
    sbuf_free(&b);
}

/* finish_payload: an 'F' payload with the given numbers and empty strings. */
static size_t finish_payload(char *p, int id, int verdict, int kind, double dur)
{
    int32_t v[4] = {id, 1, verdict, kind};
    size_t off = 0;
    memcpy(p, v, sizeof v);
    off += sizeof v;
    memcpy(p + off, &dur, sizeof dur);
    off += sizeof dur;
    memset(p + off, 0, 9 * 8); /* nine empty strings */
    return off + 9 * 8;
}

static void expect_broken(int id_in_start, int id, int verdict, int kind, double dur)
{
    struct sbuf b = SBUF_INIT;
    struct record_reader rd;
    char p[256];
    size_t n, len = finish_payload(p, id, verdict, kind, dur);
    start_then(&b, id_in_start, 'F', p, (uint32_t)len);
    assert_int_equal(feed_forged(&b, 0, &n, &rd), -1);
    assert_int_equal(n, 0);
    assert_true(rd.broken);
    record_reader_free(&rd);
    sbuf_free(&b);
}

/* Each field is validated: verdict, kind against verdict, duration, and a
 * finish for a test that did not start. */
static void test_fields_validated(void **state)
{
    (void)state;
    expect_broken(1, 1, 4, 0, 0);                                 /* unknown verdict */
    expect_broken(1, 1, -1, 0, 0);                                /* negative verdict */
    expect_broken(1, 1, VERDICT_ERROR, ERRKIND_NONE, 0);          /* error without a kind */
    expect_broken(1, 1, VERDICT_ERROR, 99, 0);                    /* unknown kind */
    expect_broken(1, 1, VERDICT_PASS, ERRKIND_CRASH, 0);          /* a pass with a kind */
    expect_broken(1, 1, VERDICT_PASS, ERRKIND_NONE, -1);          /* negative duration */
    expect_broken(1, 1, VERDICT_PASS, ERRKIND_NONE, 0.0 / 0.0);   /* NaN duration */
    expect_broken(1, 2, VERDICT_PASS, ERRKIND_NONE, 0);           /* not the started test */
}

/* A valid-looking finish record decodes (the checks above are not just
 * rejecting everything). */
static void test_forged_valid_record_decodes(void **state)
{
    struct sbuf b = SBUF_INIT;
    struct record_reader rd;
    struct report_run run;
    char p[256];
    size_t len = finish_payload(p, 1, VERDICT_FAIL, ERRKIND_NONE, 0.5);
    (void)state;
    start_then(&b, 1, 'F', p, (uint32_t)len);
    report_run_init(&run, "x");
    record_reader_init(&rd, 0);
    assert_int_equal(record_feed(&rd, b.data, b.len, &run, "spec.lua"), 0);
    assert_int_equal(run.ncases, 1);
    assert_int_equal(run.cases[0].verdict, VERDICT_FAIL);
    record_reader_free(&rd);
    report_run_free(&run);
    sbuf_free(&b);
}

/* Unknown types, oversized lengths, out-of-order ids, a string longer than
 * its cap, records after 'D', and a test id at or below skip_through. */
static void test_framing_validated(void **state)
{
    struct sbuf b = SBUF_INIT;
    struct record_reader rd;
    size_t n;
    char p[256];
    uint32_t huge = 0x7fffffff;
    size_t len;
    (void)state;

    forge(&b, 'Z', "", 0);
    assert_int_equal(feed_forged(&b, 0, &n, &rd), -1);
    record_reader_free(&rd);
    sbuf_free(&b);

    /* A header announcing 2 GiB: refused at once, nothing allocated for it. */
    sbuf_add(&b, "F", 1);
    sbuf_add(&b, &huge, sizeof huge);
    assert_int_equal(feed_forged(&b, 0, &n, &rd), -1);
    assert_true(rd.buf.cap < (1u << 20));
    record_reader_free(&rd);
    sbuf_free(&b);

    /* Test 2 starts after test 3 finished. */
    len = finish_payload(p, 3, VERDICT_FAIL, ERRKIND_NONE, 0);
    start_then(&b, 3, 'F', p, (uint32_t)len);
    start_then(&b, 2, 'F', p, 0);
    assert_int_equal(feed_forged(&b, 0, &n, &rd), -1);
    assert_int_equal(n, 1);
    assert_string_equal(rd.why, "a test id out of order");
    record_reader_free(&rd);
    sbuf_free(&b);

    /* Resuming after test 4: a child reporting test 4 again is broken. */
    len = finish_payload(p, 4, VERDICT_FAIL, ERRKIND_NONE, 0);
    start_then(&b, 4, 'F', p, (uint32_t)len);
    assert_int_equal(feed_forged(&b, 4, &n, &rd), -1);
    record_reader_free(&rd);
    sbuf_free(&b);

    /* A message field claiming more bytes than its cap. */
    {
        char big[RECORD_TEXT_MAX + 200];
        uint32_t sz[2] = {RECORD_TEXT_MAX + 1, RECORD_TEXT_MAX + 1};
        size_t off = finish_payload(big, 1, VERDICT_FAIL, ERRKIND_NONE, 0) - 9 * 8 + 2 * 8;
        memcpy(big + off, sz, 8);
        start_then(&b, 1, 'F', big, (uint32_t)(off + 8 + 100));
        assert_int_equal(feed_forged(&b, 0, &n, &rd), -1);
        record_reader_free(&rd);
        sbuf_free(&b);
    }

    /* Anything after 'D'. */
    forge(&b, 'D', "", 0);
    forge(&b, 'D', "", 0);
    assert_int_equal(feed_forged(&b, 0, &n, &rd), -1);
    assert_string_equal(rd.why, "a record after the last one");
    record_reader_free(&rd);
    sbuf_free(&b);
}

/* A 15 MiB error message and output cross as a few KiB each, with notes in
 * the learner's words. */
static void test_huge_strings_capped(void **state)
{
    size_t big = 15u << 20;
    char *msg = malloc(big + 1), *out = malloc(big + 1);
    struct wire w;
    struct record_reader rd;
    struct report_run run;
    struct report_case c;
    char note[128];
    (void)state;
    assert_non_null(msg);
    assert_non_null(out);
    memset(msg, 'E', big);
    msg[big] = '\0';
    memset(out, 'o', big);
    out[big] = '\0';
    c = make_case(1, VERDICT_ERROR, ERRKIND_RUNTIME, msg);
    c.output = out;
    c.line_code = msg; /* the spec's line and the helper's name are capped too */
    c.helper = out;
    wire_open(&w);
    report_run_init(&run, "flood");
    record_reader_init(&rd, 0);
    assert_int_equal(record_send_start(w.fds[1], 1, c.name, 1), 0);
    assert_int_equal(record_send_case(w.fds[1], &c), 0);
    wire_drain(&w);
    assert_true(w.bytes.len < RECORD_PAYLOAD_MAX + 64);
    assert_int_equal(record_feed(&rd, w.bytes.data, w.bytes.len, &run, "spec.lua"), 0);
    assert_int_equal(run.ncases, 1);
    assert_int_equal(run.cases[0].verdict, VERDICT_ERROR);
    assert_true(strlen(run.cases[0].message) < RECORD_TEXT_MAX + 100);
    snprintf(note, sizeof note, "the error message was %zu bytes; the first %u are shown", big,
             RECORD_TEXT_MAX);
    assert_non_null(strstr(run.cases[0].message, note));
    assert_non_null(strstr(run.cases[0].output, "your code printed 15728640 bytes"));
    assert_true(strlen(run.cases[0].line_code) < RECORD_LINE_MAX + 64);
    assert_true(strlen(run.cases[0].helper) < RECORD_LINE_MAX + 64);
    record_reader_free(&rd);
    report_run_free(&run);
    wire_close(&w);
    free(msg);
    free(out);
}

/* Many failing tests with long messages: the run keeps at most its budget
 * of learner text plus a little per field, however many there are. */
static void test_run_budget(void **state)
{
    char msg[RECORD_TEXT_MAX];
    struct wire w;
    struct record_reader rd;
    struct report_run run;
    size_t total = 0, n = 500;
    (void)state;
    memset(msg, 'm', sizeof msg - 1);
    msg[sizeof msg - 1] = '\0';
    wire_open(&w);
    report_run_init(&run, "many");
    record_reader_init(&rd, 0);
    for (size_t i = 1; i <= n; i++) {
        struct report_case c = make_case((int)i, VERDICT_FAIL, ERRKIND_NONE, msg);
        c.output = msg;
        assert_int_equal(record_send_start(w.fds[1], (int)i, c.name, 1), 0);
        assert_int_equal(record_send_case(w.fds[1], &c), 0);
        wire_drain(&w);
        assert_int_equal(record_feed(&rd, w.bytes.data, w.bytes.len, &run, "s"), 0);
        w.bytes.len = 0;
    }
    assert_int_equal(run.ncases, n);
    for (size_t i = 0; i < run.ncases; i++)
        total += strlen(run.cases[i].message) + strlen(run.cases[i].output);
    /* 500 x 2 fields x 2 KiB would be 2 MB; the budget keeps it small. */
    assert_true(total < RECORD_RUN_BUDGET + n * 2 * (RECORD_TEXT_SPENT + 80));
    assert_true(total > RECORD_RUN_BUDGET); /* the budget is spent, not ignored */
    record_reader_free(&rd);
    report_run_free(&run);
    wire_close(&w);
}

/* Control bytes weigh 6 (a format may escape each as \u00XX), and a cut
 * never splits a UTF-8 sequence. */
static void test_cap_weights(void **state)
{
    char ctl[100], *s;
    size_t w;
    (void)state;
    memset(ctl, '\x01', sizeof ctl);
    s = record_cap(ctl, sizeof ctl, sizeof ctl, 60, "[%zu/%zu]", &w);
    assert_string_equal(s, "\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01[100/10]");
    assert_int_equal(w, 60);
    free(s);
    s = record_cap("h\xc3\xa9llo", 6, 6, 2, "|%zu,%zu", NULL); /* "héllo": é is 2 bytes */
    assert_string_equal(s, "h|6,1");
    free(s);
    s = record_cap("short", 5, 5, 100, "never", NULL);
    assert_string_equal(s, "short");
    free(s);
    /* The sender cut it already: the full length still shows. */
    s = record_cap("abc", 3, 9000, 100, "|%zu,%zu", NULL);
    assert_string_equal(s, "abc|9000,3");
    free(s);
}

/* A write that fails (the reader is gone) is reported, never ignored. */
static void test_send_failure_reported(void **state)
{
    int fds[2];
    struct report_case c = make_case(1, VERDICT_PASS, ERRKIND_NONE, "");
    (void)state;
    signal(SIGPIPE, SIG_IGN);
    assert_int_equal(pipe(fds), 0);
    close(fds[0]);
    assert_int_equal(record_send_start(fds[1], 1, "x", 1), -1);
    assert_int_equal(record_send_case(fds[1], &c), -1);
    assert_int_equal(record_send_done(fds[1]), -1);
    close(fds[1]);
}

/* report_add that can't store a case marks the run failed. */
static void test_add_failure_fails_run(void **state)
{
    struct report_run run;
    struct report_case c = make_case(1, VERDICT_FAIL, ERRKIND_NONE, "no");
    (void)state;
    report_run_init(&run, "x");
    /* A full case array whose doubling would overflow: realloc is never
     * reached, as when memory runs out. */
    run.ncases = run.cap = ((size_t)-1) / sizeof *run.cases / 2 + 1;
    assert_null(report_add(&run, &c));
    assert_int_equal(run.status, VERDICT_ERROR);
    assert_non_null(run.message);
    run.ncases = run.cap = 0;
    assert_false(report_passed(&run));
    report_run_free(&run);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_short_finish_is_broken),
        cmocka_unit_test(test_fields_validated),
        cmocka_unit_test(test_forged_valid_record_decodes),
        cmocka_unit_test(test_framing_validated),
        cmocka_unit_test(test_huge_strings_capped),
        cmocka_unit_test(test_run_budget),
        cmocka_unit_test(test_cap_weights),
        cmocka_unit_test(test_send_failure_reported),
        cmocka_unit_test(test_add_failure_fails_run),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
