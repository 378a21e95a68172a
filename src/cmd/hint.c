/* hint.c: `dojo hint KATA`: the kata's next hint (learner.c).
 * Depends on cmd/cmd.h, learner.h. */
#include "cmd/cmd.h"
#include "learner.h"

int cmd_hint(struct app *a, const struct cmd_args *args)
{
    int rc = cmd_positionals(args, 1, 1, "one kata id");
    return rc ? rc : learner_hint(a, args->argv[0]);
}
