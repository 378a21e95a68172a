/* grade.c: `dojo grade`, grading for CI and classrooms: kata ids, kata
 * folders, busted-layout folders, or (with --kata) a folder of submissions;
 * parallel children (--jobs), a progress bar on a terminal, one report in
 * any format, and a summary table (--summary writes it as CSV). Records no
 * progress. The class options (roster, per-student reports, HTML, a limit
 * per submission, the cache) are classgrade.c's. Depends on batch.h,
 * classgrade.h, cmd/cmd.h, gradeflags.h, grade.h, kata.h, report/report.h. */
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <lua.h>

#include "batch.h"
#include "classgrade.h"
#include "cmd/cmd.h"
#include "gradeflags.h"
#include "grade.h"
#include "kata.h"
#include "refbuild.h"
#include "term.h"
#include "util.h"

/* no_memory: the one-line error for an allocation that failed. Returns 2. */
static int no_memory(const char *what)
{
    fprintf(stderr, "dojo: out of memory (%s)\n", what);
    return 2;
}

/* batch_keep (batch.h): a copy of s owned by the batch, or NULL when memory runs out. */
const char *batch_keep(struct batch *b, const char *s)
{
    char **p = realloc(b->strings, (b->nstrings + 1) * sizeof *p);
    char *c;
    if (p == NULL)
        return NULL;
    b->strings = p;
    if ((c = util_strdup(s)) == NULL)
        return NULL;
    return b->strings[b->nstrings++] = c;
}

/* grow: makes room for one more job in every parallel array. 0 or -1. */
static int grow(struct batch *b)
{
    size_t cap = b->cap ? b->cap * 2 : 16;
    struct spec_job *jobs;
    struct report_run *runs;
    const struct kata **kata_of;
    if (b->n < b->cap)
        return 0;
    if ((jobs = realloc(b->jobs, cap * sizeof *jobs)) == NULL)
        return -1;
    b->jobs = jobs;
    if ((runs = realloc(b->runs, cap * sizeof *runs)) == NULL)
        return -1;
    b->runs = runs;
    if ((kata_of = realloc(b->kata_of, cap * sizeof *kata_of)) == NULL)
        return -1;
    b->kata_of = kata_of;
    b->cap = cap;
    return 0;
}

/* batch_add_job (batch.h): appends a job and its run named `name`; NULL when memory runs
 * out (nothing added). */
struct spec_job *batch_add_job(struct batch *b, const char *name)
{
    if (grow(b) != 0)
        return NULL;
    b->kata_of[b->n] = NULL;
    memset(&b->jobs[b->n], 0, sizeof b->jobs[b->n]);
    report_run_init(&b->runs[b->n], name);
    if (b->runs[b->n].name == NULL)
        return NULL;
    return &b->jobs[b->n++];
}

/* named_specs: --spec GLOB for folder `dir`: with a '/', GLOB is a path
 * pattern (glob(3), from the working folder: specs kept outside the
 * submission); without one, a pattern for file names in `dir` (fnmatch(3)).
 * Stores a malloc'ed array of malloc'ed paths, sorted, in *out; returns how
 * many, or -1 with a message in `err`. */
static int named_specs(const char *dir, const char *pattern, char ***out, char *err, size_t errcap)
{
    char **list = NULL;
    int n = 0;
    if (strchr(pattern, '/')) {
        glob_t g;
        int rc = glob(pattern, 0, NULL, &g);
        if (rc != 0 && rc != GLOB_NOMATCH) {
            snprintf(err, errcap, "--spec %s: cannot expand the pattern", pattern);
            return -1;
        }
        list = calloc(rc == 0 ? g.gl_pathc + 1 : 1, sizeof *list);
        for (size_t i = 0; list && rc == 0 && i < g.gl_pathc; i++)
            if (util_is_file(g.gl_pathv[i]) && (list[n] = util_strdup(g.gl_pathv[i])) != NULL)
                n++;
        if (rc == 0)
            globfree(&g);
    } else {
        struct dirent **names = NULL;
        int m = scandir(dir, &names, NULL, alphasort);
        char path[8400];
        if (m < 0) {
            snprintf(err, errcap, "%s: cannot read the folder: %s", dir, strerror(errno));
            return -1;
        }
        list = calloc((size_t)m + 1, sizeof *list);
        for (int i = 0; i < m; i++) {
            int len = snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name);
            if (list && len > 0 && (size_t)len < sizeof path &&
                fnmatch(pattern, names[i]->d_name, FNM_PERIOD) == 0 && util_is_file(path) &&
                (list[n] = util_strdup(path)) != NULL)
                n++;
            free(names[i]);
        }
        free(names);
    }
    if (list == NULL) {
        snprintf(err, errcap, "out of memory");
        return -1;
    }
    *out = list;
    return n;
}

/* add_folder: a folder in the busted layout: a job per spec file (every
 * *_spec.lua, or those --spec names), require resolving from the folder
 * itself. Returns 0 or 2. */
static int add_folder(struct batch *b, const char *path, const struct grade_flags *f)
{
    char **specs = NULL, err[1024];
    int rc = 0, n = f->spec ? named_specs(path, f->spec, &specs, err, sizeof err)
                            : grade_find_specs(path, &specs, err, sizeof err);
    if (n <= 0) {
        if (n == 0 && f->spec)
            fprintf(stderr, "dojo: %s: --spec %s names no spec file\n", path, f->spec);
        else if (n == 0)
            fprintf(stderr, "dojo: %s: no *_spec.lua or spec.lua in this folder\n", path);
        else
            fprintf(stderr, "dojo: %s\n", err);
        free(specs);
        return 2;
    }
    for (int i = 0; i < n; i++) {
        struct spec_job *j = rc == 0 ? batch_add_job(b, specs[i]) : NULL;
        if (j && (j->spec_path = batch_keep(b, specs[i])) && (j->solution_dir = batch_keep(b, path))) {
            j->limits = limits_for(f, NULL);
            j->server = f->server;
        } else if (rc == 0) {
            rc = no_memory(path);
        }
        free(specs[i]);
    }
    free(specs);
    return rc;
}

/* load: finds kata `id_or_dir` (an id, or a folder holding kata.lua) and
 * keeps it for the batch's lifetime. NULL after printing why. */
static struct kata *load(struct batch *b, struct app *a, const char *id_or_dir)
{
    char dir[4096], err[1024];
    struct kata *k = NULL, **katas;
    if (util_is_dir(id_or_dir)) {
        if ((size_t)snprintf(dir, sizeof dir, "%s", id_or_dir) >= sizeof dir) {
            fprintf(stderr, "dojo: %.200s...: path too long\n", id_or_dir);
            return NULL;
        }
    } else if (kata_find(a->pack, id_or_dir, dir, sizeof dir, err, sizeof err) != 0) {
        fprintf(stderr, "dojo: %s\n", err);
        return NULL;
    }
    if (kata_load(dir, &k, err, sizeof err) != 0) {
        fprintf(stderr, "dojo: %s\n", err);
        return NULL;
    }
    if ((katas = realloc(b->katas, (b->nkatas + 1) * sizeof *katas)) == NULL) {
        kata_free(k);
        no_memory(dir);
        return NULL;
    }
    b->katas = katas;
    return b->katas[b->nkatas++] = k;
}

/* batch_add_kata_job (batch.h): kata k against `file` (or its reference): one job. 0, or 2
 * after saying why (out of memory, a path too long). */
int batch_add_kata_job(struct batch *b, const struct kata *k, const char *file, const char *name,
                       const struct grade_flags *f)
{
    char spec[4200], dir[4200];
    struct spec_job *j = batch_add_job(b, name);
    if (j == NULL)
        return no_memory(name);
    b->kata_of[b->n - 1] = k;
    if (util_path_join(spec, sizeof spec, k->dir, "spec.lua") != 0) {
        fprintf(stderr, "dojo: %.200s...: path too long\n", k->dir);
        return 2;
    }
    if ((j->spec_path = batch_keep(b, spec)) == NULL)
        return no_memory(spec);
    snprintf(spec, sizeof spec, "%s/spec.lua", k->id); /* never the kata's absolute path */
    if ((j->spec_name = batch_keep(b, spec)) == NULL)
        return no_memory(spec);
    j->module = k->module;
    j->limits = limits_for(f, k);
    j->server = k->server || f->server;
    if (f->reference && kata_reference_file(k, spec, sizeof spec) > 0) {
        /* `reference = "lua"`: reference.lua is graded as a solution. */
        if ((j->solution_file = batch_keep(b, spec)) == NULL)
            return no_memory(spec);
        j->solution_dir = k->dir;
        return 0;
    }
    if (f->reference) {
        j->reference = kata_reference_open(k->id);
        j->solution_dir = k->dir;
        return 0;
    }
    if ((size_t)snprintf(dir, sizeof dir, "%s", file) >= sizeof dir || strrchr(dir, '/') == NULL) {
        fprintf(stderr, "dojo: %.200s: path too long or not in a folder\n", file);
        return 2;
    }
    *strrchr(dir, '/') = '\0';
    if ((j->solution_file = batch_keep(b, file)) == NULL || (j->solution_dir = batch_keep(b, dir)) == NULL)
        return no_memory(file);
    j->given_dir = k->dir; /* the kata's editor files, if the submission lacks them */
    j->given = k->editor;
    j->ngiven = k->neditor;
    return 0;
}

/* add_kata_path: a kata id or folder: the solution module beside the spec
 * when there is one, else the learner's work file. 0 or 2. */
static int add_kata_path(struct batch *b, struct app *a, const char *path, const struct grade_flags *f)
{
    char file[8400], err[1024];
    int built, line;
    struct kata *k = load(b, a, path);
    if (k == NULL)
        return 2;
    snprintf(file, sizeof file, "%s/%s.lua", k->dir, k->module); /* fits: dir < 4096 */
    if (!util_is_file(file) &&
        (size_t)snprintf(file, sizeof file, "%s/%s/%s.lua", a->home, k->id, k->module) >= sizeof file) {
        fprintf(stderr, "dojo: %.200s: path too long\n", a->home);
        return 2;
    }
    if (f->reference && k->lua_reference) {
        if (kata_reference_file(k, file, sizeof file) < 0 || !util_is_file(file)) {
            fprintf(stderr, "dojo: %s/reference.lua: no such file (the manifest says reference = "
                            "\"lua\")\n", k->dir);
            return 2;
        }
    } else if (f->reference && refbuild_reference(k, &built, &line, err, sizeof err) == NULL) {
        fprintf(stderr, "dojo: %s/reference.c:%d: cannot build it: %s\n", k->dir, line, err);
        return 2;
    }
    if (!f->reference && !util_is_file(file)) {
        fprintf(stderr, "dojo: %s: no such file\n", file);
        return 2;
    }
    return batch_add_kata_job(b, k, file, f->reference ? k->id : file, f);
}

/* find_lua: appends to `found` (", "-separated) the .lua files under `dir`,
 * as paths relative to the submission (`rel`), up to 3 folders deep and 12
 * names; *count counts them all. For the message of a submission whose
 * module is not where the spec looks. */
static void find_lua(const char *dir, const char *rel, int depth, struct sbuf *found, int *count)
{
    struct dirent **names = NULL;
    char path[4096], sub[4096];
    int n = scandir(dir, &names, NULL, alphasort);
    for (int i = 0; i < n; i++) {
        const char *e = names[i]->d_name;
        int fits = e[0] != '.' && util_path_join(path, sizeof path, dir, e) == 0 &&
                   (size_t)snprintf(sub, sizeof sub, "%s%s%s", rel, rel[0] ? "/" : "", e) < sizeof sub;
        if (fits && util_ends_with(e, ".lua") && util_is_file(path)) {
            if (++*count <= 12)
                sbuf_printf(found, "%s%s", found->len ? ", " : "", sub);
        } else if (fits && depth < 3 && util_is_dir(path)) {
            find_lua(path, sub, depth + 1, found, count);
        }
        free(names[i]);
    }
    free(names);
}

/* batch_missing_module (batch.h): the run-level error of a submission without the module:
 * what the spec looks for and the .lua files that are there instead. */
void batch_missing_module(struct report_run *run, const struct kata *k, const char *sub)
{
    struct sbuf found = SBUF_INIT, msg = SBUF_INIT;
    int count = 0;
    find_lua(sub, "", 0, &found, &count);
    if (count == 0)
        sbuf_printf(&msg, "no %s.lua in this submission, and no other .lua file either", k->module);
    else
        sbuf_printf(&msg, "no %s.lua at the top of this submission (the spec requires '%s'); "
                          "the .lua files found: %s%s",
                    k->module, k->module, sbuf_cstr(&found), count > 12 ? ", ..." : "");
    report_set_error(run, ERRKIND_LOAD, msg.len ? sbuf_cstr(&msg) : "the module is missing");
    sbuf_free(&found);
    sbuf_free(&msg);
}

/* --- a submission that fails as a whole still scores 0 of the full total --- */

/* stub_index: [-0, +1, -] every field of the stub module is the stub, but
 * for integer keys (nil: ipairs over it ends at once). */
static int stub_index(lua_State *L)
{
    if (lua_isinteger(L, 2)) {
        lua_pushnil(L);
        return 1;
    }
    lua_settop(L, 1);
    return 1;
}

/* stub_call: [-0, +1, -] calling the stub (or any field) gives the stub. */
static int stub_call(lua_State *L)
{
    lua_settop(L, 1);
    return 1;
}

/* stub_open: the module the test list is made with: a table whose every
 * field is itself and gives itself when called, so a spec's top level and
 * describe bodies (`local calc = add.new()`) load and register their
 * tests, without any submission's code running. The list is made with
 * spec_job.list_only: no test or hook runs. */
static int stub_open(lua_State *L)
{
    lua_newtable(L);
    lua_newtable(L);
    lua_pushcfunction(L, stub_index);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, stub_call);
    lua_setfield(L, -2, "__call");
    lua_pushliteral(L, "the test list is made without a solution");
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, -2);
    return 1;
}

/* whole_failure: 1 when run r failed as a whole: a run-level error, or only
 * "(file)" errors (the spec could not load the submission). */
static int whole_failure(const struct report_run *r)
{
    if (r->status == VERDICT_ERROR)
        return 1;
    for (size_t i = 0; i < r->ncases; i++)
        if (r->cases[i].verdict != VERDICT_ERROR || strcmp(r->cases[i].name, "(file)") != 0)
            return 0;
    return r->ncases > 0;
}

/* list_tests: kata k's tests, found by running its spec (in a child, as
 * every spec runs) against stub_open's module with a short deadline. 0, or
 * -1 when the list could not be made (then scores stay as they are). */
static int list_tests(const struct kata *k, const struct grade_flags *f, struct report_run *list)
{
    char spec[4200], shown[300], err[512];
    struct spec_job job;
    memset(&job, 0, sizeof job);
    if (util_path_join(spec, sizeof spec, k->dir, "spec.lua") != 0 ||
        (size_t)snprintf(shown, sizeof shown, "%s/spec.lua", k->id) >= sizeof shown)
        return -1;
    job.spec_path = spec;
    job.spec_name = shown; /* never the kata's absolute path */
    job.solution_dir = k->dir;
    job.module = k->module;
    job.reference = stub_open;
    job.list_only = 1;
    job.limits = limits_for(f, k);
    if (job.limits.timeout > 1.0)
        job.limits.timeout = 1.0;
    job.server = k->server;
    report_run_init(list, k->id);
    if (grade_spec(&job, list, err, sizeof err) != 0 || whole_failure(list)) {
        report_run_free(list);
        return -1;
    }
    return 0;
}

/* add_not_run: adds listed test `t` to run r as an error of `kind` that did
 * not run, with `note` as its message (copied by report_add). 0, or -1
 * when report_add failed (it then marked the run failed). */
static int add_not_run(struct report_run *r, const struct report_case *t, enum errkind kind, const char *note)
{
    struct report_case c = *t;
    c.verdict = VERDICT_ERROR;
    c.kind = kind;
    c.message = (char *)note;
    c.output = c.expected = c.actual = c.line_code = c.helper = "";
    c.duration = 0;
    return report_add(r, &c) == NULL ? -1 : 0;
}

/* fill_with_list: run r failed as a whole: its "(file)" error becomes the
 * run's error, and every test of `list` is added as an error that did not
 * run, so the run scores 0 of the kata's full total. */
static void fill_with_list(struct report_run *r, const struct report_run *list)
{
    char note[160];
    if (r->status != VERDICT_ERROR && r->ncases > 0)
        report_set_error(r, r->cases[0].kind ? r->cases[0].kind : ERRKIND_LOAD, r->cases[0].message);
    for (size_t i = 0; i < r->ncases; i++) {
        free(r->cases[i].name), free(r->cases[i].suite), free(r->cases[i].file);
        free(r->cases[i].message), free(r->cases[i].output), free(r->cases[i].test_code);
        free(r->cases[i].expected), free(r->cases[i].actual);
        free(r->cases[i].line_code), free(r->cases[i].helper);
    }
    r->ncases = 0;
    snprintf(note, sizeof note, "not run: the submission failed as a whole (%s error, see above)",
             errkind_name(r->kind ? r->kind : ERRKIND_LOAD));
    for (size_t i = 0; i < list->ncases; i++)
        if (add_not_run(r, &list->cases[i], r->kind ? r->kind : ERRKIND_LOAD, note) != 0)
            break;
}

/* --- tests a failed block hid still count ------------------------------- */

/* covering_block: the error case of run r named after a block that holds
 * the listed test `t` (its suite is the block's full name, or lies under
 * it), the innermost such; NULL if none. */
static const struct report_case *covering_block(const struct report_run *r, const struct report_case *t)
{
    const struct report_case *best = NULL;
    for (size_t i = 0; i < r->ncases; i++) {
        const struct report_case *c = &r->cases[i];
        size_t n = strlen(c->name);
        if (c->verdict != VERDICT_ERROR || strcmp(c->name, t->name) == 0 || strcmp(c->name, "(file)") == 0 ||
            strncmp(t->suite, c->name, n) != 0 || (t->suite[n] != '\0' && t->suite[n] != ' '))
            continue;
        if (best == NULL || n > strlen(best->name))
            best = c;
    }
    return best;
}

/* has_case: 1 when run r has a case named `name`. */
static int has_case(const struct report_run *r, const char *name)
{
    for (size_t i = 0; i < r->ncases; i++)
        if (strcmp(r->cases[i].name, name) == 0)
            return 1;
    return 0;
}

/* add_hidden_tests: a describe body or setup that fails (often where it
 * first calls the solution: `local calc = add.new()`) leaves its tests
 * unregistered or unrun, reported as one error (as busted does). Scored as
 * it is, a solution that breaks the block of hard tests would earn a
 * larger share: 1 of 3 instead of 1 of 6. Every test of `list` that run r
 * lacks and that lies in a block r reports failed is added as an error. */
static void add_hidden_tests(struct report_run *r, const struct report_run *list)
{
    size_t n = r->ncases;
    for (size_t i = 0; i < list->ncases; i++) {
        const struct report_case *t = &list->cases[i], *block;
        char note[400];
        if (has_case(r, t->name))
            continue;
        block = covering_block(r, t);
        if (block == NULL || (size_t)(block - r->cases) >= n) /* only the run's own cases cover */
            continue;
        snprintf(note, sizeof note, "not run: the block \"%.200s\" failed before this test could run "
                                    "(see its error)", block->name);
        if (add_not_run(r, t, block->kind ? block->kind : ERRKIND_RUNTIME, note) != 0)
            return;
    }
}

/* has_error_case: 1 when run r has a case with verdict error. */
static int has_error_case(const struct report_run *r)
{
    for (size_t j = 0; j < r->ncases; j++)
        if (r->cases[j].verdict == VERDICT_ERROR)
            return 1;
    return 0;
}

/* score_with_test_lists: every run is scored against its kata's full list
 * of tests: a run that failed as a whole gets them all as failed
 * (fill_with_list), a run with an error case the tests a failed block hid
 * (add_hidden_tests). One listing child per kata that needs one. */
static void score_with_test_lists(struct batch *b, const struct grade_flags *f)
{
    for (size_t k = 0; k < b->nkatas; k++) {
        struct report_run list;
        int listed = 0;
        for (size_t i = 0; i < b->n; i++) {
            struct report_run *r = &b->runs[i];
            int whole = whole_failure(r);
            if (b->kata_of[i] != b->katas[k] || (!whole && !has_error_case(r)))
                continue;
            if (!listed)
                listed = list_tests(b->katas[k], f, &list) == 0 ? 1 : -1;
            if (listed == 1 && whole)
                fill_with_list(r, &list);
            else if (listed == 1)
                add_hidden_tests(r, &list);
        }
        if (listed == 1)
            report_run_free(&list);
    }
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
    fprintf(out, "\n%-32s %11s %5s %5s %5s %5s %8s\n", "submission", "score", "pass", "fail",
            "error", "skip", "ms");
    for (size_t i = 0; i < b->n; i++) {
        const struct report_run *r = &b->runs[i];
        const char *full = strrchr(r->name, '/') && strlen(r->name) > 32 ? strrchr(r->name, '/') + 1 : r->name;
        char name[33];
        size_t k = 0;
        for (; full[k] && k < sizeof name - 1; k++) /* a name can't drive the terminal */
            name[k] = (unsigned char)full[k] < 0x20 || full[k] == 0x7f ? '?' : full[k];
        name[k] = '\0';
        int p, fl, e, s;
        double got, max;
        char score[32];
        summary_counts(r, &p, &fl, &e, &s);
        run_score(r, &got, &max);
        /* a fraction of a point to two places: 9.17/10, never 9.16667/10 */
        snprintf(score, sizeof score, got == (double)(long long)got ? "%.0f/%g" : "%.2f/%g", got, max);
        fprintf(out, "%-32.32s %11s %5d %5d %5d %5d %8.1f\n", name, score, p, fl, e, s,
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

/* Where the report and the summary go: opened before grading starts, so a
 * path that can't be written fails at once (exit 2), not after the class
 * was graded. */
struct sinks {
    struct util_atomic report, summary;
    int have_report, have_summary;
};

/* open_sinks: opens --output and --summary (when given). 0, or 2 after a
 * one-line message (nothing left open). */
static int open_sinks(struct sinks *s, const struct grade_flags *f)
{
    memset(s, 0, sizeof *s);
    if (f->output && f->summary && strcmp(f->output, f->summary) == 0) {
        fprintf(stderr, "dojo: %s: --output and --summary name the same file\n", f->output);
        return 2;
    }
    if (f->output) {
        if (util_atomic_open(&s->report, f->output) != 0) {
            fprintf(stderr, "dojo: %s: cannot write the report: %s\n", f->output, strerror(errno));
            return 2;
        }
        s->have_report = 1;
    }
    if (f->summary) {
        if (util_atomic_open(&s->summary, f->summary) != 0) {
            fprintf(stderr, "dojo: %s: cannot write the summary: %s\n", f->summary, strerror(errno));
            if (s->have_report)
                util_atomic_close(&s->report, 0);
            s->have_report = 0;
            return 2;
        }
        s->have_summary = 1;
    }
    return 0;
}

/* close_sinks: commits (or, with `commit` 0, discards) what is open. 0, or
 * 2 after a one-line message when a file could not be put in place. */
static int close_sinks(struct sinks *s, const struct grade_flags *f, int commit)
{
    int rc = 0;
    if (s->have_report && util_atomic_close(&s->report, commit) != 0 && commit) {
        fprintf(stderr, "dojo: %s: cannot write the report: %s\n", f->output, strerror(errno));
        rc = 2;
        commit = 0;
    }
    if (s->have_summary && util_atomic_close(&s->summary, commit) != 0 && commit) {
        fprintf(stderr, "dojo: %s: cannot write the summary: %s\n", f->summary, strerror(errno));
        rc = 2;
    }
    s->have_report = s->have_summary = 0;
    return rc;
}

/* note_field: the CSV note of a run: its note (a nested folder, a
 * near-miss name), and for a submission that failed as a whole the first
 * line of why (a syntax error, no module file); "" when neither. */
static void note_field(FILE *out, const struct report_run *r)
{
    char text[600];
    const char *why = r->status == VERDICT_ERROR && r->message ? r->message : "";
    snprintf(text, sizeof text, "%s%s%.*s", r->note ? r->note : "", r->note && *why ? "; " : "",
             (int)strcspn(why, "\n"), why);
    csv_field(out, text);
}

/* write_summary_csv: the --summary table as CSV. 0, or -1 on a write error. */
static int write_summary_csv(const struct batch *b, FILE *out)
{
    fputs("submission,score,max_score,passed,failed,errors,skipped,seconds,note\n", out);
    for (size_t i = 0; i < b->n; i++) {
        int p, fl, e, s;
        double got, max;
        summary_counts(&b->runs[i], &p, &fl, &e, &s);
        run_score(&b->runs[i], &got, &max);
        csv_field(out, b->runs[i].name);
        fprintf(out, ",%g,%g,%d,%d,%d,%d,%.3f,", got, max, p, fl, e, s, b->runs[i].duration);
        note_field(out, &b->runs[i]);
        fputc('\n', out);
    }
    return fflush(out) != 0 || ferror(out) ? -1 : 0;
}

/* write_report: the report to --output (a temporary file, renamed over it
 * by close_sinks, so a reader never sees half of one) or to stdout, and the
 * summary. 0, or 2 after a one-line message when a write failed. */
static int write_report(const struct batch *b, const struct grade_flags *f, struct sinks *s)
{
    FILE *out = s->have_report ? s->report.f : stdout;
    int color = f->format == REPORT_HUMAN && !f->output && term_color(stdout);
    int rc = report_write(b->runs, b->n, f->format, out, color);
    if (rc == 0 && f->format == REPORT_HUMAN && b->n > 1) {
        print_summary(b, out);
        rc = fflush(out) != 0 || ferror(out) ? -1 : 0;
    }
    if (rc != 0) {
        fprintf(stderr, "dojo: %s: cannot write the report: %s\n", f->output ? f->output : "stdout",
                strerror(errno ? errno : EIO));
        return 2;
    }
    if (s->have_summary && write_summary_csv(b, s->summary.f) != 0) {
        fprintf(stderr, "dojo: %s: cannot write the summary: %s\n", f->summary,
                strerror(errno ? errno : EIO));
        return 2;
    }
    if (f->format != REPORT_HUMAN && b->n > 1 && isatty(2))
        print_summary(b, stderr);
    return 0;
}

/* collect: turns the positional paths into jobs. 0 or 2. */
static int collect(struct batch *b, struct app *a, int n, char **paths, const struct grade_flags *f,
                   const struct class_opts *o)
{
    char man[4200];
    struct kata *k = NULL;
    if (f->kata && (k = load(b, a, f->kata)) == NULL)
        return 2;
    for (int i = 0; i < n; i++) {
        int rc;
        if (util_path_join(man, sizeof man, paths[i], "kata.lua") != 0) {
            fprintf(stderr, "dojo: %.200s...: path too long\n", paths[i]);
            return 2;
        }
        if (k) {
            if (!util_is_dir(paths[i])) {
                fprintf(stderr, "dojo: %s: no such folder of submissions\n", paths[i]);
                return 2;
            }
            rc = class_add_submissions(b, k, paths[i], f, o);
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
    for (size_t i = 0; i < b->nsubs; i++)
        submissions_free(&b->subs[i]);
    free(b->subs);
    free(b->jobs);
    free(b->runs);
    free(b->kata_of);
    free(b->strings);
    free(b->katas);
}

/* usage_class: a usage error for class options that need what is not
 * there, or 0. */
static int usage_class(const struct grade_flags *f, const struct class_opts *o)
{
    if (o->roster && !f->kata)
        return usage_error("grade", "--roster maps a class's submissions to students: it needs --kata ID");
    if (o->cache && !f->kata)
        return usage_error("grade", "--cache keeps the results of a class's submissions: it needs --kata ID");
    if (o->submission_timeout < 0)
        return usage_error("grade", "--submission-timeout takes seconds (a positive number)");
    if (o->html && f->output && strcmp(o->html, f->output) == 0)
        return usage_error("grade", "--html and --output name the same file");
    return 0;
}

int batch_grade(struct app *a, int n, char **paths, const struct grade_flags *fl, const struct class_opts *o)
{
    struct grade_flags ff = *fl, *f = &ff;
    struct batch b;
    struct sinks sinks;
    struct class_out c;
    char err[512];
    int rc, all = 1;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    memset(&b, 0, sizeof b);
    if (n == 0)
        return usage_error("grade", "needs at least one PATH (a kata id, a kata folder, a folder "
                                    "of *_spec.lua files, or with --kata ID a folder of submissions)");
    if (f->spec && f->kata)
        return usage_error("grade", "--spec names the specs of busted-layout folders; with --kata "
                                    "only the kata's own spec runs");
    if ((rc = usage_class(f, o)) != 0)
        return rc;
    if ((rc = collect(&b, a, n, paths, f, o)) == 0 && (rc = open_sinks(&sinks, f)) == 0) {
        if ((rc = class_open(&c, o)) != 0) {
            close_sinks(&sinks, f, 0);
            goto out_free_batch;
        }
        for (size_t i = 0; i < b.n; i++) /* one limit per submission, its spec files together */
            b.jobs[i].submission_timeout = o->submission_timeout;
        class_cache_lookup(&c, &b, o);
        b.bar = isatty(2) && b.n > 1;
        b.started = util_now();
        if (grade_batch(b.jobs, b.runs, b.n, f->jobs ? f->jobs : (int)(cores > 0 ? cores : 1), progress,
                        &b, err, sizeof err) != 0) {
            fprintf(stderr, "dojo: %s\n", err);
            rc = 2;
        }
        if (rc == 0)
            class_cache_store(&c, &b, o);
        if (rc == 0 && !f->reference)
            score_with_test_lists(&b, f);
        for (size_t i = 0; rc == 0 && i < b.n; i++) {
            b.runs[i].show_hidden = f->show_hidden;
            if (b.kata_of[i])
                kata_score(b.kata_of[i], &b.runs[i]);
        }
        if (rc == 0)
            rc = write_report(&b, f, &sinks);
        n = close_sinks(&sinks, f, rc == 0);
        rc = rc ? rc : n;
        n = class_close(&c, &b, o, f->format, f->kata ? f->kata : paths[0], rc == 0);
        rc = rc ? rc : n;
        if (c.hits && o->cache && isatty(2))
            fprintf(stderr, "dojo: %zu of %zu results came from the cache (%s)\n", c.hits, b.n, o->cache);
    }
    for (size_t i = 0; rc == 0 && i < b.n; i++)
        all &= report_passed(&b.runs[i]);
    if (rc == 0)
        rc = all ? 0 : 1;
out_free_batch:
    batch_free(&b);
    return rc;
}

/* class_flags: the class options from the command line into *o. 0, or 2
 * after a one-line usage error. */
static int class_flags(const struct cmd_args *args, struct class_opts *o)
{
    memset(o, 0, sizeof *o);
    o->per_student = cmd_flag(args, "--per-student");
    o->html = cmd_flag(args, "--html");
    o->roster = cmd_flag(args, "--roster");
    o->cache = cmd_flag(args, "--cache");
    return cmd_positive(args, "--submission-timeout", "seconds", &o->submission_timeout);
}

int cmd_grade(struct app *a, const struct cmd_args *args)
{
    struct grade_flags f;
    struct class_opts o;
    int rc;
    if ((rc = grade_flags_read(args, GRADE_FLAGS_PIPED_TAP, &f)) != 0 || (rc = class_flags(args, &o)) != 0)
        return rc;
    return batch_grade(a, args->argc, args->argv, &f, &o);
}
