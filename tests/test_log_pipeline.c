/* test_log_pipeline.c: cmocka unit tests of the plain-C core of the
 * `log-pipeline` kata's reference (katas/generators/log-pipeline/
 * reference.h): the streaming line splitter, fed hand-made chunks, and the
 * log line parser. No Lua state. Every chunk is copied into a malloc'ed
 * block of exactly its size and freed as soon as the splitter asks for the
 * next, so a sanitizer build catches any read past a chunk, or of a chunk
 * the splitter no longer owns the right to read.
 * Depends on cmocka and the reference. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../katas/generators/log-pipeline/reference.h"

/* --- helpers --------------------------------------------------------------- */

/* A growable string for traces. */
struct text {
    char *s;
    size_t len, cap;
};

static void text_add(struct text *t, const char *bytes, size_t n)
{
    if (t->len + n + 1 > t->cap) {
        t->cap = (t->len + n + 1) * 2;
        t->s = realloc(t->s, t->cap);
        assert_non_null(t->s);
    }
    memcpy(t->s + t->len, bytes, n);
    t->len += n;
    t->s[t->len] = '\0';
}

/* drain: takes lines from `s` until it needs more or ends, appending each
 * to `out` followed by '|'; returns what stopped it. A '\r' is shown as
 * "\r" (two characters), so traces stay readable. */
static enum log_pipeline_split drain(struct log_pipeline_splitter *s, struct text *out)
{
    const char *line;
    size_t len, i;
    enum log_pipeline_split r;

    while ((r = log_pipeline_splitter_next(s, &line, &len)) == LOG_PIPELINE_LINE) {
        for (i = 0; i < len; i++) {
            if (line[i] == '\r')
                text_add(out, "\\r", 2);
            else
                text_add(out, line + i, 1);
        }
        text_add(out, "|", 1);
    }
    return r;
}

/* split: runs `input` (len bytes) through a fresh splitter in chunks of
 * sizes[0], sizes[1], ... (cycling through the `nsizes` sizes), each in a
 * malloc'ed block of its exact size, freed once the splitter asks for more.
 * Returns the trace of lines, malloc'ed ("a|b|"): the caller frees it. */
static char *split(const char *input, size_t len, const size_t *sizes, size_t nsizes)
{
    struct log_pipeline_splitter s;
    struct text out = {NULL, 0, 0};
    size_t pos = 0, turn = 0;

    text_add(&out, "", 0);
    log_pipeline_splitter_init(&s, NULL, NULL);
    while (pos < len) {
        size_t n = sizes[turn++ % nsizes];
        char *chunk;

        if (n > len - pos)
            n = len - pos;
        chunk = malloc(n);
        assert_non_null(chunk);
        memcpy(chunk, input + pos, n);
        pos += n;
        log_pipeline_splitter_feed(&s, chunk, n);
        assert_int_equal(LOG_PIPELINE_NEED_MORE, drain(&s, &out));
        free(chunk);
    }
    log_pipeline_splitter_end(&s);
    assert_int_equal(LOG_PIPELINE_END, drain(&s, &out));
    log_pipeline_splitter_free(&s);
    return out.s;
}

/* check_every_chunking: `input` (a C string) split in chunks of every size
 * from 1 to its length, and in one chunk, gives `expected`. */
static void check_every_chunking(const char *input, const char *expected)
{
    size_t len = strlen(input), size;

    for (size = 1; size <= len + 1; size++) {
        char *got = split(input, len, &size, 1);
        if (strcmp(expected, got) != 0)
            fail_msg("chunks of %zu bytes: expected \"%s\", got \"%s\"", size, expected, got);
        free(got);
    }
}

/* An allocator with a budget, counting what is outstanding. */
struct budget {
    size_t outstanding; /* bytes allocated and not freed */
    size_t limit;       /* refuse to go above this many bytes */
    int calls;          /* allocations and resizes attempted */
};

static void *budget_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    struct budget *b = ud;
    size_t old = ptr != NULL ? osize : 0;
    void *p;

    if (nsize == 0) {
        free(ptr);
        b->outstanding -= old;
        return NULL;
    }
    b->calls++;
    if (b->outstanding - old + nsize > b->limit)
        return NULL;
    p = realloc(ptr, nsize);
    if (p != NULL)
        b->outstanding = b->outstanding - old + nsize;
    return p;
}

/* --- the splitter ------------------------------------------------------------ */

static void lines_in_one_chunk(void **unused)
{
    (void)unused;
    check_every_chunking("alpha\nbeta\ngamma delta\n", "alpha|beta|gamma delta|");
}

static void lines_split_across_chunks(void **unused)
{
    (void)unused;
    check_every_chunking("first line\nsecond, longer\n\nx\nend", "first line|second, longer||x|end|");
}

static void uneven_chunk_sizes(void **unused)
{
    (void)unused;
    static const char input[] = "2026-11-21T10:00:00Z ERROR payments timeout\r\n\r\nnext\nlast";
    static const size_t sizes[] = {5, 1, 13, 2};
    char *got = split(input, sizeof input - 1, sizes, 4);

    assert_string_equal("2026-11-21T10:00:00Z ERROR payments timeout||next|last|", got);
    free(got);
}

static void last_line_without_newline(void **unused)
{
    (void)unused;
    check_every_chunking("a\nb", "a|b|");
    check_every_chunking("a\nb\n", "a|b|"); /* no empty line after the last \n */
    check_every_chunking("only", "only|");
}

static void empty_lines_are_lines(void **unused)
{
    (void)unused;
    check_every_chunking("\n\na\n\nb\n\n", "||a||b||");
    check_every_chunking("\n", "|");
}

static void crlf_loses_its_cr(void **unused)
{
    (void)unused;
    /* A lone \r inside a line stays; one \r at the end of a line goes,
     * even at the end of the input, and even when \r and \n are split. */
    check_every_chunking("one\r\ntwo\r\n\r\nthree\rstill\r\nfour\r",
                         "one|two||three\\rstill|four|");
    check_every_chunking("\r\r\n", "\\r|"); /* only one \r goes */
}

static void empty_input_has_no_lines(void **unused)
{
    (void)unused;
    struct log_pipeline_splitter s;
    const char *line;
    size_t len;

    log_pipeline_splitter_init(&s, NULL, NULL);
    assert_int_equal(LOG_PIPELINE_NEED_MORE, log_pipeline_splitter_next(&s, &line, &len));
    log_pipeline_splitter_feed(&s, NULL, 0); /* an empty chunk is allowed */
    assert_int_equal(LOG_PIPELINE_NEED_MORE, log_pipeline_splitter_next(&s, &line, &len));
    log_pipeline_splitter_end(&s);
    assert_int_equal(LOG_PIPELINE_END, log_pipeline_splitter_next(&s, &line, &len));
    assert_int_equal(LOG_PIPELINE_END, log_pipeline_splitter_next(&s, &line, &len));
    log_pipeline_splitter_free(&s);
}

static void end_is_for_good(void **unused)
{
    (void)unused;
    static const char chunk[] = {'x', '\n', 'y'};
    struct log_pipeline_splitter s;
    const char *line;
    size_t len;
    int i;

    log_pipeline_splitter_init(&s, NULL, NULL);
    log_pipeline_splitter_feed(&s, chunk, sizeof chunk);
    assert_int_equal(LOG_PIPELINE_LINE, log_pipeline_splitter_next(&s, &line, &len));
    assert_int_equal(LOG_PIPELINE_NEED_MORE, log_pipeline_splitter_next(&s, &line, &len));
    log_pipeline_splitter_end(&s);
    assert_int_equal(LOG_PIPELINE_LINE, log_pipeline_splitter_next(&s, &line, &len));
    assert_int_equal(1, len);
    assert_memory_equal("y", line, 1);
    for (i = 0; i < 3; i++)
        assert_int_equal(LOG_PIPELINE_END, log_pipeline_splitter_next(&s, &line, &len));
    log_pipeline_splitter_free(&s);
}

/* A line inside one chunk is handed out in place; only a line that
 * straddles chunks is copied, and then into the carry buffer. */
static void lines_are_cut_in_place(void **unused)
{
    (void)unused;
    static const char one[] = "abc\ndef\ngh";
    static const char two[] = "ij\nkl\n";
    struct log_pipeline_splitter s;
    const char *line;
    size_t len;

    log_pipeline_splitter_init(&s, NULL, NULL);
    log_pipeline_splitter_feed(&s, one, sizeof one - 1);
    assert_int_equal(LOG_PIPELINE_LINE, log_pipeline_splitter_next(&s, &line, &len));
    assert_ptr_equal(one, line);
    assert_int_equal(3, len);
    assert_int_equal(LOG_PIPELINE_LINE, log_pipeline_splitter_next(&s, &line, &len));
    assert_ptr_equal(one + 4, line);
    assert_int_equal(0, s.carry_len);
    assert_int_equal(LOG_PIPELINE_NEED_MORE, log_pipeline_splitter_next(&s, &line, &len));
    assert_int_equal(2, s.carry_len); /* "gh" waits */
    log_pipeline_splitter_feed(&s, two, sizeof two - 1);
    assert_int_equal(LOG_PIPELINE_LINE, log_pipeline_splitter_next(&s, &line, &len));
    assert_ptr_equal(s.carry, line);
    assert_int_equal(4, len);
    assert_memory_equal("ghij", line, 4);
    assert_int_equal(LOG_PIPELINE_LINE, log_pipeline_splitter_next(&s, &line, &len));
    assert_ptr_equal(two + 3, line); /* back in place; the carry is empty again */
    assert_int_equal(0, s.carry_len);
    log_pipeline_splitter_free(&s);
}

/* Memory is the longest line, not the input: 1000 lines of 99 bytes in
 * 4096-byte chunks never need a carry buffer of more than 256 bytes. */
static void memory_is_one_line_not_the_input(void **unused)
{
    (void)unused;
    struct budget b = {0, SIZE_MAX, 0};
    struct log_pipeline_splitter s;
    struct text out = {NULL, 0, 0};
    char chunk[4096];
    size_t produced = 0, lines = 0, total = 1000 * 100;
    const char *line;
    size_t len;

    log_pipeline_splitter_init(&s, budget_alloc, &b);
    while (produced < total) {
        size_t n = 0;
        while (n < sizeof chunk && produced < total) {
            chunk[n++] = produced % 100 == 99 ? '\n' : (char)('a' + produced % 26);
            produced++;
        }
        log_pipeline_splitter_feed(&s, chunk, n);
        while (log_pipeline_splitter_next(&s, &line, &len) == LOG_PIPELINE_LINE) {
            assert_int_equal(99, len);
            lines++;
        }
        assert_true(b.outstanding <= 256);
    }
    log_pipeline_splitter_end(&s);
    assert_int_equal(LOG_PIPELINE_END, drain(&s, &out));
    assert_int_equal(1000, lines);
    log_pipeline_splitter_free(&s);
    assert_int_equal(0, b.outstanding);
    free(out.s);
}

/* A line of 100 000 bytes over 1000-byte chunks comes out whole, and the
 * carry buffer is given back on free. */
static void long_line_over_many_chunks(void **unused)
{
    (void)unused;
    struct budget b = {0, SIZE_MAX, 0};
    struct log_pipeline_splitter s;
    char chunk[1000];
    const char *line;
    size_t len, i, k;

    log_pipeline_splitter_init(&s, budget_alloc, &b);
    for (k = 0; k < 100; k++) {
        for (i = 0; i < sizeof chunk; i++)
            chunk[i] = (char)('0' + (k * sizeof chunk + i) % 10);
        log_pipeline_splitter_feed(&s, chunk, sizeof chunk);
        assert_int_equal(LOG_PIPELINE_NEED_MORE, log_pipeline_splitter_next(&s, &line, &len));
    }
    log_pipeline_splitter_feed(&s, "\n", 1);
    assert_int_equal(LOG_PIPELINE_LINE, log_pipeline_splitter_next(&s, &line, &len));
    assert_int_equal(100000, len);
    for (i = 0; i < len; i++)
        if (line[i] != (char)('0' + i % 10))
            fail_msg("byte %zu of the long line is '%c'", i, line[i]);
    assert_int_equal(LOG_PIPELINE_NEED_MORE, log_pipeline_splitter_next(&s, &line, &len));
    log_pipeline_splitter_free(&s);
    assert_int_equal(0, b.outstanding);
}

/* When the carry buffer can't grow, next() says NOMEM and consumes
 * nothing: once memory is there, the same call goes on as if nothing had
 * happened. */
static void out_of_memory_loses_nothing(void **unused)
{
    (void)unused;
    struct budget b = {0, 0, 0};
    struct log_pipeline_splitter s;
    struct text out = {NULL, 0, 0};
    const char *line;
    size_t len;

    text_add(&out, "", 0);
    log_pipeline_splitter_init(&s, budget_alloc, &b);
    log_pipeline_splitter_feed(&s, "ab\ncd", 5);
    assert_int_equal(LOG_PIPELINE_LINE, log_pipeline_splitter_next(&s, &line, &len)); /* in place */
    assert_int_equal(LOG_PIPELINE_NOMEM, log_pipeline_splitter_next(&s, &line, &len)); /* "cd" */
    assert_int_equal(LOG_PIPELINE_NOMEM, log_pipeline_splitter_next(&s, &line, &len));
    b.limit = SIZE_MAX;
    assert_int_equal(LOG_PIPELINE_NEED_MORE, log_pipeline_splitter_next(&s, &line, &len));
    log_pipeline_splitter_feed(&s, "e\n", 2);
    b.limit = b.outstanding; /* no growth allowed, but "cde" fits in 256 */
    assert_int_equal(LOG_PIPELINE_NEED_MORE, drain(&s, &out));
    assert_string_equal("cde|", out.s);
    log_pipeline_splitter_free(&s);
    assert_int_equal(0, b.outstanding);
    free(out.s);
}

static void free_then_init_again(void **unused)
{
    (void)unused;
    struct log_pipeline_splitter s;
    const char *line;
    size_t len;

    log_pipeline_splitter_init(&s, NULL, NULL);
    log_pipeline_splitter_feed(&s, "unfinished", 10);
    assert_int_equal(LOG_PIPELINE_NEED_MORE, log_pipeline_splitter_next(&s, &line, &len));
    log_pipeline_splitter_free(&s);
    log_pipeline_splitter_free(&s); /* twice is harmless */
    log_pipeline_splitter_init(&s, NULL, NULL);
    log_pipeline_splitter_end(&s);
    assert_int_equal(LOG_PIPELINE_END, log_pipeline_splitter_next(&s, &line, &len));
    log_pipeline_splitter_free(&s);
}

/* --- the parser -------------------------------------------------------------- */

/* parse_exact: parses a copy of `line` in a block of exactly its size (no
 * NUL after it), so that a read past the end is caught. */
static enum log_pipeline_parsed parse_exact(const char *line, size_t len, char **copy,
                                            struct log_pipeline_record *rec)
{
    *copy = malloc(len > 0 ? len : 1);
    assert_non_null(*copy);
    memcpy(*copy, line, len);
    return log_pipeline_parse(*copy, len, rec);
}

static void assert_field(const char *expected, const struct log_pipeline_field *f)
{
    size_t len = strlen(expected);

    if (f->len != len || memcmp(expected, f->start, len) != 0)
        fail_msg("expected \"%s\", got \"%.*s\"", expected, (int)f->len, f->start);
}

static void check_record(const char *line, const char *time, const char *level, const char *service,
                         const char *message)
{
    struct log_pipeline_record rec;
    char *copy;

    assert_int_equal(LOG_PIPELINE_RECORD, parse_exact(line, strlen(line), &copy, &rec));
    assert_field(time, &rec.time);
    assert_field(level, &rec.level);
    assert_field(service, &rec.service);
    assert_field(message, &rec.message);
    free(copy);
}

static void parses_the_four_fields(void **unused)
{
    (void)unused;
    check_record("2026-11-21T10:00:00Z ERROR payments timeout after 30s", "2026-11-21T10:00:00Z",
                 "ERROR", "payments", "timeout after 30s");
    check_record("2026-11-21T23:59:59Z INFO api-gateway GET /v2  200", "2026-11-21T23:59:59Z", "INFO",
                 "api-gateway", "GET /v2  200");
    check_record("0000-00-00T00:00:00Z X s  leading space kept", "0000-00-00T00:00:00Z", "X", "s",
                 " leading space kept");
}

static void message_may_be_empty(void **unused)
{
    (void)unused;
    check_record("2026-11-21T10:00:01Z WARN auth", "2026-11-21T10:00:01Z", "WARN", "auth", "");
    check_record("2026-11-21T10:00:01Z WARN auth ", "2026-11-21T10:00:01Z", "WARN", "auth", "");
}

static void fields_point_into_the_line(void **unused)
{
    (void)unused;
    static const char line[] = "2026-11-21T10:00:00Z ERROR db down";
    struct log_pipeline_record rec;

    assert_int_equal(LOG_PIPELINE_RECORD, log_pipeline_parse(line, sizeof line - 1, &rec));
    assert_ptr_equal(line, rec.time.start);
    assert_ptr_equal(line + 21, rec.level.start);
    assert_ptr_equal(line + 27, rec.service.start);
    assert_ptr_equal(line + 30, rec.message.start);
}

static void nul_bytes_are_ordinary(void **unused)
{
    (void)unused;
    static const char line[] = "2026-11-21T10:00:00Z ERROR a\0b msg\0end";
    struct log_pipeline_record rec;
    char *copy;

    assert_int_equal(LOG_PIPELINE_RECORD, parse_exact(line, sizeof line - 1, &copy, &rec));
    assert_int_equal(3, rec.service.len);
    assert_memory_equal("a\0b", rec.service.start, 3);
    assert_int_equal(7, rec.message.len);
    free(copy);
}

static void empty_line_is_blank(void **unused)
{
    (void)unused;
    struct log_pipeline_record rec;

    assert_int_equal(LOG_PIPELINE_BLANK, log_pipeline_parse("", 0, &rec));
    assert_int_equal(LOG_PIPELINE_BLANK, log_pipeline_parse(NULL, 0, &rec));
}

static void malformed_lines(void **unused)
{
    (void)unused;
    static const char *const bad[] = {
        " ",
        "garbage",
        "2026-11-21T10:00:00Z",
        "2026-11-21T10:00:00Z ",
        "2026-11-21T10:00:00Z ERROR",
        "2026-11-21T10:00:00Z ERROR ",
        "2026-11-21T10:00:00Z ERROR  payments two spaces before the service",
        "2026-11-21T10:00:00Z  ERROR payments two spaces before the level",
        " 2026-11-21T10:00:00Z ERROR payments a leading space",
        "2026-11-21 10:00:00 ERROR payments a space for the T, no Z",
        "2026-11-21T10:00:00 ERROR payments no Z",
        "2026-1-21T10:00:00Z ERROR payments short month",
        "2026-11-21T10:00:0xZ ERROR payments a letter for a digit",
        "2026-11-21T10:00:00Z error payments lower-case level",
        "2026-11-21T10:00:00Z ERR0R payments a digit in the level",
        "2026-11-21T10:00:00Z ERROR payments\tafter a tab",
        "2026-11-21T10:00:00Z ERROR payments\r",
        "2026-11-21T10:00:00ZERROR payments no space after the time",
    };
    struct log_pipeline_record rec;
    size_t i;

    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *copy;
        enum log_pipeline_parsed r = parse_exact(bad[i], strlen(bad[i]), &copy, &rec);

        if (r != LOG_PIPELINE_MALFORMED)
            fail_msg("\"%s\" should be malformed, got %d", bad[i], (int)r);
        free(copy);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(lines_in_one_chunk),
        cmocka_unit_test(lines_split_across_chunks),
        cmocka_unit_test(uneven_chunk_sizes),
        cmocka_unit_test(last_line_without_newline),
        cmocka_unit_test(empty_lines_are_lines),
        cmocka_unit_test(crlf_loses_its_cr),
        cmocka_unit_test(empty_input_has_no_lines),
        cmocka_unit_test(end_is_for_good),
        cmocka_unit_test(lines_are_cut_in_place),
        cmocka_unit_test(memory_is_one_line_not_the_input),
        cmocka_unit_test(long_line_over_many_chunks),
        cmocka_unit_test(out_of_memory_loses_nothing),
        cmocka_unit_test(free_then_init_again),
        cmocka_unit_test(parses_the_four_fields),
        cmocka_unit_test(message_may_be_empty),
        cmocka_unit_test(fields_point_into_the_line),
        cmocka_unit_test(nul_bytes_are_ordinary),
        cmocka_unit_test(empty_line_is_blank),
        cmocka_unit_test(malformed_lines),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
