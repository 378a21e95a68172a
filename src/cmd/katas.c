/* katas.c: `dojo katas`: the kata list with the learner's progress
 * (learner.c). Depends on cmd/cmd.h, learner.h. */
#include "cmd/cmd.h"
#include "learner.h"

int cmd_katas(struct app *a, const struct cmd_args *args)
{
    int rc = cmd_positionals(args, 0, 0, "nothing");
    return rc ? rc : learner_show_kata(a, NULL);
}
