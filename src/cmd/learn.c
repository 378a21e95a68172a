/* learn.c: `dojo learn [LESSON] [--html FILE]`: renders a lesson
 * (learner.c), then, on a terminal, opens the REPL where :run N runs its
 * blocks; with --html, writes the lesson as one web page instead
 * (lesson_render_html) and opens nothing.
 * Depends on cmd/cmd.h, learner.h, lesson.h, repl.h, util.h (util_atomic). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "learner.h"
#include "lesson.h"
#include "repl.h"
#include "util.h"

/* write_html: lesson `name` (NULL: the last one read, else the first) as an
 * HTML page written whole to `file` (a temporary file renamed over it).
 * Records nothing: writing a page for an LMS is not reading it. 0 or 2. */
static int write_html(struct app *a, const char *name, const char *file)
{
    char path[4200], err[1024];
    struct lesson *l = NULL;
    struct util_atomic out;
    int bad;
    if (learner_find_lesson(a, name, path, sizeof path) != 0)
        return 2;
    if (lesson_load(path, &l, err, sizeof err) != 0) {
        fprintf(stderr, "dojo: %s\n", err);
        return 2;
    }
    bad = util_atomic_open(&out, file) != 0;
    if (!bad) {
        bad = lesson_render_html(l, out.f) != 0;
        bad |= util_atomic_close(&out, !bad) != 0; /* a write error replaces nothing */
    }
    lesson_free(l);
    if (bad) {
        fprintf(stderr, "dojo learn: %s: cannot write: %s\n", file, strerror(errno ? errno : EIO));
        return 2;
    }
    printf("Wrote %s\n", file);
    return 0;
}

int cmd_learn(struct app *a, const struct cmd_args *args)
{
    char path[4200];
    const char *html = cmd_flag(args, "--html");
    int rc;
    if ((rc = cmd_positionals(args, 0, 1, "one lesson name")) != 0)
        return rc;
    if (html != NULL)
        return write_html(a, args->argc ? args->argv[0] : NULL, html);
    rc = learner_show_lesson(a, args->argc ? args->argv[0] : NULL, path, sizeof path);
    if (rc != 0)
        return rc;
    if (isatty(0) && isatty(1)) /* the REPL keeps history and starts katas */
        return app_require(a, APP_NEEDS_WORK | APP_NEEDS_STATE, "learn") ? 2 : repl_interactive(a, path);
    return 0;
}
