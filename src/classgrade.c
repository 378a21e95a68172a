/* classgrade.c: a class graded as instructors grade one (classgrade.h):
 * the submissions of an LMS download turned into jobs, the cache of
 * unchanged submissions' results, a report file per student, and the HTML
 * class page. Depends on batch.h, gradecache.h, submissions.h,
 * report/report.h, util.h and POSIX. */
#include "classgrade.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gradecache.h"
#include "submissions.h"
#include "util.h"

/* keep_subs: the batch keeps the set (its temporary folder lives until
 * batch_free). 0, or -1 when memory runs out (the set is then freed). */
static int keep_subs(struct batch *b, struct submissions *s)
{
    struct submissions *v = realloc(b->subs, (b->nsubs + 1) * sizeof *v);
    if (v == NULL) {
        submissions_free(s);
        return -1;
    }
    b->subs = v;
    b->subs[b->nsubs++] = *s;
    return 0;
}

/* add_one: the job (or the not-run run) for one submission. 0 or 2. */
static int add_one(struct batch *b, const struct kata *k, const struct submission *x,
                   const struct grade_flags *f)
{
    char file[4200];
    struct report_run *run;
    int graded = x->dir && !x->error &&
                 (size_t)snprintf(file, sizeof file, "%s/%s.lua", x->dir, k->module) < sizeof file &&
                 util_is_file(file);
    if (graded) {
        int rc = batch_add_kata_job(b, k, file, x->name, f);
        if (rc != 0)
            return rc;
    } else if (batch_add_job(b, x->name) == NULL) {
        fprintf(stderr, "dojo: out of memory (%s)\n", x->name);
        return 2;
    } else {
        b->jobs[b->n - 1].spec_path = NULL; /* not run */
        b->kata_of[b->n - 1] = k;
        if (x->error)
            report_set_error(&b->runs[b->n - 1], ERRKIND_LOAD, x->error);
        else
            batch_missing_module(&b->runs[b->n - 1], k, x->dir);
    }
    run = &b->runs[b->n - 1];
    if (x->note && report_set_note(run, x->note) != 0) {
        fprintf(stderr, "dojo: out of memory (%s)\n", x->name);
        return 2;
    }
    return 0;
}

int class_add_submissions(struct batch *b, const struct kata *k, const char *dir,
                          const struct grade_flags *f, const struct class_opts *o)
{
    struct submissions s;
    char file[4200], err[1024];
    int rc = 0;
    if ((size_t)snprintf(file, sizeof file, "%s/%s.lua", dir, k->module) >= sizeof file) {
        fprintf(stderr, "dojo: %.200s...: path too long\n", dir);
        return 2;
    }
    if (util_is_file(file)) /* the folder is one submission itself */
        return batch_add_kata_job(b, k, file, dir, f);
    if (submissions_collect(dir, k->module, o->roster, &s, err, sizeof err) != 0) {
        fprintf(stderr, "dojo: %s\n", err);
        return 2;
    }
    if (s.n == 0) {
        fprintf(stderr, "dojo: %s: no submissions here: neither %s.lua nor any sub-folder, "
                        "<student>_%s.lua file or archive (one per submission)\n", dir, k->module, k->module);
        submissions_free(&s);
        return 2;
    }
    for (size_t i = 0; i < s.n && rc == 0; i++)
        rc = add_one(b, k, &s.v[i], f);
    if (keep_subs(b, &s) != 0 && rc == 0) {
        fprintf(stderr, "dojo: out of memory (%s)\n", dir);
        rc = 2;
    }
    return rc;
}

/* --- outputs ------------------------------------------------------------- */

int class_open(struct class_out *c, const struct class_opts *o)
{
    memset(c, 0, sizeof *c);
    if (o->per_student && (util_mkdirs(o->per_student) != 0 || access(o->per_student, W_OK) != 0)) {
        fprintf(stderr, "dojo: %s: cannot write the per-student reports there: %s\n", o->per_student,
                strerror(errno));
        return 2;
    }
    if (o->html) {
        if (util_atomic_open(&c->html, o->html) != 0) {
            fprintf(stderr, "dojo: %s: cannot write the HTML report: %s\n", o->html, strerror(errno));
            return 2;
        }
        c->have_html = 1;
    }
    if (o->cache && util_mkdirs(o->cache) != 0) {
        fprintf(stderr, "dojo: %s: cannot make the cache folder: %s\n", o->cache, strerror(errno));
        if (c->have_html)
            util_atomic_close(&c->html, 0);
        c->have_html = 0;
        return 2;
    }
    return 0;
}

void class_cache_lookup(struct class_out *c, struct batch *b, const struct class_opts *o)
{
    if (o->cache == NULL || b->n == 0 || (c->keys = calloc(b->n, sizeof *c->keys)) == NULL)
        return;
    for (size_t i = 0; i < b->n; i++) {
        struct spec_job *j = &b->jobs[i];
        const struct kata *k = b->kata_of[i];
        if (k == NULL || j->spec_path == NULL || j->reference || j->solution_dir == NULL ||
            gradecache_key(j->solution_dir, k->dir, k->module, &j->limits, j->submission_timeout, c->keys[i]) != 0) {
            c->keys[i][0] = '\0';
            continue;
        }
        if (gradecache_load(o->cache, c->keys[i], &b->runs[i]) == 0) {
            char note[1200];
            snprintf(note, sizeof note, "%.1000s%sresult from the cache (unchanged since it was graded)",
                     b->runs[i].note ? b->runs[i].note : "", b->runs[i].note ? "; " : "");
            report_set_note(&b->runs[i], note);
            j->spec_path = NULL; /* not run again */
            c->keys[i][0] = '\0';
            c->hits++;
        }
    }
}

void class_cache_store(struct class_out *c, struct batch *b, const struct class_opts *o)
{
    int said = 0;
    if (o->cache == NULL || c->keys == NULL)
        return;
    for (size_t i = 0; i < b->n; i++)
        if (c->keys[i][0] && gradecache_store(o->cache, c->keys[i], &b->runs[i]) != 0 && !said) {
            fprintf(stderr, "dojo: %s: cannot write to the cache (%s); grading goes on\n", o->cache,
                    strerror(errno ? errno : EIO));
            said = 1;
        }
}

/* per_student_path: where run `i`'s report goes: DIR/<name>.<ext>, or
 * DIR/<name>/results.json for Gradescope, the name made safe and unique
 * among the runs before it. 0, or -1 when the path does not fit. */
static int per_student_path(const struct batch *b, size_t i, const char *dir, enum report_format fmt,
                            char *out, size_t cap)
{
    static const char *const ext[] = {"txt", "tap", "xml", "json", "json"};
    char name[128], other[128], unique[160];
    int same = 0;
    submissions_safe_name(b->runs[i].name, name, sizeof name);
    for (size_t j = 0; j < i; j++) {
        submissions_safe_name(b->runs[j].name, other, sizeof other);
        same += strcmp(name, other) == 0;
    }
    if (same)
        snprintf(unique, sizeof unique, "%s-%d", name, same + 1);
    else
        snprintf(unique, sizeof unique, "%s", name);
    if (fmt == REPORT_GRADESCOPE) {
        char folder[4200];
        if ((size_t)snprintf(folder, sizeof folder, "%s/%s", dir, unique) >= sizeof folder ||
            util_mkdirs(folder) != 0)
            return -1;
        return util_path_join(out, cap, folder, "results.json") == 0 ? 0 : -1;
    }
    return (size_t)snprintf(out, cap, "%s/%s.%s", dir, unique, ext[fmt]) < cap ? 0 : -1;
}

/* write_per_student: one report per run, each written whole. 0 or 2. */
static int write_per_student(const struct batch *b, const char *dir, enum report_format fmt)
{
    for (size_t i = 0; i < b->n; i++) {
        char path[4400];
        struct util_atomic a;
        if (per_student_path(b, i, dir, fmt, path, sizeof path) != 0 || util_atomic_open(&a, path) != 0) {
            fprintf(stderr, "dojo: %s: cannot write the report of %s: %s\n", dir, b->runs[i].name,
                    strerror(errno ? errno : ENAMETOOLONG));
            return 2;
        }
        int w = report_write(&b->runs[i], 1, fmt, a.f, 0);
        if (util_atomic_close(&a, w == 0) != 0 || w != 0) {
            fprintf(stderr, "dojo: %s: cannot write it: %s\n", path, strerror(errno ? errno : EIO));
            return 2;
        }
    }
    return 0;
}

int class_close(struct class_out *c, const struct batch *b, const struct class_opts *o,
                enum report_format fmt, const char *title, int commit)
{
    int rc = 0;
    if (commit && o->per_student)
        rc = write_per_student(b, o->per_student, fmt);
    if (c->have_html) {
        int ok = commit && rc == 0 && report_html(b->runs, b->n, title, c->html.f) == 0;
        if (util_atomic_close(&c->html, ok) != 0 && ok) {
            fprintf(stderr, "dojo: %s: cannot write the HTML report: %s\n", o->html, strerror(errno));
            rc = 2;
        } else if (commit && rc == 0 && !ok) {
            fprintf(stderr, "dojo: %s: cannot write the HTML report: %s\n", o->html, strerror(errno ? errno : EIO));
            rc = 2;
        }
        c->have_html = 0;
    }
    free(c->keys);
    c->keys = NULL;
    return rc;
}
