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
};

struct report_run {
    char *name;        /* what was graded, e.g. the kata id or folder */
    struct report_case *cases;
    size_t ncases, cap;
    double duration;   /* seconds, wall clock */
    enum verdict status;  /* VERDICT_ERROR when the run itself failed */
    enum errkind kind;
    char *message;     /* run-level error message, or NULL */
};

enum report_format { REPORT_HUMAN, REPORT_TAP };

/* report_run_init: an empty run named `name` (copied). */
void report_run_init(struct report_run *r, const char *name);

/* report_run_free: frees everything the run owns; the struct may be reused
 * after report_run_init. */
void report_run_free(struct report_run *r);

/* report_add: appends a copy of *c (strings duplicated; NULL strings become
 * ""). Returns the new case, or NULL when memory runs out. */
struct report_case *report_add(struct report_run *r, const struct report_case *c);

/* report_set_error: marks the whole run as failed with `kind` and a copy of
 * `message` (e.g. the submission does not compile). */
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

/* report_parse_format: "human" or "tap" into *out. Returns 0, or -1 for an
 * unknown name. */
int report_parse_format(const char *s, enum report_format *out);

/* report_write: writes the runs in format `fmt` to `out`, ending with the
 * closing line "N passed, N failed" (", N skipped" when any were pending).
 * `color` applies to REPORT_HUMAN only. Returns 0, or -1 on a write error. */
int report_write(const struct report_run *runs, size_t nruns, enum report_format fmt, FILE *out,
                 int color);

/* The formats, one per file. */
int report_human(const struct report_run *runs, size_t nruns, FILE *out, int color);
int report_tap(const struct report_run *runs, size_t nruns, FILE *out);

/* report_closing_line: writes "N passed, N failed[, N skipped]\n" for all
 * runs (a run-level error counts as one failed). Returns 0 or -1. */
int report_closing_line(const struct report_run *runs, size_t nruns, FILE *out);

#endif
