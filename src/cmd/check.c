/* check.c: `dojo check [KATA]` (grade once, record progress; the kata
 * defaults to the one started last). The grading and the live report are
 * learner.c's (the REPL's :check and `dojo watch` share them); this file
 * reads the flags.
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

/* needs: the folders a check under f needs: the work folder for the
 * learner's own file, the progress store unless it grades the reference
 * (which records nothing). */
static unsigned needs(const struct grade_flags *f)
{
    return (f->solution || f->reference ? 0 : APP_NEEDS_WORK) | (f->reference ? 0 : APP_NEEDS_DATA);
}

int cmd_check(struct app *a, const struct cmd_args *args)
{
    struct grade_flags f;
    int rc;
    char id[256];
    if ((rc = grade_flags_read(args, 0, &f)) != 0 || (rc = cmd_positionals(args, 0, 1, "one kata id")) != 0)
        return rc;
    if (f.solution && f.reference)
        return usage_error("check", "--solution and --reference can't be used together");
    if ((rc = app_require(a, needs(&f), "check")) != 0)
        return rc;
    if (learner_current_kata(a, args->argc ? args->argv[0] : NULL, id, sizeof id) != 0)
        return 2;
    return learner_check(a, id, &f, NULL);
}
