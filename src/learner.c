/* commands.c: the learner's commands that read the pack and the progress
 * store: learn, katas, start, hint, and the lesson/kata display the
 * REPL shares. Depends on app.h, kata.h, lesson.h, repl.h, term.h, util.h. */
#include "commands.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kata.h"
#include "lesson.h"
#include "pager.h"
#include "repl.h"
#include "term.h"
#include "util.h"

int usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "dojo %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, " (see: dojo help)\n");
    return 2;
}

int show_lesson(struct app *a, const char *name, char *path, size_t cap)
{
    char dir[4200], err[1024], last[256];
    struct lesson *l = NULL;
    util_path_join(dir, sizeof dir, a->pack, "lessons");
    if (name == NULL)
        name = app_state_get(a, "lesson", last, sizeof last) ? last : "1";
    if (lesson_find(dir, name, path, cap, err, sizeof err) != 0) {
        fprintf(stderr, "dojo: %s\n", err);
        return 2;
    }
    if (lesson_load(path, &l, err, sizeof err) != 0) {
        fprintf(stderr, "dojo: %s\n", err);
        return 2;
    }
    {
        struct pager pg; /* a long lesson goes through $PAGER on a terminal */
        FILE *out = pager_open(&pg, stdout);
        lesson_render(l, out, term_color(stdout), term_width(stdout));
        if (lesson_block_count(l) > 0)
            fprintf(out, "\n(%zu runnable blocks: type :run 1 to :run %zu in the REPL)\n",
                    lesson_block_count(l), lesson_block_count(l));
        pager_close(&pg);
    }
    lesson_free(l);
    {
        const char *base = strrchr(path, '/');
        app_state_set(a, "lesson", base ? base + 1 : path);
    }
    fflush(stdout);
    return 0;
}

int cmd_learn(struct app *a, int argc, char **argv)
{
    char path[4200];
    int rc;
    if (argc > 1)
        return usage_error("learn", "takes at most one lesson name, got %d arguments", argc);
    if (argc == 1 && argv[0][0] == '-')
        return usage_error("learn", "unknown flag '%s'", argv[0]);
    rc = show_lesson(a, argc ? argv[0] : NULL, path, sizeof path);
    if (rc != 0)
        return rc;
    if (isatty(0) && isatty(1))
        return repl_interactive(a, path);
    return 0;
}

/* load_kata: finds and loads kata `id`; prints the error and returns NULL. */
static struct kata *load_kata(struct app *a, const char *id)
{
    char dir[4096], err[1024];
    struct kata *k = NULL;
    if (kata_find(a->pack, id, dir, sizeof dir, err, sizeof err) != 0 ||
        kata_load(dir, &k, err, sizeof err) != 0) {
        fprintf(stderr, "dojo: %s\n", err);
        return NULL;
    }
    return k;
}

struct list_ctx {
    struct app *a;
    char concept[256];
    int color;
};

static void list_one(const char *dir, void *ud)
{
    struct list_ctx *c = ud;
    struct kata *k = NULL;
    char err[1024], key[300], passed[16], hints[16];
    if (kata_load(dir, &k, err, sizeof err) != 0) {
        printf("  (broken) %s\n", err);
        return;
    }
    if (strcmp(c->concept, k->concept) != 0) {
        snprintf(c->concept, sizeof c->concept, "%s", k->concept);
        printf("%s%s%s\n", term_style(c->color, TERM_BOLD), k->concept, term_style(c->color, TERM_RESET));
    }
    snprintf(key, sizeof key, "passed.%s", k->id);
    app_state_get(c->a, key, passed, sizeof passed);
    snprintf(key, sizeof key, "hints.%s", k->id);
    app_state_get(c->a, key, hints, sizeof hints);
    printf("  %s%-8s%s %-22s %s  (difficulty %d%s%s)\n",
           term_style(c->color, passed[0] == '1' ? TERM_GREEN : TERM_DIM),
           passed[0] == '1' ? "passed" : passed[0] == '0' ? "started" : "new",
           term_style(c->color, TERM_RESET), k->id, k->title, k->difficulty,
           hints[0] ? ", hints seen: " : "", hints);
    kata_free(k);
}

int show_kata(struct app *a, const char *id)
{
    char path[4200], err[1024];
    struct kata *k;
    struct lesson *l = NULL;
    if (id == NULL) {
        struct list_ctx c = {a, "", term_color(stdout)};
        if (kata_list(a->pack, list_one, &c) < 0) {
            fprintf(stderr, "dojo: %s/katas: cannot read the kata folder\n", a->pack);
            return 2;
        }
        printf("\nRead a kata's task in the REPL with :kata ID; start it with: dojo start ID\n");
        return 0;
    }
    if ((k = load_kata(a, id)) == NULL)
        return 2;
    util_path_join(path, sizeof path, k->dir, "README.md");
    if (lesson_load(path, &l, err, sizeof err) != 0) {
        fprintf(stderr, "dojo: %s\n", err);
        kata_free(k);
        return 2;
    }
    {
        struct pager pg;
        FILE *out = pager_open(&pg, stdout);
        lesson_render(l, out, term_color(stdout), term_width(stdout));
        pager_close(&pg);
    }
    lesson_free(l);
    app_state_set(a, "kata", k->id);
    kata_free(k);
    return 0;
}

int cmd_katas(struct app *a, int argc, char **argv)
{
    (void)argv;
    if (argc > 0)
        return usage_error("katas", "takes no arguments");
    return show_kata(a, NULL);
}

/* work_file: the learner's file for kata k: HOME/<id>/<module>.lua. */
static void work_file(const struct app *a, const struct kata *k, char *out, size_t cap)
{
    snprintf(out, cap, "%s/%s/%s.lua", a->home, k->id, k->module);
}

/* one_kata_arg: checks that argv holds exactly one kata id and no flag.
 * Returns 0, or 2 after a usage error. */
static int one_kata_arg(const char *cmd, int argc, char **argv)
{
    for (int i = 0; i < argc; i++)
        if (argv[i][0] == '-')
            return usage_error(cmd, "unknown flag '%s'", argv[i]);
    if (argc == 0)
        return usage_error(cmd, "needs a kata id");
    if (argc > 1)
        return usage_error(cmd, "takes one kata id, got %d", argc);
    return 0;
}

int cmd_start(struct app *a, int argc, char **argv)
{
    int rc = one_kata_arg("start", argc, argv);
    return rc ? rc : start_kata(a, argv[0]);
}

int start_kata(struct app *a, const char *id)
{
    char dst[8400], src[4200], folder[8400];
    struct kata *k;
    char *text;
    size_t len;
    if ((k = load_kata(a, id)) == NULL)
        return 2;
    work_file(a, k, dst, sizeof dst);
    snprintf(folder, sizeof folder, "%s/%s", a->home, k->id);
    if (util_is_file(dst)) {
        printf("%s\n", dst);
        fprintf(stderr, "(already started: your file is kept as it is)\n");
    } else {
        util_path_join(src, sizeof src, k->dir, "starter.lua");
        text = util_read_file(src, &len);
        if (text == NULL || util_mkdirs(folder) != 0 || util_write_file_atomic(dst, text, len) != 0) {
            fprintf(stderr, "dojo: %s: %s\n", text ? dst : src, strerror(errno));
            free(text);
            kata_free(k);
            return 2;
        }
        free(text);
        printf("%s\n", dst);
        fprintf(stderr, "Edit that file, then run: dojo check %s   (stuck? dojo hint %s)\n", k->id, k->id);
    }
    app_state_set(a, "kata", k->id);
    {
        char key[300];
        snprintf(key, sizeof key, "passed.%s", k->id);
        char cur[8];
        if (!app_state_get(a, key, cur, sizeof cur))
            app_state_set(a, key, "0");
    }
    kata_free(k);
    return 0;
}

int hint_kata(struct app *a, const char *id)
{
    char key[300], val[16];
    struct kata *k = load_kata(a, id);
    int shown;
    if (k == NULL)
        return 2;
    snprintf(key, sizeof key, "hints.%s", k->id);
    shown = app_state_get(a, key, val, sizeof val) ? atoi(val) : 0;
    if (shown >= k->nhints) {
        printf("That was the last hint (%d of %d). Hint %d again:\n", k->nhints, k->nhints, k->nhints);
        shown = k->nhints - 1;
    }
    printf("Hint %d of %d: %s\n", shown + 1, k->nhints, k->hints[shown]);
    snprintf(val, sizeof val, "%d", shown + 1);
    app_state_set(a, key, val);
    kata_free(k);
    return 0;
}

int cmd_hint(struct app *a, int argc, char **argv)
{
    int rc = one_kata_arg("hint", argc, argv);
    return rc ? rc : hint_kata(a, argv[0]);
}
