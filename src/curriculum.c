/* curriculum.c: the pack's katas in the order a learner takes them, with
 * their status (see curriculum.h). */
#include "curriculum.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kata.h"
#include "pack.h"
#include "progress.h"

struct collect {
    struct curriculum *c;
    size_t cap;
    int failed; /* out of memory */
};

static void add(const char *dir, void *ud)
{
    struct collect *col = ud;
    struct curriculum *c = col->c;
    struct curriculum_kata *ck;
    struct kata *k = NULL;
    char err[1024];
    const char *base = strrchr(dir, '/');
    if (col->failed)
        return;
    if (c->n == col->cap) {
        size_t cap = col->cap ? col->cap * 2 : 32;
        struct curriculum_kata *v = realloc(c->katas, cap * sizeof *v);
        if (v == NULL) {
            col->failed = 1;
            return;
        }
        c->katas = v;
        col->cap = cap;
    }
    ck = &c->katas[c->n++];
    memset(ck, 0, sizeof *ck);
    snprintf(ck->dir, sizeof ck->dir, "%s", dir);
    snprintf(ck->id, sizeof ck->id, "%s", base ? base + 1 : dir);
    snprintf(ck->pack, sizeof ck->pack, "%s", pack_kata_pack(dir));
    snprintf(ck->key, sizeof ck->key, "%s%s%s", ck->pack, ck->pack[0] ? "/" : "", ck->id);
    if (kata_load(dir, &k, err, sizeof err) != 0) {
        ck->broken = 1;
        ck->difficulty = 99;
        snprintf(ck->title, sizeof ck->title, "%.*s", (int)sizeof ck->title - 1, err);
        /* The concept is the folder above the kata's. */
        if (base && base > dir) {
            const char *p = base;
            while (p > dir && p[-1] != '/')
                p--;
            snprintf(ck->concept, sizeof ck->concept, "%.*s", (int)(base - p), p);
        }
        return;
    }
    snprintf(ck->concept, sizeof ck->concept, "%s", k->concept);
    snprintf(ck->title, sizeof ck->title, "%s", k->title ? k->title : k->id);
    snprintf(ck->summary, sizeof ck->summary, "%s", k->summary ? k->summary : "");
    ck->difficulty = k->difficulty;
    ck->nhints = k->nhints;
    kata_free(k);
}

/* before: kata a (of concept rank ra) comes before b (rank rb): concepts
 * keep kata_list's lesson order, then easiest first, then by id. */
static int before(const struct curriculum_kata *a, size_t ra, const struct curriculum_kata *b, size_t rb)
{
    if (ra != rb)
        return ra < rb;
    if (a->difficulty != b->difficulty)
        return a->difficulty < b->difficulty;
    return strcmp(a->id, b->id) < 0;
}

/* sort_path: a stable insertion sort (a pack has tens of katas) with each
 * kata's concept rank (the index of its concept's first kata) alongside. */
static int sort_path(struct curriculum *c)
{
    size_t *rank;
    if (c->n < 2)
        return 0;
    rank = malloc(c->n * sizeof *rank);
    if (rank == NULL)
        return -1;
    for (size_t i = 0; i < c->n; i++) {
        rank[i] = i;
        for (size_t j = 0; j < i; j++)
            if (strcmp(c->katas[j].concept, c->katas[i].concept) == 0 &&
                strcmp(c->katas[j].pack, c->katas[i].pack) == 0) { /* a concept of one pack */
                rank[i] = rank[j];
                break;
            }
    }
    for (size_t i = 1; i < c->n; i++)
        for (size_t j = i; j > 0 && before(&c->katas[j], rank[j], &c->katas[j - 1], rank[j - 1]); j--) {
            struct curriculum_kata t = c->katas[j];
            size_t tr = rank[j];
            c->katas[j] = c->katas[j - 1];
            rank[j] = rank[j - 1];
            c->katas[j - 1] = t;
            rank[j - 1] = tr;
        }
    free(rank);
    return 0;
}

int curriculum_load(struct app *a, struct curriculum *c, char *err, size_t errcap)
{
    struct collect col = {c, 0, 0};
    struct progress *db;
    memset(c, 0, sizeof *c);
    if (pack_catalogue(err, errcap) == NULL) /* a bad pack.lua: FILE:LINE */
        return -1;
    if (kata_list(a->pack, add, &col) < 0) {
        snprintf(err, errcap, "%s/katas: cannot read the kata folder", a->pack);
        return -1;
    }
    if (col.failed || sort_path(c) != 0) {
        snprintf(err, errcap, "not enough memory to list the katas");
        curriculum_free(c);
        return -1;
    }
    db = app_db(a);
    for (size_t i = 0; db && i < c->n; i++) {
        struct curriculum_kata *k = &c->katas[i];
        int st = progress_kata_status(db, k->key);
        if (st == PROGRESS_PASSED)
            k->status = CURRICULUM_PASSED;
        else if (st == PROGRESS_STARTED)
            k->status = progress_attempt_count(db, k->key) > 0 ? CURRICULUM_FAILING : CURRICULUM_STARTED;
        c->passed += k->status == CURRICULUM_PASSED;
        if ((k->hints_seen = progress_kata_hints(db, k->key)) < 0)
            k->hints_seen = 0;
    }
    return 0;
}

const struct curriculum_kata *curriculum_find(const struct curriculum *c, const char *id)
{
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->katas[i].id, id) == 0 || strcmp(c->katas[i].key, id) == 0 ||
            strcmp(pack_kata_name(c->katas[i].dir), id) == 0)
            return &c->katas[i];
    return NULL;
}

const struct curriculum_kata *curriculum_next(const struct curriculum *c, const char *after)
{
    size_t start = 0;
    if (after) {
        const struct curriculum_kata *k = curriculum_find(c, after);
        if (k)
            start = (size_t)(k - c->katas) + 1;
    }
    for (size_t n = 0; n < c->n; n++) {
        const struct curriculum_kata *k = &c->katas[(start + n) % c->n];
        if (!k->broken && k->status != CURRICULUM_PASSED)
            return k;
    }
    return NULL;
}

const char *curriculum_status_name(int status)
{
    static const char *const names[] = {"new", "started", "failing", "passed"};
    return status >= 0 && status <= 3 ? names[status] : "?";
}

void curriculum_free(struct curriculum *c)
{
    free(c->katas);
    c->katas = NULL;
    c->n = 0;
}
