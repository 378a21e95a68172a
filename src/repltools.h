/* repltools.h: the REPL's workbench commands that need no session: the
 * learner's kata folders on package.path, :load's chunk, :edit, :time and
 * :mem. Depends on Lua 5.4 and app.h. Errors are told on stderr in one
 * line; nothing here exits. */
#ifndef DOJO_REPLTOOLS_H
#define DOJO_REPLTOOLS_H

#include <lua.h>
#include <stddef.h>
#include <stdio.h>

#include "app.h"

#define REPLTOOLS_RUNS 7      /* :time's runs, as timeit's default repeat */
#define REPLTOOLS_BUDGET 3.0  /* seconds of runs after which :time stops (3 runs at least) */

/* repltools_set_path: [-0, +0, m] puts every folder of the learner's work
 * folder (a->home/<kata>/) first on package.path, before the path the state
 * began with, so require("counter") finds $DOJO_HOME/counter/counter.lua.
 * Call again after a new folder appears (:start). Can't fail (an
 * unreadable work folder adds nothing). */
void repltools_set_path(lua_State *L, const struct app *a);

/* repltools_load_chunk: the Lua text that loads the learner's solution of
 * kata `id` afresh (package.loaded cleared, then `module = require(module)`)
 * into `chunk` (capacity ccap), its module name into `module`. Returns 0, or
 * -1 after a one-line message on stderr (no such kata, not started). */
int repltools_load_chunk(const struct app *a, const char *id, char *module, size_t mcap,
                         char *chunk, size_t ccap);

/* repltools_time: [-0, +1, -] times the function on the top of the stack
 * (with a message handler just below it) as IPython's %timeit does: loops
 * of 1, 2, 5, 10, 20... calls until a loop takes 0.2 s, then up to
 * REPLTOOLS_RUNS runs of that many calls (fewer past REPLTOOLS_BUDGET
 * seconds, never fewer than 3); prints the median time per call, the runs
 * and loops to `out`. Ctrl-C stops it (interrupt.h). Pushes nil and returns
 * 0, or pushes the error message and returns -1 when a call raised. */
int repltools_time(lua_State *L, FILE *out);

/* repltools_mem: prints the Lua heap in KiB (collectgarbage("count")).
 * Can't fail. */
void repltools_mem(lua_State *L, FILE *out);

#endif
