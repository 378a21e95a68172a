/* check.c: `dojo check KATA` (grade once, record progress) and `dojo watch
 * KATA` (check again on every save). The grading and the live report are
 * learner.c's (the REPL's :check shares them); this file reads the flags.
 * Depends on cmd/cmd.h, gradeflags.h, kata.h, learner.h, term.h, util.h. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "gradeflags.h"
#include "kata.h"
#include "learner.h"
#include "term.h"
#include "util.h"

int cmd_check(struct app *a, const struct cmd_args *args)
{
    struct grade_flags f;
    int rc;
    if ((rc = grade_flags_read(args, 0, &f)) != 0 || (rc = cmd_positionals(args, 1, 1, "one kata id")) != 0)
        return rc;
    if (f.solution && f.reference)
        return usage_error("check", "--solution and --reference can't be used together");
    return learner_check(a, args->argv[0], &f, NULL);
}

int cmd_watch(struct app *a, const struct cmd_args *args)
{
    struct grade_flags f;
    char dir[4096], err[1024], file[8400];
    struct kata *k = NULL;
    int rc;
    if ((rc = grade_flags_read(args, 0, &f)) != 0 || (rc = cmd_positionals(args, 1, 1, "one kata id")) != 0)
        return rc;
    if (kata_find(a->pack, args->argv[0], dir, sizeof dir, err, sizeof err) != 0 ||
        kata_load(dir, &k, err, sizeof err) != 0) {
        fprintf(stderr, "dojo: %s\n", err);
        return 2;
    }
    snprintf(file, sizeof file, "%s/%s/%s.lua", a->home, k->id, k->module);
    if (f.solution)
        snprintf(file, sizeof file, "%s", f.solution);
    kata_free(k);
    f.format = REPORT_HUMAN;
    f.solution = file;
    for (;;) {
        struct learner_stop stop = {0, file, 0};
        stop.mtime = learner_mtime(file);
        printf("%s", term_color(stdout) ? "\033[2J\033[H" : "\n");
        for (int i = 0; i < 20 && !util_is_file(file); i++)
            usleep(100000); /* an editor that saves by delete and create */
        rc = learner_check(a, args->argv[0], &f, &stop);
        if (rc == 2)
            return 2;
        if (rc < 0) { /* saved during the run: start again at once */
            printf("%s changed: checking again.\n", file);
            fflush(stdout);
            continue;
        }
        printf("\nWatching %s: save it to check again, Ctrl-C to stop.\n", file);
        fflush(stdout);
        while (learner_mtime(file) == stop.mtime)
            usleep(250000);
    }
}
