/* diff.c: what differed between an expected and an actual value, for the
 * human report: one-line values one above the other, with a caret under the
 * first differing byte when they are long enough for it to help; multi-line values (tables) as a line diff from the longest
 * common subsequence of lines (the classic dynamic programme, as in
 * Hunt–McIlroy's diff, without its speed-ups: inputs are capped at 200 lines).
 * Depends on report.h and term.h. */
#include <stdlib.h>
#include <string.h>

#include "report/report.h"
#include "term.h"

#define DIFF_MAX_LINES 200

struct lines {
    const char *start[DIFF_MAX_LINES];
    size_t len[DIFF_MAX_LINES];
    int n;
};

/* split: cuts text into lines (without their newlines); -1 if too many. */
static int split(const char *text, struct lines *l)
{
    const char *p = text;
    l->n = 0;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        if (l->n == DIFF_MAX_LINES)
            return -1;
        l->start[l->n] = p;
        l->len[l->n++] = n;
        p += n + (nl ? 1 : 0);
    }
    return 0;
}

static int same_line(const struct lines *a, int i, const struct lines *b, int j)
{
    return a->len[i] == b->len[j] && memcmp(a->start[i], b->start[j], a->len[i]) == 0;
}

/* put_line: one diff line: pad, mark, text (control bytes made visible). */
static void put_line(FILE *out, const char *pad, char mark, const char *s, size_t n, int color)
{
    const char *c = mark == '-' ? TERM_RED : mark == '+' ? TERM_GREEN : "";
    fprintf(out, "%s%s%c ", pad, term_style(color && *c, c), mark);
    report_put_safe(out, s, n);
    fprintf(out, "%s\n", term_style(color && *c, TERM_RESET));
}

/* line_diff: the LCS line diff of a (expected) and b (actual). */
static int line_diff(FILE *out, const char *pad, const struct lines *a, const struct lines *b,
                     int color)
{
    int n = a->n, m = b->n, i = 0, j = 0;
    unsigned short *t = calloc((size_t)(n + 1) * (size_t)(m + 1), sizeof *t);
    if (t == NULL)
        return -1;
#define T(x, y) t[(size_t)(x) * (size_t)(m + 1) + (size_t)(y)]
    for (int x = n - 1; x >= 0; x--)
        for (int y = m - 1; y >= 0; y--)
            T(x, y) = same_line(a, x, b, y) ? (unsigned short)(T(x + 1, y + 1) + 1)
                      : T(x + 1, y) >= T(x, y + 1) ? T(x + 1, y) : T(x, y + 1);
    while (i < n || j < m) {
        if (i < n && j < m && same_line(a, i, b, j)) {
            put_line(out, pad, ' ', a->start[i], a->len[i], color);
            i++, j++;
        } else if (i < n && (j == m || T(i + 1, j) >= T(i, j + 1))) {
            put_line(out, pad, '-', a->start[i], a->len[i], color);
            i++;
        } else {
            put_line(out, pad, '+', b->start[j], b->len[j], color);
            j++;
        }
    }
#undef T
    free(t);
    return 0;
}

/* Values shorter than this (bytes) get no caret: "expected 10, got 11" says
 * it all. A one-line value is shown in at most DIFF_WIDTH columns, a window
 * around the first difference when it is longer. */
#define DIFF_CARET_MIN 20
#define DIFF_WIDTH 60

/* cols: the columns bytes [from, to) of s take once report_put_safe wrote
 * them: an escaped control byte 4, a UTF-8 continuation byte 0, others 1. */
static size_t cols(const char *s, size_t from, size_t to)
{
    size_t n = 0;
    for (size_t i = from; i < to; i++) {
        unsigned char ch = (unsigned char)s[i];
        n += (ch < 0x20 && ch != '\t') || ch == 0x7f ? 4 : (ch & 0xC0) == 0x80 ? 0 : 1;
    }
    return n;
}

/* is_number: the whole of s reads as a number (as the printer shows one). */
static int is_number(const char *s)
{
    char *end;
    if (!*s)
        return 0;
    (void)strtod(s, &end);
    return *end == '\0' || strcmp(s, "nan") == 0 || strcmp(s, "-nan") == 0 || strcmp(s, "inf") == 0 ||
           strcmp(s, "-inf") == 0;
}

/* put_window: s from byte `from` (after "..." when from > 0) to at most
 * DIFF_WIDTH columns (then "..."). */
static void put_window(FILE *out, const char *s, size_t from)
{
    size_t to = from, len = strlen(s);
    if (from > 0)
        fputs("...", out);
    while (to < len && cols(s, from, to + 1) <= DIFF_WIDTH)
        to++;
    while (to < len && ((unsigned char)s[to] & 0xC0) == 0x80)
        to--;
    report_put_safe(out, s + from, to - from);
    if (to < len)
        fputs("...", out);
}

/* caret_diff: two one-line values, one above the other; when both are long
 * enough for it to help (and not numbers), a caret under the first byte
 * where they differ, the values shown from a little before it when they
 * are wider than DIFF_WIDTH. */
static void caret_diff(FILE *out, const char *pad, const char *expected, const char *actual,
                       int color)
{
    size_t k = 0, from = 0, le = strlen(expected), la = strlen(actual);
    int caret = le > DIFF_CARET_MIN && la > DIFF_CARET_MIN && !is_number(expected) &&
                !is_number(actual);
    while (expected[k] && expected[k] == actual[k])
        k++;
    while (k > 0 && ((unsigned char)expected[k] & 0xC0) == 0x80) /* the character's first byte */
        k--;
    if (caret && cols(expected, 0, k) > DIFF_WIDTH / 2 &&
        (cols(expected, 0, le) > DIFF_WIDTH || cols(actual, 0, la) > DIFF_WIDTH)) {
        from = k;
        while (from > 0 && cols(expected, from, k) < DIFF_WIDTH / 3)
            from--;
        while (from > 0 && ((unsigned char)expected[from] & 0xC0) == 0x80)
            from--;
    }
    fprintf(out, "%sexpected: ", pad);
    put_window(out, expected, from);
    fprintf(out, "\n%sactual:   %s", pad, term_style(color, TERM_RED));
    put_window(out, actual, from);
    fprintf(out, "%s\n", term_style(color, TERM_RESET));
    if (caret)
        fprintf(out, "%s          %*s^ first difference, at byte %zu\n", pad,
                (int)(cols(expected, from, k) + (from > 0 ? 3 : 0)), "", k + 1);
}

int report_diff(FILE *out, const char *pad, const char *expected, const char *actual, int color)
{
    static struct lines a, b;
    if (!strchr(expected, '\n') && !strchr(actual, '\n')) {
        caret_diff(out, pad, expected, actual, color);
        return 0;
    }
    if (split(expected, &a) != 0 || split(actual, &b) != 0)
        return -1;
    fprintf(out, "%sdiff (- expected, + actual):\n", pad);
    return line_diff(out, pad, &a, &b, color);
}
