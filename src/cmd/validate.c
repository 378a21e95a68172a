/* validate.c: `dojo validate [DIR]`, the CI check of a pack: every kata's
 * manifest and files, its C reference passing and its starter failing its
 * spec, and every lesson's Lua blocks and quiz questions. Prints a TAP-like
 * line per check; exit 0 clean, 1 something failed, 2 could not run.
 * Depends on app.h, cmd/cmd.h, gradeflags.h, grade.h, kata.h, lesson.h, quiz.h, sandbox.h. */
#include <dirent.h>
#include <errno.h>
#include <lauxlib.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cmd/cmd.h"
#include "gradeflags.h"
#include "grade.h"
#include "interrupt.h"
#include "kata.h"
#include "lesson.h"
#include "quiz.h"
#include "sandbox.h"
#include "term.h"
#include "util.h"

struct validate_ctx {
    struct app *app;
    int pass, fail;
    struct sbuf ids; /* "\n"-separated ids seen so far, each as "\nID\n" */
};

/* vresult: one TAP-like line of validate's report. */
static void vresult(struct validate_ctx *v, int ok, const char *fmt, const char *what, const char *detail)
{
    if (ok)
        v->pass++;
    else
        v->fail++;
    printf("%s - ", ok ? "ok" : "not ok");
    printf(fmt, what);
    if (detail && *detail)
        printf(": %s", detail);
    putchar('\n');
}

/* explain_failures: under a "not ok" line, the cases that did not pass, each
 * with the first line of its message, as TAP comments. */
static void explain_failures(const struct report_run *run)
{
    if (run->status == VERDICT_ERROR)
        printf("  # %s\n", run->message ? run->message : "the run failed");
    for (size_t i = 0; i < run->ncases; i++) {
        const struct report_case *c = &run->cases[i];
        const char *nl = strchr(c->message, '\n');
        if (c->verdict != VERDICT_FAIL && c->verdict != VERDICT_ERROR)
            continue;
        printf("  # %s %s: %.*s\n", verdict_name(c->verdict), c->name,
               nl ? (int)(nl - c->message) : (int)strlen(c->message), c->message);
    }
}

/* validate_identity: the kata's id is unique in the pack and its concept is
 * the folder it is in (katas/<concept>/<id>). */
static void validate_identity(struct validate_ctx *v, const struct kata *k, const char *dir)
{
    char key[300], parent[4096], detail[600];
    const char *concept;
    snprintf(key, sizeof key, "\n%s\n", k->id);
    int unique = strstr(sbuf_cstr(&v->ids), key) == NULL;
    vresult(v, unique, "kata %s: its id is unique in the pack", k->id,
            unique ? NULL : "another kata has the same id (folder name)");
    sbuf_printf(&v->ids, "%s%s\n", v->ids.len ? "" : "\n", k->id);
    snprintf(parent, sizeof parent, "%s", dir);
    if (strrchr(parent, '/'))
        *strrchr(parent, '/') = '\0';
    concept = strrchr(parent, '/') ? strrchr(parent, '/') + 1 : parent;
    snprintf(detail, sizeof detail, "the manifest says concept = \"%.200s\", the folder is %.200s",
             k->concept, concept);
    vresult(v, strcmp(concept, k->concept) == 0, "kata %s: its concept matches its folder", k->id,
            strcmp(concept, k->concept) == 0 ? NULL : detail);
}

/* validate_folders: every folder under katas/<concept>/ holds a manifest
 * (kata_list skips the ones that don't, so validate looks itself). */
static void validate_folders(struct validate_ctx *v, const char *pack)
{
    char katas[4096], cdir[4096], kdir[4096], man[4200];
    struct dirent **concepts = NULL;
    int nc;
    if (util_path_join(katas, sizeof katas, pack, "katas") != 0)
        return;
    nc = scandir(katas, &concepts, NULL, alphasort);
    for (int i = 0; i < nc; i++) {
        struct dirent **names = NULL;
        int nk = -1;
        if (concepts[i]->d_name[0] != '.' &&
            util_path_join(cdir, sizeof cdir, katas, concepts[i]->d_name) == 0 && util_is_dir(cdir))
            nk = scandir(cdir, &names, NULL, alphasort);
        for (int j = 0; j < nk; j++) {
            if (names[j]->d_name[0] != '.' &&
                util_path_join(kdir, sizeof kdir, cdir, names[j]->d_name) == 0 && util_is_dir(kdir) &&
                util_path_join(man, sizeof man, kdir, "kata.lua") == 0 && !util_is_file(man))
                vresult(v, 0, "folder %s: a kata folder has a manifest", kdir, "no kata.lua");
            free(names[j]);
        }
        free(names);
        free(concepts[i]);
    }
    free(concepts);
}

/* validate_kata: manifest, files, hints, reference passes, starter fails. */
static void validate_kata(const char *dir, void *ud)
{
    struct validate_ctx *v = ud;
    struct kata *k = NULL;
    struct grade_flags f;
    struct report_run run;
    char err[1024], path[4200], detail[256], starter[4200];
    static const char *const files[] = {"README.md", "starter.lua", "spec.lua", "reference.c", NULL};
    int p, fl, e;
    memset(&f, 0, sizeof f);
    if (kata_load(dir, &k, err, sizeof err) != 0) {
        vresult(v, 0, "kata %s: manifest", dir, err);
        return;
    }
    vresult(v, 1, "kata %s: manifest", k->id, NULL);
    validate_identity(v, k, dir);
    for (const char *const *fn = files; *fn; fn++) {
        int fits = util_path_join(path, sizeof path, dir, *fn) == 0;
        snprintf(detail, sizeof detail, "%s %s", *fn, fits ? "missing" : "path too long");
        if (!fits || !util_is_file(path))
            vresult(v, 0, "kata %s: files", k->id, detail);
    }
    snprintf(detail, sizeof detail, "%d hints (3 wanted: a nudge to nearly the answer)", k->nhints);
    vresult(v, k->nhints == 3, "kata %s: three hints", k->id, k->nhints == 3 ? NULL : detail);
    report_run_init(&run, k->id);
    if (grade_kata_file(k, NULL, 1, &f, &run) == 0) {
        report_counts(&run, &p, &fl, &e, NULL);
        snprintf(detail, sizeof detail, "%d passed, %d failed, %d errors", p, fl, e);
        vresult(v, report_passed(&run), "kata %s: the C reference passes its spec", k->id, detail);
        explain_failures(&run);
        snprintf(detail, sizeof detail, "%zu tests", run.ncases);
        vresult(v, run.ncases >= 8, "kata %s: the spec has at least 8 tests", k->id, detail);
        if (k->ntest_points + k->nhidden > 0) {
            char names[900], why[1000];
            int bad = kata_check_rules(k, &run, names, sizeof names);
            snprintf(why, sizeof why, "%d name(s) match no test of the spec: %s", bad, names);
            vresult(v, bad == 0, "kata %s: test_points and hidden name tests of its spec", k->id,
                    bad ? why : NULL);
        }
    } else {
        vresult(v, 0, "kata %s: the C reference passes its spec", k->id, "not compiled in");
    }
    report_run_free(&run);
    report_run_init(&run, k->id);
    if (util_path_join(starter, sizeof starter, dir, "starter.lua") != 0)
        vresult(v, 0, "kata %s: the starter fails its spec", k->id, "path too long");
    else if (grade_kata_file(k, starter, 0, &f, &run) == 0) {
        report_counts(&run, &p, &fl, &e, NULL);
        snprintf(detail, sizeof detail, "%d passed, %d failed, %d errors", p, fl, e);
        vresult(v, !report_passed(&run), "kata %s: the starter fails its spec", k->id, detail);
    }
    report_run_free(&run);
    kata_free(k);
}

/* block_setup: [-0, +0, e] protected: blocks print into the capture
 * buffer, as the solution world does. */
static int block_setup(lua_State *L)
{
    sandbox_push_solution_env(L, NULL, NULL, NULL, NULL);
    lua_getfield(L, -1, "print");
    lua_setglobal(L, "print");
    return 0;
}

/* block_ok: runs one lesson block in a fresh state with a 5 s limit; 1 when
 * it did what the lesson says (ran, or raised the expected error). */
static int block_ok(const struct lesson_block *b, char *why, size_t cap)
{
    lua_State *L = sandbox_new(256u << 20);
    const char *msg = NULL;
    int st, ok;
    if (L == NULL) {
        snprintf(why, cap, "out of memory: no Lua state");
        return 0;
    }
    st = luaL_loadbuffer(L, b->code, strlen(b->code), "=block");
    if (st == LUA_OK) {
        lua_pushcfunction(L, block_setup);
        st = lua_pcall(L, 0, 0, 0);
    }
    if (st == LUA_OK) {
        interrupt_target(L);
        interrupt_arm(5.0);
        st = lua_pcall(L, 0, 0, 0);
        interrupt_disarm();
        interrupt_clear();
    }
    if (st != LUA_OK) /* lua_type first: lua_tostring on a number allocates */
        msg = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "(error object)";
    if (b->expect_error)
        ok = msg && strstr(msg, b->expect_error);
    else
        ok = msg == NULL;
    snprintf(why, cap, "%s", msg ? msg : b->expect_error ? "ran without the expected error" : "");
    sandbox_close(L);
    return ok;
}

/* validate_lessons: every lesson loads and its lua blocks behave. */
static void validate_lessons(struct validate_ctx *v, const char *pack)
{
    char dir[4200], path[8400], err[1024], what[8600];
    struct dirent **names = NULL;
    int n;
    n = util_path_join(dir, sizeof dir, pack, "lessons") == 0 ? scandir(dir, &names, NULL, alphasort) : -1;
    for (int i = 0; i < n; i++) {
        struct lesson *l = NULL;
        if (util_ends_with(names[i]->d_name, ".md")) {
            if (util_path_join(path, sizeof path, dir, names[i]->d_name) != 0) {
                vresult(v, 0, "lesson %s: loads", names[i]->d_name, "path too long");
            } else if (lesson_load(path, &l, err, sizeof err) != 0) {
                vresult(v, 0, "lesson %s: loads", names[i]->d_name, err);
            } else {
                vresult(v, 1, "lesson %s: loads", names[i]->d_name, NULL);
                for (size_t j = 1; j <= lesson_block_count(l); j++) {
                    const struct lesson_block *b = lesson_block(l, j);
                    int ok = block_ok(b, err, sizeof err);
                    snprintf(what, sizeof what, "%s:%d (block %zu)", names[i]->d_name, b->line, j);
                    vresult(v, ok, "lesson %s behaves", what, ok ? NULL : err);
                }
                quiz_validate_lesson(path, &v->pass, &v->fail);
                lesson_free(l);
            }
        }
        free(names[i]);
    }
    free(names);
}

int cmd_validate(struct app *a, const struct cmd_args *args)
{
    struct validate_ctx v = {a, 0, 0, SBUF_INIT};
    const char *pack = a->pack;
    if (args->argc > 1)
        return usage_error("validate", "takes at most one folder");
    if (args->argc == 1) {
        if (!util_is_dir(args->argv[0])) {
            fprintf(stderr, "dojo: %s: no such folder\n", args->argv[0]);
            return 2;
        }
        pack = args->argv[0];
    }
    if (kata_list(pack, validate_kata, &v) < 0) {
        fprintf(stderr, "dojo: %s/katas: cannot read the kata folder\n", pack);
        return 2;
    }
    validate_folders(&v, pack);
    sbuf_free(&v.ids);
    validate_lessons(&v, pack);
    printf("%d passed, %d failed\n", v.pass, v.fail);
    return v.fail ? 1 : 0;
}
