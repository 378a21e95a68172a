/* learner.c: the learner's actions, shared by the REPL (repl.c) and the
 * shell commands (cmd/): show a lesson or a kata, start a kata, the next
 * hint, and check a kata with its report shown live as each test ends.
 * Depends on app.h, gradeflags.h, interrupt.h, kata.h, lesson.h, pack.h,
 * pager.h, term.h, util.h; never on repl.h or cmd/ commands. */
#include "learner.h"

#include <errno.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gradeflags.h"
#include "interrupt.h"
#include "kata.h"
#include "lesson.h"
#include "pack.h"
#include "pager.h"
#include "term.h"
#include "util.h"


int learner_show_lesson(struct app *a, const char *name, char *path, size_t cap)
{
    char err[1024], last[256];
    struct lesson *l = NULL;
    const struct pack_set *packs = pack_catalogue(err, sizeof err);
    const struct pack_item *it = NULL;
    if (packs == NULL) {
        fprintf(stderr, "dojo: %s\n", err);
        return 2;
    }
    /* no name: the last lesson read (its stored key), else the first of
       every pack's (pack.h: lessons of all packs, in path order) */
    if (name == NULL && app_state_get(a, "lesson", last, sizeof last))
        it = pack_find_lesson(packs, last, err, sizeof err); /* NULL: its pack left DOJO_PATH */
    if (it == NULL && name == NULL && packs->nlessons > 0)
        it = &packs->lessons[0];
    else if (it == NULL && (it = pack_find_lesson(packs, name ? name : "1", err, sizeof err)) == NULL) {
        fprintf(stderr, "dojo: %s\n", err);
        return 2;
    }
    if ((size_t)snprintf(path, cap, "%s", it->path) >= cap) {
        fprintf(stderr, "dojo: %.200s...: path too long\n", it->path);
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
    app_state_set(a, "lesson", it->key); /* the file name; "pack/file" outside the built-in pack */
    fflush(stdout);
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
    const char *pack; /* the pack of the kata listed last ("" at first) */
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
    if (strcmp(c->concept, k->concept) != 0 || strcmp(c->pack, pack_kata_pack(dir)) != 0) {
        /* a concept heading, naming the pack outside the built-in one */
        snprintf(c->concept, sizeof c->concept, "%s", k->concept);
        c->pack = pack_kata_pack(dir);
        printf("%s%s%s%s%s%s\n", term_style(c->color, TERM_BOLD), k->concept, *c->pack ? "  (pack " : "",
               c->pack, *c->pack ? ")" : "", term_style(c->color, TERM_RESET));
    }
    snprintf(key, sizeof key, "passed.%s", k->id);
    app_state_get(c->a, key, passed, sizeof passed);
    snprintf(key, sizeof key, "hints.%s", k->id);
    app_state_get(c->a, key, hints, sizeof hints);
    printf("  %s%-8s%s %-22s %s  (difficulty %d%s%s)\n",
           term_style(c->color, passed[0] == '1' ? TERM_GREEN : TERM_DIM),
           passed[0] == '1' ? "passed" : passed[0] == '0' ? "started" : "new",
           term_style(c->color, TERM_RESET), pack_kata_name(dir), k->title, k->difficulty,
           hints[0] ? ", hints seen: " : "", hints);
    kata_free(k);
}

int learner_show_kata(struct app *a, const char *id)
{
    char path[4200], err[1024];
    struct kata *k;
    struct lesson *l = NULL;
    if (id == NULL) {
        struct list_ctx c = {a, "", "", term_color(stdout)};
        if (pack_catalogue(err, sizeof err) == NULL) { /* a bad pack.lua */
            fprintf(stderr, "dojo: %s\n", err);
            return 2;
        }
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


/* work_file: the learner's file for kata k: HOME/<id>/<module>.lua. */
static void work_file(const struct app *a, const struct kata *k, char *out, size_t cap)
{
    snprintf(out, cap, "%s/%s/%s.lua", a->home, k->id, k->module);
}



int learner_start(struct app *a, const char *id)
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

int learner_hint(struct app *a, const char *id)
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

long long learner_mtime(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return 0;
    return (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
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
    else if (lv->watch && learner_mtime(lv->watch) != lv->mtime)
        lv->stopped = 2;
    if (lv->stopped) {
        live_clear(lv);
        return 1;
    }
    live_draw(lv);
    return 0;
}

int learner_check(struct app *a, const char *id, const struct grade_flags *f,
                  const struct learner_stop *stop)
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
        struct live here, *lv = &here;
        struct grade_watch w;
        memset(&here, 0, sizeof here);
        if (stop) {
            lv->stop_on_sigint = stop->on_sigint;
            lv->watch = stop->file;
            lv->mtime = stop->mtime;
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
        rc = grade_kata_file_watched(k, file, f->reference, f, &run, &w);
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

int learner_check_kata(struct app *a, const char *id, const char *solution, int reference)
{
    struct grade_flags f;
    struct learner_stop stop = {1, NULL, 0};
    int rc;
    memset(&f, 0, sizeof f);
    f.format = REPORT_HUMAN;
    f.solution = solution;
    f.reference = reference;
    interrupt_sigint_seen(); /* a Ctrl-C from before counts for nothing */
    rc = learner_check(a, id, &f, &stop);
    return rc < 0 ? 130 : rc;
}
