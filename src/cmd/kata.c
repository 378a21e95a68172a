/* kata.c: the commands on one kata besides check and hint: `dojo kata KATA`
 * (its task), `dojo edit [KATA]`, `dojo reset KATA` and `dojo reference
 * KATA`; the work is learner.c's and learnerops.c's (the REPL shares it).
 * Depends on cmd/cmd.h, learner.h. */
#include "cmd/cmd.h"
#include "learner.h"

int cmd_kata(struct app *a, const struct cmd_args *args)
{
    int rc = cmd_positionals(args, 1, 1, "one kata id (list them with dojo katas)");
    return rc ? rc : learner_show_kata(a, args->argv[0]);
}

int cmd_edit(struct app *a, const struct cmd_args *args)
{
    char id[256];
    int rc = cmd_positionals(args, 0, 1, "one kata id");
    if (rc)
        return rc;
    if (learner_current_kata(a, args->argc ? args->argv[0] : NULL, id, sizeof id) != 0)
        return 2;
    return learner_edit(a, id, NULL);
}

int cmd_reset(struct app *a, const struct cmd_args *args)
{
    int rc = cmd_positionals(args, 1, 1, "one kata id");
    return rc ? rc : learner_reset(a, args->argv[0], cmd_flag(args, "--yes") != NULL);
}

int cmd_reference(struct app *a, const struct cmd_args *args)
{
    int rc = cmd_positionals(args, 1, 1, "one kata id");
    return rc ? rc : learner_reference(a, args->argv[0]);
}
