/* grade.h: grading in isolation. Each spec file runs in a child process
 * (fork) under rlimits; results come back over a pipe as bounded binary
 * records (record.h) written by dojo's C code, validated and capped by the
 * parent, never parsed from text the learner controls; a malformed record
 * is a crash of the test it came in. A child that dies or hangs turns the
 * test it was in into an error (`crash` or `timeout`), and grading goes on.
 * Depends on spec.h, report/report.h, util.h and POSIX. */
#ifndef DOJO_GRADE_H
#define DOJO_GRADE_H

#include <stddef.h>

#include "report/report.h"
#include "spec.h"

/* grade_spec: runs `job` in a child process and appends one case per test to
 * `run` (whose name the caller set). Returns 0 when the child ran (even if it
 * crashed: that is a verdict), -1 when it could not be started (fork or pipe
 * failed), with a one-line message in `err`.
 * Time: the child ends a test at its deadline (the hook), and a test stuck
 * in a C function a quarter second later (the watchdog, which tells the
 * parent where it was stuck; a new child resumes after that test). The
 * parent kills the child (SIGKILL) when no record arrives for the per-test
 * timeout plus a grace of 1 to 2 seconds (KILL_GRACE in grade.c), or when
 * the spec file's total (limits.file_timeout) is past by that grace plus
 * a second; the tests not run by then are reported as `timeout`. */
int grade_spec(const struct spec_job *job, struct report_run *run, char *err, size_t errcap);

/* grade_batch: grades n jobs, up to `parallel` children at a time (capped at
 * 64), job i's cases going to runs[i] (initialised by the caller). A child
 * that dies inside a test costs that test only: a new child resumes after
 * it. `done` (may be NULL) is called with the job's index as each one ends,
 * in completion order, for progress display. A job whose spec_path is NULL
 * is not run (the caller has already marked its run). Each run's duration
 * grows by the wall time its children took. Returns 0, or -1 with a message
 * in `err` when children can't be started (fork or pipe failed). */
int grade_batch(const struct spec_job *jobs, struct report_run *runs, size_t n, int parallel,
                void (*done)(size_t index, void *ud), void *ud, char *err, size_t errcap);

/* What a caller sees of a run while it goes on (grade_spec_watched); any
 * callback may be NULL. `started`: a test began (its spec name, valid
 * during the call). `finished`: a case was added to the run (in run order,
 * the same case the run keeps). `tick`: called about ten times a second
 * while a child runs; returning non-zero stops the run at once (the child
 * is killed; the run keeps the cases it had). */
struct grade_watch {
    void (*started)(void *ud, int id, const char *name);
    void (*finished)(void *ud, const struct report_case *c);
    int (*tick)(void *ud);
    void *ud;
};

/* grade_spec_watched: grade_spec, reporting progress to `w` (may be NULL).
 * Returns 0 when the run ended, 1 when `tick` stopped it, -1 as grade_spec. */
int grade_spec_watched(const struct spec_job *job, struct report_run *run,
                       const struct grade_watch *w, char *err, size_t errcap);

/* grade_find_specs: lists the spec files of a folder in the busted layout:
 * every `*_spec.lua` in `dir`, or `spec.lua` when there is none, or else
 * every `*_spec.lua` in `dir`/spec (busted's project layout), sorted.
 * Stores a malloc'ed array of malloc'ed paths in *out (free each, then the
 * array) and returns how many, or -1 with a message in `err` when the folder
 * can't be read. 0 means none was found. */
int grade_find_specs(const char *dir, char ***out, char *err, size_t errcap);

#endif
