/* nextstep.h: what `dojo progress` (cmd/progress.c) computes, shared with the REPL's
 * greeting: the suggested next step. cmd_progress itself is declared in
 * cmd/cmd.h. Depends on app.h. */
#ifndef DOJO_CMD_NEXTSTEP_H
#define DOJO_CMD_NEXTSTEP_H

#include <stddef.h>
#include <stdio.h>

#include "app.h"

/* progress_next_step: the command to run next ("dojo learn decorators",
 * "dojo quiz closures", ...) into cmd, and why into why (capacities in
 * bytes). Returns 0, or -1 when there is no progress store (nothing is
 * written then). */
int progress_next_step(struct app *a, char *cmd, size_t cmdcap, char *why, size_t whycap);

/* progress_greet: "Next: CMD   (WHY)" on `out` (colour when `color`), for
 * the REPL's greeting; prints nothing when there is no progress store. */
void progress_greet(struct app *a, FILE *out, int color);

#endif
