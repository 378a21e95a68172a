/* batch.c: `dojo grade`, grading for CI and classrooms: kata ids, kata
 * folders, busted-layout folders, or (with --kata) a folder of submissions;
 * parallel children (--jobs), a progress bar on a terminal, one report in
 * any format, and a summary table (--summary writes it as CSV). Records no
 * progress. Depends on cli.h, commands.h, grade.h, kata.h, report/report.h. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "grade.h"
#include "kata.h"
#include "term.h"
#include "util.h"

/* The batch: parallel arrays of jobs and runs, and the strings they use. */
struct batch {
    struct spec_job *jobs;
    struct report_run *runs;
    const struct kata **kata_of; /* the kata a job grades, or NULL */
    size_t n, cap;
    char **strings; /* every string the jobs point to */
    size_t nstrings;
    struct kata **katas;
    size_t nkatas;
    size_t finished; /* for the progress bar */
    int bar;         /* draw it? */
    double started;
};

/* keep: a copy of s owned by the batch. */
static const char *keep(struct batch *b, const char *s)
{
    char **p = realloc(b->strings, (b->nstrings + 1) * sizeof *p);
    if (p == NULL)
        return s;
    b->strings = p;
    return b->strings[b->nstrings++] = util_strdup(s);
}

/* add_job: appends a job and its run named `name`. */
static struct spec_job *add_job(struct batch *b, const char *name)
{
    if (b->n == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 16;
        b->jobs = realloc(b->jobs, b->cap * sizeof *b->jobs);
        b->runs = realloc(b->runs, b->cap * sizeof *b->runs);
        b->kata_of = realloc(b->kata_of, b->cap * sizeof *b->kata_of);
    }
    b->kata_of[b->n] = NULL;
    memset(&b->jobs[b->n], 0, sizeof b->jobs[b->n]);
    report_run_init(&b->runs[b->n], name);
    return &b->jobs[b->n++];
}

/* add_folder: a folder in the busted layout: a job per spec file, require
 * resolving from the folder itself. Returns 0 or 2. */
static int add_folder(struct batch *b, const char *path, const struct grade_flags *f)
{
    char **specs = NULL, err[1024];
    int n = grade_find_specs(path, &specs, err, sizeof err);
    if (n <= 0) {
        if (n == 0)
            fprintf(stderr, "dojo: %s: no *_spec.lua or spec.lua in this folder\n", path);
        else
            fprintf(stderr, "dojo: %s\n", err);
        free(specs);
        return 2;
    }
    for (int i = 0; i < n; i++) {
        struct spec_job *j = add_job(b, specs[i]);
        j->spec_path = keep(b, specs[i]);
        j->solution_dir = keep(b, path);
        j->limits = limits_for(f, NULL);
        j->server = f->server;
        free(specs[i]);
    }
    free(specs);
    return 0;
}

/* load: finds kata `id_or_dir` (an id, or a folder holding kata.lua) and
 * keeps it for the batch's lifetime. NULL after printing why. */
static struct kata *load(struct batch *b, struct app *a, const char *id_or_dir)
{
    char dir[4096], err[1024];
    struct kata *k = NULL;
    if (util_is_dir(id_or_dir))
        snprintf(dir, sizeof dir, "%s", id_or_dir);
    else if (kata_find(a->pack, id_or_dir, dir, sizeof dir, err, sizeof err) != 0) {
        fprintf(stderr, "dojo: %s\n", err);
        return NULL;
    }
    if (kata_load(dir, &k, err, sizeof err) != 0) {
        fprintf(stderr, "dojo: %s\n", err);
        return NULL;
    }
    b->katas = realloc(b->katas, (b->nkatas + 1) * sizeof *b->katas);
    return b->katas[b->nkatas++] = k;
}

/* add_kata_job: kata k against `file` (or its reference): one job. */
static void add_kata_job(struct batch *b, const struct kata *k, const char *file, const char *name,
                         const struct grade_flags *f)
{
    char spec[4200];
    struct spec_job *j = add_job(b, name);
    b->kata_of[b->n - 1] = k;
    util_path_join(spec, sizeof spec, k->dir, "spec.lua");
    j->spec_path = keep(b, spec);
    j->module = k->module;
    j->limits = limits_for(f, k);
    j->server = k->server || f->server;
    if (f->reference) {
        j->reference = kata_reference_open(k->id);
        j->solution_dir = k->dir;
    } else {
        char dir[4200];
        snprintf(dir, sizeof dir, "%s", file);
        *strrchr(dir, '/') = '\0';
        j->solution_file = keep(b, file);
        j->solution_dir = keep(b, dir);
    }
}

/* add_kata_path: a kata id or folder: the solution module beside the spec
 * when there is one, else the learner's work file. 0 or 2. */
static int add_kata_path(struct batch *b, struct app *a, const char *path, const struct grade_flags *f)
{
    char file[8400];
    struct kata *k = load(b, a, path);
    if (k == NULL)
        return 2;
    snprintf(file, sizeof file, "%s/%s.lua", k->dir, k->module);
    if (!util_is_file(file))
        snprintf(file, sizeof file, "%s/%s/%s.lua", a->home, k->id, k->module);
    if (f->reference && kata_reference_open(k->id) == NULL) {
        fprintf(stderr, "dojo: %s/reference.c: not compiled into this dojo (rebuild it)\n", k->dir);
        return 2;
    }
    if (!f->reference && !util_is_file(file)) {
        fprintf(stderr, "dojo: %s: no such file\n", file);
        return 2;
    }
    add_kata_job(b, k, file, f->reference ? k->id : file, f);
    return 0;
}

/* add_submissions: --kata ID DIR: DIR is one submission when it holds the
 * kata's module, else every sub-folder of DIR is a submission; one without
 * the module is a run-level error. */
static int add_submissions(struct batch *b, const struct kata *k, const char *dir,
                           const struct grade_flags *f)
{
    struct dirent **names = NULL;
    char sub[8400], file[8600];
    int n;
    snprintf(file, sizeof file, "%s/%s.lua", dir, k->module);
    if (util_is_file(file)) { /* the folder is one submission itself */
        add_kata_job(b, k, file, dir, f);
        return 0;
    }
    n = scandir(dir, &names, NULL, alphasort);
    if (n < 0) {
        fprintf(stderr, "dojo: %s: cannot read the submissions folder: %s\n", dir, strerror(errno));
        return 2;
    }
    for (int i = 0; i < n; i++) {
        snprintf(sub, sizeof sub, "%s/%s", dir, names[i]->d_name);
        if (names[i]->d_name[0] != '.' && util_is_dir(sub)) {
            snprintf(file, sizeof file, "%s/%s.lua", sub, k->module);
            if (util_is_file(file)) {
                add_kata_job(b, k, file, names[i]->d_name, f);
            } else {
                char msg[8800];
                struct spec_job *j = add_job(b, names[i]->d_name);
                j->spec_path = NULL; /* not run */
                snprintf(msg, sizeof msg, "no %s.lua in this submission", k->module);
                report_set_error(&b->runs[b->n - 1], ERRKIND_LOAD, msg);
            }
        }
        free(names[i]);
    }
    free(names);
    return 0;
}

/* progress: the bar on stderr, redrawn as each job ends. */
static void progress(size_t index, void *ud)
{
    struct batch *b = ud;
    int width = 30, filled;
    (void)index;
    b->finished++;
    if (!b->bar)
        return;
    filled = (int)(b->finished * (size_t)width / (b->n ? b->n : 1));
    fprintf(stderr, "\r[%.*s%*s] %zu/%zu  %.1fs", filled, "==============================",
            width - filled, "", b->finished, b->n, util_now() - b->started);
    if (b->finished == b->n)
        fputs("\r\033[K", stderr);
    fflush(stderr);
}

/* summary_row: one submission's line of the summary table. */
static void summary_counts(const struct report_run *r, int *p, int *fl, int *e, int *s)
{
    report_counts(r, p, fl, e, s);
    if (r->status == VERDICT_ERROR)
        (*e)++;
}

/* run_score: points earned and available (a case with no max_score is worth
 * 1; a run that failed as a whole earns nothing). */
static void run_score(const struct report_run *r, double *score, double *max)
{
    *score = *max = 0;
    for (size_t i = 0; i < r->ncases; i++) {
        const struct report_case *c = &r->cases[i];
        double m = c->max_score > 0 ? c->max_score : 1;
        *max += m;
        if (c->verdict == VERDICT_PASS)
            *score += c->score > 0 ? c->score : m;
    }
    if (r->status == VERDICT_ERROR)
        *score = 0;
}

/* print_summary: the table after the reports: submission, score, verdict
 * counts, time. */
static void print_summary(const struct batch *b, FILE *out)
{
    fprintf(out, "\n%-32s %9s %5s %5s %5s %5s %8s\n", "submission", "score", "pass", "fail",
            "error", "skip", "ms");
    for (size_t i = 0; i < b->n; i++) {
        const struct report_run *r = &b->runs[i];
        const char *name = strrchr(r->name, '/') && strlen(r->name) > 32 ? strrchr(r->name, '/') + 1 : r->name;
        int p, fl, e, s;
        double got, max;
        char score[32];
        summary_counts(r, &p, &fl, &e, &s);
        run_score(r, &got, &max);
        snprintf(score, sizeof score, "%g/%g", got, max);
        fprintf(out, "%-32.32s %9s %5d %5d %5d %5d %8.1f\n", name, score, p, fl, e, s,
                r->duration * 1000.0);
    }
}

/* csv_field: a CSV field (RFC 4180): quoted, inner quotes doubled. */
static void csv_field(FILE *out, const char *s)
{
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

/* write_summary_csv: --summary FILE, written whole (temp file, rename). */
static int write_summary_csv(const struct batch *b, const char *path)
{
    struct util_atomic at;
    FILE *out;
    if (util_atomic_open(&at, path) != 0) {
        fprintf(stderr, "dojo: %s: %s\n", path, strerror(errno));
        return 2;
    }
    out = at.f;
    fputs("submission,score,max_score,passed,failed,errors,skipped,seconds\n", out);
    for (size_t i = 0; i < b->n; i++) {
        int p, fl, e, s;
        double got, max;
        summary_counts(&b->runs[i], &p, &fl, &e, &s);
        run_score(&b->runs[i], &got, &max);
        csv_field(out, b->runs[i].name);
        fprintf(out, ",%g,%g,%d,%d,%d,%d,%.3f\n", got, max, p, fl, e, s, b->runs[i].duration);
    }
    if (util_atomic_close(&at, 1) != 0) {
        fprintf(stderr, "dojo: %s: %s\n", path, strerror(errno));
        return 2;
    }
    return 0;
}

/* write_report: the report to --output (temp file, then rename, so a reader
 * never sees half of one) or to stdout. */
static int write_report(const struct batch *b, const struct grade_flags *f)
{
    struct util_atomic at;
    FILE *out = stdout;
    int color = f->format == REPORT_HUMAN && !f->output && term_color(stdout);
    if (f->output) {
        if (util_atomic_open(&at, f->output) != 0) {
            fprintf(stderr, "dojo: %s: %s\n", f->output, strerror(errno));
            return 2;
        }
        out = at.f;
    }
    report_write(b->runs, b->n, f->format, out, color);
    if (f->format == REPORT_HUMAN && b->n > 1)
        print_summary(b, out);
    if (f->output && util_atomic_close(&at, 1) != 0) {
        fprintf(stderr, "dojo: %s: %s\n", f->output, strerror(errno));
        return 2;
    }
    if (f->format != REPORT_HUMAN && b->n > 1 && isatty(2))
        print_summary(b, stderr);
    return 0;
}

/* collect: turns the positional paths into jobs. 0 or 2. */
static int collect(struct batch *b, struct app *a, int n, char **paths, const struct grade_flags *f)
{
    char man[4200];
    struct kata *k = NULL;
    if (f->kata && (k = load(b, a, f->kata)) == NULL)
        return 2;
    for (int i = 0; i < n; i++) {
        int rc;
        util_path_join(man, sizeof man, paths[i], "kata.lua");
        if (k) {
            if (!util_is_dir(paths[i])) {
                fprintf(stderr, "dojo: %s: no such folder of submissions\n", paths[i]);
                return 2;
            }
            rc = add_submissions(b, k, paths[i], f);
        } else if (util_is_dir(paths[i]) && !util_is_file(man)) {
            rc = add_folder(b, paths[i], f);
        } else {
            rc = add_kata_path(b, a, paths[i], f);
        }
        if (rc != 0)
            return rc;
    }
    return 0;
}

static void batch_free(struct batch *b)
{
    for (size_t i = 0; i < b->n; i++)
        report_run_free(&b->runs[i]);
    for (size_t i = 0; i < b->nstrings; i++)
        free(b->strings[i]);
    for (size_t i = 0; i < b->nkatas; i++)
        kata_free(b->katas[i]);
    free(b->jobs);
    free(b->runs);
    free(b->kata_of);
    free(b->strings);
    free(b->katas);
}

int cmd_grade(struct app *a, int argc, char **argv)
{
    struct grade_flags f;
    struct batch b;
    char err[512];
    int n, rc, all = 1;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    memset(&f, 0, sizeof f);
    memset(&b, 0, sizeof b);
    rc = parse_flags("grade",
                     "--format --timeout --file-timeout --memory --jobs --reference --kata --output --summary "
                     "--show-hidden --server",
                     argc, argv, &f, &n);
    if (rc != 0)
        return rc;
    if (n == 0)
        return usage_error("grade", "needs at least one PATH (a kata id, a kata folder, a folder "
                                    "of *_spec.lua files, or with --kata ID a folder of submissions)");
    if ((rc = collect(&b, a, n, argv, &f)) == 0) {
        b.bar = isatty(2) && b.n > 1;
        b.started = util_now();
        if (grade_batch(b.jobs, b.runs, b.n, f.jobs ? f.jobs : (int)(cores > 0 ? cores : 1), progress,
                        &b, err, sizeof err) != 0) {
            fprintf(stderr, "dojo: %s\n", err);
            rc = 2;
        }
    }
    for (size_t i = 0; rc == 0 && i < b.n; i++) {
        b.runs[i].show_hidden = f.show_hidden;
        if (b.kata_of[i])
            kata_score(b.kata_of[i], &b.runs[i]);
    }
    if (rc == 0)
        rc = write_report(&b, &f);
    if (rc == 0 && f.summary)
        rc = write_summary_csv(&b, f.summary);
    for (size_t i = 0; rc == 0 && i < b.n; i++)
        all &= report_passed(&b.runs[i]);
    if (rc == 0)
        rc = all ? 0 : 1;
    batch_free(&b);
    return rc;
}
