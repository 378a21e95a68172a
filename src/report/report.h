/* report.h: the result model every output format reads, and the formats.
 * A run holds cases in the order the tests ran; each case owns its strings.
 * Depends on util.h; each format lives in its own file under src/report/.
 *
 * Ownership: report_run_free frees the run and every case's strings;
 * report_add copies what it is given. */
#ifndef DOJO_REPORT_H
#define DOJO_REPORT_H

#include <stddef.h>
#include <stdio.h>

enum verdict {
    VERDICT_PASS = 0,
    VERDICT_FAIL,    /* an assertion did not hold */
    VERDICT_ERROR,   /* anything else went wrong; see enum errkind */
    VERDICT_PENDING, /* pending(...) or an `it` with no body: skipped */
};

enum errkind {
    ERRKIND_NONE = 0,
    ERRKIND_SYNTAX,
    ERRKIND_LOAD,
    ERRKIND_RUNTIME,
    ERRKIND_TIMEOUT,
    ERRKIND_MEMORY,
    ERRKIND_OUTPUT_LIMIT,
    ERRKIND_CRASH,
};

/* A hidden test's Gradescope visibility (report_case.hidden). */
enum {
    REPORT_HIDDEN_AFTER_PUBLISHED = 1, /* the default: once grades are published */
    REPORT_HIDDEN_AFTER_DUE_DATE = 2,
    REPORT_HIDDEN_ALWAYS = 3,
};

/* A new field here must also go into the grading cache's entries
 * (gradecache.c: store, read_case, case_strings_free; bump its MAGIC). */
struct report_case {
    int id;            /* 1-based, in run order */
    char *name;        /* full name: describe names and the it name, spaced */
    char *suite;       /* the enclosing describe names ("" at top level) */
    char *file;        /* the spec file */
    int line;          /* line in `file` (the failing assertion when known) */
    enum verdict verdict;
    enum errkind kind; /* ERRKIND_NONE unless verdict == VERDICT_ERROR */
    char *message;     /* "" when it passed */
    char *output;      /* what the test printed ("" for none) */
    double duration;   /* seconds */
    /* Appended for the grading formats; zero (or "") means unset. */
    double score;      /* points earned; unset: max points on pass, else 0 */
    double max_score;  /* points available; unset: 1 */
    int hidden;        /* non-zero: a hidden test, redacted for learners; the
                          value says when Gradescope shows it (REPORT_HIDDEN_*) */
    char *test_code;   /* the test's source, for Exercism ("" when unknown) */
    int task_id;       /* Exercism v3 task number (0: none) */
    char *expected;    /* a failed equality: the expected value, printed ("" if none) */
    char *actual;      /* ... and the actual one */
    char *line_code;   /* the text of line `line` of `file`, trimmed and capped
                          (RECORD_LINE_MAX bytes), when the case failed or
                          errored there ("" when unknown) */
    char *helper;      /* "file:line" of the spec helper (a function of the
                          spec or a helper module) the failure was raised in,
                          when it is not the test's own code ("" if none) */
};

struct report_run {
    char *name;        /* what was graded, e.g. the kata id or folder */
    struct report_case *cases;
    size_t ncases, cap;
    double duration;   /* seconds, wall clock */
    enum verdict status;  /* VERDICT_ERROR when the run itself failed */
    enum errkind kind;
    char *message;     /* run-level error message, or NULL */
    int show_hidden;   /* non-zero: learner-facing formats show hidden tests */
    size_t text_weight; /* learner text kept so far (record.c's budget) */
    size_t code_weight; /* test source kept so far (record.c's budget) */
    char *note;        /* what the instructor should know about the run
                          (a nested folder graded, not on the roster, a
                          cached result), malloc'ed, or NULL; shown by the
                          human, TAP, JUnit and HTML formats */
};

enum report_format { REPORT_HUMAN, REPORT_TAP, REPORT_JUNIT, REPORT_JSON, REPORT_GRADESCOPE,
                     REPORT_EXERCISM };

/* report_run_init: an empty run named `name` (copied). */
void report_run_init(struct report_run *r, const char *name);

/* report_run_free: frees everything the run owns; the struct may be reused
 * after report_run_init. */
void report_run_free(struct report_run *r);

/* report_add: appends a copy of *c (strings duplicated; NULL strings become
 * ""). Returns the new case, or NULL when memory runs out: then the run is
 * marked as failed (status VERDICT_ERROR, kind ERRKIND_CRASH, a message when
 * one can be kept), so a case that could not be stored never reads as a
 * pass. */
struct report_case *report_add(struct report_run *r, const struct report_case *c);

/* report_set_error: marks the whole run as failed with `kind` and a copy of
 * `message` (e.g. the submission does not compile). The status is set even
 * when the copy fails (the message is then NULL, which formats show as ""). */
void report_set_error(struct report_run *r, enum errkind kind, const char *message);

/* report_counts: tallies the run's cases; any pointer may be NULL. */
void report_counts(const struct report_run *r, int *pass, int *fail, int *error, int *pending);

/* report_passed: 1 when the run has no run-level error, at least one case,
 * and no case failed or errored; else 0. */
int report_passed(const struct report_run *r);

/* verdict_name: "pass", "fail", "error", "pending". errkind_name: "syntax",
 * "load", "runtime", "timeout", "memory", "output-limit", "crash" ("" for
 * none). errkind_parse: the reverse; ERRKIND_RUNTIME for unknown words. */
const char *verdict_name(enum verdict v);
const char *errkind_name(enum errkind k);
enum errkind errkind_parse(const char *s);

/* report_parse_format: "human", "tap", "junit", "json", "gradescope" or
 * "exercism" into *out. Returns 0, or -1 for an unknown name. */
int report_parse_format(const char *s, enum report_format *out);

/* report_write: writes the runs in format `fmt` to `out`. The human and TAP
 * formats end with the closing line "N passed, N failed" (", N skipped" when
 * any were pending); the others are one complete XML or JSON document.
 * `color` applies to REPORT_HUMAN only. Returns 0, or -1 on a write error. */
int report_write(const struct report_run *runs, size_t nruns, enum report_format fmt, FILE *out,
                 int color);

/* The formats, one per file. */
int report_human(const struct report_run *runs, size_t nruns, FILE *out, int color);
int report_tap(const struct report_run *runs, size_t nruns, FILE *out);

/* The human format in pieces, for a report shown as it is made (check):
 * report_human_title writes the run's name; report_human_case one case, its
 * mark and name, then detail when it did not pass (only "(hidden test)" for
 * a hidden test unless `show_hidden`); report_human_run_error the run-level
 * error, if any. report_human is the title, the run error, every case, and
 * the closing line. None can fail (write errors show on `out`). */
void report_human_title(FILE *out, const struct report_run *r, int color);
void report_human_case(FILE *out, const struct report_case *c, int color, int show_hidden);
void report_human_run_error(FILE *out, const struct report_run *r, int color);

/* report_junit: JUnit XML, one <testsuite> per run; hidden tests in full.
 * report_json: Exercism results.json v3 with GitHub Classroom scores, all
 * runs merged; pending tests omitted. report_gradescope: Gradescope
 * results.json; pending tests omitted. The JSON formats replace a hidden
 * test's message, output and test code with "hidden test" unless the run's
 * show_hidden is set. Each writes one complete document
 * whatever bytes the strings hold, and returns 0, or -1 on a write error. */
int report_junit(const struct report_run *runs, size_t nruns, FILE *out);
int report_json(const struct report_run *runs, size_t nruns, FILE *out);
int report_gradescope(const struct report_run *runs, size_t nruns, FILE *out);

/* report_exercism: Exercism's test-runner results.json version 3 and
 * nothing else (exercism.c): "tests" always present, pending tests omitted,
 * each test's output cut to 500 characters, task_id from a test or
 * describe name holding "task N" (exactly one N). The status is "error"
 * when no test ran properly (a run failed as a whole, no tests, or only
 * spec files that could not load, whose messages become the top-level
 * message, their "(file)" cases left out of "tests"), "fail" when any test
 * failed or errored, else "pass". Hidden
 * tests are redacted as in report_json. One complete document whatever
 * bytes the strings hold; returns 0, or -1 on a write error. */
int report_exercism(const struct report_run *runs, size_t nruns, FILE *out);

/* report_html: the class report for the instructor as one self-contained
 * HTML page (inline CSS and SVG, no script): a score histogram, each test's
 * pass rate hardest first, a grid of every run's verdicts. Hidden tests are
 * shown (the page says it is the instructor's view). Learner strings are
 * escaped and cut (a tooltip at most 300 bytes, 4 KiB per run). `title`
 * names the kata. Returns 0, or -1 on a write error. */
int report_html(const struct report_run *runs, size_t nruns, const char *title, FILE *out);

/* report_set_note: replaces the run's note with a copy of `note` (NULL
 * clears it). Returns 0, or -1 when memory runs out (the note is then
 * left as it was). */
int report_set_note(struct report_run *r, const char *note);

/* Shared by the machine-readable formats (defined in json.c).
 * report_utf8_decode: decodes the character at s (not at its NUL); returns
 * the bytes it takes and stores its code point in *cp, or, for a byte that
 * does not start well-formed UTF-8 (overlong, surrogate, truncated, stray),
 * returns 1 and stores -1.
 * report_json_text: writes s as the inside of a JSON string (no quotes):
 * escapes as RFC 8259 requires, control bytes as \u00XX, ill-formed bytes
 * as \ufffd.
 * report_json_output: writes `,\n      "output": "..."`: s escaped, cut to
 * 500 characters (Exercism's limit, which the JSON and results.json
 * formats share) with Exercism's truncation notice counted in them.
 * report_json_number: writes v as a JSON number (0 when not finite).
 * report_case_points: the case's points with defaults applied: *max is
 * max_score, or 1 when unset; *score is score when set, else *max when the
 * case passed and 0 when it did not. */
size_t report_utf8_decode(const char *s, long *cp);
void report_json_text(FILE *out, const char *s);
void report_json_output(FILE *out, const char *s);
void report_json_number(FILE *out, double v);
void report_case_points(const struct report_case *c, double *score, double *max);

/* report_put_safe: writes n bytes of learner-controlled text to `out` with
 * every control byte but tab (ESC, CR, NUL-free others, DEL) shown as \xNN,
 * so a test's output can't move the cursor, recolour the terminal or forge
 * lines of a report. Newlines are the caller's business. */
void report_put_safe(FILE *out, const char *s, size_t n);

/* report_diff: writes what differed between `expected` and `actual` (two
 * printed values), each line prefixed by `pad`: one-line values one above the
 * other, with a caret at the first difference when both are over 20 bytes
 * and not numbers (a window of 60 columns around it when they are wider),
 * multi-line ones as a line diff ("- " expected, "+ " actual). Returns 0, or -1 when the values are too long
 * to diff (over 200 lines) or memory runs out; then nothing is written. */
int report_diff(FILE *out, const char *pad, const char *expected, const char *actual, int color);

/* report_closing_line: writes "N passed, N failed[, N skipped]\n" for all
 * runs (a run-level error counts as one failed). Returns 0 or -1. */
int report_closing_line(const struct report_run *runs, size_t nruns, FILE *out);

#endif
