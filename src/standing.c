/* standing.c: where the learner stands, per concept, and the next step
 * (standing.h): one row per lesson and kata folder of the pack, filled from
 * the progress store (one query per table) and the quiz questions of the
 * lessons. Depends on app.h, kata.h, progress.h, quiz.h, term.h, util.h. */
#include "standing.h"

#include "curriculum.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kata.h"
#include "pack.h"
#include "quiz.h"
#include "term.h"
#include "util.h"

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

/* add_lessons: one row per lessons/NN-concept.md, in lesson order. */
static void add_lessons(struct standing *s, const char *pack)
{
    char dir[4200], concept[64];
    struct dirent **names = NULL;
    const struct pack_set *packs;
    int n;
    /* For the built-in pack's folder, every pack's lessons (pack.h), each
     * row keeping the first lesson of its concept under its stored key. */
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

void standing_free(struct standing *s)
{
    free(s->rows);
    free(s->katas.v);
    free(s->lessons.v);
}

int standing_gather(struct app *a, struct standing *s, int full)
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
    {
        /* Each concept's open kata is its easiest one not passed
         * (curriculum.h's path order), not the first by id. */
        struct curriculum c;
        char err[1024];
        if (curriculum_load(a, &c, err, sizeof err) == 0) {
            for (size_t i = 0; i < s->n; i++)
                s->rows[i].open_kata[0] = '\0';
            for (size_t i = 0; i < c.n; i++) {
                const struct curriculum_kata *k = &c.katas[i];
                for (size_t j = 0; j < s->n && !k->broken && k->status != CURRICULUM_PASSED; j++) {
                    struct row *r = &s->rows[j];
                    if (strcmp(r->concept, k->concept) == 0 && r->open_kata[0] == '\0') {
                        snprintf(r->open_kata, sizeof r->open_kata, "%s", pack_kata_name(k->dir));
                        r->open_started = k->status != CURRICULUM_NEW;
                    }
                }
            }
            curriculum_free(&c);
        }
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

int standing_next_step(struct app *a, char *cmd, size_t cmdcap, char *why, size_t whycap)
{
    struct standing s;
    int rc = -1;
    memset(&s, 0, sizeof s);
    if (app_db(a) != NULL && standing_gather(a, &s, 0) == 0) {
        snprintf(cmd, cmdcap, "%s", s.next);
        snprintf(why, whycap, "%s", s.why);
        rc = 0;
    }
    standing_free(&s);
    return rc;
}

void standing_greet(struct app *a, FILE *out, int color)
{
    char cmd[400], why[800];
    if (standing_next_step(a, cmd, sizeof cmd, why, sizeof why) == 0)
        fprintf(out, "Next: %s%s%s   (%s)\n", term_style(color, TERM_CYAN), cmd, term_style(color, TERM_RESET), why);
}
