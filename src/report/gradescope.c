/* gradescope.c: Gradescope results.json (https://gradescope-autograders.readthedocs.io/en/latest/specs/):
 * score, execution_time, a summary line, then one test per case with score,
 * max_score, status, output, visibility. Pending tests are left out (no
 * points either way); a failed run becomes a failed test worth 0 of 0.
 * Depends on report.h (JSON helpers from json.c). */
#include "report/report.h"

/* gs_string: `,\n<pad>"key": "value"` with the value escaped. */
static void gs_string(FILE *out, const char *pad, const char *key, const char *value)
{
    fprintf(out, ",\n%s\"%s\": \"", pad, key);
    report_json_text(out, value);
    fputc('"', out);
}

/* gs_name: the test's name, after its run's name when runs are merged. */
static void gs_name(FILE *out, const struct report_run *r, const char *name, int prefix)
{
    fputs("    {\n      \"name\": \"", out);
    if (prefix) {
        report_json_text(out, r->name);
        fputs(": ", out);
    }
    report_json_text(out, name);
    fputc('"', out);
}

/* gs_points: score, max_score and status. */
static void gs_points(FILE *out, double score, double max, int passed)
{
    fputs(",\n      \"score\": ", out);
    report_json_number(out, score);
    fputs(",\n      \"max_score\": ", out);
    report_json_number(out, max);
    fprintf(out, ",\n      \"status\": \"%s\"", passed ? "passed" : "failed");
}

/* gs_output: what the learner reads: the message when it did not pass, then
 * what the test printed; "hidden test" when redacted; nothing when empty. */
static void gs_output(FILE *out, const struct report_case *c, int redact)
{
    int msg = c->verdict != VERDICT_PASS && c->message[0];
    if (redact) {
        gs_string(out, "      ", "output", "hidden test");
        return;
    }
    if (!msg && !c->output[0])
        return;
    fputs(",\n      \"output\": \"", out);
    if (msg)
        report_json_text(out, c->message);
    if (c->output[0]) {
        fputs(msg ? "\\n\\nOutput:\\n" : "Output:\\n", out);
        report_json_text(out, c->output);
    }
    fputc('"', out);
}

/* gs_kind: extra_data naming an error's kind. */
static void gs_kind(FILE *out, enum errkind kind)
{
    const char *k = errkind_name(kind);
    fprintf(out, ",\n      \"extra_data\": {\"kind\": \"%s\"}", k[0] ? k : "runtime");
}

/* gs_visibility: Gradescope's word for when students see a test: a hidden
 * test after grades are published unless the manifest says otherwise. */
static const char *gs_visibility(int hidden)
{
    switch (hidden) {
    case 0:
        return "visible";
    case REPORT_HIDDEN_AFTER_DUE_DATE:
        return "after_due_date";
    case REPORT_HIDDEN_ALWAYS:
        return "hidden";
    default:
        return "after_published";
    }
}

/* gs_case: one test object. */
static void gs_case(FILE *out, const struct report_run *r, const struct report_case *c, int prefix)
{
    int redact = c->hidden && !r->show_hidden;
    double score, max;
    report_case_points(c, &score, &max);
    gs_name(out, r, c->name, prefix);
    gs_points(out, score, max, c->verdict == VERDICT_PASS);
    gs_output(out, c, redact);
    fprintf(out, ",\n      \"visibility\": \"%s\"", gs_visibility(c->hidden));
    if (c->verdict == VERDICT_ERROR)
        gs_kind(out, c->kind);
    fputs("\n    }", out);
}

/* gs_run_error: a run that failed outright, as a failed test worth 0/0. */
static void gs_run_error(FILE *out, const struct report_run *r)
{
    gs_name(out, r, r->name, 0);
    gs_points(out, 0, 0, 0);
    gs_string(out, "      ", "output", r->message ? r->message : "");
    fputs(",\n      \"visibility\": \"visible\"", out);
    gs_kind(out, r->kind);
    fputs("\n    }", out);
}

/* gs_head: score, execution_time and the summary line, as the closing line
 * of the text formats counts them (a failed run counts as one failed). */
static void gs_head(FILE *out, const struct report_run *runs, size_t nruns)
{
    double score = 0, time = 0;
    int pass = 0, failed = 0, skipped = 0;
    for (size_t i = 0; i < nruns; i++) {
        time += runs[i].duration;
        failed += runs[i].status == VERDICT_ERROR;
        for (size_t j = 0; j < runs[i].ncases; j++) {
            const struct report_case *c = &runs[i].cases[j];
            double s, m;
            report_case_points(c, &s, &m);
            score += c->verdict == VERDICT_PENDING ? 0 : s;
            pass += c->verdict == VERDICT_PASS;
            failed += c->verdict == VERDICT_FAIL || c->verdict == VERDICT_ERROR;
            skipped += c->verdict == VERDICT_PENDING;
        }
    }
    fputs("{\n  \"score\": ", out);
    report_json_number(out, score);
    fprintf(out, ",\n  \"execution_time\": %.3f", time >= 0 && time < 1e12 ? time : 0.0);
    fprintf(out, ",\n  \"output\": \"%d passed, %d failed", pass, failed);
    if (skipped)
        fprintf(out, ", %d skipped", skipped);
    fputc('"', out);
}

int report_gradescope(const struct report_run *runs, size_t nruns, FILE *out)
{
    const char *sep = "\n";
    gs_head(out, runs, nruns);
    fputs(",\n  \"tests\": [", out);
    for (size_t i = 0; i < nruns; i++) {
        if (runs[i].status == VERDICT_ERROR) {
            fputs(sep, out);
            gs_run_error(out, &runs[i]);
            sep = ",\n";
        }
        for (size_t j = 0; j < runs[i].ncases; j++) {
            if (runs[i].cases[j].verdict == VERDICT_PENDING)
                continue;
            fputs(sep, out);
            gs_case(out, &runs[i], &runs[i].cases[j], nruns > 1);
            sep = ",\n";
        }
    }
    fputs(sep[0] == ',' ? "\n  ]\n}\n" : "]\n}\n", out);
    return ferror(out) ? -1 : 0;
}
