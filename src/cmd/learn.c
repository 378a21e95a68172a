/* learn.c: `dojo learn [LESSON]`: renders a lesson (learner.c), then, on a
 * terminal, opens the REPL where :run N runs its blocks.
 * Depends on cmd/cmd.h, learner.h, repl.h. */
#include <unistd.h>

#include "cmd/cmd.h"
#include "learner.h"
#include "repl.h"

int cmd_learn(struct app *a, const struct cmd_args *args)
{
    char path[4200];
    int rc;
    if ((rc = cmd_positionals(args, 0, 1, "one lesson name")) != 0)
        return rc;
    rc = learner_show_lesson(a, args->argc ? args->argv[0] : NULL, path, sizeof path);
    if (rc != 0)
        return rc;
    if (isatty(0) && isatty(1))
        return repl_interactive(a, path);
    return 0;
}
