/* human.c: the report a person reads on a terminal: one line per test, the
 * failure's location, message and output indented under it, then a summary.
 * Colours only when asked (term_color decides). Depends on report.h, term.h. */
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

void report_human_case(FILE *out, const struct report_case *c, int color, int show_hidden)
{
    fprintf(out, "  %s%-5s%s %s", term_style(color, mark_color(c->verdict)), mark(c->verdict),
            term_style(color, TERM_RESET), c->name);
    if (c->verdict == VERDICT_ERROR)
        fprintf(out, " %s[%s]%s", term_style(color, TERM_DIM), errkind_name(c->kind),
                term_style(color, TERM_RESET));
    fputc('\n', out);
    if (c->verdict != VERDICT_FAIL && c->verdict != VERDICT_ERROR)
        return;
    if (c->line > 0)
        fprintf(out, "        %sat %s:%d%s\n", term_style(color, TERM_DIM), c->file, c->line,
                term_style(color, TERM_RESET));
    if (c->hidden && !show_hidden) {
        put_indented(out, "        ", "(hidden test)");
        return;
    }
    if (c->expected[0] && c->actual[0]) {
        const char *nl = strchr(c->message, '\n');
        fprintf(out, "        %.*s\n", nl ? (int)(nl - c->message) : (int)strlen(c->message),
                c->message);
        if (report_diff(out, "        ", c->expected, c->actual, color) != 0)
            put_indented(out, "        ", c->message);
    } else {
        put_indented(out, "        ", c->message);
    }
    if (c->output[0]) {
        fprintf(out, "        %soutput:%s\n", term_style(color, TERM_DIM),
                term_style(color, TERM_RESET));
        put_indented(out, "        | ", c->output);
    }
}

void report_human_title(FILE *out, const struct report_run *r, int color)
{
    fprintf(out, "%s", term_style(color, TERM_BOLD));
    report_put_safe(out, r->name, strlen(r->name));
    fprintf(out, "%s\n", term_style(color, TERM_RESET));
    if (r->note) {
        fputs("  note: ", out);
        report_put_safe(out, r->note, strlen(r->note));
        fputc('\n', out);
    }
}

void report_human_run_error(FILE *out, const struct report_run *r, int color)
{
    if (r->status != VERDICT_ERROR)
        return;
    fprintf(out, "  %sERROR%s [%s]\n", term_style(color, TERM_RED), term_style(color, TERM_RESET),
            errkind_name(r->kind));
    put_indented(out, "        ", r->message ? r->message : "");
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
