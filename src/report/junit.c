/* junit.c: JUnit XML as CI reads it (https://github.com/testmoapp/junitxml,
 * plus pytest's file/line attributes), one <testsuite> per run, escaped for
 * XML 1.0 (https://www.w3.org/TR/xml/#charsets): characters it forbids and
 * ill-formed UTF-8 become U+FFFD. Valid against tests/fixtures/junit/junit.xsd
 * (the structure Jenkins' xUnit plugin checks, plus GitLab's file/line). A hidden test's message is "(hidden test)"
 * and its output left out unless the run's show_hidden is set (a JUnit report
 * may be published where learners read it). In a report of several runs (a
 * class) the classname starts with the run's name: whose test is whose.
 * Depends on report.h (UTF-8 decoding from json.c). */
#include <string.h>

#include "report/report.h"

static const char REPLACEMENT[] = "\xEF\xBF\xBD"; /* U+FFFD in UTF-8 */

/* xml_char: one decoded character `cp` (its n bytes at s), escaped for
 * element content, or for a double-quoted attribute when `attr`. */
static void xml_char(FILE *out, const char *s, size_t n, long cp, int attr)
{
    switch (cp) {
    case '&':
        fputs("&amp;", out);
        return;
    case '<':
        fputs("&lt;", out);
        return;
    case '>': /* also keeps "]]>" out of the text */
        fputs("&gt;", out);
        return;
    case '"':
        fputs(attr ? "&quot;" : "\"", out);
        return;
    case '\n':
        fputs(attr ? "&#10;" : "\n", out);
        return;
    case '\t':
        fputs(attr ? "&#9;" : "\t", out);
        return;
    case '\r': /* a raw CR would be normalised away by the reader */
        fputs("&#13;", out);
        return;
    }
    if (cp < 0x20 || cp == 0xFFFE || cp == 0xFFFF) /* cp < 0: ill-formed */
        fputs(REPLACEMENT, out);
    else
        fwrite(s, 1, n, out);
}

/* xml_chars: writes the first n bytes of s (up to its NUL), escaped. */
static void xml_chars(FILE *out, const char *s, size_t n, int attr)
{
    const char *end = s + n;
    while (s < end && *s) {
        long cp;
        size_t k = report_utf8_decode(s, &cp);
        xml_char(out, s, k, cp, attr);
        s += k;
    }
}

/* xml_attr: ` name="value"`, the value escaped. */
static void xml_attr(FILE *out, const char *name, const char *value)
{
    fprintf(out, " %s=\"", name);
    xml_chars(out, value, strlen(value), 1);
    fputc('"', out);
}

/* junit_time: ` time="S.sss"` (0 for a negative or absurd duration). */
static void junit_time(FILE *out, double secs)
{
    fprintf(out, " time=\"%.3f\"", secs >= 0 && secs < 1e12 ? secs : 0.0);
}

/* The message attribute is a summary: its first line, cut at this many
 * bytes (at a character boundary) with "..." after; the text has it all. */
#define SUMMARY_MAX 200

/* junit_problem: <failure> or <error>: the message's first line as the
 * message attribute, all of it as the text, then (unless `redact`) where in
 * the spec it happened: "at FILE:LINE:  CODE" and the helper's file:line. */
static void junit_problem(FILE *out, const char *tag, const char *type, const char *message,
                          const struct report_case *c, int redact)
{
    size_t n = strcspn(message, "\n"), k = 0;
    long cp;
    while (k < n && k < SUMMARY_MAX)
        k += report_utf8_decode(message + k, &cp);
    fprintf(out, "      <%s message=\"", tag);
    xml_chars(out, message, k, 1);
    if (k < n)
        fputs("...", out);
    fprintf(out, "\" type=\"%s\">", type);
    xml_chars(out, message, strlen(message), 0);
    if (!redact && c && c->line > 0 && c->line_code && c->line_code[0]) {
        char at[64];
        fputs("\n\nat ", out);
        xml_chars(out, c->file, strlen(c->file), 0);
        snprintf(at, sizeof at, ":%d:  ", c->line);
        fputs(at, out);
        xml_chars(out, c->line_code, strlen(c->line_code), 0);
        if (c->helper && c->helper[0]) {
            fputs("\nin helper at ", out);
            xml_chars(out, c->helper, strlen(c->helper), 0);
        }
    }
    fprintf(out, "</%s>\n", tag);
}

/* kind_type: the error's type attribute: its kind, "runtime" when unset. */
static const char *kind_type(enum errkind kind)
{
    return kind == ERRKIND_NONE ? "runtime" : errkind_name(kind);
}

/* junit_open_case: `<testcase ...` without the closing `>`; the classname
 * is `owner.classname` when `owner` is not NULL. */
static void junit_open_case(FILE *out, const char *owner, const char *classname, const char *name,
                            const char *file, int line, double secs)
{
    fputs("    <testcase classname=\"", out);
    if (owner) {
        xml_chars(out, owner, strlen(owner), 1);
        if (classname[0])
            fputc('.', out);
    }
    xml_chars(out, classname, strlen(classname), 1);
    fputc('"', out);
    xml_attr(out, "name", name);
    if (file[0])
        xml_attr(out, "file", file);
    if (line > 0)
        fprintf(out, " line=\"%d\"", line);
    junit_time(out, secs);
}

/* junit_case: one testcase; self-closing when it passed and printed nothing.
 * `owner`: the run's name in a class report, else NULL. */
static void junit_case(FILE *out, const struct report_run *r, const struct report_case *c,
                       const char *owner)
{
    int redact = c->hidden && !r->show_hidden;
    const char *message = redact ? "(hidden test)" : c->message;
    int output = c->output[0] && !redact;
    junit_open_case(out, owner, owner ? c->suite : c->suite[0] ? c->suite : r->name, c->name,
                    c->file, c->line, c->duration);
    if (c->verdict == VERDICT_PASS && !output) {
        fputs("/>\n", out);
        return;
    }
    fputs(">\n", out);
    if (c->verdict == VERDICT_FAIL)
        junit_problem(out, "failure", "assertion", message, c, redact);
    else if (c->verdict == VERDICT_ERROR)
        junit_problem(out, "error", kind_type(c->kind), message, c, redact);
    else if (c->verdict == VERDICT_PENDING)
        fputs("      <skipped/>\n", out);
    if (output) {
        fputs("      <system-out>", out);
        xml_chars(out, c->output, strlen(c->output), 0);
        fputs("</system-out>\n", out);
    }
    fputs("    </testcase>\n", out);
}

/* junit_counts: ` tests=.. failures=.. errors=..` for the runs, and
 * ` skipped=..` when `with_skipped` (a <testsuite>: Jenkins' schema has no
 * skipped on <testsuites>); a failed run counts as one test in error. */
static void junit_counts(FILE *out, const struct report_run *runs, size_t nruns, int with_skipped)
{
    int tests = 0, failures = 0, errors = 0, skipped = 0;
    for (size_t i = 0; i < nruns; i++) {
        int p, f, e, s, bad = runs[i].status == VERDICT_ERROR;
        report_counts(&runs[i], &p, &f, &e, &s);
        tests += (int)runs[i].ncases + bad;
        failures += f;
        errors += e + bad;
        skipped += s;
    }
    fprintf(out, " tests=\"%d\" failures=\"%d\" errors=\"%d\"", tests, failures, errors);
    if (with_skipped)
        fprintf(out, " skipped=\"%d\"", skipped);
}

/* junit_suite: one run as a <testsuite>; a failed run leads with a testcase
 * named after the run, holding the <error>. */
static void junit_suite(FILE *out, const struct report_run *r, int class)
{
    fputs("  <testsuite", out);
    xml_attr(out, "name", r->name);
    junit_counts(out, r, 1, 1);
    junit_time(out, r->duration);
    fputs(">\n", out);
    if (r->status == VERDICT_ERROR) {
        junit_open_case(out, NULL, r->name, r->name, "", 0, 0);
        fputs(">\n", out);
        junit_problem(out, "error", kind_type(r->kind), r->message ? r->message : "", NULL, 1);
        fputs("    </testcase>\n", out);
    }
    for (size_t j = 0; j < r->ncases; j++)
        junit_case(out, r, &r->cases[j], class ? r->name : NULL);
    fputs("  </testsuite>\n", out);
}

int report_junit(const struct report_run *runs, size_t nruns, FILE *out)
{
    double secs = 0;
    for (size_t i = 0; i < nruns; i++)
        secs += runs[i].duration;
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites", out);
    junit_counts(out, runs, nruns, 0);
    junit_time(out, secs);
    fputs(">\n", out);
    for (size_t i = 0; i < nruns; i++)
        junit_suite(out, &runs[i], nruns > 1);
    fputs("</testsuites>\n", out);
    return ferror(out) ? -1 : 0;
}
