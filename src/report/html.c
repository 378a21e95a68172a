/* html.c: the class report as one self-contained HTML page for the
 * instructor (`dojo grade --kata ID SUBMISSIONS --html FILE`): a score
 * histogram (inline SVG), every test's pass rate hardest first, and a grid
 * of each student's verdicts, hidden tests included. Inline CSS, no script,
 * no external asset; every learner string escaped, cut, and budgeted per
 * run so the page stays small whatever a class sends.
 * Depends on report/report.h and the C library. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"

/* Bytes of learner text (cell tooltips, run errors) one run may put on the
 * page, and one tooltip at most. */
#define RUN_TEXT_BUDGET 4096
#define TIP_MAX 300

/* Tests shown in the pass-rate table and in the grid (a spec of thousands
 * of tests would make a page no one can read, and a big one); the page
 * says when there were more. */
#define RATE_ROWS_MAX 500
#define GRID_COLUMNS_MAX 200

/* One test across the class. */
struct column {
    const char *name;
    int hidden;
    int pass, fail, error, pending, runs; /* counts over the runs that have it */
    size_t order;                          /* first seen */
};

/* html_text: s escaped for HTML text or a quoted attribute, at most `max`
 * bytes of it (0: all), invalid UTF-8 and control bytes as U+FFFD, newlines
 * kept as spaces in attributes (`attr`). Returns the bytes of s consumed. */
static size_t html_text(FILE *out, const char *s, size_t max, int attr)
{
    size_t used = 0;
    while (s[used] && (max == 0 || used < max)) {
        long cp;
        size_t n = report_utf8_decode(s + used, &cp);
        if (cp == '&')
            fputs("&amp;", out);
        else if (cp == '<')
            fputs("&lt;", out);
        else if (cp == '>')
            fputs("&gt;", out);
        else if (cp == '"')
            fputs("&quot;", out);
        else if (cp == '\'')
            fputs("&#39;", out);
        else if (cp == '\n' || cp == '\t')
            fputc(attr ? ' ' : (int)cp, out);
        else if (cp < 0 || cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0))
            fputs("\xef\xbf\xbd", out);
        else
            fwrite(s + used, 1, n, out);
        used += n;
    }
    if (s[used])
        fputs("\xe2\x80\xa6", out); /* ... */
    return used;
}

/* run_points: the run's score and total (report_case_points; a run that
 * failed as a whole earns nothing). */
static void run_points(const struct report_run *r, double *got, double *max)
{
    *got = *max = 0;
    for (size_t i = 0; i < r->ncases; i++) {
        double s, m;
        report_case_points(&r->cases[i], &s, &m);
        *got += s, *max += m;
    }
    if (r->status == VERDICT_ERROR)
        *got = 0;
}

/* columns: the tests of every run, merged by name, first seen first.
 * Returns a malloc'ed array (count in *n), or NULL (then *n is 0). */
static struct column *columns(const struct report_run *runs, size_t nruns, size_t *n)
{
    size_t cap = 0;
    struct column *cols = NULL;
    *n = 0;
    for (size_t r = 0; r < nruns; r++)
        for (size_t i = 0; i < runs[r].ncases; i++) {
            const struct report_case *c = &runs[r].cases[i];
            size_t k = 0;
            if (i < *n && strcmp(cols[i].name, c->name) == 0)
                k = i; /* the usual case: every run lists the tests in one order */
            else
                while (k < *n && strcmp(cols[k].name, c->name) != 0)
                    k++;
            if (k == *n) {
                if (*n == cap) {
                    struct column *p = realloc(cols, (cap = cap ? cap * 2 : 32) * sizeof *p);
                    if (p == NULL) {
                        free(cols);
                        *n = 0;
                        return NULL;
                    }
                    cols = p;
                }
                memset(&cols[k], 0, sizeof cols[k]);
                cols[k].name = c->name;
                cols[k].order = k;
                (*n)++;
            }
            cols[k].hidden |= c->hidden != 0;
            cols[k].runs++;
            cols[k].pass += c->verdict == VERDICT_PASS;
            cols[k].fail += c->verdict == VERDICT_FAIL;
            cols[k].error += c->verdict == VERDICT_ERROR;
            cols[k].pending += c->verdict == VERDICT_PENDING;
        }
    return cols;
}

static double rate(const struct column *c)
{
    int graded = c->runs - c->pending;
    return graded > 0 ? (double)c->pass / graded : 1.0;
}

static int hardest_first(const void *a, const void *b)
{
    const struct column *x = a, *y = b;
    double rx = rate(x), ry = rate(y);
    if (rx != ry)
        return rx < ry ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

static const char STYLE[] =
    "body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222;background:#fff}"
    "h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}"
    ".warn{background:#fff3e0;border-left:4px solid #ef6c00;padding:8px 12px}"
    "table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:3px 6px;text-align:left}"
    "th{background:#f5f5f5}.num{text-align:right}.bar{background:#eee;width:160px;height:12px}"
    ".bar div{background:#2e7d32;height:12px}.hid{font-size:11px;color:#6a1b9a}"
    ".grid td{width:18px;height:18px;padding:0;text-align:center}"
    ".p{background:#2e7d32;color:#fff}.f{background:#c62828;color:#fff}"
    ".e{background:#ef6c00;color:#fff}.s{background:#9e9e9e;color:#fff}.n{background:#fafafa}"
    ".note{color:#555;font-size:12px}.grid td.note{text-align:left;width:auto;padding:2px 6px}";

/* histogram: the scores (percent of each run's total) in ten bins. */
static void histogram(FILE *out, const struct report_run *runs, size_t nruns)
{
    int bins[10] = {0}, top = 1;
    const int w = 600, h = 220, left = 40, bottom = 30, bw = (600 - 40 - 10) / 10;
    for (size_t r = 0; r < nruns; r++) {
        double got, max;
        run_points(&runs[r], &got, &max);
        int b = max > 0 ? (int)(got / max * 10.0) : 0;
        bins[b < 0 ? 0 : b > 9 ? 9 : b]++;
    }
    for (int i = 0; i < 10; i++)
        top = bins[i] > top ? bins[i] : top;
    fprintf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" role=\"img\" "
                 "aria-label=\"score histogram\">\n", w, h);
    fprintf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#555\"/>\n", left, h - bottom,
            w - 10, h - bottom);
    for (int i = 0; i < 10; i++) {
        int bh = bins[i] * (h - bottom - 20) / top, x = left + i * bw;
        fprintf(out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#1565c0\">"
                     "<title>%d%%-%d%%: %d</title></rect>\n",
                x + 2, h - bottom - bh, bw - 4, bh, i * 10, i == 9 ? 100 : i * 10 + 9, bins[i]);
        if (bins[i])
            fprintf(out, "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\">%d</text>\n",
                    x + bw / 2, h - bottom - bh - 4, bins[i]);
        fprintf(out, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%d-%d%%</text>\n",
                x + bw / 2, h - bottom + 16, i * 10, i == 9 ? 100 : i * 10 + 9);
    }
    fprintf(out, "<text x=\"4\" y=\"14\" font-size=\"11\">students</text></svg>\n");
}

/* pass_rates: one row per test, hardest first. */
static void pass_rates(FILE *out, struct column *cols, size_t n)
{
    struct column *sorted = malloc(n * sizeof *sorted + 1);
    if (sorted == NULL)
        return;
    memcpy(sorted, cols, n * sizeof *sorted);
    qsort(sorted, n, sizeof *sorted, hardest_first);
    fputs("<table><tr><th>#</th><th>test</th><th>passed</th><th></th><th class=\"num\">pass</th>"
          "<th class=\"num\">fail</th><th class=\"num\">error</th></tr>\n", out);
    for (size_t i = 0; i < n && i < RATE_ROWS_MAX; i++) {
        const struct column *c = &sorted[i];
        fprintf(out, "<tr><td class=\"num\">T%zu</td><td>", c->order + 1);
        html_text(out, c->name, 200, 0);
        if (c->hidden)
            fputs(" <span class=\"hid\">hidden</span>", out);
        fprintf(out, "</td><td class=\"num\">%.0f%%</td><td><div class=\"bar\"><div style=\"width:%.0f%%\">"
                     "</div></div></td><td class=\"num\">%d</td><td class=\"num\">%d</td>"
                     "<td class=\"num\">%d</td></tr>\n",
                rate(c) * 100, rate(c) * 100, c->pass, c->fail, c->error);
    }
    fputs("</table>\n", out);
    if (n > RATE_ROWS_MAX)
        fprintf(out, "<p class=\"note\">The %d hardest of %zu tests are shown.</p>\n", RATE_ROWS_MAX, n);
    free(sorted);
}

/* cell: one student's verdict on one column, its message as the tooltip
 * while the run's budget lasts. */
static void cell(FILE *out, const struct report_run *r, const struct column *col, size_t *budget)
{
    static const char *const cls[] = {"p", "f", "e", "s"}, *const mark[] = {"&#10003;", "&#10007;", "!", "-"};
    size_t first = col->order < r->ncases ? col->order : 0; /* where it usually is */
    for (size_t n = 0; n < r->ncases; n++) {
        size_t i = (first + n) % r->ncases;
        const struct report_case *c = &r->cases[i];
        if (strcmp(c->name, col->name) != 0)
            continue;
        fprintf(out, "<td class=\"%s\" title=\"T%zu %s", cls[c->verdict], col->order + 1, verdict_name(c->verdict));
        if (c->kind)
            fprintf(out, " (%s)", errkind_name(c->kind));
        if (c->message[0] && *budget > 0) {
            fputs(": ", out);
            size_t used = html_text(out, c->message, *budget < TIP_MAX ? *budget : TIP_MAX, 1);
            *budget -= used < *budget ? used : *budget;
        }
        fprintf(out, "\">%s</td>", mark[c->verdict]);
        return;
    }
    fprintf(out, "<td class=\"n\" title=\"T%zu: no result\"></td>", col->order + 1);
}

/* grid: one row per student: name, score, then a cell per test. */
static void grid(FILE *out, const struct report_run *runs, size_t nruns, const struct column *cols, size_t n)
{
    if (n > GRID_COLUMNS_MAX) {
        fprintf(out, "<p class=\"note\">The first %d of %zu tests are shown.</p>\n", GRID_COLUMNS_MAX, n);
        n = GRID_COLUMNS_MAX;
    }
    fputs("<table class=\"grid\"><tr><th>student</th><th class=\"num\">score</th>", out);
    for (size_t k = 0; k < n; k++) {
        fputs("<th title=\"", out);
        html_text(out, cols[k].name, 200, 1);
        fprintf(out, "\">T%zu</th>", k + 1);
    }
    fputs("<th>notes</th></tr>\n", out);
    for (size_t r = 0; r < nruns; r++) {
        const struct report_run *run = &runs[r];
        size_t budget = RUN_TEXT_BUDGET;
        double got, max;
        run_points(run, &got, &max);
        fputs("<tr><td>", out);
        html_text(out, run->name, 120, 0);
        fprintf(out, "</td><td class=\"num\">%g/%g</td>", got, max);
        for (size_t k = 0; k < n; k++)
            cell(out, run, &cols[k], &budget);
        fputs("<td class=\"note\">", out);
        if (run->note)
            html_text(out, run->note, 400, 0);
        if (run->status == VERDICT_ERROR && run->message) {
            fprintf(out, "%s%s error: ", run->note ? "; " : "", errkind_name(run->kind));
            html_text(out, run->message, 400, 0);
        }
        fputs("</td></tr>\n", out);
    }
    fputs("</table>\n", out);
}

int report_html(const struct report_run *runs, size_t nruns, const char *title, FILE *out)
{
    size_t n;
    struct column *cols = columns(runs, nruns, &n);
    double sum = 0;
    int full = 0;
    for (size_t r = 0; r < nruns; r++) {
        double got, max;
        run_points(&runs[r], &got, &max);
        sum += max > 0 ? got / max : 0;
        full += max > 0 && got >= max;
    }
    fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>dojo class report: ", out);
    html_text(out, title, 200, 0);
    fprintf(out, "</title>\n<style>%s</style></head><body>\n<h1>Class report: ", STYLE);
    html_text(out, title, 200, 0);
    fputs("</h1>\n<p class=\"warn\"><strong>Instructor's report.</strong> Hidden tests are shown by "
          "name, with their messages: do not share this page with students (their own reports "
          "come from <code>--per-student</code>).</p>\n", out);
    fprintf(out, "<p>%zu submissions; mean score %.0f%%; %d with full marks; %zu tests.</p>\n", nruns,
            nruns ? sum / (double)nruns * 100 : 0.0, full, n);
    fputs("<h2>Scores</h2>\n", out);
    histogram(out, runs, nruns);
    fputs("<h2>Tests, hardest first</h2>\n", out);
    if (cols)
        pass_rates(out, cols, n);
    fputs("<h2>Each student's verdicts</h2>\n<p class=\"note\">&#10003; pass, &#10007; fail, ! error, "
          "- skipped; hover a cell for its message.</p>\n", out);
    grid(out, runs, nruns, cols, n);
    fputs("</body></html>\n", out);
    free(cols);
    return fflush(out) != 0 || ferror(out) ? -1 : 0;
}
