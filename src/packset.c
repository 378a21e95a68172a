/* packset.c: the catalogue of every pack (pack.h): the built-in pack and
 * DOJO_PATH's folders, their katas and lessons in order, with the ids dojo
 * shows and stores, the lookups by id (qualified, bare, the clash rule),
 * and the process's one catalogue that kata.c, quiz.c and the commands
 * share. Depends on kata.h (kata_list_dir, kata_load), pack.c and util.h. */
#include "pack.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "kata.h"
#include "util.h"

/* ------------------------------------------------------------ catalogue */

/* A growing list of items while a set is built; rank[i] is item i's place
 * in its pack's path (order_items). */
struct items {
    struct pack_item *v;
    int n, cap;
    int *rank;
    int oom;
};

/* add_item: appends an item of pack p (s->packs no longer moves once
 * load_packs is done). Out of memory: it->oom. */
static void add_item(struct items *it, const struct pack *p, const char *name, const char *concept,
                     const char *path)
{
    struct pack_item *x;
    if (it->n == it->cap) {
        int cap = it->cap ? it->cap * 2 : 64;
        struct pack_item *v = realloc(it->v, (size_t)cap * sizeof *v);
        int *r = v ? realloc(it->rank, (size_t)cap * sizeof *r) : NULL;
        if (v)
            it->v = v;
        if (r == NULL) {
            it->oom = 1;
            return;
        }
        it->rank = r;
        it->cap = cap;
    }
    x = &it->v[it->n];
    memset(x, 0, sizeof *x);
    x->pack = p;
    x->name = util_strdup(name);
    x->concept = util_strdup(concept);
    x->path = util_strdup(path);
    it->rank[it->n++] = 0;
    if (x->name == NULL || x->concept == NULL || x->path == NULL)
        it->oom = 1;
}

struct kata_walk {
    struct items *it;
    const struct pack *p;
};

/* walk_kata: kata_list's callback: DIR is ROOT/katas/CONCEPT/ID. */
static void walk_kata(const char *dir, void *ud)
{
    struct kata_walk *w = ud;
    char concept[256];
    const char *id = strrchr(dir, '/'), *c;
    if (id == NULL || id == dir)
        return;
    for (c = id - 1; c > dir && *c != '/'; c--)
        ;
    snprintf(concept, sizeof concept, "%.*s", (int)(id - c - 1), c + 1);
    add_item(w->it, w->p, id + 1, concept, dir);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* walk_lessons: adds the p->root/lessons/NN-name.md files, sorted by name
 * (so by number when numbers are zero-padded, as lesson.c reads them). */
static void walk_lessons(struct items *it, const struct pack *p)
{
    char dir[4096], path[8192], stem[256];
    char *names[1024];
    int n = 0;
    struct dirent *e;
    DIR *d;
    if (util_path_join(dir, sizeof dir, p->root, "lessons") != 0 || (d = opendir(dir)) == NULL)
        return;
    while (n < 1024 && (e = readdir(d)) != NULL)
        if (pack_is_lesson_file(e->d_name) && strlen(e->d_name) < sizeof stem && (names[n] = util_strdup(e->d_name)))
            n++;
    closedir(d);
    qsort(names, (size_t)n, sizeof *names, cmp_str);
    for (int i = 0; i < n; i++) {
        size_t len = strlen(names[i]) - 3;
        snprintf(stem, sizeof stem, "%.*s", (int)len, names[i]);
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        add_item(it, p, stem, strchr(stem, '-') + 1, path);
        free(names[i]);
    }
}

/* path_rank: where item x stands in its pack's path: the index of the
 * first entry naming its concept or its own name (a lesson's stem), else
 * npath (after every listed one). */
static int path_rank(const struct pack *p, const struct pack_item *x)
{
    for (int i = 0; i < p->npath; i++) {
        const char *e = p->path[i], *dash = strchr(e, '-');
        if (strcmp(e, x->concept) == 0 || strcmp(e, x->name) == 0)
            return i;
        /* "01-closures" names the concept "closures" for its katas */
        if (dash && strspn(e, "0123456789") == (size_t)(dash - e) && dash > e &&
            strcmp(dash + 1, x->concept) == 0)
            return i;
    }
    return p->npath;
}

/* order_items: sorts the items, pack by pack (the packs' array order), by
 * path rank; stable (an insertion sort keyed on (pack, rank, walk order)). */
static void order_items(struct items *it)
{
    for (int i = 0; i < it->n; i++)
        it->rank[i] = path_rank(it->v[i].pack, &it->v[i]);
    for (int i = 1; i < it->n; i++)
        for (int j = i; j > 0; j--) {
            const struct pack *pa = it->v[j - 1].pack, *pb = it->v[j].pack;
            if (pa < pb || (pa == pb && it->rank[j - 1] <= it->rank[j]))
                break;
            struct pack_item t = it->v[j];
            int r = it->rank[j];
            it->v[j] = it->v[j - 1], it->rank[j] = it->rank[j - 1];
            it->v[j - 1] = t, it->rank[j - 1] = r;
        }
}

static char *joined(const char *a, const char *sep, const char *b)
{
    size_t n = strlen(a) + strlen(sep) + strlen(b) + 1;
    char *s = malloc(n);
    if (s != NULL)
        snprintf(s, n, "%s%s%s", a, sep, b);
    return s;
}

/* name_ids: qualified, key and shown of every item; `lessons` picks the
 * lesson rules (qualified and shown use the concept, key the file name). */
static int name_ids(struct pack_item *v, int n, int lessons)
{
    for (int i = 0; i < n; i++) {
        struct pack_item *x = &v[i];
        const char *word = lessons ? x->concept : x->name;
        const char *file = lessons ? strrchr(x->path, '/') + 1 : x->name;
        int clash = 0;
        for (int j = 0; j < n && !clash; j++)
            clash = v[j].pack != x->pack && strcmp(lessons ? v[j].concept : v[j].name, word) == 0;
        x->qualified = joined(x->pack->name, "/", word);
        x->key = x->pack->builtin ? util_strdup(file) : joined(x->pack->name, "/", file);
        x->shown = util_strdup(clash ? x->qualified : word);
        if (x->qualified == NULL || x->key == NULL || x->shown == NULL)
            return -1;
    }
    return 0;
}

static void free_items(struct pack_item *v, int n)
{
    for (int i = 0; i < n; i++) {
        free(v[i].name);
        free(v[i].concept);
        free(v[i].path);
        free(v[i].qualified);
        free(v[i].key);
        free(v[i].shown);
    }
    free(v);
}

void pack_set_free(struct pack_set *s)
{
    for (int i = 0; i < s->npacks; i++)
        pack_free(&s->packs[i]);
    free(s->packs);
    free_items(s->katas, s->nkatas);
    free_items(s->lessons, s->nlessons);
    memset(s, 0, sizeof *s);
}

/* same_folder: 1 when a and b are one folder (after realpath). */
static int same_folder(const char *a, const char *b)
{
    char ra[PATH_MAX], rb[PATH_MAX];
    return realpath(a, ra) && realpath(b, rb) && strcmp(ra, rb) == 0;
}

/* add_pack: loads the pack at `root` into s->packs (room for it is there).
 * 0 added, 1 skipped with a warning, -1 a bad pack.lua (err). */
static int add_pack(struct pack_set *s, const char *root, int builtin, FILE *warn, char *err, size_t errcap)
{
    struct pack *p = &s->packs[s->npacks];
    char why[4400];
    int rc;
    for (int i = 0; i < s->npacks; i++)
        if (same_folder(s->packs[i].root, root)) {
            if (warn)
                fprintf(warn, "dojo: DOJO_PATH: %s: the same folder as pack '%s'; skipped\n", root,
                        s->packs[i].name);
            return 1;
        }
    rc = pack_load(root, p, why, sizeof why);
    if (rc == 1 && builtin) { /* the built-in root always counts, empty or not */
        if ((p->name = pack_folder_name(root)) == NULL || (p->root = util_strdup(root)) == NULL) {
            pack_free(p);
            snprintf(err, errcap, "%s: out of memory", root);
            return -1;
        }
        rc = 0;
    }
    if (rc == 1) {
        if (warn)
            fprintf(warn, "dojo: DOJO_PATH: %s; skipped\n", why);
        return 1;
    }
    if (rc < 0) {
        snprintf(err, errcap, "%s", why);
        return -1;
    }
    for (int i = 0; i < s->npacks; i++)
        if (strcmp(s->packs[i].name, p->name) == 0) {
            if (warn)
                fprintf(warn, "dojo: DOJO_PATH: %s: pack name '%s' is taken by %s; skipped\n", root,
                        p->name, s->packs[i].root);
            pack_free(p);
            return 1;
        }
    p->builtin = builtin;
    s->npacks++;
    return 0;
}

/* load_packs: the built-in pack, then DOJO_PATH's folders, into s->packs. */
static int load_packs(struct pack_set *s, const char *builtin, const char *dojo_path, FILE *warn,
                      char *err, size_t errcap)
{
    int cap = 1;
    char root[4096];
    for (const char *q = dojo_path; q && *q; q++)
        cap += *q == ':';
    cap += dojo_path && *dojo_path;
    if ((s->packs = calloc((size_t)cap, sizeof *s->packs)) == NULL) {
        snprintf(err, errcap, "dojo: out of memory");
        return -1;
    }
    if (add_pack(s, builtin, 1, warn, err, errcap) < 0)
        return -1;
    for (const char *q = dojo_path; q && *q;) {
        size_t n = strcspn(q, ":");
        if (n > 0 && n < sizeof root) {
            memcpy(root, q, n);
            root[n] = '\0';
            if (add_pack(s, root, 0, warn, err, errcap) < 0)
                return -1;
        } else if (n > 0 && warn) {
            fprintf(warn, "dojo: DOJO_PATH: %.200s...: path too long; skipped\n", q);
        }
        q += n + (q[n] == ':');
    }
    return 0;
}

int pack_set_open(struct pack_set *s, const char *builtin, const char *dojo_path, FILE *warn,
                  char *err, size_t errcap)
{
    struct items katas = {0}, lessons = {0};
    memset(s, 0, sizeof *s);
    if (load_packs(s, builtin, dojo_path, warn, err, errcap) != 0)
        goto out_fail;
    for (int i = 0; i < s->npacks; i++) {
        struct kata_walk w = {&katas, &s->packs[i]};
        int k0 = katas.n, l0 = lessons.n;
        (void)kata_list_dir(s->packs[i].root, walk_kata, &w); /* no katas/: none */
        walk_lessons(&lessons, &s->packs[i]);
        s->packs[i].nkatas = katas.n - k0;
        s->packs[i].nlessons = lessons.n - l0;
    }
    if (katas.oom || lessons.oom)
        goto out_oom;
    order_items(&katas);
    order_items(&lessons);
    s->katas = katas.v, s->nkatas = katas.n;
    s->lessons = lessons.v, s->nlessons = lessons.n;
    katas.v = lessons.v = NULL;
    free(katas.rank);
    free(lessons.rank);
    if (name_ids(s->katas, s->nkatas, 0) != 0 || name_ids(s->lessons, s->nlessons, 1) != 0) {
        pack_set_free(s);
        snprintf(err, errcap, "dojo: out of memory");
        return -1;
    }
    return 0;
out_oom:
    snprintf(err, errcap, "dojo: out of memory");
out_fail:
    free_items(katas.v, katas.n);
    free_items(lessons.v, lessons.n);
    free(katas.rank);
    free(lessons.rank);
    pack_set_free(s);
    return -1;
}

/* --------------------------------------------------------------- lookup */

const struct pack *pack_by_name(const struct pack_set *s, const char *name)
{
    for (int i = 0; i < s->npacks; i++)
        if (strcmp(s->packs[i].name, name) == 0)
            return &s->packs[i];
    return NULL;
}

/* lesson_matches: does lesson x answer to `name`: its concept, its file
 * name with or without .md, or its number (lesson.c's rule). */
static int lesson_matches(const struct pack_item *x, const char *name)
{
    size_t n = strlen(name), sn = strlen(x->name);
    if (n == 0)
        return 0;
    if (strcmp(x->name, name) == 0 || strcmp(x->concept, name) == 0)
        return 1;
    if (n == sn + 3 && strncmp(name, x->name, sn) == 0 && strcmp(name + sn, ".md") == 0)
        return 1;
    return strspn(name, "0123456789") == n && n < 10 && atoi(name) == atoi(x->name);
}

/* list_names: "a, b, c" of the shown names of v[0..n) (those of pack p
 * only, when p), cut to fit cap. */
static void list_names(const struct pack_item *v, int n, const struct pack *p, char *out, size_t cap)
{
    size_t used = 0;
    out[0] = '\0';
    for (int i = 0; i < n && used + 8 < cap; i++) {
        int w;
        if (p && v[i].pack != p)
            continue;
        w = snprintf(out + used, cap - used, "%s%s", used ? ", " : "", p ? v[i].name : v[i].shown);
        used += w > 0 ? (size_t)w : 0;
    }
    if (used >= cap - 8 && cap > 4)
        snprintf(out + cap - 5, 5, "...");
    if (out[0] == '\0')
        snprintf(out, cap, "none");
}

/* find: the kata or lesson `id` names in v[0..n) (see pack_find_kata). */
static const struct pack_item *find(const struct pack_set *s, const struct pack_item *v, int n,
                                    const char *id, int lessons, char *err, size_t errcap)
{
    const char *what = lessons ? "lesson" : "kata", *slash = strchr(id, '/'), *bare = id;
    const struct pack *in = NULL;
    const struct pack_item *hit = NULL;
    char names[512], packs[512];
    int hits = 0, other_pack = 0;
    if (slash != NULL) {
        char pname[128];
        snprintf(pname, sizeof pname, "%.*s", (int)(slash - id), id);
        if ((in = pack_by_name(s, pname)) == NULL) {
            packs[0] = '\0';
            for (int i = 0; i < s->npacks; i++)
                snprintf(packs + strlen(packs), sizeof packs - strlen(packs), "%s%s", i ? ", " : "",
                         s->packs[i].name);
            snprintf(err, errcap, "no pack named '%.*s' (packs: %s)", (int)(slash - id), id, packs);
            return NULL;
        }
        bare = slash + 1;
    }
    names[0] = '\0';
    for (int i = 0; i < n; i++) {
        const struct pack_item *x = &v[i];
        if ((in && x->pack != in) || !(lessons ? lesson_matches(x, bare) : strcmp(x->name, bare) == 0))
            continue;
        other_pack |= hit != NULL && hit->pack != x->pack;
        hit = hits++ == 0 ? x : hit;
        snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s", strlen(names) ? ", " : "",
                 lessons ? x->pack->name : x->qualified);
        if (lessons) /* a lesson's qualified name is pack/concept */
            snprintf(names + strlen(names), sizeof names - strlen(names), "/%s", x->concept);
    }
    if (hits == 1)
        return hit;
    if (hits > 1 && other_pack)
        snprintf(err, errcap, "%s '%s' is in more than one pack: %s (name one of them)", what, id, names);
    else if (hits > 1)
        snprintf(err, errcap, "%s '%s' is ambiguous in pack '%s' (%s: %s)", what, id, hit->pack->name,
                 what, names);
    else {
        list_names(v, n, in, names, sizeof names);
        if (in)
            snprintf(err, errcap, "no %s named '%s' in pack '%s' (known: %s)", what, bare, in->name, names);
        else
            snprintf(err, errcap, "no %s named '%s' (known: %s)", what, id, names);
    }
    return NULL;
}

const struct pack_item *pack_find_kata(const struct pack_set *s, const char *id, char *err, size_t errcap)
{
    return find(s, s->katas, s->nkatas, id, 0, err, errcap);
}

const struct pack_item *pack_find_lesson(const struct pack_set *s, const char *name, char *err,
                                         size_t errcap)
{
    /* a stored key ("01-closures.md", "extra/01-x.md") finds its own lesson */
    for (int i = 0; i < s->nlessons; i++)
        if (strcmp(s->lessons[i].key, name) == 0)
            return &s->lessons[i];
    return find(s, s->lessons, s->nlessons, name, 1, err, errcap);
}

const struct pack_item *pack_kata_at(const struct pack_set *s, const char *dir)
{
    char want[PATH_MAX], have[PATH_MAX];
    for (int i = 0; i < s->nkatas; i++) /* the usual case: a path the set gave */
        if (strcmp(s->katas[i].path, dir) == 0)
            return &s->katas[i];
    if (realpath(dir, want) == NULL)
        return NULL;
    for (int i = 0; i < s->nkatas; i++)
        if (realpath(s->katas[i].path, have) && strcmp(have, want) == 0)
            return &s->katas[i];
    return NULL;
}

int pack_kata_load(const struct pack_item *it, struct kata **out, char *err, size_t errcap)
{
    char *key;
    if (kata_load(it->path, out, err, errcap) != 0)
        return -1;
    if ((key = util_strdup(it->key)) == NULL) {
        kata_free(*out);
        *out = NULL;
        snprintf(err, errcap, "%s: out of memory", it->path);
        return -1;
    }
    free((*out)->id);
    (*out)->id = key;
    return 0;
}

/* ---------------------------------------------------- the process's set */

static struct {
    char builtin[4096]; /* "" until pack_register_builtin */
    int state;          /* 0 not opened, 1 open, -1 failed */
    struct pack_set set;
    char err[1024];
} cat;

void pack_register_builtin(const char *root)
{
    if (cat.state == 1)
        pack_set_free(&cat.set);
    snprintf(cat.builtin, sizeof cat.builtin, "%s", root ? root : "");
    cat.state = 0;
}

const struct pack_set *pack_catalogue(char *err, size_t errcap)
{
    if (cat.state == 0 && cat.builtin[0] == '\0') {
        snprintf(err, errcap, "dojo: no built-in pack was named (pack_register_builtin)");
        return NULL;
    }
    if (cat.state == 0)
        cat.state = pack_set_open(&cat.set, cat.builtin, getenv("DOJO_PATH"), stderr, cat.err,
                                  sizeof cat.err) == 0 ? 1 : -1;
    if (cat.state < 0) {
        snprintf(err, errcap, "%s", cat.err);
        return NULL;
    }
    return &cat.set;
}

int pack_catalogue_of(const char *root, const struct pack_set **out, char *err, size_t errcap)
{
    *out = NULL;
    if (cat.builtin[0] == '\0' || strcmp(root, cat.builtin) != 0)
        return 0;
    return (*out = pack_catalogue(err, errcap)) != NULL ? 1 : -1;
}

const struct pack_set *pack_catalogue_if_open(void)
{
    return cat.state == 1 ? &cat.set : NULL;
}

const char *pack_kata_name(const char *dir)
{
    const struct pack_set *set = pack_catalogue_if_open();
    const struct pack_item *it = set ? pack_kata_at(set, dir) : NULL;
    const char *base = strrchr(dir, '/');
    return it ? it->shown : base ? base + 1 : dir;
}

const char *pack_kata_pack(const char *dir)
{
    const struct pack_set *set = pack_catalogue_if_open();
    const struct pack_item *it = set ? pack_kata_at(set, dir) : NULL;
    return it && !it->pack->builtin ? it->pack->name : "";
}
