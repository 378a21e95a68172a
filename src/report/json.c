/* json.c: Exercism results.json v3 (https://exercism.org/docs/building/tooling/test-runners/interface)
 * plus GitHub Classroom's "max_score" and per-test "score"
 * (https://github.com/classroom-resources/autograding-grading-reporter). No
 * "skip" status exists, so pending tests are left out. Also the JSON and
 * UTF-8 helpers the other formats share. Depends on report.h. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "report/report.h"

#define OUTPUT_LIMIT 500 /* Exercism: "The output must be limited to 500 chars" */
static const char TRUNCATED[] = "\n... Output was truncated. Please limit to 500 chars";
static const char HIDDEN[] = "hidden test";

/* utf8_lead: for a lead byte, the sequence length and the smallest code point
 * it may encode (anything smaller is overlong); 0 for a byte that can't lead. */
static size_t utf8_lead(unsigned char b, long *v, long *min)
{
    if (b >= 0xC2 && b <= 0xDF) {
        *v = b & 0x1F, *min = 0x80;
        return 2;
    }
    if (b >= 0xE0 && b <= 0xEF) {
        *v = b & 0x0F, *min = 0x800;
        return 3;
    }
    if (b >= 0xF0 && b <= 0xF4) {
        *v = b & 0x07, *min = 0x10000;
        return 4;
    }
    return 0;
}

size_t report_utf8_decode(const char *s, long *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    long v, min;
    size_t n;
    *cp = u[0];
    if (u[0] < 0x80)
        return 1;
    *cp = -1;
    n = utf8_lead(u[0], &v, &min);
    if (n == 0)
        return 1;
    for (size_t i = 1; i < n; i++) {
        if ((u[i] & 0xC0) != 0x80) /* also stops at the NUL */
            return 1;
        v = (v << 6) | (u[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 1;
    *cp = v;
    return n;
}

/* json_char: one decoded character `cp` (its n bytes at s), escaped. */
static void json_char(FILE *out, const char *s, size_t n, long cp)
{
    switch (cp) {
    case '"':
        fputs("\\\"", out);
        return;
    case '\\':
        fputs("\\\\", out);
        return;
    case '\n':
        fputs("\\n", out);
        return;
    case '\r':
        fputs("\\r", out);
        return;
    case '\t':
        fputs("\\t", out);
        return;
    }
    if (cp < 0)
        fputs("\\ufffd", out);
    else if (cp < 0x20 || cp == 0x7F)
        fprintf(out, "\\u%04lx", cp);
    else
        fwrite(s, 1, n, out);
}

/* json_chars: writes at most `max` characters of s, escaped. */
static void json_chars(FILE *out, const char *s, size_t max)
{
    for (size_t i = 0; *s && i < max; i++) {
        long cp;
        size_t n = report_utf8_decode(s, &cp);
        json_char(out, s, n, cp);
        s += n;
    }
}

/* utf8_count: the characters in s (an ill-formed byte counts as one). */
static size_t utf8_count(const char *s)
{
    size_t i = 0;
    long cp;
    for (; *s; i++)
        s += report_utf8_decode(s, &cp);
    return i;
}

void report_json_text(FILE *out, const char *s)
{
    json_chars(out, s, SIZE_MAX);
}

void report_json_number(FILE *out, double v)
{
    fprintf(out, "%.15g", isfinite(v) ? v : 0.0);
}

void report_case_points(const struct report_case *c, double *score, double *max)
{
    *max = c->max_score != 0 ? c->max_score : 1;
    *score = c->score != 0 ? c->score : c->verdict == VERDICT_PASS ? *max : 0;
}

/* json_field: writes `,\n<pad>"key": "value"` with the value escaped. */
static void json_field(FILE *out, const char *pad, const char *key, const char *value)
{
    fprintf(out, ",\n%s\"%s\": \"", pad, key);
    report_json_text(out, value);
    fputc('"', out);
}

void report_json_output(FILE *out, const char *s)
{
    fputs(",\n      \"output\": \"", out);
    if (utf8_count(s) <= OUTPUT_LIMIT) {
        report_json_text(out, s);
    } else {
        json_chars(out, s, OUTPUT_LIMIT - (sizeof TRUNCATED - 1));
        report_json_text(out, TRUNCATED);
    }
    fputc('"', out);
}

/* json_test: one test object; names get "RUN: " in front when runs merge. */
static void json_test(FILE *out, const struct report_run *r, const struct report_case *c, int prefix)
{
    int redact = c->hidden && !r->show_hidden;
    double score, max;
    fputs("    {\n      \"name\": \"", out);
    if (prefix) {
        report_json_text(out, r->name);
        fputs(": ", out);
    }
    report_json_text(out, c->name);
    fputc('"', out);
    json_field(out, "      ", "status", verdict_name(c->verdict));
    if (c->verdict != VERDICT_PASS)
        json_field(out, "      ", "message", redact ? HIDDEN : c->message);
    if (c->output[0])
        report_json_output(out, redact ? HIDDEN : c->output);
    if (c->test_code[0])
        json_field(out, "      ", "test_code", redact ? HIDDEN : c->test_code);
    if (c->task_id > 0)
        fprintf(out, ",\n      \"task_id\": %d", c->task_id);
    report_case_points(c, &score, &max);
    fputs(",\n      \"score\": ", out);
    report_json_number(out, score);
    fputs("\n    }", out);
}

/* json_tally: the max score and the counts of tests written and of those
 * that did not pass, over all runs; returns how many runs failed outright. */
static int json_tally(const struct report_run *runs, size_t nruns, double *max, int *tests, int *bad)
{
    int errors = 0;
    *max = 0, *tests = 0, *bad = 0;
    for (size_t i = 0; i < nruns; i++) {
        errors += runs[i].status == VERDICT_ERROR;
        for (size_t j = 0; j < runs[i].ncases; j++) {
            const struct report_case *c = &runs[i].cases[j];
            double s, m;
            if (c->verdict == VERDICT_PENDING)
                continue;
            report_case_points(c, &s, &m);
            *max += m, ++*tests;
            *bad += c->verdict != VERDICT_PASS;
        }
    }
    return errors;
}

/* json_run_errors: the top-level message: every failed run's message, each
 * after its run's name when there are several runs. */
static void json_run_errors(FILE *out, const struct report_run *runs, size_t nruns)
{
    int first = 1;
    fputs(",\n  \"message\": \"", out);
    for (size_t i = 0; i < nruns; i++) {
        if (runs[i].status != VERDICT_ERROR)
            continue;
        fputs(first ? "" : "\\n", out);
        if (nruns > 1) {
            report_json_text(out, runs[i].name);
            fputs(": ", out);
        }
        report_json_text(out, runs[i].message ? runs[i].message : "");
        first = 0;
    }
    fputc('"', out);
}

/* json_head: version, status, message when status is error, max_score. A
 * failed run, or no test at all, is "error". */
static void json_head(FILE *out, const struct report_run *runs, size_t nruns)
{
    double max;
    int tests, bad, errors = json_tally(runs, nruns, &max, &tests, &bad);
    const char *status = errors || tests == 0 ? "error" : bad ? "fail" : "pass";
    fprintf(out, "{\n  \"version\": 3,\n  \"status\": \"%s\"", status);
    if (errors)
        json_run_errors(out, runs, nruns);
    else if (tests == 0)
        fputs(",\n  \"message\": \"No tests were run.\"", out);
    fputs(",\n  \"max_score\": ", out);
    report_json_number(out, max);
}

int report_json(const struct report_run *runs, size_t nruns, FILE *out)
{
    const char *sep = "\n";
    json_head(out, runs, nruns);
    fputs(",\n  \"tests\": [", out);
    for (size_t i = 0; i < nruns; i++) {
        for (size_t j = 0; j < runs[i].ncases; j++) {
            if (runs[i].cases[j].verdict == VERDICT_PENDING)
                continue;
            fputs(sep, out);
            json_test(out, &runs[i], &runs[i].cases[j], nruns > 1);
            sep = ",\n";
        }
    }
    fputs(sep[0] == ',' ? "\n  ]\n}\n" : "]\n}\n", out);
    return ferror(out) ? -1 : 0;
}
