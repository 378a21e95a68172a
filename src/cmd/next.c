/* next.c: `dojo next`: takes the next step on the learner's path. The step
 * is progress's suggestion (reviews due first, then in lesson order: read
 * the lesson, pass its katas from the easiest, answer its questions; see
 * standing.h), carried out here: a lesson is shown, a new kata started
 * with its task printed, a started one named with its file, a quiz run.
 * Depends on cmd/cmd.h, learner.h, standing.h. */
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "standing.h"
#include "learner.h"

/* run: runs command `name` of the table with the one argument `arg` (may be
 * NULL), as if typed. */
static int run(struct app *a, const char *name, char *arg)
{
    const struct cmd *c = cmd_find(name);
    char *argv[2] = {arg, NULL};
    struct cmd_args args;
    int help = 0, rc;
    if (c == NULL)
        return 2;
    if ((rc = cmd_parse(c, arg ? 1 : 0, argv, &args, &help)) != 0)
        return rc;
    return c->run(a, &args);
}

int cmd_next(struct app *a, const struct cmd_args *args)
{
    char step[400], why[800], verb[32] = "", arg[256] = "";
    int rc = cmd_positionals(args, 0, 0, "nothing");
    if (rc)
        return rc;
    if (standing_next_step(a, step, sizeof step, why, sizeof why) != 0) {
        /* No progress store (DOJO_DB=off): the next kata in path order. */
        int started = 0;
        if ((rc = learner_next_kata(a, arg, sizeof arg, &started)) < 0)
            return 2;
        if (rc == 0) {
            printf("Every kata is passed.\n");
            return 0;
        }
        snprintf(step, sizeof step, "dojo %s %s", started ? "check" : "start", arg);
        snprintf(why, sizeof why, "the next kata in path order");
    }
    /* step is "dojo VERB [ARG]" */
    if (sscanf(step, "dojo %31s %255s", verb, arg) < 1) {
        fprintf(stderr, "dojo next: no next step (%s)\n", why);
        return 2;
    }
    printf("Next: %s   (%s)\n\n", step, why);
    fflush(stdout);
    if (strcmp(verb, "learn") == 0 || strcmp(verb, "quiz") == 0)
        return run(a, verb, arg[0] ? arg : NULL);
    if (strcmp(verb, "start") == 0) {
        if ((rc = learner_start(a, arg)) != 0)
            return rc;
        printf("\n");
        return learner_show_kata(a, arg);
    }
    if (strcmp(verb, "check") == 0) {
        char file[8400];
        printf("Kata %s is started, not passed yet. Your file: %s\n", arg,
               learner_work_file(a, arg, file, sizeof file) == 0 ? file : "(unknown)");
        printf("Check it with: dojo check %s   (the task: dojo kata %s; stuck? dojo hint %s)\n", arg, arg,
               arg);
        return 0;
    }
    return run(a, verb, arg[0] ? arg : NULL);
}
