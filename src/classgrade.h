/* classgrade.h: grading a class as instructors do, on top of batch.c's
 * engine: submissions as LMS downloads deliver them (submissions.h), a
 * roster, a per-submission time limit, a cache of unchanged submissions'
 * results (gradecache.h), a report per student and an HTML class page.
 * Internal to `dojo grade`. Depends on batch.h. See docs/class-grading.md. */
#ifndef DOJO_CLASSGRADE_H
#define DOJO_CLASSGRADE_H

#include "batch.h"
#include "util.h"

/* class_add_submissions: --kata ID DIR: DIR is one submission when it holds
 * the kata's module; else each submission in it (submissions.h) is a job,
 * named from the roster when there is one; a submission that can't be
 * graded (no module, an archive refused, a roster student who sent nothing)
 * is a run-level error, not run; its note says what the instructor should
 * know (nested, not on the roster, missing). o->roster names the roster.
 * Returns 0, or 2 after a one-line message (an unreadable folder or
 * roster, a folder with no submission in it, out of memory). */
int class_add_submissions(struct batch *b, const struct kata *k, const char *dir,
                          const struct grade_flags *f, const struct class_opts *o);

/* Outputs opened before grading (so a path that can't be written fails at
 * once) and written after it. */
struct class_out {
    struct util_atomic html;
    int have_html;
    char (*keys)[65]; /* per job: its cache key ("" when not cached) */
    size_t hits;      /* jobs whose results came from the cache */
};

/* class_open: checks and opens --html and --per-student DIR (made if need
 * be) and readies the cache. 0, or 2 after a one-line message. */
int class_open(struct class_out *c, const struct class_opts *o);

/* class_cache_lookup: for every kata job of the batch, its cache key; a job
 * whose result is in --cache gets it (the run is filled, the job is not
 * run, its note says so). Can't fail: a key or entry that can't be made or
 * read is a miss. Nothing without --cache. */
void class_cache_lookup(struct class_out *c, struct batch *b, const struct class_opts *o);

/* class_cache_store: stores the result of every job graded in this run
 * (call before scores are applied). A write that fails is said once on
 * stderr; grading goes on. */
void class_cache_store(struct class_out *c, struct batch *b, const struct class_opts *o);

/* class_close: writes the per-student reports in format `fmt` and the
 * HTML page (with `commit` 0: discards the page). `title` names what was
 * graded. 0, or 2 after a one-line message when a file could not be
 * written. Frees what class_open made. */
int class_close(struct class_out *c, const struct batch *b, const struct class_opts *o,
                enum report_format fmt, const char *title, int commit);

#endif
