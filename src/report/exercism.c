/* exercism.c: Exercism's test-runner results.json, version 3, exactly as the
 * interface gives it (https://exercism.org/docs/building/tooling/test-runners/interface):
 * no GitHub Classroom scores (that is report_json's job), "tests" always
 * present, each test's output cut to 500 characters, task_id when a test
 * names exactly one task. What docs/exercism/run.sh writes. Depends on report.h. */
#include <ctype.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "report/report.h"
#include "util.h"

static const char HIDDEN[] = "hidden test";

/* short_paths: msg with every path to a Lua file cut to the file's name
 * ("/abs/input/two-fer.lua:3: ..." and Lua's "...ut/two-fer.lua:3:" both
 * become "two-fer.lua:3: ..."): the interface asks for no paths of the
 * runner's machine in what a student reads. Returns a malloc'ed string, or
 * NULL when memory runs out. */
static char *short_paths(const char *msg)
{
    struct sbuf b = SBUF_INIT;
    const char *p = msg;
    while (*p) {
        size_t tok = strcspn(p, " \t\n'\"(");
        const char *lua = NULL, *slash = NULL;
        for (const char *q = p; q + 5 <= p + tok; q++)
            if (memcmp(q, ".lua:", 5) == 0) {
                lua = q;
                break;
            }
        for (const char *q = p; lua && q < lua; q++)
            if (*q == '/')
                slash = q;
        sbuf_add(&b, slash ? slash + 1 : p, (size_t)(p + tok - (slash ? slash + 1 : p)));
        p += tok;
        if (*p)
            sbuf_add(&b, p++, 1);
    }
    return b.len ? sbuf_take(&b) : (sbuf_free(&b), strdup(""));
}

/* message_text: a message as JSON string content, paths cut. */
static void message_text(FILE *out, const char *msg)
{
    char *m = short_paths(msg);
    report_json_text(out, m ? m : msg);
    free(m);
}

/* field: `,\n      "key": "value"`, the value escaped. */
static void field(FILE *out, const char *key, const char *value)
{
    fprintf(out, ",\n      \"%s\": \"", key);
    report_json_text(out, value);
    fputc('"', out);
}

/* ends_with_trimmed: 1 when s[0..n), trailing blanks ignored, ends with w. */
static int ends_with_trimmed(const char *s, size_t n, const char *w)
{
    size_t k = strlen(w);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        n--;
    return n >= k && memcmp(s + n - k, w, k) == 0;
}

/* code_body: the interface's test_code is "the body of the command being
 * tested": for a test written `it('name', function() ... end)`, the lines
 * between, dedented; any other shape as it is. Returns a malloc'ed string,
 * or NULL when memory runs out. */
static char *code_body(const char *code)
{
    const char *first_end = strchr(code, '\n'), *last, *end = code + strlen(code);
    size_t indent = (size_t)-1;
    char *out, *o;
    while (end > code && (end[-1] == '\n' || end[-1] == ' ' || end[-1] == '\t'))
        end--;
    for (last = end; last > code && last[-1] != '\n'; last--)
        ;
    if (first_end == NULL || last <= first_end || !ends_with_trimmed(code, (size_t)(first_end - code), "function()") ||
        strspn(last, " \t") + 3 > (size_t)(end - last) || strncmp(last + strspn(last, " \t"), "end)", 4) != 0 ||
        last + strspn(last, " \t") + 4 != end)
        return strdup(code);
    for (const char *p = first_end + 1; p < last; p = strchr(p, '\n') + 1) {
        size_t ws = strspn(p, " \t");
        if (p[ws] != '\n' && ws < indent)
            indent = ws;
    }
    if ((out = o = malloc((size_t)(last - first_end) + 1)) == NULL)
        return NULL;
    for (const char *p = first_end + 1; p < last;) {
        const char *nl = strchr(p, '\n');
        size_t ws = strspn(p, " \t"), skip = ws < indent ? ws : indent;
        memcpy(o, p + skip, (size_t)(nl - p - (ptrdiff_t)skip));
        o += nl - p - (ptrdiff_t)skip;
        *o++ = '\n';
        p = nl + 1;
    }
    while (o > out && o[-1] == '\n')
        o--;
    *o = '\0';
    return out;
}

/* task_of_name: the task a test's full name links it to: "task N" (any
 * case) at the start of a word, in a describe name or the test's own. The
 * interface links a test only to precisely one task, so a name that
 * mentions two different numbers links to none. Returns N, or 0. */
static int task_of_name(const char *name)
{
    int task = 0;
    for (const char *p = name; *p; p++) {
        long n;
        char *end;
        if ((p != name && isalnum((unsigned char)p[-1])) || strncasecmp(p, "task", 4) != 0)
            continue;
        const char *q = p + 4;
        while (*q == ' ' || *q == '_' || *q == '-' || *q == '#')
            q++;
        if (!isdigit((unsigned char)*q))
            continue;
        n = strtol(q, &end, 10);
        if (isalnum((unsigned char)*end) || n <= 0 || n > 1000)
            continue;
        if (task != 0 && task != (int)n)
            return 0;
        task = (int)n;
    }
    return task;
}

/* is_file_error: the case that stands for a spec file that could not run
 * at all (its top level raised: a syntax error in the solution it
 * requires, a missing module). */
static int is_file_error(const struct report_case *c)
{
    return c->verdict == VERDICT_ERROR && strcmp(c->name, "(file)") == 0;
}

/* test_object: one test; its name gets "RUN: " in front when runs merge. */
static void test_object(FILE *out, const struct report_run *r, const struct report_case *c, int prefix)
{
    int redact = c->hidden && !r->show_hidden;
    int task = c->task_id > 0 ? c->task_id : task_of_name(c->name);
    fputs("    {\n      \"name\": \"", out);
    if (prefix) {
        report_json_text(out, r->name);
        fputs(": ", out);
    }
    report_json_text(out, c->name);
    fputc('"', out);
    field(out, "status", verdict_name(c->verdict));
    if (c->verdict != VERDICT_PASS && c->message[0]) {
        fputs(",\n      \"message\": \"", out);
        message_text(out, redact ? HIDDEN : c->message);
        fputc('"', out);
    }
    if (c->output[0])
        report_json_output(out, redact ? HIDDEN : c->output); /* cut to 500 characters */
    if (c->test_code[0] && redact) {
        field(out, "test_code", HIDDEN);
    } else if (c->test_code[0]) {
        char *body = code_body(c->test_code);
        field(out, "test_code", body ? body : c->test_code);
        free(body);
    }
    if (task > 0)
        fprintf(out, ",\n      \"task_id\": %d", task);
    fputs("\n    }", out);
}

/* overall: the top-level status. "error" when no test ran properly: a run
 * failed as a whole, no test at all, or only spec files that could not
 * load ("(file)" errors); "fail" when any test failed or errored; else
 * "pass". */
static const char *overall(const struct report_run *runs, size_t nruns)
{
    int tests = 0, real = 0, bad = 0;
    for (size_t i = 0; i < nruns; i++) {
        if (runs[i].status == VERDICT_ERROR)
            return "error";
        for (size_t j = 0; j < runs[i].ncases; j++) {
            const struct report_case *c = &runs[i].cases[j];
            if (c->verdict == VERDICT_PENDING)
                continue;
            tests++;
            real += !is_file_error(c);
            bad += c->verdict != VERDICT_PASS;
        }
    }
    if (tests == 0 || real == 0)
        return "error";
    return bad ? "fail" : "pass";
}

/* error_message: the top-level message of an "error": each failed run's
 * message, then each spec file's load error, one per line, after the run's
 * name when there are several runs. */
static void error_message(FILE *out, const struct report_run *runs, size_t nruns)
{
    int first = 1, any = 0;
    fputs(",\n  \"message\": \"", out);
    for (size_t i = 0; i < nruns; i++) {
        const struct report_run *r = &runs[i];
        for (size_t j = 0; j <= r->ncases; j++) {
            const char *msg = NULL;
            if (j == r->ncases)
                msg = r->status == VERDICT_ERROR ? (r->message ? r->message : "the run failed") : NULL;
            else if (is_file_error(&r->cases[j]))
                msg = r->cases[j].message;
            if (msg == NULL)
                continue;
            fputs(first ? "" : "\\n", out);
            if (nruns > 1) {
                report_json_text(out, r->name);
                fputs(": ", out);
            }
            message_text(out, msg);
            first = 0, any = 1;
        }
    }
    if (!any)
        fputs("No tests were run.", out);
    fputc('"', out);
}

int report_exercism(const struct report_run *runs, size_t nruns, FILE *out)
{
    const char *status = overall(runs, nruns);
    const char *sep = "\n";
    int error = strcmp(status, "error") == 0;
    fprintf(out, "{\n  \"version\": 3,\n  \"status\": \"%s\"", status);
    if (error)
        error_message(out, runs, nruns);
    fputs(",\n  \"tests\": [", out);
    for (size_t i = 0; i < nruns; i++) {
        for (size_t j = 0; j < runs[i].ncases; j++) {
            if (runs[i].cases[j].verdict == VERDICT_PENDING)
                continue; /* the interface has no "skip" status */
            if (error && is_file_error(&runs[i].cases[j]))
                continue; /* said by the top-level message: no test ran */
            fputs(sep, out);
            test_object(out, &runs[i], &runs[i].cases[j], nruns > 1);
            sep = ",\n";
        }
    }
    fputs(sep[0] == ',' ? "\n  ]\n}\n" : "]\n}\n", out);
    return ferror(out) ? -1 : 0;
}
