/* diff.c: what differed between an expected and an actual value, for the
 * human report: one-line values side by side with a caret under the first
 * differing byte; multi-line values (tables) as a line diff from the longest
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

/* caret_diff: two one-line values, one above the other, and a caret under
 * the first byte where they differ. */
static void caret_diff(FILE *out, const char *pad, const char *expected, const char *actual,
                       int color)
{
    size_t k = 0;
    while (expected[k] && expected[k] == actual[k])
        k++;
    fprintf(out, "%sexpected: ", pad);
    report_put_safe(out, expected, strlen(expected));
    fprintf(out, "\n%sactual:   %s", pad, term_style(color, TERM_RED));
    report_put_safe(out, actual, strlen(actual));
    fprintf(out, "%s\n%s          %*s^ first difference, at byte %zu\n", term_style(color, TERM_RESET),
            pad, (int)k, "", k + 1);
}

int report_diff(FILE *out, const char *pad, const char *expected, const char *actual, int color)
{
    static struct lines a, b;
    if (!strchr(expected, '\n') && !strchr(actual, '\n') && strlen(expected) < 200 &&
        strlen(actual) < 200) {
        caret_diff(out, pad, expected, actual, color);
        return 0;
    }
    if (split(expected, &a) != 0 || split(actual, &b) != 0)
        return -1;
    fprintf(out, "%sdiff (- expected, + actual):\n", pad);
    return line_diff(out, pad, &a, &b, color);
}
