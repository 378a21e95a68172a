/* human.c: the report a person reads on a terminal: one line per test, the
 * failure's location, message and output indented under it, then a summary.
 * Colours only when asked (term_color decides). Depends on report.h, term.h. */
#include <stdlib.h>
#include <string.h>

#include "report/report.h"
#include "term.h"

/* put_indented: writes `text` with every line prefixed by `pad`. */
static void put_indented(FILE *out, const char *pad, const char *text)
{
    const char *p = text;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        fputs(pad, out);
        report_put_safe(out, p, n);
        fputc('\n', out);
        p += n + (nl ? 1 : 0);
    }
}

/* The width the report keeps to (a terminal's usual 80 columns). */
#define HUMAN_WIDTH 80

/* columns: the characters in n bytes of s (UTF-8 continuation bytes take
 * none). */
static size_t columns(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

/* put_message: a message, each line prefixed by `pad`; a line of prose (one
 * that does not start with a blank: luassert's values and tracebacks do)
 * wider than HUMAN_WIDTH is wrapped at its spaces, never inside "double
 * quotes" (code to type). A word longer than the width stays whole. */
static void put_message(FILE *out, const char *pad, const char *text)
{
    size_t room = HUMAN_WIDTH - strlen(pad);
    const char *p = text;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        const char *next = p + n + (nl ? 1 : 0);
        while (n > 0 && *p != ' ' && *p != '\t' && columns(p, n) > room) {
            size_t cut = 0;
            int quoted = *p == '"';
            for (size_t i = 1; i < n && columns(p, i) <= room; i++) {
                if (p[i] == '"')
                    quoted = !quoted;
                else if (p[i] == ' ' && !quoted)
                    cut = i;
            }
            if (cut == 0)
                break;
            fputs(pad, out);
            report_put_safe(out, p, cut);
            fputc('\n', out);
            while (cut < n && p[cut] == ' ')
                cut++;
            p += cut;
            n -= cut;
        }
        fputs(pad, out);
        report_put_safe(out, p, n);
        fputc('\n', out);
        p = next;
    }
}

static const char *mark(enum verdict v)
{
    switch (v) {
    case VERDICT_PASS:
        return "PASS";
    case VERDICT_FAIL:
        return "FAIL";
    case VERDICT_ERROR:
        return "ERROR";
    default:
        return "SKIP";
    }
}

static const char *mark_color(enum verdict v)
{
    switch (v) {
    case VERDICT_PASS:
        return TERM_GREEN;
    case VERDICT_FAIL:
    case VERDICT_ERROR:
        return TERM_RED;
    default:
        return TERM_YELLOW;
    }
}

/* put_code: n bytes of spec text, cut to `width` columns with "...". */
static void put_code(FILE *out, const char *code, int width)
{
    size_t n = strlen(code);
    if (n > (size_t)width) {
        n = (size_t)width - 3;
        while (n > 0 && ((unsigned char)code[n] & 0xC0) == 0x80)
            n--;
        report_put_safe(out, code, n);
        fputs("...", out);
    } else {
        report_put_safe(out, code, n);
    }
}

/* put_location: "at FILE:LINE:  CODE" (the spec line's text) when it fits
 * 80 columns, else the text on a line of its own under it (cut at 80
 * columns), then "in helper at FILE:LINE" when the failure was raised in a
 * helper. `code`: 0 to leave the line's text out (a hidden test). */
static void put_location(FILE *out, const struct report_case *c, int color, int code)
{
    const char *text = code && c->line_code ? c->line_code : "";
    size_t at = 8 + 3 + strlen(c->file) + 1 + (size_t)snprintf(NULL, 0, "%d", c->line) + 3;
    if (c->line <= 0)
        return;
    fprintf(out, "        %sat %s:%d", term_style(color, TERM_DIM), c->file, c->line);
    if (text[0] && at + strlen(text) <= 80) {
        fputs(":  ", out);
        put_code(out, text, 80);
    } else if (text[0]) {
        fputs(":\n          ", out);
        put_code(out, text, 80 - 10);
    }
    fprintf(out, "%s\n", term_style(color, TERM_RESET));
    if (code && c->helper && c->helper[0]) {
        fprintf(out, "        %sin helper at ", term_style(color, TERM_DIM));
        report_put_safe(out, c->helper, strlen(c->helper));
        fprintf(out, "%s\n", term_style(color, TERM_RESET));
    }
}

/* headline_len: the length of the part of a failure's message above the
 * values luassert prints ("Passed in:" / "Expected:"), which the diff
 * shows instead; at least the first line. */
static size_t headline_len(const char *msg)
{
    const char *p = strstr(msg, "\nPassed in:\n"), *q = strstr(msg, "\nExpected:\n");
    const char *nl = strchr(msg, '\n');
    if (q && (!p || q < p))
        p = q;
    if (p)
        return (size_t)(p - msg);
    return nl ? (size_t)(nl - msg) : strlen(msg);
}

void report_human_case(FILE *out, const struct report_case *c, int color, int show_hidden)
{
    int hide = c->hidden && !show_hidden;
    fprintf(out, "  %s%-5s%s %s", term_style(color, mark_color(c->verdict)), mark(c->verdict),
            term_style(color, TERM_RESET), c->name);
    if (c->verdict == VERDICT_ERROR)
        fprintf(out, " %s[%s]%s", term_style(color, TERM_DIM), errkind_name(c->kind),
                term_style(color, TERM_RESET));
    fputc('\n', out);
    if (c->verdict != VERDICT_FAIL && c->verdict != VERDICT_ERROR)
        return;
    put_location(out, c, color, !hide);
    if (hide) {
        put_indented(out, "        ", "(hidden test)");
        return;
    }
    if (c->expected[0] && c->actual[0]) {
        size_t n = headline_len(c->message);
        char *head = malloc(n + 1);
        if (head) {
            memcpy(head, c->message, n);
            head[n] = '\0';
            put_message(out, "        ", head);
            free(head);
        }
        if (report_diff(out, "        ", c->expected, c->actual, color) != 0)
            put_message(out, "        ", c->message);
    } else {
        put_message(out, "        ", c->message);
    }
    if (c->output[0]) {
        fprintf(out, "        %soutput:%s\n", term_style(color, TERM_DIM),
                term_style(color, TERM_RESET));
        put_indented(out, "        | ", c->output);
    }
}

void report_human_title(FILE *out, const struct report_run *r, int color)
{
    fprintf(out, "%s%s%s\n", term_style(color, TERM_BOLD), r->name, term_style(color, TERM_RESET));
}

void report_human_run_error(FILE *out, const struct report_run *r, int color)
{
    if (r->status != VERDICT_ERROR)
        return;
    fprintf(out, "  %sERROR%s [%s]\n", term_style(color, TERM_RED), term_style(color, TERM_RESET),
            errkind_name(r->kind));
    put_message(out, "        ", r->message ? r->message : "");
}

int report_human(const struct report_run *runs, size_t nruns, FILE *out, int color)
{
    for (size_t i = 0; i < nruns; i++) {
        const struct report_run *r = &runs[i];
        report_human_title(out, r, color);
        report_human_run_error(out, r, color);
        for (size_t j = 0; j < r->ncases; j++)
            report_human_case(out, &r->cases[j], color, r->show_hidden);
    }
    return report_closing_line(runs, nruns, out);
}
