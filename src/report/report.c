/* report.c: the result model (runs and cases) and format dispatch.
 * Depends on util.h. */
#include "report/report.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

void report_run_init(struct report_run *r, const char *name)
{
    memset(r, 0, sizeof *r);
    r->name = util_strdup(name ? name : "");
    r->status = VERDICT_PASS;
}

static void case_free(struct report_case *c)
{
    free(c->name);
    free(c->suite);
    free(c->file);
    free(c->message);
    free(c->output);
    free(c->test_code);
    free(c->expected);
    free(c->actual);
    free(c->line_code);
    free(c->helper);
}

void report_run_free(struct report_run *r)
{
    for (size_t i = 0; i < r->ncases; i++)
        case_free(&r->cases[i]);
    free(r->cases);
    free(r->name);
    free(r->message);
    memset(r, 0, sizeof *r);
}

static char *dup_or_empty(const char *s)
{
    return util_strdup(s ? s : "");
}

/* lost_case: report_add could not store a case: the run fails as a whole,
 * so the loss can't read as a pass. */
static void lost_case(struct report_run *r)
{
    if (r->status != VERDICT_ERROR || r->message == NULL)
        report_set_error(r, ERRKIND_CRASH,
                         "the grader ran out of memory and could not keep every result, so this "
                         "run counts as failed");
}

struct report_case *report_add(struct report_run *r, const struct report_case *c)
{
    struct report_case *d;
    if (r->ncases == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 16;
        struct report_case *p = cap > ((size_t)-1) / sizeof *p ? NULL : realloc(r->cases, cap * sizeof *p);
        if (p == NULL) {
            lost_case(r);
            return NULL;
        }
        r->cases = p;
        r->cap = cap;
    }
    d = &r->cases[r->ncases];
    *d = *c;
    d->name = dup_or_empty(c->name);
    d->suite = dup_or_empty(c->suite);
    d->file = dup_or_empty(c->file);
    d->message = dup_or_empty(c->message);
    d->output = dup_or_empty(c->output);
    d->test_code = dup_or_empty(c->test_code);
    d->expected = dup_or_empty(c->expected);
    d->actual = dup_or_empty(c->actual);
    d->line_code = dup_or_empty(c->line_code);
    d->helper = dup_or_empty(c->helper);
    if (!d->name || !d->suite || !d->file || !d->message || !d->output || !d->test_code ||
        !d->expected || !d->actual || !d->line_code || !d->helper) {
        case_free(d);
        lost_case(r);
        return NULL;
    }
    r->ncases++;
    return d;
}

void report_set_error(struct report_run *r, enum errkind kind, const char *message)
{
    r->status = VERDICT_ERROR;
    r->kind = kind;
    free(r->message);
    r->message = dup_or_empty(message); /* NULL when memory runs out: still failed */
}

void report_counts(const struct report_run *r, int *pass, int *fail, int *error, int *pending)
{
    int n[4] = {0, 0, 0, 0};
    for (size_t i = 0; i < r->ncases; i++)
        n[r->cases[i].verdict]++;
    if (pass)
        *pass = n[VERDICT_PASS];
    if (fail)
        *fail = n[VERDICT_FAIL];
    if (error)
        *error = n[VERDICT_ERROR];
    if (pending)
        *pending = n[VERDICT_PENDING];
}

int report_passed(const struct report_run *r)
{
    int pass, fail, error;
    report_counts(r, &pass, &fail, &error, NULL);
    return r->status != VERDICT_ERROR && r->ncases > 0 && fail == 0 && error == 0;
}

const char *verdict_name(enum verdict v)
{
    static const char *const names[] = {"pass", "fail", "error", "pending"};
    return (unsigned)v < 4 ? names[v] : "error";
}

static const char *const kind_names[] = {"",        "syntax", "load",         "runtime",
                                         "timeout", "memory", "output-limit", "crash"};

const char *errkind_name(enum errkind k)
{
    return (unsigned)k < sizeof kind_names / sizeof *kind_names ? kind_names[k] : "runtime";
}

enum errkind errkind_parse(const char *s)
{
    for (size_t i = 1; i < sizeof kind_names / sizeof *kind_names; i++)
        if (s && strcmp(s, kind_names[i]) == 0)
            return (enum errkind)i;
    return ERRKIND_RUNTIME;
}

int report_parse_format(const char *s, enum report_format *out)
{
    if (strcmp(s, "human") == 0)
        *out = REPORT_HUMAN;
    else if (strcmp(s, "tap") == 0)
        *out = REPORT_TAP;
    else if (strcmp(s, "junit") == 0)
        *out = REPORT_JUNIT;
    else if (strcmp(s, "json") == 0)
        *out = REPORT_JSON;
    else if (strcmp(s, "gradescope") == 0)
        *out = REPORT_GRADESCOPE;
    else
        return -1;
    return 0;
}

void report_put_safe(FILE *out, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if ((ch < 0x20 && ch != '\t') || ch == 0x7f)
            fprintf(out, "\\x%02x", ch);
        else
            fputc(ch, out);
    }
}

int report_closing_line(const struct report_run *runs, size_t nruns, FILE *out)
{
    int pass = 0, failed = 0, skipped = 0;
    for (size_t i = 0; i < nruns; i++) {
        int p, f, e, s;
        report_counts(&runs[i], &p, &f, &e, &s);
        pass += p;
        failed += f + e + (runs[i].status == VERDICT_ERROR ? 1 : 0);
        skipped += s;
    }
    if (skipped)
        return fprintf(out, "%d passed, %d failed, %d skipped\n", pass, failed, skipped) < 0 ? -1 : 0;
    return fprintf(out, "%d passed, %d failed\n", pass, failed) < 0 ? -1 : 0;
}

int report_write(const struct report_run *runs, size_t nruns, enum report_format fmt, FILE *out,
                 int color)
{
    int rc;
    switch (fmt) {
    case REPORT_TAP:
        rc = report_tap(runs, nruns, out);
        break;
    case REPORT_JUNIT:
        rc = report_junit(runs, nruns, out);
        break;
    case REPORT_JSON:
        rc = report_json(runs, nruns, out);
        break;
    case REPORT_GRADESCOPE:
        rc = report_gradescope(runs, nruns, out);
        break;
    default:
        rc = report_human(runs, nruns, out, color);
        break;
    }
    if (fflush(out) != 0 || ferror(out))
        rc = -1;
    return rc;
}
