/* commands.h: one function per `dojo` subcommand. Each takes the app paths
 * and the arguments after the command word, prints what the user sees, and
 * returns the exit status: 0 success, 1 some test failed (check, grade,
 * validate), 2 the command could not run (bad usage, missing file), with a
 * one-line message on stderr naming the file (and line) at fault.
 * Depends on app.h and every module a command uses. */
#ifndef DOJO_COMMANDS_H
#define DOJO_COMMANDS_H

#include "app.h"

int cmd_learn(struct app *a, int argc, char **argv);
int cmd_katas(struct app *a, int argc, char **argv);
int cmd_start(struct app *a, int argc, char **argv);
int cmd_hint(struct app *a, int argc, char **argv);
int cmd_progress(struct app *a, int argc, char **argv);
int cmd_check(struct app *a, int argc, char **argv);
int cmd_watch(struct app *a, int argc, char **argv);
int cmd_grade(struct app *a, int argc, char **argv);
int cmd_validate(struct app *a, int argc, char **argv);
int cmd_bench(struct app *a, int argc, char **argv);
int cmd_serve(struct app *a, int argc, char **argv);
int cmd_quiz(struct app *a, int argc, char **argv);
int cmd_similar(struct app *a, int argc, char **argv); /* similarcmd.c */

/* usage_error: prints "dojo CMD: MESSAGE (see dojo help)" on stderr and
 * returns 2. */
int usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* check_kata: grades kata `id` against the learner's file (or `solution`
 * when not NULL, or the C reference when `reference`), prints the human
 * report to stdout as each test ends and records progress. Returns 0, 1 or
 * 2 as above, or 130 when a Ctrl-C (a SIGINT caught by
 * interrupt_catch_sigint) stopped it: the grading child is killed, nothing
 * is recorded. The REPL's :check uses it. */
int check_kata(struct app *a, const char *id, const char *solution, int reference);

/* start_kata: copies kata `id`'s starter to the learner's work folder
 * (keeping a file already there) and prints its path. Returns 0, or 2 when
 * the kata can't be found or the file can't be written. */
int start_kata(struct app *a, const char *id);

/* hint_kata: prints the next hint of kata `id` and remembers how many were
 * shown. Returns 0, or 2 when the kata can't be found. */
int hint_kata(struct app *a, const char *id);

/* show_lesson: renders lesson `name` (NULL: the last one, or the first) to
 * stdout and stores its path in `path` (capacity cap) for :run. 0 or 2. */
int show_lesson(struct app *a, const char *name, char *path, size_t cap);

/* show_kata: prints kata `id`'s README (NULL id: the kata list). 0 or 2. */
int show_kata(struct app *a, const char *id);

#endif
