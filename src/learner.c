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
#include "textwrap.h"
#include "util.h"


/* find_item: the catalogue's lesson `name` (NULL: the last one read, else
 * the first of every pack's); NULL after one line on stderr. */
static const struct pack_item *find_item(struct app *a, const char *name)
{
    char err[1024], last[256];
    const struct pack_set *packs = pack_catalogue(err, sizeof err);
    const struct pack_item *it = NULL;
    if (packs == NULL) {
        fprintf(stderr, "dojo: %s\n", err);
        return NULL;
    }
    /* no name: the last lesson read (its stored key), else the first of
       every pack's (pack.h: lessons of all packs, in path order) */
    if (name == NULL && app_state_get(a, "lesson", last, sizeof last))
        it = pack_find_lesson(packs, last, err, sizeof err); /* NULL: its pack left DOJO_PATH */
    if (it == NULL && name == NULL && packs->nlessons > 0)
        it = &packs->lessons[0];
    else if (it == NULL && (it = pack_find_lesson(packs, name ? name : "1", err, sizeof err)) == NULL) {
        fprintf(stderr, "dojo: %s\n", err);
        return NULL;
    }
    return it;
}

int learner_find_lesson(struct app *a, const char *name, char *path, size_t cap)
{
    const struct pack_item *it = find_item(a, name);
    if (it == NULL)
        return 2;
    if ((size_t)snprintf(path, cap, "%s", it->path) >= cap) {
        fprintf(stderr, "dojo: %.200s...: path too long\n", it->path);
        return 2;
    }
    return 0;
}

int learner_show_lesson(struct app *a, const char *name, char *path, size_t cap)
{
    char err[1024], key[300];
    struct lesson *l = NULL;
    const struct pack_item *it = find_item(a, name);
    if (it == NULL)
        return 2;
    snprintf(key, sizeof key, "%s", it->key);
    if (learner_find_lesson(a, name, path, cap) != 0)
        return 2;
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
    app_state_set(a, "lesson", key); /* the file name; "pack/file" outside the built-in pack */
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

int learner_show_kata(struct app *a, const char *id)
{
    char path[4200], err[1024];
    struct kata *k;
    struct lesson *l = NULL;
    if (id == NULL)
        return learner_list_katas(a);
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
        char key[300], val[8], file[8400], say[300];
        int color = term_color(stdout);
        lesson_render(l, out, color, term_width(stdout));
        snprintf(key, sizeof key, "passed.%s", k->id);
        snprintf(file, sizeof file, "%s/%s/%s.lua", a->home, k->id, k->module);
        fputs(term_style(color, TERM_CYAN), out);
        if (app_state_get(a, key, val, sizeof val) && val[0] == '1')
            fprintf(out, "\nPassed. See how it works in C: %s\n", learner_say(a, say, sizeof say, "reference", k->id));
        else if (util_is_file(file))
            fprintf(out, "\nYour file: %s:1   check it: %s\n", file, learner_say(a, say, sizeof say, "check", k->id));
        else
            fprintf(out, "\nStart it: %s\n", learner_say(a, say, sizeof say, "start", k->id));
        fputs(term_style(color, TERM_RESET), out);
        pager_close(&pg);
    }
    lesson_free(l);
    /* The kata viewed last is :start's default; :check's is the one started. */
    app_state_set(a, "kata.viewed", k->id);
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
        {
            char say[300], say2[300];
            /* two short lines: the second holds the task's path */
            fprintf(stderr, "Edit that file, then run: %s   (stuck? %s)\nThe task: %s/README.md\n",
                    learner_say(a, say, sizeof say, "check", k->id),
                    learner_say(a, say2, sizeof say2, "hint", k->id), folder);
        }
    }
    {
        /* The task beside the starter, so an editor shows both. */
        char readme[8500], theirs[4200];
        size_t rlen;
        char *rtext;
        snprintf(readme, sizeof readme, "%s/README.md", folder);
        util_path_join(theirs, sizeof theirs, k->dir, "README.md");
        if (!util_is_file(readme) && (rtext = util_read_file(theirs, &rlen)) != NULL) {
            if (util_write_file_atomic(readme, rtext, rlen) != 0)
                fprintf(stderr, "dojo: %s: %s (the task is still: dojo kata %s)\n", readme, strerror(errno), k->id);
            free(rtext);
        }
    }
    if (kata_copy_editor(k, folder, src, sizeof src) != 0) { /* the kata's given files */
        fprintf(stderr, "dojo: %s\n", src);
        kata_free(k);
        return 2;
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

/* print_hint: hint i (0-based) of k, its head in bold, filled to the
 * terminal's width with later lines indented by two. */
static void print_hint(const struct kata *k, int i)
{
    char head[64];
    int color = term_color(stdout);
    snprintf(head, sizeof head, "%sHint %d of %d:%s ", term_style(color, TERM_BOLD), i + 1, k->nhints,
             term_style(color, TERM_RESET));
    textwrap_print(stdout, k->hints[i], term_width(stdout), head, "  ");
}

int learner_hint(struct app *a, const char *id, int n, int all)
{
    char key[300], val[16];
    struct kata *k = load_kata(a, id);
    int shown, show;
    if (k == NULL)
        return 2;
    snprintf(key, sizeof key, "hints.%s", k->id);
    shown = app_state_get(a, key, val, sizeof val) ? atoi(val) : 0;
    if (shown > k->nhints)
        shown = k->nhints;
    if (n > k->nhints) {
        fprintf(stderr, "dojo: kata %s has %d hint%s, not %d\n", k->id, k->nhints, k->nhints == 1 ? "" : "s", n);
        kata_free(k);
        return 2;
    }
    if (all) {
        if (shown == 0)
            printf("No hints seen yet for kata %s (%d in all).\n", k->id, k->nhints);
        for (int i = 0; i < shown; i++)
            print_hint(k, i);
        kata_free(k);
        return 0;
    }
    if (n > 0) {
        show = n - 1;
    } else if (shown >= k->nhints) {
        printf("That was the last hint. Hint %d again:\n", k->nhints);
        show = k->nhints - 1;
    } else {
        show = shown;
    }
    print_hint(k, show);
    if (show + 1 < k->nhints && n == 0)
        printf("(%d more; all seen so far: --all)\n", k->nhints - show - 1);
    if (show + 1 > shown) {
        snprintf(val, sizeof val, "%d", show + 1);
        app_state_set(a, key, val);
    }
    kata_free(k);
    return 0;
}

int learner_current_kata(struct app *a, const char *given, char *id, size_t cap)
{
    char say[300];
    if (given) {
        snprintf(id, cap, "%s", given);
        return 0;
    }
    if (app_state_get(a, "kata", id, cap) && id[0])
        return 0;
    fprintf(stderr, "dojo: which kata? No kata started yet (list them: %s; start one: %s)\n",
            learner_say(a, say, sizeof say, "katas", NULL), a->repl ? ":start ID" : "dojo start ID");
    return 2;
}

int learner_work_file(struct app *a, const char *id, char *out, size_t cap)
{
    char dir[4096], err[1024];
    struct kata *k = NULL;
    if (kata_find(a->pack, id, dir, sizeof dir, err, sizeof err) != 0 || kata_load(dir, &k, err, sizeof err) != 0)
        return -1;
    snprintf(out, cap, "%s/%s/%s.lua", a->home, k->id, k->module);
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
        {
            char say[300];
            fprintf(stderr, "dojo: %s: no such file (start the kata first: %s)\n", file,
                    learner_say(a, say, sizeof say, "start", k->id));
        }
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
                learner_after_check(a, k->id, rc == 0);
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
