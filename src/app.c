/* app.c: dojo's paths and the process-wide progress store: DOJO_DB or the
 * XDG data folder, opened lazily, the old text store ($STATE/progress, "key
 * value" lines) imported on first run, and the key/value view the commands
 * use. Depends on util.h, progress.h, report/report.h. */
#include "app.h"
#include "pack.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "progress.h"
#include "report/report.h"
#include "util.h"

static struct progress *db;
static int db_tried; /* 0 not yet, 1 tried (db is the result) */
static struct progress *retired; /* a store that failed mid-run */

/* env: the variable `name` when set and not empty, else NULL. */
static const char *env(const char *name)
{
    const char *v = getenv(name);
    return v && *v ? v : NULL;
}

/* installed_pack: <dir of the running binary>/../share/dojo into out when
 * that folder holds katas/ (an installed dojo: cmake --install); else 0. */
static int installed_pack(char *out, size_t cap)
{
    char exe[4096], share[4200], real[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    char *slash;
    if (n <= 0)
        return 0;
    exe[n] = '\0';
    if ((slash = strrchr(exe, '/')) == NULL)
        return 0;
    *slash = '\0'; /* the bin folder */
    snprintf(share, sizeof share, "%s/../share/dojo", exe);
    if (realpath(share, real) == NULL || (size_t)snprintf(share, sizeof share, "%s/katas", real) >= sizeof share ||
        !util_is_dir(share))
        return 0;
    return (size_t)snprintf(out, cap, "%s", real) < cap;
}

void app_init(struct app *a)
{
    const char *pack = env("DOJO_PACK"), *home = env("HOME");
    const char *work = env("DOJO_HOME"), *xdg = env("XDG_STATE_HOME");
    memset(a, 0, sizeof *a);
    if (pack)
        snprintf(a->pack, sizeof a->pack, "%s", pack);
    else if (!installed_pack(a->pack, sizeof a->pack))
        snprintf(a->pack, sizeof a->pack, "%s", DOJO_SOURCE_DIR);
    a->home[0] = a->state[0] = '\0'; /* unknown: app_require says so */
    a->repl = 0;
    if (work)
        snprintf(a->home, sizeof a->home, "%s", work);
    else if (home)
        snprintf(a->home, sizeof a->home, "%s/dojo", home);
    if (xdg)
        snprintf(a->state, sizeof a->state, "%s/dojo", xdg);
    else if (home)
        snprintf(a->state, sizeof a->state, "%s/.local/state/dojo", home);
    pack_register_builtin(a->pack); /* kata_find/kata_list of a->pack span every pack (pack.h) */
}

int app_require(const struct app *a, unsigned needs, const char *who)
{
    const char *what = NULL;
    if ((needs & APP_NEEDS_WORK) && a->home[0] == '\0')
        what = "a work folder for your solutions: set HOME or DOJO_HOME";
    else if ((needs & APP_NEEDS_DATA) && !env("DOJO_DB") && !env("XDG_DATA_HOME") && !env("HOME"))
        what = "a place for your progress: set HOME, XDG_DATA_HOME or DOJO_DB (off: record nothing)";
    else if ((needs & APP_NEEDS_STATE) && a->state[0] == '\0')
        what = "a place for the REPL's history: set HOME or XDG_STATE_HOME";
    if (what == NULL)
        return 0;
    fprintf(stderr, "%s%s: needs %s\n", who ? "dojo " : "dojo", who ? who : "", what);
    return 2;
}

int app_state_path(const struct app *a, const char *name, char *out, size_t cap)
{
    if (a->state[0] == '\0')
        return -1;
    return util_path_join(out, cap, a->state, name);
}

int app_db_path(const struct app *a, char *out, size_t cap)
{
    const char *file = env("DOJO_DB"), *xdg = env("XDG_DATA_HOME"), *home = env("HOME");
    int n;
    (void)a;
    if (file && strcmp(file, "off") == 0)
        return 0;
    if (file)
        n = snprintf(out, cap, "%s", file);
    else if (xdg)
        n = snprintf(out, cap, "%s/dojo/progress.db", xdg);
    else if (home)
        n = snprintf(out, cap, "%s/.local/share/dojo/progress.db", home);
    else
        return 0; /* nowhere: app_require stops the commands that need it */
    return n > 0 && (size_t)n < cap ? 1 : -1;
}

static void close_db(void)
{
    progress_close(db);
    db = NULL;
}

struct progress *app_db(const struct app *a)
{
    char path[4096], legacy[4200], err[1024];
    int rc;
    if (db_tried)
        return db;
    db_tried = 1;
    rc = app_db_path(a, path, sizeof path);
    if (rc <= 0) {
        if (rc < 0)
            fprintf(stderr, "dojo: DOJO_DB: path too long; carrying on without recording progress\n");
        return NULL;
    }
    if (app_state_path(a, "progress", legacy, sizeof legacy) != 0)
        legacy[0] = '\0';
    if (progress_open(path, legacy[0] ? legacy : NULL, &db, err, sizeof err) != 0) {
        fprintf(stderr, "dojo: %s; carrying on without recording progress\n", err);
        return NULL;
    }
    atexit(close_db);
    return db;
}

void app_db_failed(void)
{
    if (db == NULL)
        return;
    fprintf(stderr, "dojo: progress database: %s; carrying on without recording progress\n",
            progress_error(db));
    /* Kept open but unused (still reachable, so not a leak): closing here
     * could run a checkpoint on a file that just failed; the process ends
     * soon enough. */
    retired = db;
    db = NULL;
}

int app_state_get(const struct app *a, const char *key, char *out, size_t cap)
{
    struct progress *p = app_db(a);
    int rc;
    out[0] = '\0';
    if (p == NULL)
        return 0;
    if (strncmp(key, "passed.", 7) == 0) {
        rc = progress_kata_status(p, key + 7);
        if (rc > PROGRESS_NEW)
            snprintf(out, cap, "%s", rc == PROGRESS_PASSED ? "1" : "0");
    } else if (strncmp(key, "hints.", 6) == 0) {
        rc = progress_kata_hints(p, key + 6);
        if (rc > 0)
            snprintf(out, cap, "%d", rc);
    } else {
        rc = progress_get(p, key, out, cap);
    }
    if (rc < 0) {
        app_db_failed();
        out[0] = '\0';
        return 0;
    }
    return out[0] != '\0' || rc == 1;
}

int app_state_set(const struct app *a, const char *key, const char *value)
{
    struct progress *p = app_db(a);
    int64_t now = (int64_t)time(NULL);
    int rc;
    if (p == NULL)
        return -1;
    if (strncmp(key, "passed.", 7) == 0) {
        if (strcmp(value, "1") == 0) {
            struct progress_attempt at = {key + 7, now, 0, 0, 0, 0.0, 0, 1};
            rc = progress_record_attempt(p, &at) > 0 ? 0 : -1;
        } else {
            rc = progress_kata_start(p, key + 7, now);
        }
    } else if (strncmp(key, "hints.", 6) == 0) {
        rc = progress_set_kata_hints(p, key + 6, atoi(value));
    } else {
        rc = progress_set(p, key, value);
        if (rc == 0 && strcmp(key, "lesson") == 0)
            rc = progress_lesson_visit(p, value, now);
    }
    if (rc != 0)
        app_db_failed();
    return rc;
}

int app_record_attempt(const struct app *a, const char *id, const struct report_run *run)
{
    struct progress *p = app_db(a);
    struct progress_attempt at;
    int pending = 0;
    if (p == NULL)
        return -1;
    memset(&at, 0, sizeof at);
    at.kata = id;
    at.at = (int64_t)time(NULL);
    report_counts(run, &at.passed, &at.failed, &at.errors, &pending);
    at.duration = run->duration;
    at.hints = progress_kata_hints(p, id);
    at.ok = report_passed(run);
    if (at.hints < 0 || progress_record_attempt(p, &at) < 0 || progress_set(p, "kata", id) != 0) {
        app_db_failed();
        return -1;
    }
    return 0;
}
