/* hint.c: `dojo hint [KATA] [N]`: the kata's next hint, or hint N again, or
 * with --all every hint seen so far (learner.c). The kata defaults to the
 * one started last. Depends on cmd/cmd.h, learner.h. */
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "learner.h"

/* number: n >= 1 from a word of digits, else 0. */
static int number(const char *s)
{
    return *s && strspn(s, "0123456789") == strlen(s) && strlen(s) < 6 ? atoi(s) : 0;
}

int cmd_hint(struct app *a, const struct cmd_args *args)
{
    char id[256];
    const char *given = NULL;
    int n = 0, rc = cmd_positionals(args, 0, 2, "a kata id and a hint number");
    if (rc)
        return rc;
    if (args->argc == 2) {
        given = args->argv[0];
        if ((n = number(args->argv[1])) == 0)
            return usage_error("hint", "hint number '%s' is not a whole number from 1", args->argv[1]);
    } else if (args->argc == 1) {
        if ((n = number(args->argv[0])) == 0)
            given = args->argv[0];
    }
    if (n && cmd_flag(args, "--all"))
        return usage_error("hint", "give a hint number or --all, not both");
    if (learner_current_kata(a, given, id, sizeof id) != 0)
        return 2;
    return learner_hint(a, id, n, cmd_flag(args, "--all") != NULL);
}
