/* start.c: `dojo start KATA`: the kata's starter copied to the work folder
 * (learner.c). Depends on cmd/cmd.h, learner.h. */
#include "cmd/cmd.h"
#include "learner.h"

int cmd_start(struct app *a, const struct cmd_args *args)
{
    int rc = cmd_positionals(args, 1, 1, "one kata id");
    return rc ? rc : learner_start(a, args->argv[0]);
}
