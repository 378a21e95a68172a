/* watch.c: `dojo watch [KATA]`: checks the kata, then again on every save
 * of the learner's file (watchfile.h: inotify on its folder, so editors
 * that save by renaming are seen too; polling where inotify is missing),
 * with single keys on a terminal: h the next hint, n the next kata, r run
 * again, e the editor, q quit. A save during a run stops it and starts it
 * again (learner_check's stop on the file's change). When every test
 * passes it says so and offers the next kata, as rustlings' watch mode
 * does. Depends on cmd/cmd.h, gradeflags.h, learner.h, term.h,
 * watchfile.h. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "gradeflags.h"
#include "learner.h"
#include "term.h"
#include "util.h"
#include "watchfile.h"

/* on_signal: puts the terminal back before dying of SIGINT/SIGTERM/SIGHUP
 * (tcsetattr is async-signal-safe), then dies of the same signal. */
static void on_signal(int sig)
{
    watchfile_keys_end();
    signal(sig, SIG_DFL);
    raise(sig);
}

struct watch {
    struct app *a;
    struct grade_flags f;
    char id[256];
    char file[8400];
    int own_file;        /* the learner's file (not --solution) */
    int keys;            /* single keys are read from stdin */
    struct watchfile *w;
};

/* target: points w at kata w->id: its file and a watcher on it. 0 or 2. */
static int target(struct watch *w)
{
    char err[1024];
    if (w->own_file && learner_work_file(w->a, w->id, w->file, sizeof w->file) != 0) {
        fprintf(stderr, "dojo watch: no kata '%s' (list them: dojo katas)\n", w->id);
        return 2;
    }
    watchfile_close(w->w);
    w->w = NULL;
    if (watchfile_open(w->file, &w->w, err, sizeof err) != 0) {
        fprintf(stderr, "dojo watch: %s\n", err);
        return 2;
    }
    return 0;
}

/* run_once: clears the screen and checks; returns learner_check's status,
 * re-running at once while saves come during a run. */
static int run_once(struct watch *w)
{
    int rc;
    do {
        struct learner_stop stop = {0, w->file, 0};
        watchfile_changed(w->w); /* what happened before this run is seen */
        if (isatty(1))
            printf("%s", term_color(stdout) ? "\033[2J\033[H" : "\n");
        for (int i = 0; i < 20 && !util_is_file(w->file); i++)
            usleep(100000); /* an editor that saves by delete and create */
        stop.mtime = learner_mtime(w->file);
        rc = learner_check(w->a, w->id, &w->f, &stop);
        if (rc < 0) {
            printf("%s changed: checking again.\n", w->file);
            fflush(stdout);
        }
    } while (rc < 0);
    return rc;
}

/* footer: what the learner can do now. */
static void footer(const struct watch *w, int rc)
{
    int c = term_color(stdout);
    if (rc == 0 && w->own_file)
        printf("\n%sEvery test passes.%s Press n for the next kata, q to quit.\n", term_style(c, TERM_GREEN),
               term_style(c, TERM_RESET));
    printf("\nWatching %s (%s): save it to check again.\n", w->file,
           watchfile_polling(w->w) ? "polling: inotify is not available here" : "inotify");
    if (w->keys)
        printf("Keys: h hint   n next kata   r run again   e edit   q quit\n");
    else
        printf("Ctrl-C to stop.\n");
    fflush(stdout);
}

/* next_kata: moves to the next kata not passed, starting it. 1 moved, 0
 * none left, 2 error. */
static int next_kata(struct watch *w)
{
    char id[256];
    int started = 0, rc = learner_next_kata(w->a, id, sizeof id, &started);
    if (rc <= 0) {
        printf(rc == 0 ? "Every kata is passed.\n" : "");
        return rc < 0 ? 2 : 0;
    }
    if (!started && learner_start(w->a, id) != 0)
        return 2;
    snprintf(w->id, sizeof w->id, "%s", id);
    return target(w) == 0 ? 1 : 2;
}

int cmd_watch(struct app *a, const struct cmd_args *args)
{
    struct watch w;
    int rc;
    memset(&w, 0, sizeof w);
    w.a = a;
    if ((rc = grade_flags_read(args, 0, &w.f)) != 0 || (rc = cmd_positionals(args, 0, 1, "one kata id")) != 0 ||
        (rc = app_require(a, (w.f.solution ? 0 : APP_NEEDS_WORK) | APP_NEEDS_DATA, "watch")) != 0)
        return rc;
    if (learner_current_kata(a, args->argc ? args->argv[0] : NULL, w.id, sizeof w.id) != 0)
        return 2;
    w.own_file = w.f.solution == NULL;
    if (!w.own_file)
        snprintf(w.file, sizeof w.file, "%s", w.f.solution);
    if (target(&w) != 0)
        return 2;
    w.f.format = REPORT_HUMAN;
    w.f.solution = w.file;
    if ((w.keys = watchfile_keys_begin(0)) != 0) {
        signal(SIGINT, on_signal);
        signal(SIGTERM, on_signal);
        signal(SIGHUP, on_signal);
    }
    for (int run = 1;;) {
        int key = 0;
        enum watch_event ev;
        if (run) {
            rc = run_once(&w);
            if (rc == 2 && !util_is_file(w.file))
                printf("(waiting for %s to exist)\n", w.file);
            footer(&w, rc);
            run = 0;
        }
        ev = watchfile_wait(w.w, w.keys ? 0 : -1, -1, 150, &key);
        if (ev == WATCH_CHANGED) {
            run = 1;
        } else if (ev == WATCH_ERROR) {
            fprintf(stderr, "dojo watch: %s: cannot watch it any more\n", w.file);
            rc = 2;
            break;
        } else if (ev == WATCH_KEY) {
            if (key == 'q' || key == 'Q' || key == 4 /* Ctrl-D */) {
                rc = 0;
                break;
            } else if (key == 'r' || key == 'R') {
                run = 1;
            } else if (key == 'h' || key == 'H') {
                printf("\n");
                learner_hint(a, w.id, 0, 0);
                fflush(stdout);
            } else if ((key == 'n' || key == 'N') && w.own_file) {
                int moved = next_kata(&w);
                if (moved == 2) {
                    rc = 2;
                    break;
                }
                run = moved;
            } else if (key == 'e' || key == 'E') {
                watchfile_keys_end();
                learner_edit(a, w.id, w.own_file ? NULL : w.file);
                w.keys = watchfile_keys_begin(0);
                run = watchfile_changed(w.w);
            }
        }
    }
    watchfile_keys_end();
    watchfile_close(w.w);
    return rc;
}
