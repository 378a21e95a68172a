/* learner.h: the learner's actions, shared by the REPL (repl.c) and the
 * shell commands (cmd/): show a lesson or a kata, start a kata, the next
 * hint, check a kata. Each prints what the learner sees and returns 0, 1
 * (check: some test failed) or 2 (could not run, one line on stderr naming
 * the file at fault). Depends on app.h and gradeflags.h. */
#ifndef DOJO_LEARNER_H
#define DOJO_LEARNER_H

#include <stddef.h>

#include "app.h"
#include "gradeflags.h"

/* What may stop a check before it ends (learner_check). */
struct learner_stop {
    int on_sigint;    /* a Ctrl-C (interrupt_catch_sigint) stops it */
    const char *file; /* a change to this file stops it (dojo watch), or NULL */
    long long mtime;  /* ... from this modification time (learner_mtime) */
};

/* learner_check: grades kata `id` against the learner's file (or
 * f->solution, or the C reference with f->reference) under f's limits,
 * prints the report in f->format (the human one live, as each test ends)
 * and records the attempt (not for the reference). `stop` may be NULL.
 * Returns 0 all passed, 1 some test failed, 2 could not run, or -1 when
 * `stop` stopped it (nothing recorded then). */
int learner_check(struct app *a, const char *id, const struct grade_flags *f,
                  const struct learner_stop *stop);

/* learner_check_kata: the REPL's :check: learner_check with the human
 * report, `solution` (may be NULL) or the reference, Ctrl-C stopping it.
 * Returns 0, 1, 2, or 130 when a Ctrl-C stopped it (the grading child is
 * killed, nothing is recorded). */
int learner_check_kata(struct app *a, const char *id, const char *solution, int reference);

/* learner_start: copies kata `id`'s starter to the learner's work folder
 * (keeping a file already there) and prints its path. Returns 0, or 2 when
 * the kata can't be found or the file can't be written. */
int learner_start(struct app *a, const char *id);

/* learner_hint: prints the next hint of kata `id` and remembers how many
 * were shown. Returns 0, or 2 when the kata can't be found. */
int learner_hint(struct app *a, const char *id);

/* learner_show_lesson: renders lesson `name` (NULL: the last one, or the
 * first) to stdout and stores its path in `path` (capacity cap) for :run.
 * Returns 0 or 2. */
int learner_show_lesson(struct app *a, const char *name, char *path, size_t cap);

/* learner_show_kata: prints kata `id`'s README (NULL id: the kata list).
 * Returns 0 or 2. */
int learner_show_kata(struct app *a, const char *id);

/* learner_mtime: the modification time of `path` in nanoseconds, 0 when
 * it is missing. */
long long learner_mtime(const char *path);

#endif
