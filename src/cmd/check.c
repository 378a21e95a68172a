/* check.c: the grading commands for a learner: check (one kata, records
 * progress) and watch (check again on every save).
 * Depends on app.h, grade.h, kata.h, lesson.h, report/report.h, sandbox.h. */
#include <dirent.h>
#include <errno.h>
#include <lauxlib.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "grade.h"
#include "interrupt.h"
#include "kata.h"
#include "lesson.h"
#include "quiz.h"
#include "sandbox.h"
#include "term.h"
#include "util.h"


/* parse_double: a positive number from `s`, or -1. */
static double parse_positive(const char *s)
{
    char *end;
    double v = strtod(s, &end);
    return (*s && *end == '\0' && v > 0) ? v : -1;
}

/* flag_allowed: 1 when `flag` is one of the space-separated words. */
static int flag_allowed(const char *allowed, const char *flag)
{
    size_t n = strlen(flag);
    for (const char *p = allowed; (p = strstr(p, flag)) != NULL; p += n)
        if ((p == allowed || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
            return 1;
    return 0;
}

int parse_flags(const char *cmd, const char *allowed, int argc, char **argv, struct grade_flags *f,
                int *npos)
{
    int n = 0;
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i], *val = NULL;
        if (arg[0] != '-' || strcmp(arg, "-") == 0) {
            argv[n++] = argv[i];
            continue;
        }
        if (!flag_allowed(allowed, arg))
            return usage_error(cmd, "unknown flag '%s'", arg);
        if (strcmp(arg, "--reference") == 0 || strcmp(arg, "--show-hidden") == 0 ||
            strcmp(arg, "--server") == 0) {
            *(arg[3] == 'e' ? (arg[4] == 'f' ? &f->reference : &f->server) : &f->show_hidden) = 1;
            continue;
        }
        if (i + 1 >= argc)
            return usage_error(cmd, "flag '%s' needs a value", arg);
        val = argv[++i];
        if (strcmp(arg, "--format") == 0) {
            if (strcmp(val, "tsv") == 0 && flag_allowed(allowed, "tsv"))
                f->tsv = 1;
            else if (report_parse_format(val, &f->format) != 0)
                return usage_error(cmd, "unknown format '%s' (human, tap, junit, json, gradescope)", val);
            f->format_set = 1;
        } else if (strcmp(arg, "--timeout") == 0) {
            if ((f->timeout = parse_positive(val)) < 0)
                return usage_error(cmd, "--timeout takes a number of seconds > 0, not '%s'", val);
        } else if (strcmp(arg, "--file-timeout") == 0) {
            if ((f->file_timeout = parse_positive(val)) < 0)
                return usage_error(cmd, "--file-timeout takes a number of seconds > 0, not '%s'", val);
        } else if (strcmp(arg, "--memory") == 0) {
            if ((f->memory = parse_positive(val)) < 0)
                return usage_error(cmd, "--memory takes a number of MiB > 0, not '%s'", val);
        } else if (strcmp(arg, "--jobs") == 0) {
            if ((f->jobs = (int)parse_positive(val)) < 1)
                return usage_error(cmd, "--jobs takes a whole number >= 1, not '%s'", val);
        } else if (strcmp(arg, "--solution") == 0) {
            f->solution = val;
        } else if (strcmp(arg, "--kata") == 0) {
            f->kata = val;
        } else if (strcmp(arg, "--output") == 0) {
            f->output = val;
        } else if (strcmp(arg, "--summary") == 0) {
            f->summary = val;
        } else if (strcmp(arg, "--spec") == 0) {
            f->spec = val;
        }
    }
    *npos = n;
    if (!f->format_set)
        f->format = isatty(1) ? REPORT_HUMAN : REPORT_TAP;
    return 0;
}

/* limits_for: the limits a job runs under: flags, then the kata, then the
 * defaults. `k` may be NULL. */
struct spec_limits limits_for(const struct grade_flags *f, const struct kata *k)
{
    struct spec_limits l;
    double mib = f->memory > 0 ? f->memory : (k && k->memory > 0 ? k->memory : SPEC_DEFAULT_MEMORY_MIB);
    l.timeout = f->timeout > 0 ? f->timeout : (k && k->timeout > 0 ? k->timeout : SPEC_DEFAULT_TIMEOUT);
    l.file_timeout = f->file_timeout > 0                ? f->file_timeout
                     : k && k->file_timeout > 0         ? k->file_timeout
                                                        : spec_default_file_timeout(l.timeout);
    l.memory = (size_t)(mib * 1024 * 1024);
    l.output = SPEC_DEFAULT_OUTPUT;
    return l;
}

/* kata_file_job: grades `solution` (or the reference) against kata k's
 * spec into `run`, showing progress to `w` (may be NULL). Returns 0, 1 when
 * `w` stopped it, or 2 after printing why it could not run. */
static int kata_file_job(const struct kata *k, const char *solution, int reference,
                         const struct grade_flags *f, struct report_run *run,
                         const struct grade_watch *w)
{
    int rc;
    char spec[4200], dir[4200], err[512], shown[300];
    struct spec_job job;
    memset(&job, 0, sizeof job);
    util_path_join(spec, sizeof spec, k->dir, "spec.lua");
    job.spec_path = spec;
    snprintf(shown, sizeof shown, "%s/spec.lua", k->id); /* never the kata's absolute path */
    job.spec_name = shown;
    job.module = k->module;
    job.limits = limits_for(f, k);
    job.server = k->server || f->server;
    if (reference) {
        job.reference = kata_reference_open(k->id);
        job.solution_dir = k->dir;
        if (job.reference == NULL) {
            fprintf(stderr, "dojo: %s/reference.c: not compiled into this dojo (rebuild it)\n", k->dir);
            return 2;
        }
    } else {
        snprintf(dir, sizeof dir, "%s", solution);
        job.solution_dir = dirname(dir);
        job.solution_file = solution;
    }
    if ((rc = grade_spec_watched(&job, run, w, err, sizeof err)) < 0) {
        fprintf(stderr, "dojo: %s\n", err);
        return 2;
    }
    kata_score(k, run);
    return rc;
}

int grade_kata_file(const struct kata *k, const char *solution, int reference,
                    const struct grade_flags *f, struct report_run *run)
{
    return kata_file_job(k, solution, reference, f, run, NULL);
}

/* --- the human report, shown as it is made -------------------------------- */

/* A run shown live: each case as it ends, and on a terminal a status line
 * (a spinner, how many tests ended, the one running and for how long) drawn
 * with carriage returns and spaces only: no escape bytes. */
struct live {
    FILE *out;
    const struct kata *k;
    int color;          /* styles in the cases (term_color) */
    int status;         /* draw the status line (a terminal) */
    int status_shown;   /* a status line is on screen */
    int width;          /* the terminal's columns */
    size_t ended;       /* cases shown */
    char running[160];  /* the test running ("" none) */
    double since;       /* util_now() when it began */
    unsigned spin;
    int stop_on_sigint; /* Ctrl-C stops the run (the REPL's :check) */
    const char *watch;  /* stop when this file changes (dojo watch), or NULL */
    long long mtime;    /* ... from this modification time */
    int stopped;        /* why it stopped: 1 Ctrl-C, 2 the file changed */
    char not_run[512];  /* the last case's message (to say "not run" once) */
};

static long long mtime_of(const char *path);

/* live_clear: wipes the status line. */
static void live_clear(struct live *lv)
{
    if (!lv->status_shown)
        return;
    fprintf(lv->out, "\r%*s\r", lv->width - 1, "");
    lv->status_shown = 0;
}

/* live_draw: the status line, cut to the terminal's width. */
static void live_draw(struct live *lv)
{
    static const char wheel[] = "|/-\\";
    char line[512];
    int n;
    if (!lv->status || lv->running[0] == '\0')
        return;
    n = snprintf(line, sizeof line, "  %c %zu done, %.1f s in: %s", wheel[lv->spin++ % 4],
                 lv->ended, util_now() - lv->since, lv->running);
    if (n < 0)
        return;
    /* Room is left for the "^C" a terminal echoes, so it can't wrap. */
    if (n > lv->width - 4)
        n = lv->width - 4 < (int)sizeof line ? lv->width - 4 : (int)sizeof line - 1;
    line[n] = '\0';
    fprintf(lv->out, "\r%s%*s", line, lv->width - 4 - n, "");
    lv->status_shown = 1;
    fflush(lv->out);
}

static void live_started(void *ud, int id, const char *name)
{
    struct live *lv = ud;
    size_t j = 0;
    (void)id;
    /* A test's name is the spec's: printable bytes only on the status line. */
    for (const char *p = name; *p && j + 1 < sizeof lv->running; p++)
        lv->running[j++] = (unsigned char)*p < 0x20 || *p == 0x7f ? '?' : *p;
    lv->running[j] = '\0';
    lv->since = util_now();
    live_draw(lv);
}

static void live_finished(void *ud, const struct report_case *c)
{
    struct live *lv = ud;
    struct report_case copy = *c;
    struct report_run one;
    memset(&one, 0, sizeof one);
    one.cases = &copy;
    one.ncases = 1;
    if (lv->k)
        kata_score(lv->k, &one); /* hidden tests are redacted as they come */
    /* Tests not run for the same reason: the reason once, then names. */
    if (strncmp(c->message, "not run: ", 9) == 0 && strcmp(c->message, lv->not_run) == 0) {
        copy.message = "";
        copy.line = 0;
    }
    snprintf(lv->not_run, sizeof lv->not_run, "%s", c->message);
    live_clear(lv);
    report_human_case(lv->out, &copy, lv->color, 0);
    lv->ended++;
    lv->running[0] = '\0';
    fflush(lv->out);
}

static int live_tick(void *ud)
{
    struct live *lv = ud;
    if (lv->stop_on_sigint && interrupt_sigint_seen())
        lv->stopped = 1;
    else if (lv->watch && mtime_of(lv->watch) != lv->mtime)
        lv->stopped = 2;
    if (lv->stopped) {
        live_clear(lv);
        return 1;
    }
    live_draw(lv);
    return 0;
}

/* check_with: the body of `dojo check`; `lv` (may be NULL) says how a
 * human report is shown live and what may stop it. Returns 0, 1 or 2 as
 * check does, or -1 when it was stopped (nothing recorded then). */
static int check_with(struct app *a, const char *id, const struct grade_flags *f, struct live *lv)
{
    char dir[4096], err[1024], file[8400];
    struct kata *k = NULL;
    struct report_run run;
    int rc;
    if (kata_find(a->pack, id, dir, sizeof dir, err, sizeof err) != 0 ||
        kata_load(dir, &k, err, sizeof err) != 0) {
        fprintf(stderr, "dojo: %s\n", err);
        return 2;
    }
    if (f->solution)
        snprintf(file, sizeof file, "%s", f->solution);
    else
        snprintf(file, sizeof file, "%s/%s/%s.lua", a->home, k->id, k->module);
    if (!f->reference && !util_is_file(file)) {
        if (f->solution)
            fprintf(stderr, "dojo: %s: no such file\n", file);
        else
            fprintf(stderr, "dojo: %s: no such file (start the kata first: dojo start %s)\n", file, k->id);
        kata_free(k);
        return 2;
    }
    report_run_init(&run, f->reference ? "reference" : file);
    if (f->format == REPORT_HUMAN) {
        struct live here;
        struct grade_watch w;
        if (lv == NULL) {
            memset(&here, 0, sizeof here);
            lv = &here;
        }
        lv->out = stdout;
        lv->k = k;
        lv->color = term_color(stdout);
        lv->status = isatty(fileno(stdout));
        lv->width = term_width(stdout);
        lv->running[0] = '\0';
        w.started = live_started;
        w.finished = live_finished;
        w.tick = live_tick;
        w.ud = lv;
        report_human_title(stdout, &run, lv->color);
        fflush(stdout);
        rc = kata_file_job(k, file, f->reference, f, &run, &w);
        live_clear(lv);
        if (rc == 1) {
            printf("  stopped: %s\n", lv->stopped == 2 ? "the file changed" : "interrupted");
            rc = -1;
        } else if (rc == 0) {
            report_human_run_error(stdout, &run, lv->color);
            report_closing_line(&run, 1, stdout);
        }
    } else {
        rc = grade_kata_file(k, file, f->reference, f, &run);
        if (rc == 0)
            report_write(&run, 1, f->format, stdout, 0);
    }
    if (rc == 0) {
        rc = report_passed(&run) ? 0 : 1;
        if (!f->reference) {
            app_record_attempt(a, k->id, &run);
            if (f->format == REPORT_HUMAN)
                printf(rc == 0 ? "\nKata %s passed. Next: dojo katas\n"
                               : "\nNot yet. Stuck? dojo hint %s\n",
                       k->id);
        }
    }
    report_run_free(&run);
    kata_free(k);
    return rc;
}

int check_kata(struct app *a, const char *id, const char *solution, int reference)
{
    struct grade_flags f;
    struct live lv;
    int rc;
    memset(&f, 0, sizeof f);
    f.format = REPORT_HUMAN;
    f.solution = solution;
    f.reference = reference;
    memset(&lv, 0, sizeof lv);
    lv.stop_on_sigint = 1;
    interrupt_sigint_seen(); /* a Ctrl-C from before counts for nothing */
    rc = check_with(a, id, &f, &lv);
    return rc < 0 ? 130 : rc;
}

int cmd_check(struct app *a, int argc, char **argv)
{
    struct grade_flags f;
    int n, rc;
    memset(&f, 0, sizeof f);
    if ((rc = parse_flags("check", "--solution --reference --format --timeout --file-timeout --memory", argc,
                          argv, &f, &n)) != 0)
        return rc;
    if (n != 1)
        return n ? usage_error("check", "takes one kata id, got %d", n)
                 : usage_error("check", "needs a kata id");
    if (f.solution && f.reference)
        return usage_error("check", "--solution and --reference can't be used together");
    return check_with(a, argv[0], &f, NULL);
}

/* mtime_of: the modification time of `path` in nanoseconds, 0 if missing. */
static long long mtime_of(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return 0;
    return (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
}

int cmd_watch(struct app *a, int argc, char **argv)
{
    struct grade_flags f;
    char dir[4096], err[1024], file[8400];
    struct kata *k = NULL;
    long long seen;
    int n, rc;
    memset(&f, 0, sizeof f);
    if ((rc = parse_flags("watch", "--solution --timeout --file-timeout --memory", argc, argv, &f, &n)) != 0)
        return rc;
    if (n != 1)
        return usage_error("watch", "needs one kata id");
    if (kata_find(a->pack, argv[0], dir, sizeof dir, err, sizeof err) != 0 ||
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
        struct live lv;
        seen = mtime_of(file);
        printf("%s", term_color(stdout) ? "\033[2J\033[H" : "\n");
        for (int i = 0; i < 20 && !util_is_file(file); i++)
            usleep(100000); /* an editor that saves by delete and create */
        memset(&lv, 0, sizeof lv);
        lv.watch = file;
        lv.mtime = seen;
        rc = check_with(a, argv[0], &f, &lv);
        if (rc == 2)
            return 2;
        if (rc < 0) { /* saved during the run: start again at once */
            printf("%s changed: checking again.\n", file);
            fflush(stdout);
            continue;
        }
        printf("\nWatching %s: save it to check again, Ctrl-C to stop.\n", file);
        fflush(stdout);
        while (mtime_of(file) == seen)
            usleep(250000);
    }
}
