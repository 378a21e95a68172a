/* batch.h: what `dojo grade`'s engine (batch.c) shares with class grading
 * (classgrade.c): the batch of jobs and runs, and adding jobs to it.
 * Internal to the grading commands. Depends on gradeflags.h, grade.h,
 * kata.h, submissions.h. */
#ifndef DOJO_BATCH_H
#define DOJO_BATCH_H

#include <stddef.h>

#include "gradeflags.h"
#include "grade.h"
#include "kata.h"
#include "submissions.h"

/* The batch: parallel arrays of jobs and runs, and the strings they use.
 * The batch owns everything it points to (batch_free). */
struct batch {
    struct spec_job *jobs;
    struct report_run *runs;
    const struct kata **kata_of; /* the kata a job grades, or NULL */
    size_t n, cap;
    char **strings; /* every string the jobs point to */
    size_t nstrings;
    struct kata **katas;
    size_t nkatas;
    struct submissions *subs; /* class folders collected (their temporary
                                 folders live until batch_free) */
    size_t nsubs;
    size_t finished; /* for the progress bar */
    int bar;         /* draw it? */
    double started;
};

/* Class grading's options (docs/class-grading.md); zero: none of them. */
struct class_opts {
    const char *per_student;   /* --per-student DIR: a report per submission */
    const char *html;          /* --html FILE: the instructor's class page */
    double submission_timeout; /* --submission-timeout S: seconds per submission */
    const char *roster;        /* --roster CSV: folder or file -> student */
    const char *cache;         /* --cache DIR: results of unchanged submissions */
};

/* batch_add_job: appends a job and its run named `name`; NULL when memory
 * runs out (nothing added). The job is zeroed: the caller fills it. */
struct spec_job *batch_add_job(struct batch *b, const char *name);

/* batch_keep: a copy of s owned by the batch, or NULL when memory runs out. */
const char *batch_keep(struct batch *b, const char *s);

/* batch_add_kata_job: kata k against `file` (the module's file in its
 * submission folder) as run `name`: one job. 0, or 2 after saying why. */
int batch_add_kata_job(struct batch *b, const struct kata *k, const char *file, const char *name,
                       const struct grade_flags *f);

/* batch_missing_module: marks run `run` of a submission folder `sub` that
 * has no module for kata k (a run-level load error listing the .lua files
 * that are there). */
void batch_missing_module(struct report_run *run, const struct kata *k, const char *sub);

/* batch_grade: `dojo grade` once its flags are parsed: the positional
 * `paths` (n of them) graded with flags f and class options o, the report,
 * summary and class outputs written. Returns the exit status: 0 all passed,
 * 1 something failed, 2 it could not run (after a one-line message). */
struct app;
int batch_grade(struct app *a, int n, char **paths, const struct grade_flags *f, const struct class_opts *o);

#endif
