/* start.c: `dojo start KATA [--edit]`: the kata's starter and task copied
 * to the work folder (learner.c), then, with --edit, the editor.
 * Depends on cmd/cmd.h, learner.h. */
#include "cmd/cmd.h"
#include "learner.h"

int cmd_start(struct app *a, const struct cmd_args *args)
{
    int rc = cmd_positionals(args, 1, 1, "one kata id (list them with dojo katas)");
    if (rc || (rc = learner_start(a, args->argv[0])) != 0)
        return rc;
    return cmd_flag(args, "--edit") ? learner_edit(a, args->argv[0], NULL) : 0;
}
