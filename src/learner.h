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

/* learner_hint: prints hint `n` (1-based) of kata `id`, or with n 0 the
 * next one not seen yet (the last again once all were seen), or with `all`
 * every hint seen so far; filled to the terminal's width. Remembers the
 * most hints seen. Returns 0, or 2 when the kata can't be found or n is
 * past its hints (one line on stderr). */
int learner_hint(struct app *a, const char *id, int n, int all);

/* learner_say: how a learner runs action `verb` on kata `id` (NULL: no
 * argument) where they are: "dojo check counter" in the shell, ":check
 * counter" in the REPL (a->repl). Written into buf (capacity cap), which
 * is returned. */
const char *learner_say(const struct app *a, char *buf, size_t cap, const char *verb, const char *id);

/* learner_list_katas: the pack's katas in path order (curriculum.h), each
 * with its status (new, started, failing, passed), difficulty and title,
 * then "N/M katas passed" and the next one; paged on a terminal. 0, or 2
 * when the pack can't be read. */
int learner_list_katas(struct app *a);

/* learner_after_check: what a human check says after its report: on a
 * pass, how many katas are passed, where the C reference is and the next
 * kata in path order; else where to find a hint. Returns 0. */
int learner_after_check(struct app *a, const char *id, int passed);

/* learner_next_kata: the first kata in path order not passed yet, its id
 * into id (capacity cap) and whether it was started into *started. Returns
 * 1 found, 0 every kata passed, -1 the pack can't be read (said on
 * stderr). */
int learner_next_kata(struct app *a, char *id, size_t cap, int *started);

/* learner_reset: puts kata `id`'s starter back in the learner's file after
 * asking on the terminal (unless `yes`), keeping the old file beside it as
 * FILE.YYYYMMDD-HHMMSS.bak. Without a terminal and without `yes` it
 * refuses (exit 2) rather than guess. Returns 0 (also when the learner
 * said no), or 2 with one line on stderr: unknown kata, not started, a
 * read or write failed (the learner's file is then unchanged). */
int learner_reset(struct app *a, const char *id, int yes);

/* learner_reference: prints kata `id`'s C reference (reference.c, or
 * reference.lua for a kata with a Lua reference), highlighted and numbered
 * on a terminal, through the pager; only once the kata has passed, as
 * rustlings keeps its solutions. Returns 0, or 2 with one line on stderr:
 * unknown kata, not passed yet, unreadable file. */
int learner_reference(struct app *a, const char *id);

/* learner_edit: opens the learner's file of kata `id` (or `file` when not
 * NULL) in $VISUAL, else $EDITOR, else vi, split into words by /bin/sh as
 * git does, and waits for it; then prints "PATH:1". Returns 0, or 2 with
 * one line on stderr: unknown kata, no file yet, the editor failed. */
int learner_edit(struct app *a, const char *id, const char *file);

/* learner_find_lesson: the file of lesson `name` (NULL: the last one read,
 * or the first) into `path` (capacity cap). Returns 0, or 2 after one line
 * on stderr when there is no such lesson. */
int learner_find_lesson(struct app *a, const char *name, char *path, size_t cap);

/* learner_show_lesson: renders lesson `name` (NULL: the last one, or the
 * first) to stdout and stores its path in `path` (capacity cap) for :run.
 * Returns 0 or 2. */
int learner_show_lesson(struct app *a, const char *name, char *path, size_t cap);

/* learner_show_kata: prints kata `id`'s README (NULL id: the kata list).
 * Returns 0 or 2. */
int learner_show_kata(struct app *a, const char *id);

/* learner_current_kata: `given` when not NULL, else the kata started last
 * (the REPL's and the shell's default), copied into id (capacity cap).
 * Returns 0, or 2 after one line on stderr when no kata was started yet. */
int learner_current_kata(struct app *a, const char *given, char *id, size_t cap);

/* learner_work_file: the learner's file of kata `id` ($DOJO_HOME/ID/MODULE.lua)
 * into out (capacity cap). Returns 0, or -1 when the kata can't be loaded
 * (nothing printed). */
int learner_work_file(struct app *a, const char *id, char *out, size_t cap);

/* learner_mtime: the modification time of `path` in nanoseconds, 0 when
 * it is missing. */
long long learner_mtime(const char *path);

#endif
