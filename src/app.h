/* app.h: where dojo finds and keeps things, shared by every command:
 * the pack (lessons/ and katas/), the learner's work folder, the state folder
 * (history, progress), and a small key/value progress store kept as text
 * until the SQLite store arrives. Depends on util.h. */
#ifndef DOJO_APP_H
#define DOJO_APP_H

#include <stddef.h>

struct app {
    char pack[4096];  /* holds lessons/ and katas/: $DOJO_PACK or the source tree */
    char home[4096];  /* learner's work folder: $DOJO_HOME or ~/dojo */
    char state[4096]; /* $XDG_STATE_HOME/dojo or ~/.local/state/dojo */
};

/* app_init: fills the paths from the environment. Can't fail: a missing
 * $HOME falls back to /tmp. Nothing is created on disk. */
void app_init(struct app *a);

/* app_state_get: the value stored under `key` copied into `out` (capacity
 * `cap`); returns 1 when found, 0 when not (out is then ""). */
int app_state_get(const struct app *a, const char *key, char *out, size_t cap);

/* app_state_set: stores `value` under `key` (both without newlines), writing
 * the whole store atomically. Returns 0, or -1 when it can't be written. */
int app_state_set(const struct app *a, const char *key, const char *value);

/* app_state_path: writes the path of state file `name` into out. 0 or -1. */
int app_state_path(const struct app *a, const char *name, char *out, size_t cap);

#endif
