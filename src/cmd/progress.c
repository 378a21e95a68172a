/* progress.c: `dojo progress [--format human|json] [--html FILE]`: per
 * concept, the lesson read or not, katas passed out of total, quiz
 * retention (the share of the last 20 reviews rated Good or Easy), what is
 * due, and the suggested next step (also in the REPL greeting). Terminal
 * bar charts, JSON for scripts, or one self-contained HTML page with inline
 * SVG charts. Depends on app.h, cmd/cmd.h, kata.h, pack.h, progress.h, quiz.h,
 * term.h, util.h. */
#include "cmd/nextstep.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd/cmd.h"
#include "kata.h"
#include "pack.h"
#include "progress.h"
#include "quiz.h"
#include "term.h"
#include "util.h"

#define RETENTION_WINDOW 20
#define HISTORY_DAYS 30

struct row {
    char concept[64];
    char lesson[256];    /* lesson file name, "" when the concept has none */
    int lesson_read;
    int katas, passed, started;
    char open_kata[256]; /* the first kata not passed, "" when none */
    int open_started;    /* ... and whether it was started */
    int questions, fresh; /* questions in the lesson; never reviewed */
    struct progress_quiz_stats q;
    double mastery;      /* 0..1: the mean of lesson, katas, quiz learned */
};

/* What the store knows, read in one query each: kata and lesson records. */
struct seen_item {
    char name[256];
    int status;
};

struct seen {
    struct seen_item *v;
    size_t n, cap;
};

static void remember(void *ud, const char *name, int status)
{
    struct seen *s = ud;
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 32;
        struct seen_item *v = realloc(s->v, cap * sizeof *v);
        if (v == NULL)
            return;
        s->v = v;
        s->cap = cap;
    }
    snprintf(s->v[s->n].name, sizeof s->v[s->n].name, "%s", name ? name : "");
    s->v[s->n++].status = status;
}

static int seen_status(const struct seen *s, const char *name)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->v[i].name, name) == 0)
            return s->v[i].status;
    return 0;
}

struct standing {
    struct row *rows;
    size_t n, cap;
    int have_db;
    int64_t now;
    char next[400], why[800];
    int reviews[HISTORY_DAYS], attempts[HISTORY_DAYS];
    int counted;           /* questions counted (fresh and mastery known) */
    struct seen katas, lessons;
};

/* row_for: the row of `concept`, added at the end if new; NULL when memory
 * runs out. */
static struct row *row_for(struct standing *s, const char *concept)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->rows[i].concept, concept) == 0)
            return &s->rows[i];
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 8;
        struct row *r = realloc(s->rows, cap * sizeof *r);
        if (r == NULL)
            return NULL;
        s->rows = r;
        s->cap = cap;
    }
    memset(&s->rows[s->n], 0, sizeof s->rows[s->n]);
    snprintf(s->rows[s->n].concept, sizeof s->rows[s->n].concept, "%s", concept);
    return &s->rows[s->n++];
}

static int md_file(const struct dirent *d) { return util_ends_with(d->d_name, ".md"); }

/* add_lessons: one row per lessons/NN-concept.md, in lesson order; for
 * the built-in pack's folder, every pack's lessons (pack.h), each row
 * keeping the first lesson of its concept under its stored key. */
static void add_lessons(struct standing *s, const char *pack)
{
    char dir[4200], concept[64];
    struct dirent **names = NULL;
    const struct pack_set *packs;
    int n;
    if (pack_catalogue_of(pack, &packs, dir, sizeof dir) == 1) {
        for (int i = 0; i < packs->nlessons; i++) {
            struct row *r = row_for(s, packs->lessons[i].concept);
            if (r != NULL && r->lesson[0] == '\0') {
                snprintf(r->lesson, sizeof r->lesson, "%s", packs->lessons[i].key);
                r->lesson_read = seen_status(&s->lessons, r->lesson) != 0;
            }
        }
        return;
    }
    util_path_join(dir, sizeof dir, pack, "lessons");
    n = scandir(dir, &names, md_file, alphasort);
    for (int i = 0; i < n; i++) {
        const char *c = names[i]->d_name + strspn(names[i]->d_name, "0123456789");
        struct row *r;
        c += *c == '-';
        snprintf(concept, sizeof concept, "%.*s", (int)strcspn(c, "."), c);
        if ((r = row_for(s, concept)) != NULL) {
            snprintf(r->lesson, sizeof r->lesson, "%s", names[i]->d_name);
            r->lesson_read = seen_status(&s->lessons, r->lesson) != 0;
        }
        free(names[i]);
    }
    free(names);
}


/* add_kata: one kata of the list. Its id and concept come from its path,
 * katas/<concept>/<id> (kata_list's layout, which `dojo validate` holds
 * the manifests to), so no manifest is run: the REPL greeting stays fast. */
static void add_kata(const char *dir, void *ud)
{
    struct standing *s = ud;
    char concept[256], id[256];
    const char *slash = strrchr(dir, '/');
    struct row *r;
    int st;
    if (slash == NULL || slash == dir)
        return;
    /* the id progress stores: "pack/id" outside the built-in pack (pack.h) */
    snprintf(id, sizeof id, "%s%s%s", pack_kata_pack(dir), *pack_kata_pack(dir) ? "/" : "", slash + 1);
    snprintf(concept, sizeof concept, "%.*s", (int)(slash - dir), dir);
    if (strrchr(concept, '/'))
        memmove(concept, strrchr(concept, '/') + 1, strlen(strrchr(concept, '/') + 1) + 1);
    if ((r = row_for(s, concept)) != NULL) {
        st = seen_status(&s->katas, id);
        r->katas++;
        r->passed += st == PROGRESS_PASSED;
        r->started += st == PROGRESS_STARTED;
        if (st != PROGRESS_PASSED && r->open_kata[0] == '\0') {
            snprintf(r->open_kata, sizeof r->open_kata, "%s", pack_kata_name(dir)); /* as typed */
            r->open_started = st == PROGRESS_STARTED;
        }
    }
}

/* suggest: the next step: a concept with reviews due first (they are
 * time-bound), then in lesson order: read the lesson, pass its katas, take
 * its new questions. */
static void suggest(struct standing *s)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->rows[i].q.due > 0) {
            snprintf(s->next, sizeof s->next, "dojo quiz %s", s->rows[i].concept);
            snprintf(s->why, sizeof s->why, "%d %s question%s due for review", s->rows[i].q.due,
                     s->rows[i].concept, s->rows[i].q.due == 1 ? "" : "s");
            return;
        }
    for (size_t i = 0; i < s->n; i++) {
        struct row *r = &s->rows[i];
        if (r->lesson[0] && !r->lesson_read) {
            snprintf(s->next, sizeof s->next, "dojo learn %s", r->concept);
            snprintf(s->why, sizeof s->why, "the %s lesson is not read yet", r->concept);
        } else if (r->open_kata[0]) {
            snprintf(s->next, sizeof s->next, "dojo %s %s", r->open_started ? "check" : "start", r->open_kata);
            snprintf(s->why, sizeof s->why, "%s: kata %s is %s", r->concept, r->open_kata,
                     r->open_started ? "started, not passed yet" : "next");
        } else if (s->counted && r->fresh > 0) {
            snprintf(s->next, sizeof s->next, "dojo quiz %s", r->concept);
            snprintf(s->why, sizeof s->why, "%d %s question%s not asked yet", r->fresh, r->concept,
                     r->fresh == 1 ? "" : "s");
        } else {
            continue;
        }
        return;
    }
    snprintf(s->next, sizeof s->next, "dojo quiz --all");
    snprintf(s->why, sizeof s->why, "all caught up: practise freely until the next review");
}

/* count_questions: questions per concept (parsing the lessons), then what
 * is new and each concept's mastery. 0, or -1 after printing why. */
static int count_questions(struct app *a, struct standing *s)
{
    struct quiz_set set = {0};
    char err[1024];
    if (quiz_load_pack(a->pack, &set, err, sizeof err) != 0) {
        fprintf(stderr, "dojo: %s\n", err);
        quiz_set_free(&set);
        return -1;
    }
    for (size_t i = 0; i < set.n; i++) {
        struct row *r = row_for(s, set.q[i].concept);
        if (r)
            r->questions++;
    }
    quiz_set_free(&set);
    for (size_t i = 0; i < s->n; i++) {
        struct row *r = &s->rows[i];
        double sum = 0;
        int parts = 0;
        r->fresh = r->questions > r->q.cards ? r->questions - r->q.cards : 0;
        if (r->lesson[0])
            sum += r->lesson_read, parts++;
        if (r->katas)
            sum += (double)r->passed / r->katas, parts++;
        if (r->questions)
            sum += (double)(r->q.learned < r->questions ? r->q.learned : r->questions) / r->questions, parts++;
        r->mastery = parts ? sum / parts : 0.0;
    }
    s->counted = 1;
    return 0;
}

static void standing_free(struct standing *s)
{
    free(s->rows);
    free(s->katas.v);
    free(s->lessons.v);
}

/* gather: everything `dojo progress` shows (`full`: the questions and the
 * daily history too; without, only what the next step needs, which counts
 * questions only when it gets that far). 0, or -1 after printing why. */
static int gather(struct app *a, struct standing *s, int full)
{
    struct progress *db = app_db(a);
    const char *now_env = getenv("DOJO_NOW");
    memset(s, 0, sizeof *s);
    s->have_db = db != NULL;
    s->now = now_env && *now_env ? (int64_t)strtoll(now_env, NULL, 10) : (int64_t)time(NULL);
    if (db && (progress_each_lesson(db, remember, &s->lessons) != 0 ||
               progress_each_kata(db, remember, &s->katas) != 0)) {
        app_db_failed();
        db = NULL;
    }
    {
        char err[1024];
        if (pack_catalogue(err, sizeof err) == NULL) { /* a bad pack.lua: FILE:LINE */
            fprintf(stderr, "dojo: %s\n", err);
            return -1;
        }
    }
    add_lessons(s, a->pack);
    if (kata_list(a->pack, add_kata, s) < 0) {
        fprintf(stderr, "dojo: %s/katas: cannot read the kata folder\n", a->pack);
        return -1;
    }
    for (size_t i = 0; i < s->n && db; i++)
        if (progress_quiz_stats(db, s->rows[i].concept, s->now, full ? RETENTION_WINDOW : 0, &s->rows[i].q) != 0) {
            app_db_failed();
            db = NULL;
            memset(&s->rows[i].q, 0, sizeof s->rows[i].q);
        }
    if (full && count_questions(a, s) != 0)
        return -1;
    if (full && db && progress_daily(db, s->now, HISTORY_DAYS, s->reviews, s->attempts) != 0)
        app_db_failed();
    suggest(s);
    if (!s->counted && strcmp(s->next, "dojo quiz --all") == 0 && count_questions(a, s) == 0)
        suggest(s);
    return 0;
}

/* bar: `width` cells, filled in proportion to frac. */
static void bar(FILE *f, double frac, int width, int color)
{
    int fill = (int)(frac * width + 0.5);
    fputs(term_style(color, TERM_GREEN), f);
    for (int i = 0; i < width; i++) {
        if (i == fill)
            fputs(term_style(color, TERM_DIM), f);
        fputc(i < fill ? '#' : '.', f);
    }
    fputs(term_style(color, TERM_RESET), f);
}

/* due_text: "2 due, 4 new", "none due", or the next review. */
static void due_text(const struct standing *s, const struct row *r, char *out, size_t cap)
{
    if (r->q.due || r->fresh)
        snprintf(out, cap, "%d due, %d new", r->q.due, r->fresh);
    else if (r->q.next_due) {
        int64_t d = r->q.next_due - s->now;
        if (d < 86400)
            snprintf(out, cap, "next in %lld h", (long long)(d / 3600));
        else
            snprintf(out, cap, "next in %lld d", (long long)(d / 86400));
    } else {
        snprintf(out, cap, "-");
    }
}

static void print_human(const struct standing *s, FILE *f, int color)
{
    char due[64], ret[32];
    fprintf(f, "%s%-14s %-7s %-17s %-21s %s%s\n", term_style(color, TERM_BOLD), "concept", "lesson",
            "katas passed", "quiz retention", "quiz", term_style(color, TERM_RESET));
    for (size_t i = 0; i < s->n; i++) {
        const struct row *r = &s->rows[i];
        fprintf(f, "%-14s %-7s ", r->concept, !r->lesson[0] ? "-" : r->lesson_read ? "read" : "no");
        bar(f, r->katas ? (double)r->passed / r->katas : 0, 10, color);
        fprintf(f, " %2d/%-2d  ", r->passed, r->katas);
        if (r->q.recent) {
            bar(f, (double)r->q.good / r->q.recent, 10, color);
            snprintf(ret, sizeof ret, " %3d%% (%d)", 100 * r->q.good / r->q.recent, r->q.recent);
        } else {
            fputs("          ", f);
            snprintf(ret, sizeof ret, "   -");
        }
        due_text(s, r, due, sizeof due);
        fprintf(f, "%-10s %s\n", ret, due);
    }
    if (!s->have_db)
        fprintf(f, "\n(no progress database: nothing is recorded)\n");
    fprintf(f, "\nNext: %s%s%s   (%s)\n", term_style(color, TERM_CYAN), s->next, term_style(color, TERM_RESET),
            s->why);
}

/* json_str: s as a JSON string. */
static void json_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

static void print_json(const struct standing *s, FILE *f)
{
    fprintf(f, "{\"now\":%lld,\"recording\":%s,\"concepts\":[", (long long)s->now, s->have_db ? "true" : "false");
    for (size_t i = 0; i < s->n; i++) {
        const struct row *r = &s->rows[i];
        fprintf(f, "%s{\"concept\":", i ? "," : "");
        json_str(f, r->concept);
        fprintf(f, ",\"lesson\":");
        if (r->lesson[0])
            json_str(f, r->lesson);
        else
            fputs("null", f);
        fprintf(f, ",\"lesson_read\":%s,\"katas_passed\":%d,\"katas_started\":%d,\"katas_total\":%d,"
                   "\"questions\":%d,\"reviewed\":%d,\"learned\":%d,\"due\":%d,\"new\":%d,"
                   "\"recent_reviews\":%d,\"recent_good\":%d,\"retention\":",
                r->lesson_read ? "true" : "false", r->passed, r->started, r->katas, r->questions, r->q.cards,
                r->q.learned, r->q.due, r->fresh, r->q.recent, r->q.good);
        if (r->q.recent)
            fprintf(f, "%.4f", (double)r->q.good / r->q.recent);
        else
            fputs("null", f);
        fprintf(f, ",\"next_due\":");
        if (r->q.next_due)
            fprintf(f, "%lld", (long long)r->q.next_due);
        else
            fputs("null", f);
        fprintf(f, ",\"mastery\":%.4f}", r->mastery);
    }
    fprintf(f, "],\"next\":{\"command\":");
    json_str(f, s->next);
    fprintf(f, ",\"why\":");
    json_str(f, s->why);
    fprintf(f, "},\"daily\":{\"days\":%d,\"reviews\":[", HISTORY_DAYS);
    for (int i = 0; i < HISTORY_DAYS; i++)
        fprintf(f, "%s%d", i ? "," : "", s->reviews[i]);
    fprintf(f, "],\"attempts\":[");
    for (int i = 0; i < HISTORY_DAYS; i++)
        fprintf(f, "%s%d", i ? "," : "", s->attempts[i]);
    fprintf(f, "]}}\n");
}

/* html_str: s with &, <, >, " escaped. */
static void html_str(FILE *f, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        default: fputc(*s, f);
        }
    }
}

static void day_label(int64_t t, char *out, size_t cap)
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(out, cap, "%Y-%m-%d", &tm);
}

/* svg_mastery: one horizontal bar per concept, 0-100 %. */
static void svg_mastery(const struct standing *s, FILE *f)
{
    int h = 20 + 34 * (int)s->n;
    fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" height=\"%d\" role=\"img\""
               " aria-label=\"mastery per concept\">\n", h);
    for (size_t i = 0; i < s->n; i++) {
        const struct row *r = &s->rows[i];
        int y = 10 + 34 * (int)i;
        fprintf(f, "<text x=\"0\" y=\"%d\" class=\"label\">", y + 15);
        html_str(f, r->concept);
        fprintf(f, "</text>\n<rect x=\"140\" y=\"%d\" width=\"400\" height=\"20\" fill=\"#e6e6e6\"/>\n", y);
        fprintf(f, "<rect class=\"mastery\" x=\"140\" y=\"%d\" width=\"%.1f\" height=\"20\" fill=\"#2e7d32\"/>\n", y,
                400.0 * r->mastery);
        fprintf(f, "<text x=\"550\" y=\"%d\" class=\"label\">%d%%</text>\n", y + 15, (int)(100 * r->mastery + 0.5));
    }
    fputs("</svg>\n", f);
}

/* svg_history: reviews and kata attempts per day, the last HISTORY_DAYS. */
static void svg_history(const struct standing *s, FILE *f)
{
    int max = 1;
    double step = 580.0 / HISTORY_DAYS;
    char first[16], last[16];
    for (int i = 0; i < HISTORY_DAYS; i++) {
        max = s->reviews[i] > max ? s->reviews[i] : max;
        max = s->attempts[i] > max ? s->attempts[i] : max;
    }
    day_label(s->now - (int64_t)(HISTORY_DAYS - 1) * 86400, first, sizeof first);
    day_label(s->now, last, sizeof last);
    fputs("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" height=\"220\" role=\"img\""
          " aria-label=\"reviews and kata attempts per day\">\n"
          "<line x1=\"40\" y1=\"170\" x2=\"620\" y2=\"170\" stroke=\"#888\"/>\n"
          "<line x1=\"40\" y1=\"20\" x2=\"40\" y2=\"170\" stroke=\"#888\"/>\n", f);
    fprintf(f, "<text x=\"34\" y=\"26\" text-anchor=\"end\" class=\"small\">%d</text>\n", max);
    fputs("<text x=\"34\" y=\"170\" text-anchor=\"end\" class=\"small\">0</text>\n", f);
    for (int i = 0; i < HISTORY_DAYS; i++) {
        double x = 40 + step * i + 1;
        double hr = 150.0 * s->reviews[i] / max, ha = 150.0 * s->attempts[i] / max;
        if (s->reviews[i])
            fprintf(f, "<rect class=\"reviews\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#1565c0\">"
                       "<title>%d reviews</title></rect>\n", x, 170 - hr, step / 2 - 1, hr, s->reviews[i]);
        if (s->attempts[i])
            fprintf(f, "<rect class=\"attempts\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#ef6c00\">"
                       "<title>%d kata attempts</title></rect>\n", x + step / 2 - 1, 170 - ha, step / 2 - 1, ha,
                    s->attempts[i]);
    }
    fprintf(f, "<text x=\"40\" y=\"188\" class=\"small\">%s</text>\n"
               "<text x=\"620\" y=\"188\" text-anchor=\"end\" class=\"small\">%s</text>\n", first, last);
    fputs("<rect x=\"40\" y=\"200\" width=\"12\" height=\"12\" fill=\"#1565c0\"/>"
          "<text x=\"58\" y=\"211\" class=\"small\">quiz reviews</text>\n"
          "<rect x=\"160\" y=\"200\" width=\"12\" height=\"12\" fill=\"#ef6c00\"/>"
          "<text x=\"178\" y=\"211\" class=\"small\">kata attempts</text>\n</svg>\n", f);
}

/* print_html: one self-contained page: a table and two inline SVG charts,
 * no script, no external file. */
static void print_html(const struct standing *s, FILE *f)
{
    char due[64];
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<title>dojo progress</title>\n<style>\n"
          "body{font-family:sans-serif;margin:2em;color:#222;max-width:720px}\n"
          "table{border-collapse:collapse;margin:1em 0}td,th{padding:4px 10px;text-align:left;"
          "border-bottom:1px solid #ddd}\n.label{font:14px sans-serif}.small{font:11px sans-serif;fill:#555}\n"
          "</style>\n</head>\n<body>\n<h1>dojo progress</h1>\n", f);
    fputs("<h2>Mastery per concept</h2>\n<p class=\"small\">The mean of: lesson read, katas passed,"
          " quiz questions past their learning steps.</p>\n", f);
    svg_mastery(s, f);
    fputs("<h2>Reviews and katas over time</h2>\n", f);
    svg_history(s, f);
    fputs("<h2>Per concept</h2>\n<table>\n<tr><th>concept</th><th>lesson</th><th>katas passed</th>"
          "<th>quiz retention</th><th>quiz</th></tr>\n", f);
    for (size_t i = 0; i < s->n; i++) {
        const struct row *r = &s->rows[i];
        fputs("<tr><td>", f);
        html_str(f, r->concept);
        fprintf(f, "</td><td>%s</td><td>%d / %d</td><td>", !r->lesson[0] ? "-" : r->lesson_read ? "read" : "not yet",
                r->passed, r->katas);
        if (r->q.recent)
            fprintf(f, "%d%% of %d", 100 * r->q.good / r->q.recent, r->q.recent);
        else
            fputs("-", f);
        due_text(s, r, due, sizeof due);
        fprintf(f, "</td><td>%s</td></tr>\n", due);
    }
    fputs("</table>\n<p>Next: <code>", f);
    html_str(f, s->next);
    fputs("</code> (", f);
    html_str(f, s->why);
    fputs(")</p>\n</body>\n</html>\n", f);
}

int progress_next_step(struct app *a, char *cmd, size_t cmdcap, char *why, size_t whycap)
{
    struct standing s;
    int rc = -1;
    memset(&s, 0, sizeof s);
    if (app_db(a) != NULL && gather(a, &s, 0) == 0) {
        snprintf(cmd, cmdcap, "%s", s.next);
        snprintf(why, whycap, "%s", s.why);
        rc = 0;
    }
    standing_free(&s);
    return rc;
}

void progress_greet(struct app *a, FILE *out, int color)
{
    char cmd[400], why[800];
    if (progress_next_step(a, cmd, sizeof cmd, why, sizeof why) == 0)
        fprintf(out, "Next: %s%s%s   (%s)\n", term_style(color, TERM_CYAN), cmd, term_style(color, TERM_RESET), why);
}

int cmd_progress(struct app *a, const struct cmd_args *args)
{
    struct standing s;
    const char *format = cmd_flag(args, "--format"), *html = cmd_flag(args, "--html");
    int rc = cmd_positionals(args, 0, 0, "nothing");
    if (rc != 0)
        return rc;
    if (format && strcmp(format, "human") != 0 && strcmp(format, "json") != 0)
        return usage_error("progress", "unknown format '%s' (human or json)", format);
    if (gather(a, &s, 1) != 0) {
        standing_free(&s);
        return 2;
    }
    if (html) {
        struct util_atomic out;
        if (util_atomic_open(&out, html) != 0) {
            fprintf(stderr, "dojo progress: %s: %s\n", html, strerror(errno));
            rc = 2;
        } else {
            print_html(&s, out.f);
            if (util_atomic_close(&out, 1) != 0) {
                fprintf(stderr, "dojo progress: %s: %s\n", html, strerror(errno));
                rc = 2;
            } else {
                printf("Wrote %s\n", html);
            }
        }
    } else if (format && strcmp(format, "json") == 0) {
        print_json(&s, stdout);
    } else {
        print_human(&s, stdout, term_color(stdout));
    }
    standing_free(&s);
    return rc;
}
