/* record.c: the record protocol between a grading child and its parent (see
 * record.h). A record is one type byte ('S' test started, 'F' test finished,
 * 'E' the runner failed, 'D' done), a u32 payload length, then the payload:
 * fixed-size integers and doubles, and strings as u32 full length, u32 sent
 * length, bytes. Native byte order: parent and child are one binary.
 * Depends on report/report.h, util.h and POSIX write(2). */
#include "record.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* --- child side: a fixed buffer, no allocation -------------------------- */

struct frame {
    char data[5 + RECORD_PAYLOAD_MAX];
    size_t len;
};

static void put_bytes(struct frame *f, const void *p, size_t n)
{
    /* Callers stay within RECORD_PAYLOAD_MAX by construction (every string
     * is cut to its cap first); the check keeps a mistake from overflowing. */
    if (n > sizeof f->data - f->len)
        n = sizeof f->data - f->len;
    memcpy(f->data + f->len, p, n);
    f->len += n;
}

static void put_i32(struct frame *f, int v)
{
    int32_t x = (int32_t)v;
    put_bytes(f, &x, sizeof x);
}

static void put_f64(struct frame *f, double v)
{
    put_bytes(f, &v, sizeof v);
}

/* utf8_cut: the largest n' <= n (and <= cap) that does not split a UTF-8
 * sequence of s. */
static size_t utf8_cut(const char *s, size_t n, size_t cap)
{
    size_t k = n < cap ? n : cap;
    if (k == n)
        return k;
    for (int back = 0; back < 3 && k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80; back++)
        k--;
    return k;
}

static void put_str(struct frame *f, const char *s, size_t cap)
{
    size_t full = s ? strlen(s) : 0, n = s ? utf8_cut(s, full, cap) : 0;
    uint32_t a = full > UINT32_MAX ? UINT32_MAX : (uint32_t)full, b = (uint32_t)n;
    put_bytes(f, &a, sizeof a);
    put_bytes(f, &b, sizeof b);
    put_bytes(f, s ? s : "", n);
}

static void begin(struct frame *f, char type)
{
    f->data[0] = type;
    f->len = 5;
}

/* send: fills in the length and writes the record whole, retrying on EINTR
 * and short writes. 0, or -1 when a write failed. */
static int send(int fd, struct frame *f)
{
    uint32_t len = (uint32_t)(f->len - 5);
    const char *p = f->data;
    size_t n = f->len;
    memcpy(f->data + 1, &len, sizeof len);
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* One frame per process: the child is single-threaded where it sends, and
 * 17 KiB is more than a signal-handler-safe stack should hold. */
static struct frame frame;

int record_send_start(int fd, int id, const char *name, int line)
{
    begin(&frame, 'S');
    put_i32(&frame, id);
    put_i32(&frame, line);
    put_str(&frame, name, RECORD_NAME_MAX);
    return send(fd, &frame);
}

int record_send_case(int fd, const struct report_case *c)
{
    begin(&frame, 'F');
    put_i32(&frame, c->id);
    put_i32(&frame, c->line);
    put_i32(&frame, (int)c->verdict);
    put_i32(&frame, (int)c->kind);
    put_f64(&frame, c->duration);
    put_str(&frame, c->name, RECORD_NAME_MAX);
    put_str(&frame, c->suite, RECORD_NAME_MAX);
    put_str(&frame, c->message, RECORD_TEXT_MAX);
    put_str(&frame, c->output, RECORD_TEXT_MAX);
    put_str(&frame, c->expected, RECORD_TEXT_MAX);
    put_str(&frame, c->actual, RECORD_TEXT_MAX);
    put_str(&frame, c->test_code, RECORD_CODE_MAX);
    put_str(&frame, c->line_code, RECORD_LINE_MAX);
    put_str(&frame, c->helper, RECORD_LINE_MAX);
    return send(fd, &frame);
}

int record_send_error(int fd, const char *message)
{
    begin(&frame, 'E');
    put_str(&frame, message, RECORD_TEXT_MAX);
    return send(fd, &frame);
}

int record_send_done(int fd)
{
    begin(&frame, 'D');
    return send(fd, &frame);
}

/* --- parent side ---------------------------------------------------------- */

void record_reader_init(struct record_reader *rd, int skip_through)
{
    memset(rd, 0, sizeof *rd);
    rd->skip_through = skip_through > 0 ? skip_through : 0;
    rd->last_id = rd->skip_through;
}

void record_reader_free(struct record_reader *rd)
{
    sbuf_free(&rd->buf);
    free(rd->fatal);
    rd->fatal = NULL;
}

/* weight_of: what one character costs in the report: its bytes, or 6 for a
 * byte some format escapes (\u00XX, \ufffd, \xNN). */
static size_t weight_of(const char *s, size_t left, size_t *len)
{
    long cp;
    unsigned char b = (unsigned char)*s;
    if (b == '\0' || (b < 0x20 && b != '\n' && b != '\t') || b == 0x7f) {
        *len = 1;
        return 6;
    }
    if (b < 0x80) {
        *len = 1;
        return 1;
    }
    *len = report_utf8_decode(s, &cp); /* stops at a NUL, so never past s[left] */
    if (cp < 0 || *len > left) {
        *len = 1;
        return 6;
    }
    return *len;
}

char *record_cap(const char *s, size_t n, size_t full, size_t cap, const char *note, size_t *weight)
{
    size_t keep = 0, w = 0, len;
    struct sbuf b = SBUF_INIT;
    char *out;
    /* s may hold NULs (a learner's bytes): the text is cut at the first one,
     * which the formats could not show anyway; the note says how much came. */
    while (keep < n && s[keep] != '\0') {
        size_t cw = weight_of(s + keep, n - keep, &len);
        if (w + cw > cap)
            break;
        w += cw;
        keep += len;
    }
    if (full < n)
        full = n;
    if (sbuf_add(&b, s, keep) != 0)
        return NULL;
    if (keep < full && note && sbuf_printf(&b, note, full, keep) != 0) {
        sbuf_free(&b);
        return NULL;
    }
    out = sbuf_take(&b);
    if (weight)
        *weight = w;
    return out;
}

/* A payload being read: p moves on; any short read marks `bad`. */
struct cursor {
    const char *p, *end;
    int bad;
};

static int get_i32(struct cursor *c)
{
    int32_t x = 0;
    if ((size_t)(c->end - c->p) < sizeof x) {
        c->bad = 1;
        return 0;
    }
    memcpy(&x, c->p, sizeof x);
    c->p += sizeof x;
    return (int)x;
}

static double get_f64(struct cursor *c)
{
    double x = 0;
    if ((size_t)(c->end - c->p) < sizeof x) {
        c->bad = 1;
        return 0;
    }
    memcpy(&x, c->p, sizeof x);
    c->p += sizeof x;
    return x;
}

/* get_str: a string field of at most `cap` bytes: its bytes (not
 * NUL-terminated) in *s and *n, its full length in *full. */
static void get_str(struct cursor *c, size_t cap, const char **s, size_t *n, size_t *full)
{
    uint32_t a = 0, b = 0;
    *s = "";
    *n = *full = 0;
    if (c->bad || (size_t)(c->end - c->p) < 8) {
        c->bad = 1;
        return;
    }
    memcpy(&a, c->p, 4);
    memcpy(&b, c->p + 4, 4);
    if (b > cap || b > a || (size_t)(c->end - c->p) - 8 < b) {
        c->bad = 1;
        return;
    }
    *s = c->p + 8;
    *n = b;
    *full = a;
    c->p += 8 + b;
}

static int broken(struct record_reader *rd, const char *why)
{
    rd->broken = 1;
    snprintf(rd->why, sizeof rd->why, "%s", why);
    return -1;
}

/* The notes a cut string ends with: full length, then bytes kept. */
static const char NOTE_OUTPUT[] = "\n[... your code printed %zu bytes; the first %zu are shown]";
static const char NOTE_MESSAGE[] = "\n[... the error message was %zu bytes; the first %zu are shown]";
static const char NOTE_VALUE[] = "\n[... the value printed as %zu bytes; the first %zu are shown]";
static const char NOTE_NAME[] = " [... %zu bytes; the first %zu are shown]";
static const char NOTE_CODE[] = "\n[... %zu bytes of test code; the first %zu are shown]";

/* take_text: a learner-text field, cut to what is left of the run's budget. */
static char *take_text(struct cursor *cur, struct report_run *run, const char *note)
{
    const char *s;
    size_t n, full, w = 0, left;
    char *out;
    get_str(cur, RECORD_TEXT_MAX, &s, &n, &full);
    if (cur->bad)
        return NULL;
    left = run->text_weight < RECORD_RUN_BUDGET ? RECORD_RUN_BUDGET - run->text_weight : 0;
    if (left < RECORD_TEXT_SPENT)
        left = RECORD_TEXT_SPENT;
    if (left > RECORD_TEXT_MAX)
        left = RECORD_TEXT_MAX;
    out = record_cap(s, n, full, left, note, &w);
    run->text_weight += w;
    return out;
}

static char *take_plain(struct cursor *cur, size_t cap, const char *note)
{
    const char *s;
    size_t n, full;
    get_str(cur, cap, &s, &n, &full);
    return cur->bad ? NULL : record_cap(s, n, full, cap, note, NULL);
}

/* take_code: the test's source, while the run's code budget lasts. */
static char *take_code(struct cursor *cur, struct report_run *run)
{
    const char *s;
    size_t n, full, w = 0;
    char *out;
    get_str(cur, RECORD_CODE_MAX, &s, &n, &full);
    if (cur->bad)
        return NULL;
    if (run->code_weight >= RECORD_CODE_BUDGET)
        return util_strdup("");
    out = record_cap(s, n, full, RECORD_CODE_MAX, NOTE_CODE, &w);
    run->code_weight += w;
    return out;
}

static void case_free_parts(struct report_case *c)
{
    free(c->name);
    free(c->suite);
    free(c->message);
    free(c->output);
    free(c->expected);
    free(c->actual);
    free(c->test_code);
    free(c->line_code);
    free(c->helper);
}

/* output_limit_message: an output-limit error's message, said to the
 * learner: how much a test may print, then the runner's own words unless
 * they only say the error could not be shown. */
static void output_limit_message(const struct record_reader *rd, struct report_case *c)
{
    struct sbuf b = SBUF_INIT;
    const char *old = c->message ? c->message : "";
    int ok = rd->output_limit
                 ? sbuf_printf(&b, "your code printed more than %zu bytes, the limit for one test, "
                                   "so the test was stopped", rd->output_limit)
                 : sbuf_puts(&b, "your code printed more than one test may, so the test was stopped");
    if (ok == 0 && old[0] && strncmp(old, "<error object", 13) != 0)
        ok = sbuf_printf(&b, "\n%s", old);
    if (ok != 0) {
        sbuf_free(&b);
        return; /* keep the runner's message */
    }
    free(c->message);
    c->message = sbuf_take(&b);
}

/* decode_start: an 'S' record. 0 or -1 (broken). */
static int decode_start(struct record_reader *rd, struct cursor *cur)
{
    const char *s;
    size_t n, full;
    int id = get_i32(cur), line = get_i32(cur);
    char *name;
    get_str(cur, RECORD_NAME_MAX, &s, &n, &full);
    if (cur->bad || cur->p != cur->end)
        return broken(rd, "a start record of the wrong length");
    if (rd->started_id != 0)
        return broken(rd, "a test started before the previous one finished");
    if (id <= rd->last_id)
        return broken(rd, "a test id out of order");
    if ((name = record_cap(s, n, full, RECORD_NAME_MAX, NOTE_NAME, NULL)) == NULL) {
        snprintf(rd->started_name, sizeof rd->started_name, "test %d", id);
    } else {
        snprintf(rd->started_name, sizeof rd->started_name, "%s", name);
        free(name);
    }
    rd->started_id = id;
    rd->started_line = line > 0 ? line : 0;
    return 0;
}

/* decode_finish: an 'F' record, appended to run. 0 or -1 (broken). */
static int decode_finish(struct record_reader *rd, struct cursor *cur, struct report_run *run,
                         const char *file)
{
    struct report_case c;
    int ok;
    memset(&c, 0, sizeof c);
    c.id = get_i32(cur);
    c.line = get_i32(cur);
    c.verdict = (enum verdict)get_i32(cur);
    c.kind = (enum errkind)get_i32(cur);
    c.duration = get_f64(cur);
    c.name = take_plain(cur, RECORD_NAME_MAX, NOTE_NAME);
    c.suite = take_plain(cur, RECORD_NAME_MAX, NOTE_NAME);
    c.message = take_text(cur, run, NOTE_MESSAGE);
    c.output = take_text(cur, run, NOTE_OUTPUT);
    c.expected = take_text(cur, run, NOTE_VALUE);
    c.actual = take_text(cur, run, NOTE_VALUE);
    c.test_code = take_code(cur, run);
    c.line_code = take_plain(cur, RECORD_LINE_MAX, NOTE_NAME);
    c.helper = take_plain(cur, RECORD_LINE_MAX, NOTE_NAME);
    c.file = (char *)file;
    ok = !cur->bad && cur->p == cur->end;
    if (!ok)
        broken(rd, "a result record of the wrong length");
    else if (rd->started_id == 0 || c.id != rd->started_id)
        ok = 0, broken(rd, "a result for a test that had not started");
    else if ((unsigned)c.verdict > VERDICT_PENDING)
        ok = 0, broken(rd, "an unknown verdict");
    else if (c.verdict == VERDICT_ERROR ? (c.kind <= ERRKIND_NONE || c.kind > ERRKIND_CRASH)
                                        : c.kind != ERRKIND_NONE)
        ok = 0, broken(rd, "an error kind that does not fit the verdict");
    else if (!(c.duration >= 0 && c.duration < 1e7))
        ok = 0, broken(rd, "a duration out of range");
    else if (run->ncases >= RECORD_MAX_CASES)
        ok = 0, broken(rd, "more tests than one spec may have");
    if (ok && c.kind == ERRKIND_OUTPUT_LIMIT)
        output_limit_message(rd, &c);
    if (ok) {
        if (c.line < 0)
            c.line = 0;
        /* A string that could not be copied (no memory) becomes "" in
         * report_add; the case still counts, with its verdict. A case that
         * can't be stored at all marks the run errored (report_add). */
        if (report_add(run, &c) == NULL)
            rd->lost = 1;
        rd->last_id = c.id;
        rd->started_id = 0;
    }
    case_free_parts(&c);
    return ok ? 0 : -1;
}

/* decode_one: one whole record of `type` with payload [p, end). */
static int decode_one(struct record_reader *rd, char type, const char *p, const char *end,
                      struct report_run *run, const char *file)
{
    struct cursor cur = {p, end, 0};
    if (rd->done || rd->fatal)
        return broken(rd, "a record after the last one");
    switch (type) {
    case 'S':
        return decode_start(rd, &cur);
    case 'F':
        return decode_finish(rd, &cur, run, file);
    case 'D':
        if (end != p)
            return broken(rd, "a done record with a payload");
        if (rd->started_id != 0)
            return broken(rd, "done while a test was still running");
        rd->done = 1;
        return 0;
    case 'E': {
        const char *s;
        size_t n, full;
        get_str(&cur, RECORD_TEXT_MAX, &s, &n, &full);
        if (cur.bad || cur.p != cur.end)
            return broken(rd, "an error record of the wrong length");
        rd->fatal = record_cap(s, n, full, RECORD_TEXT_MAX, NOTE_MESSAGE, NULL);
        if (rd->fatal == NULL)
            rd->fatal = util_strdup("the spec runner failed (its message could not be kept)");
        return 0;
    }
    default:
        return broken(rd, "a record of unknown type");
    }
}

int record_feed(struct record_reader *rd, const void *bytes, size_t n, struct report_run *run,
                const char *file)
{
    size_t off = 0;
    if (rd->broken)
        return -1;
    if (sbuf_add(&rd->buf, bytes, n) != 0)
        return broken(rd, "no memory left to read the results");
    while (rd->buf.len - off >= 5) {
        const char *rec = rd->buf.data + off;
        uint32_t len;
        memcpy(&len, rec + 1, sizeof len);
        if (len > RECORD_PAYLOAD_MAX)
            return broken(rd, "a record longer than any valid one");
        if (rd->buf.len - off - 5 < len)
            break;
        if (decode_one(rd, rec[0], rec + 5, rec + 5 + len, run, file) != 0)
            return -1;
        off += 5 + len;
    }
    memmove(rd->buf.data, rd->buf.data + off, rd->buf.len - off);
    rd->buf.len -= off;
    return 0;
}
