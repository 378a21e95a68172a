/* tap.c: TAP version 13 (https://testanything.org/tap-version-13-specification.html):
 * a plan, one test line per case with a YAML block for failures, then the
 * closing "# N passed, N failed" line, a TAP comment. Names are kept on one
 * line and '#' is escaped so a test name can't forge a directive; in a report
 * of several runs (a class) each name starts with its run's name.
 * Depends on report.h. */
#include <string.h>

#include "report/report.h"

/* tap_name: writes `s` on one line: newlines as spaces, '#' and '\' escaped. */
static void tap_name(FILE *out, const char *s)
{
    for (; *s; s++) {
        if (*s == '\n' || *s == '\r')
            fputc(' ', out);
        else if ((unsigned char)*s < 0x20 || *s == 0x7f)
            fprintf(out, "\\x%02x", (unsigned char)*s);
        else if (*s == '#' || *s == '\\')
            fprintf(out, "\\%c", *s);
        else
            fputc(*s, out);
    }
}

/* tap_block: a YAML literal block scalar `key: |` indented under the test. */
static void tap_block(FILE *out, const char *key, const char *text)
{
    const char *p = text;
    if (*text == '\0') { /* an empty block scalar hangs some YAML readers */
        fprintf(out, "  %s: \"\"\n", key);
        return;
    }
    fprintf(out, "  %s: |\n", key);
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        fputs("    ", out);
        report_put_safe(out, p, n);
        fputc('\n', out);
        p += n + (nl ? 1 : 0);
    }
}

/* tap_yaml: the diagnostics block of a case that did not pass: severity,
 * kind, at (file:line), code (that line's text), helper (the helper's
 * file:line), duration, expected/actual, message, output; a hidden test's
 * message is "(hidden test)" and its code, helper and output left out
 * unless `show_hidden`. */
static void tap_yaml(FILE *out, const struct report_case *c, int show_hidden)
{
    int redact = c->hidden && !show_hidden;
    fputs("  ---\n", out);
    fprintf(out, "  severity: %s\n", verdict_name(c->verdict));
    if (c->verdict == VERDICT_ERROR)
        fprintf(out, "  kind: %s\n", errkind_name(c->kind ? c->kind : ERRKIND_RUNTIME));
    if (c->line > 0) {
        fputs("  at: \"", out);
        for (const char *s = c->file; *s; s++)
            fprintf(out, (*s == '"' || *s == '\\') ? "\\%c" : "%c", *s);
        fprintf(out, ":%d\"\n", c->line);
    }
    if (!redact && c->line_code && c->line_code[0])
        tap_block(out, "code", c->line_code);
    if (!redact && c->helper && c->helper[0])
        tap_block(out, "helper", c->helper);
    fprintf(out, "  duration_ms: %.3f\n", c->duration * 1000.0);
    if (c->expected[0] && !(c->hidden && !show_hidden)) {
        tap_block(out, "expected", c->expected);
        tap_block(out, "actual", c->actual);
    }
    tap_block(out, "message", redact ? "(hidden test)" : c->message);
    if (c->output[0] && !redact)
        tap_block(out, "output", c->output);
    fputs("  ...\n", out);
}

int report_tap(const struct report_run *runs, size_t nruns, FILE *out)
{
    size_t total = 0, n = 0;
    for (size_t i = 0; i < nruns; i++)
        total += runs[i].ncases + (runs[i].status == VERDICT_ERROR ? 1 : 0);
    fprintf(out, "TAP version 13\n1..%zu\n", total);
    for (size_t i = 0; i < nruns; i++) {
        const struct report_run *r = &runs[i];
        if (r->status == VERDICT_ERROR) {
            fprintf(out, "not ok %zu - ", ++n);
            tap_name(out, r->name);
            fprintf(out, "\n  ---\n  severity: error\n  kind: %s\n", errkind_name(r->kind));
            tap_block(out, "message", r->message ? r->message : "");
            fputs("  ...\n", out);
        }
        for (size_t j = 0; j < r->ncases; j++) {
            const struct report_case *c = &r->cases[j];
            int ok = c->verdict == VERDICT_PASS || c->verdict == VERDICT_PENDING;
            fprintf(out, "%s %zu - ", ok ? "ok" : "not ok", ++n);
            if (nruns > 1) { /* whose test is whose */
                tap_name(out, r->name);
                fputs(": ", out);
            }
            tap_name(out, c->name);
            if (c->verdict == VERDICT_PENDING)
                fputs(" # SKIP pending", out);
            fputc('\n', out);
            if (!ok)
                tap_yaml(out, c, r->show_hidden);
        }
    }
    fputs("# ", out);
    return report_closing_line(runs, nruns, out);
}
