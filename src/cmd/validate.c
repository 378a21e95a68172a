/* validate.c: `dojo validate [TARGET] [--format human|json]`, the CI check of
 * a pack, a concept folder, a kata (folder or id) or a lesson file. Each
 * check is one record {target, check, ok, file, line, message}: printed as it
 * is made (human, TAP-like), or all at the end as one JSON object. The kata
 * checks are here, the lesson and quiz checks in validate_lesson.c.
 * Exit 0 clean, 1 something failed, 2 could not run.
 * Depends on cmd/cmd.h, gradeflags.h, kata.h, pack.h, refbuild.h, report/report.h, util.h. */
#include "cmd/validate.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "gradeflags.h"
#include "kata.h"
#include "pack.h"
#include "refbuild.h"
#include "report/report.h"
#include "util.h"

static char *dup_or_empty(const char *s)
{
    return util_strdup(s ? s : "");
}

void validate_add(struct validate_ctx *v, int ok, const char *target, const char *check,
                  const char *file, int line, const char *fmt, ...)
{
    char msg[2048] = "";
    struct validate_check *c;
    if (fmt != NULL) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof msg, fmt, ap);
        va_end(ap);
    }
    ++*(ok ? &v->pass : &v->fail);
    if (!v->json) {
        printf("%s - %s: %s", ok ? "ok" : "not ok", target, check);
        if (!ok && file && *file)
            line > 0 ? printf(": %s:%d", file, line) : printf(": %s", file);
        if (*msg) /* a message of several lines: the rest indented below */
            for (const char *p = msg, *nl; p; p = nl ? nl + 1 : NULL) {
                nl = strchr(p, '\n');
                printf(p == msg ? ": %.*s" : "\n    %.*s", nl ? (int)(nl - p) : (int)strlen(p), p);
            }
        putchar('\n');
        return;
    }
    if (v->n == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 64;
        struct validate_check *p = realloc(v->checks, cap * sizeof *p);
        if (p == NULL)
            return; /* counted above: the totals stay right */
        v->checks = p, v->cap = cap;
    }
    c = &v->checks[v->n++];
    c->ok = ok;
    c->line = line;
    c->target = dup_or_empty(target);
    c->check = dup_or_empty(check);
    c->file = dup_or_empty(file);
    c->message = dup_or_empty(msg);
}

int validate_split_error(const char *err, char *file, size_t cap, int *line, const char **msg)
{
    /* "PATH:LINE: message": the last ":digits:" before the message. */
    const char *p = err, *best = NULL;
    *line = 0;
    *msg = err;
    file[0] = '\0';
    while ((p = strchr(p, ':')) != NULL) {
        const char *q = p + 1;
        while (*q >= '0' && *q <= '9')
            q++;
        if (q > p + 1 && *q == ':') {
            best = p;
            break;
        }
        p++;
    }
    if (best == NULL)
        return 0;
    snprintf(file, cap, "%.*s", (int)(best - err), err);
    *line = atoi(best + 1);
    *msg = strchr(best + 1, ':') + 1;
    while (**msg == ' ')
        ++*msg;
    return 1;
}

int validate_text_line(const char *text, const char *needle)
{
    const char *p = text ? strstr(text, needle) : NULL;
    int line = 1;
    if (p == NULL)
        return 0;
    for (const char *q = text; q < p; q++)
        line += *q == '\n';
    return line;
}

/* field_line: the line of `field =` in the kata's manifest, else 1. */
static int field_line(const char *dir, const char *field)
{
    char path[4200], needle[80];
    char *text = util_path_join(path, sizeof path, dir, "kata.lua") == 0 ? util_read_file(path, NULL) : NULL;
    int line;
    snprintf(needle, sizeof needle, "%s =", field);
    line = validate_text_line(text, needle);
    if (line == 0) {
        snprintf(needle, sizeof needle, "%s=", field);
        line = validate_text_line(text, needle);
    }
    free(text);
    return line > 0 ? line : 1;
}

/* check_identity: the id is unique in the pack (when a whole pack is being
 * validated) and the manifest's concept is the folder the kata is in. */
static void check_identity(struct validate_ctx *v, const struct kata *k, const char *target,
                           const char *man)
{
    char key[300], parent[4096];
    const char *concept;
    if (v->whole_pack) {
        snprintf(key, sizeof key, "\n%s\n", k->id);
        int unique = strstr(sbuf_cstr(&v->ids), key) == NULL;
        validate_add(v, unique, target, "its id is unique in the pack", k->dir, 0,
                     unique ? NULL : "another kata has the same id (folder name)");
        sbuf_printf(&v->ids, "%s%s\n", v->ids.len ? "" : "\n", k->id);
    }
    snprintf(parent, sizeof parent, "%s", k->dir);
    if (strrchr(parent, '/'))
        *strrchr(parent, '/') = '\0';
    concept = strrchr(parent, '/') ? strrchr(parent, '/') + 1 : parent;
    if (strcmp(concept, k->concept) == 0)
        validate_add(v, 1, target, "its concept matches its folder", NULL, 0, NULL);
    else
        validate_add(v, 0, target, "its concept matches its folder", man, field_line(k->dir, "concept"),
                     "the manifest says concept = \"%.200s\", the folder is %.200s", k->concept,
                     concept);
}

/* check_files: README.md, starter.lua, spec.lua and a reference (reference.c,
 * or reference.lua for a kata with only a Lua one). Returns 1 when all are
 * there. */
static int check_files(struct validate_ctx *v, const struct kata *k, const char *target)
{
    static const char *const files[] = {"README.md", "starter.lua", "spec.lua", NULL};
    char path[4200], c_ref[4200], lua_ref[4200];
    int all = 1;
    for (const char *const *fn = files; *fn; fn++)
        if (util_path_join(path, sizeof path, k->dir, *fn) != 0 || !util_is_file(path)) {
            validate_add(v, 0, target, "its files are there", path, 0, "missing");
            all = 0;
        }
    util_path_join(c_ref, sizeof c_ref, k->dir, "reference.c");
    util_path_join(lua_ref, sizeof lua_ref, k->dir, "reference.lua");
    if (!util_is_file(c_ref) && !util_is_file(lua_ref)) {
        validate_add(v, 0, target, "its files are there", c_ref, 0,
                     "missing (a kata needs reference.c, or reference.lua for a Lua one)");
        all = 0;
    }
    for (int i = 0; i < k->neditor; i++) /* the manifest's `editor` files */
        if (util_path_join(path, sizeof path, k->dir, k->editor[i]) != 0 || !util_is_file(path)) {
            validate_add(v, 0, target, "its files are there", path, 0, "missing (named in `editor`)");
            all = 0;
        }
    if (all)
        validate_add(v, 1, target, "its files are there", NULL, 0, NULL);
    return all;
}

/* explain: the first failing case of `run` as "first: VERDICT NAME: its
 * message", the message's first line and up to 11 more (a diff's expected
 * and actual), its line in *line; "" when every case passed. */
static void explain(const struct report_run *run, int *line, char *out, size_t cap)
{
    *line = 0;
    snprintf(out, cap, "%s", run->status == VERDICT_ERROR && run->message ? run->message : "");
    for (size_t i = 0; i < run->ncases && !*out; i++) {
        const struct report_case *c = &run->cases[i];
        const char *end = c->message;
        if (c->verdict != VERDICT_FAIL && c->verdict != VERDICT_ERROR)
            continue;
        for (int n = 0; n < 12 && end != NULL && *end; n++) {
            end = strchr(end, '\n');
            end = end ? end + 1 : NULL;
        }
        snprintf(out, cap, "first: %s %s: %.*s", verdict_name(c->verdict), c->name,
                 end ? (int)(end - c->message) : (int)strlen(c->message), c->message);
        for (size_t n = strlen(out); n > 0 && out[n - 1] == '\n'; n--)
            out[n - 1] = 0;
        *line = c->line;
    }
}

/* grade_reference: grades the kata's reference into run: reference.c
 * (compiled in, or built by refbuild.c), else reference.lua as a solution.
 * Returns 0, or -1 after adding the failed check. */
static int grade_reference(struct validate_ctx *v, const struct kata *k, const char *target,
                           struct report_run *run)
{
    static const char check[] = "the reference passes its spec";
    struct grade_flags f;
    char c_ref[4200], lua_ref[4200], err[1024];
    int rc, line = 0, built;
    memset(&f, 0, sizeof f);
    util_path_join(c_ref, sizeof c_ref, k->dir, "reference.c");
    util_path_join(lua_ref, sizeof lua_ref, k->dir, "reference.lua");
    if (k->lua_reference || !util_is_file(c_ref)) {
        /* `reference = "lua"` (an imported kata), or no reference.c at all:
         * reference.lua is graded as the reference. */
        validate_add(v, 1, target, "its reference", NULL, 0, "only a Lua one (reference.lua, no reference.c)");
        if (k->lua_reference)
            return grade_kata_file(k, NULL, 1, &f, run) == 0 ? 0 : -1;
        return grade_kata_file(k, lua_ref, 0, &f, run) == 0 ? 0 : -1;
    }
    if (refbuild_reference(k, &built, &line, err, sizeof err) == NULL) {
        validate_add(v, 0, target, check, c_ref, line, "cannot build it: %s", err);
        return -1;
    }
    if (built)
        validate_add(v, 1, target, "its reference", NULL, 0,
                     refbuild_in_builtin_pack(k->dir) ? "reference.c built by validate (not compiled into "
                                                        "this dojo yet: cmake --build adds it)"
                                                      : "reference.c built by validate (a kata outside "
                                                        "the built-in pack)");
    rc = grade_kata_file(k, NULL, 1, &f, run);
    kata_reference_set(NULL, NULL);
    if (rc != 0)
        validate_add(v, 0, target, check, c_ref, 0, "the spec could not run (see above)");
    return rc == 0 ? 0 : -1;
}

/* check_reference: the reference passes, the spec has 8 or more tests, and
 * the manifest's test names (test_points, hidden, starter_passes) match
 * tests of the spec. */
static void check_reference(struct validate_ctx *v, const struct kata *k, const char *target,
                            const char *spec, const char *man)
{
    struct report_run run;
    char why[1800];
    int p, fl, e, line;
    report_run_init(&run, k->id);
    if (grade_reference(v, k, target, &run) == 0) {
        report_counts(&run, &p, &fl, &e, NULL);
        explain(&run, &line, why, sizeof why);
        if (report_passed(&run))
            validate_add(v, 1, target, "the reference passes its spec", NULL, 0, "%d passed", p);
        else
            validate_add(v, 0, target, "the reference passes its spec", spec, line,
                         "%d passed, %d failed, %d errors; %s", p, fl, e, why);
        validate_add(v, run.ncases >= 8, target, "the spec has at least 8 tests", spec, 0, "%zu tests",
                     run.ncases);
        if (k->ntest_points + k->nhidden + k->nstarter_passes > 0) {
            char names[900];
            int bad = kata_check_rules(k, &run, names, sizeof names);
            const char *first = k->ntest_points ? "test_points" : k->nhidden ? "hidden" : "starter_passes";
            if (bad == 0)
                validate_add(v, 1, target, "test_points, hidden and starter_passes name tests of its spec",
                             NULL, 0, NULL);
            else
                validate_add(v, 0, target, "test_points, hidden and starter_passes name tests of its spec",
                             man, field_line(k->dir, first), "%d name(s) match no test of the spec: %s",
                             bad, names);
        }
    }
    report_run_free(&run);
}

/* check_starter: the starter fails its spec, and no test passes on it
 * unless the manifest's starter_passes names it. */
static void check_starter(struct validate_ctx *v, const struct kata *k, const char *target,
                          const char *spec)
{
    static const char check[] = "no test passes on the starter unless listed in starter_passes";
    struct grade_flags f;
    struct report_run run;
    char starter[4200];
    int p, fl, e, stray = 0;
    memset(&f, 0, sizeof f);
    report_run_init(&run, k->id);
    util_path_join(starter, sizeof starter, k->dir, "starter.lua");
    if (grade_kata_file(k, starter, 0, &f, &run) != 0) {
        validate_add(v, 0, target, "the starter fails its spec", starter, 0, "the spec could not run (see above)");
        report_run_free(&run);
        return;
    }
    report_counts(&run, &p, &fl, &e, NULL);
    validate_add(v, !report_passed(&run), target, "the starter fails its spec", starter, 0,
                 "%d passed, %d failed, %d errors", p, fl, e);
    for (size_t i = 0; i < run.ncases; i++) {
        const struct report_case *c = &run.cases[i];
        if (c->verdict != VERDICT_PASS || kata_starter_may_pass(k, c->name))
            continue;
        stray++;
        validate_add(v, 0, target, check, spec, c->line,
                     "\"%s\" passes on the starter: make the starter fail it, or name it in the "
                     "manifest's starter_passes",
                     c->name);
    }
    if (stray == 0)
        validate_add(v, 1, target, check, NULL, 0, NULL);
    report_run_free(&run);
}

void validate_kata(const char *dir, void *ud)
{
    struct validate_ctx *v = ud;
    struct kata *k = NULL;
    char err[1024], file[4200], target[300], man[4200], spec[4200];
    const char *msg;
    int line;
    snprintf(target, sizeof target, "kata %s", pack_kata_name(dir)); /* pack/id on a clash */
    util_path_join(man, sizeof man, dir, "kata.lua");
    if (kata_load(dir, &k, err, sizeof err) != 0) {
        if (validate_split_error(err, file, sizeof file, &line, &msg))
            validate_add(v, 0, target, "manifest", file, line, "%s", msg);
        else
            validate_add(v, 0, target, "manifest", man, 0, "%s", err);
        return;
    }
    validate_add(v, 1, target, "manifest", NULL, 0, NULL);
    check_identity(v, k, target, man);
    validate_add(v, k->nhints >= 1, target, "it has hints", man, field_line(dir, "hints"), "%d", k->nhints);
    util_path_join(spec, sizeof spec, dir, "spec.lua");
    if (check_files(v, k, target)) {
        check_reference(v, k, target, spec, man);
        check_starter(v, k, target, spec);
    }
    kata_free(k);
}

/* validate_folders: every folder under katas/<concept>/ holds a manifest
 * (kata_list skips the ones that don't, so validate looks itself). */
static void validate_folders(struct validate_ctx *v, const char *katas)
{
    char cdir[4096], kdir[4096], man[4200];
    struct dirent **concepts = NULL;
    int nc = scandir(katas, &concepts, NULL, alphasort);
    for (int i = 0; i < nc; i++) {
        struct dirent **names = NULL;
        int nk = -1;
        if (concepts[i]->d_name[0] != '.' &&
            util_path_join(cdir, sizeof cdir, katas, concepts[i]->d_name) == 0 && util_is_dir(cdir))
            nk = scandir(cdir, &names, NULL, alphasort);
        for (int j = 0; j < nk; j++) {
            if (names[j]->d_name[0] != '.' &&
                util_path_join(kdir, sizeof kdir, cdir, names[j]->d_name) == 0 && util_is_dir(kdir) &&
                util_path_join(man, sizeof man, kdir, "kata.lua") == 0 && !util_is_file(man)) {
                char target[4400];
                snprintf(target, sizeof target, "folder %s", kdir);
                validate_add(v, 0, target, "a kata folder has a manifest", man, 0, "no kata.lua");
            }
            free(names[j]);
        }
        free(names);
        free(concepts[i]);
    }
    free(concepts);
}

/* parent_of: the folder holding `path`, `levels` up, into out. A relative
 * path with too few parts for that ("closures" from inside katas/) is made
 * absolute first. */
static void parent_of(const char *path, int levels, char *out, size_t cap)
{
    char real[PATH_MAX];
    int slashes = 0;
    for (const char *p = path; *p; p++)
        slashes += *p == '/';
    if (slashes < levels && realpath(path, real) != NULL)
        path = real;
    snprintf(out, cap, "%s", path);
    for (int i = 0; i < levels; i++) {
        char *slash = strrchr(out, '/');
        if (slash == NULL) {
            snprintf(out, cap, ".");
            return;
        }
        *slash = '\0';
        if (*out == '\0')
            snprintf(out, cap, "/");
    }
}

/* validate_concept: every kata folder (one with a kata.lua) in the concept
 * folder `cdir`, by name. */
static void validate_concept(struct validate_ctx *v, const char *cdir)
{
    char kdir[4200], man[4300];
    struct dirent **names = NULL;
    int n = scandir(cdir, &names, NULL, alphasort);
    for (int i = 0; i < n; i++) {
        if (names[i]->d_name[0] != '.' && util_path_join(kdir, sizeof kdir, cdir, names[i]->d_name) == 0 &&
            util_path_join(man, sizeof man, kdir, "kata.lua") == 0 && util_is_file(man))
            validate_kata(kdir, v);
        free(names[i]);
    }
    free(names);
}

/* validate_manifest: the pack at `root`'s pack.lua loads (docs/packs.md);
 * nothing to check when it has none. */
static void validate_manifest(struct validate_ctx *v, const char *root)
{
    char err[1024], file[4200], target[4200];
    const char *msg;
    struct pack p;
    int line, rc;
    if (util_path_join(file, sizeof file, root, "pack.lua") != 0 || !util_is_file(file))
        return;
    rc = pack_load(root, &p, err, sizeof err);
    snprintf(target, sizeof target, "pack %s", rc == 0 ? p.name : root);
    if (rc == 0)
        validate_add(v, 1, target, "pack.lua", file, 0, NULL);
    else if (validate_split_error(err, file, sizeof file, &line, &msg))
        validate_add(v, 0, target, "pack.lua", file, line, "%s", msg);
    else
        validate_add(v, 0, target, "pack.lua", file, 1, "%s", err);
    pack_free(&p);
}

/* validate_other_packs: when `path` is the built-in pack's folder, the
 * rest of the catalogue (pack.h) as well: each DOJO_PATH pack's pack.lua,
 * kata folders and lessons (kata_list already gave validate_kata every
 * pack's katas). A catalogue that can't be opened (a bad pack.lua) is a
 * failed check. */
static void validate_other_packs(struct validate_ctx *v, const char *path)
{
    const struct pack_set *set;
    char err[1024], file[4200], katas[4200];
    const char *msg;
    int line, rc = pack_catalogue_of(path, &set, err, sizeof err);
    if (rc < 0) {
        if (validate_split_error(err, file, sizeof file, &line, &msg))
            validate_add(v, 0, "DOJO_PATH", "every pack loads", file, line, "%s", msg);
        else
            validate_add(v, 0, "DOJO_PATH", "every pack loads", "", 0, "%s", err);
    }
    for (int i = 0; rc == 1 && i < set->npacks; i++) {
        const struct pack *p = &set->packs[i];
        if (p->builtin)
            continue;
        snprintf(v->pack, sizeof v->pack, "%s", p->root); /* lesson links resolve there */
        validate_manifest(v, p->root);
        if (util_path_join(katas, sizeof katas, p->root, "katas") == 0 && util_is_dir(katas))
            validate_folders(v, katas);
        validate_lessons(v, p->root);
    }
}

/* run_target: validates `arg` (NULL: the pack dojo uses). Returns 0 when it
 * ran, or 2 after a one-line error. */
static int run_target(struct validate_ctx *v, const char *arg)
{
    char path[4096], sub[4200], err[1024] = "";
    size_t n;
    if (arg == NULL)
        arg = v->a->pack;
    snprintf(path, sizeof path, "%s", arg);
    n = strlen(path);
    while (n > 1 && path[n - 1] == '/')
        path[--n] = '\0';
    if (util_is_file(path) && util_ends_with(path, ".md")) {
        parent_of(path, 2, v->pack, sizeof v->pack);
        validate_lesson_file(v, path);
        return 0;
    }
    if (util_is_file(path) && (util_ends_with(path, "/kata.lua") || strcmp(path, "kata.lua") == 0))
        snprintf(path + n - strlen("kata.lua"), sizeof path - n + strlen("kata.lua"), ".");
    {
        /* "." and ".." name no kata or concept: their real names do */
        const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
        char real[PATH_MAX];
        if ((strcmp(base, ".") == 0 || strcmp(base, "..") == 0 || *base == '\0') && realpath(path, real))
            snprintf(path, sizeof path, "%s", real);
    }
    if (util_path_join(sub, sizeof sub, path, "kata.lua") == 0 && util_is_file(sub)) {
        parent_of(path, 3, v->pack, sizeof v->pack);
        validate_kata(path, v);
        return 0;
    }
    if (util_is_dir(path)) {
        char real[PATH_MAX], parent[PATH_MAX];
        const char *pbase, *base;
        if (realpath(path, real) == NULL)
            snprintf(real, sizeof real, "%s", path);
        base = strrchr(real, '/') ? strrchr(real, '/') + 1 : real;
        parent_of(real, 1, parent, sizeof parent);
        pbase = strrchr(parent, '/') ? strrchr(parent, '/') + 1 : parent;
        if (strcmp(base, "katas") == 0) {
            parent_of(path, 1, v->pack, sizeof v->pack); /* a pack's katas/: every kata */
            v->whole_pack = 1;
            kata_list(v->pack, validate_kata, v);
            validate_folders(v, path);
            return 0;
        }
        if (strcmp(pbase, "katas") == 0) { /* a concept folder */
            parent_of(path, 2, v->pack, sizeof v->pack);
            validate_concept(v, path);
            return 0;
        }
        snprintf(v->pack, sizeof v->pack, "%s", path);
        util_path_join(sub, sizeof sub, path, "katas");
        if (!util_is_dir(sub)) {
            util_path_join(sub, sizeof sub, path, "lessons");
            if (!util_is_dir(sub)) {
                fprintf(stderr, "dojo validate: %s: not a pack (no katas/ or lessons/), concept folder, "
                                "kata folder (no kata.lua) or lesson\n", path);
                return 2;
            }
        } else {
            v->whole_pack = 1;
            kata_list(path, validate_kata, v); /* the built-in folder: every pack's */
            validate_folders(v, sub);
        }
        validate_manifest(v, path);
        validate_lessons(v, path);
        validate_other_packs(v, path);
        return 0;
    }
    /* a kata id ("pack/id" when packs clash): neither a file nor a folder */
    if (!util_is_file(path) && kata_find(v->a->pack, path, sub, sizeof sub, err, sizeof err) == 0) {
        parent_of(sub, 3, v->pack, sizeof v->pack);
        validate_kata(sub, v);
        return 0;
    }
    fprintf(stderr, "dojo validate: %s: no such folder, lesson file or kata%s%s\n", path, *err ? ": " : "",
            err);
    return 2;
}

/* write_json: {"target", "checks": [...], "totals": {...}} on stdout. */
static void json_str(const char *s)
{
    putchar('"');
    report_json_text(stdout, s);
    putchar('"');
}

static void write_json(const struct validate_ctx *v, const char *target)
{
    printf("{\"target\":");
    json_str(target);
    printf(",\"checks\":[");
    for (size_t i = 0; i < v->n; i++) {
        const struct validate_check *c = &v->checks[i];
        printf("%s\n{\"target\":", i ? "," : "");
        json_str(c->target);
        printf(",\"check\":");
        json_str(c->check);
        printf(",\"ok\":%s,\"file\":", c->ok ? "true" : "false");
        if (*c->file)
            json_str(c->file);
        else
            printf("null");
        printf(",\"line\":");
        if (c->line > 0)
            printf("%d", c->line);
        else
            printf("null");
        printf(",\"message\":");
        json_str(c->message);
        putchar('}');
    }
    printf("],\n\"totals\":{\"passed\":%d,\"failed\":%d,\"checks\":%d}}\n", v->pass, v->fail,
           v->pass + v->fail);
}

int cmd_validate(struct app *a, const struct cmd_args *args)
{
    struct validate_ctx v;
    const char *target = args->argc ? args->argv[0] : NULL, *format = cmd_flag(args, "--format");
    int rc;
    if ((rc = cmd_positionals(args, 0, 1, "a pack, concept folder, kata or lesson")) != 0)
        return rc;
    if (format && strcmp(format, "json") != 0 && strcmp(format, "human") != 0)
        return usage_error("validate", "--format takes human or json, not '%s'", format);
    memset(&v, 0, sizeof v);
    v.a = a;
    v.json = format && strcmp(format, "json") == 0;
    rc = run_target(&v, target);
    if (rc == 0 && v.json)
        write_json(&v, target ? target : a->pack);
    else if (rc == 0)
        printf("%d passed, %d failed\n", v.pass, v.fail);
    for (size_t i = 0; i < v.n; i++) {
        free(v.checks[i].target);
        free(v.checks[i].check);
        free(v.checks[i].file);
        free(v.checks[i].message);
    }
    free(v.checks);
    sbuf_free(&v.ids);
    return rc ? rc : v.fail ? 1 : 0;
}
