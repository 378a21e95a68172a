/* app.h: where dojo finds and keeps things, shared by every command: the
 * pack (lessons/ and katas/), the learner's work folder, the state folder
 * (REPL history), and the progress store (progress.h), opened lazily on
 * first use so that `dojo -e` and `dojo FILE.lua` never touch it.
 * Depends on util.h, progress.h, report/report.h. */
#ifndef DOJO_APP_H
#define DOJO_APP_H

#include <stddef.h>

struct progress;
struct report_run;

struct app {
    char pack[4096];  /* holds lessons/ and katas/: $DOJO_PACK, else
                         <bin>/../share/dojo when it holds katas/ (installed),
                         else the source tree */
    char home[4096];  /* learner's work folder: $DOJO_HOME or ~/dojo ("" unknown) */
    char state[4096]; /* $XDG_STATE_HOME/dojo or ~/.local/state/dojo ("" unknown) */
    int repl;         /* 1 inside the interactive REPL: learner.c's messages
                         then name :commands instead of dojo commands */
};

/* app_init: fills the paths from the environment. Can't fail: a folder
 * with neither its variable nor HOME set is left "" (unknown), and the
 * commands that need it stop with app_require. Nothing is created. */
void app_init(struct app *a);

/* What a command needs (bits, the `needs` of its cmd/table.c row). */
#define APP_NEEDS_WORK 1  /* the work folder: DOJO_HOME, else HOME/dojo */
#define APP_NEEDS_DATA 2  /* the progress store: DOJO_DB, XDG_DATA_HOME or HOME */
#define APP_NEEDS_STATE 4 /* the state folder (REPL history): XDG_STATE_HOME or HOME */

/* app_require: checks that every folder `needs` asks for is known. Returns
 * 0, or 2 after one line on stderr: "dojo WHO: needs ...: set HOME or ..."
 * (WHO NULL: "dojo: needs ..."). */
int app_require(const struct app *a, unsigned needs, const char *who);

/* app_db_path: the progress database's path into out (capacity cap):
 * $DOJO_DB, else $XDG_DATA_HOME/dojo/progress.db, else
 * ~/.local/share/dojo/progress.db. Returns 1, or 0 when DOJO_DB is "off"
 * or none of the three is set (no store: nothing is recorded), or -1 when
 * the path does not fit. */
int app_db_path(const struct app *a, char *out, size_t cap);

/* app_db: the progress store, opened (and migrated, importing the old text
 * store $STATE/progress on first run) on the first call; later calls
 * return the same handle, which lives until the process ends. NULL when
 * there is none: DOJO_DB=off, or the file can't be used, in which case one
 * line on stderr says why, once, and dojo carries on without recording. */
struct progress *app_db(const struct app *a);

/* app_db_failed: reports a failed read or write of the store in one line
 * on stderr (once per process) and stops using it. */
void app_db_failed(void);

/* app_state_get: the value stored under `key` copied into `out` (capacity
 * `cap`); returns 1 when found, 0 when not or when there is no store (out
 * is then ""). Keys "passed.KATA" ("1" passed, "0" started) and
 * "hints.KATA" (hints shown) read the kata table; others are settings. */
int app_state_get(const struct app *a, const char *key, char *out, size_t cap);

/* app_state_set: stores `value` under `key`. "passed.KATA" = "0" marks the
 * kata started, "1" passed (a passed kata stays passed); "lesson" also
 * records a visit of that lesson. Returns 0, or -1 when there is no store
 * or the write failed (reported once, as app_db_failed). */
int app_state_set(const struct app *a, const char *key, const char *value);

/* app_record_attempt: records one graded attempt at kata `id` from `run`
 * (verdict counts, duration, hints seen so far); a pass marks the kata
 * passed for good. 0, or -1 when it could not be recorded (said once). */
int app_record_attempt(const struct app *a, const char *id, const struct report_run *run);

/* app_state_path: writes the path of state file `name` into out. 0, or -1
 * when it does not fit or the state folder is unknown. */
int app_state_path(const struct app *a, const char *name, char *out, size_t cap);

#endif
