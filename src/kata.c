/* kata.c: finding katas, loading their manifests safely (an empty
 * environment, an instruction budget, a memory cap), and the table of
 * compiled-in C references. Depends on Lua 5.4, sandbox.h, util.h, and
 * pack.h (the built-in folder's catalogue spans every pack). */
#include "kata.h"

#include <dirent.h>
#include <errno.h>
#include <lauxlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pack.h"
#include "report/report.h"
#include "sandbox.h"
#include "util.h"

/* References set at run time (kata_reference_set), looked up before the
 * compiled-in table: `dojo validate`, `check --reference` and `grade
 * --reference` build a pack's reference.c themselves. */
#define KATA_OVERRIDES 32
static struct {
    char id[256];
    lua_CFunction open;
} overrides[KATA_OVERRIDES];

void kata_reference_set(const char *id, lua_CFunction open)
{
    int i, slot = -1;
    if (id == NULL) {
        memset(overrides, 0, sizeof overrides);
        return;
    }
    for (i = 0; i < KATA_OVERRIDES; i++) {
        if (strcmp(overrides[i].id, id) == 0) {
            slot = i;
            break;
        }
        if (slot < 0 && overrides[i].open == NULL)
            slot = i;
    }
    if (slot < 0)
        slot = KATA_OVERRIDES - 1; /* full: the newest wins the last slot */
    snprintf(overrides[slot].id, sizeof overrides[slot].id, "%s", open ? id : "");
    overrides[slot].open = open;
}

lua_CFunction kata_reference_open(const char *id)
{
    for (int i = 0; i < KATA_OVERRIDES; i++)
        if (overrides[i].open != NULL && strcmp(overrides[i].id, id) == 0)
            return overrides[i].open;
    for (const struct kata_reference *r = kata_references; r->name; r++)
        if (strcmp(r->name, id) == 0)
            return r->open;
    return NULL;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* list_dirs: sorted names of the sub-folders of `dir` (malloc'ed array of
 * malloc'ed names); returns the count, or -1 when `dir` can't be read. */
static int list_dirs(const char *dir, char ***out)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char **v = NULL, path[4096];
    int n = 0, cap = 0;
    *out = NULL;
    if (d == NULL)
        return -1;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        if (util_path_join(path, sizeof path, dir, e->d_name) != 0 || !util_is_dir(path))
            continue;
        if (n == cap) {
            char **p = realloc(v, (size_t)(cap = cap ? cap * 2 : 8) * sizeof *v);
            if (p == NULL)
                break;
            v = p;
        }
        if ((v[n] = util_strdup(e->d_name)) != NULL)
            n++; /* out of memory: the folder is left out, never a NULL name */
    }
    closedir(d);
    if (n > 1)
        qsort(v, (size_t)n, sizeof *v, cmp_str);
    *out = v;
    return n;
}

static void free_list(char **v, int n)
{
    for (int i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

/* lesson_rank: the number of the lesson `pack/lessons/NN-<concept>.md`
 * that teaches `concept`, or a large number when there is none. */
static long lesson_rank(const char *pack, const char *concept)
{
    char dir[4200];
    struct dirent *e;
    long rank = 1L << 30;
    size_t n = strlen(concept);
    DIR *d;
    if (util_path_join(dir, sizeof dir, pack, "lessons") != 0 || (d = opendir(dir)) == NULL)
        return rank;
    while ((e = readdir(d)) != NULL) {
        const char *dash = strchr(e->d_name, '-');
        if (dash && strncmp(dash + 1, concept, n) == 0 && strcmp(dash + 1 + n, ".md") == 0)
            rank = strtol(e->d_name, NULL, 10);
    }
    closedir(d);
    return rank;
}

/* order_by_lesson: sorts concept names by their lesson's number, so the
 * catalogue reads in the order the lessons teach (stable for ties). */
static void order_by_lesson(const char *pack, char **concepts, int n)
{
    long rank[256];
    if (n > 256)
        return;
    for (int i = 0; i < n; i++)
        rank[i] = lesson_rank(pack, concepts[i]);
    for (int i = 1; i < n; i++) /* insertion sort: a handful of concepts */
        for (int j = i; j > 0 && rank[j] < rank[j - 1]; j--) {
            long r = rank[j];
            char *c = concepts[j];
            rank[j] = rank[j - 1], concepts[j] = concepts[j - 1];
            rank[j - 1] = r, concepts[j - 1] = c;
        }
}

int kata_list_dir(const char *pack, void (*fn)(const char *dir, void *ud), void *ud)
{
    char katas[4096], cdir[4096], kdir[4096], man[4200];
    char **concepts, **names;
    int nc, total = 0;
    if (util_path_join(katas, sizeof katas, pack, "katas") != 0)
        return -1;
    nc = list_dirs(katas, &concepts);
    if (nc < 0)
        return -1;
    order_by_lesson(pack, concepts, nc);
    for (int i = 0; i < nc; i++) {
        int nk;
        nk = util_path_join(cdir, sizeof cdir, katas, concepts[i]) == 0 ? list_dirs(cdir, &names) : -1;
        for (int j = 0; j < nk; j++) {
            if (util_path_join(kdir, sizeof kdir, cdir, names[j]) == 0 &&
                util_path_join(man, sizeof man, kdir, "kata.lua") == 0 && util_is_file(man)) {
                fn(kdir, ud);
                total++;
            }
        }
        if (nk > 0)
            free_list(names, nk);
    }
    free_list(concepts, nc);
    return total;
}

int kata_list(const char *pack, void (*fn)(const char *dir, void *ud), void *ud)
{
    const struct pack_set *set;
    char err[1024];
    int rc = pack_catalogue_of(pack, &set, err, sizeof err);
    if (rc == 0)
        return kata_list_dir(pack, fn, ud);
    if (rc < 0) {
        errno = EINVAL;
        return -1;
    }
    for (int i = 0; i < set->nkatas; i++)
        fn(set->katas[i].path, ud);
    return set->nkatas;
}

/* kata_rekey: gives a loaded kata (id = its folder's name, module
 * already chosen) its pack's stored id, "pack/id", when the process's
 * catalogue (opened here if need be) holds its folder outside the built-in
 * pack: so a kata folder given by path (dojo grade DIR) never takes a
 * built-in C reference by its bare name. No catalogue (none registered, a
 * bad pack.lua: the commands that need it say so), out of memory: the id
 * stays as it was. */
static void kata_rekey(struct kata *k)
{
    char err[1024];
    const struct pack_set *set = pack_catalogue(err, sizeof err);
    const struct pack_item *it = set && k->dir ? pack_kata_at(set, k->dir) : NULL;
    char *key = it && !it->pack->builtin ? util_strdup(it->key) : NULL;
    if (key != NULL) {
        free(k->id);
        k->id = key;
    }
}

struct find_ctx {
    const char *id;
    char *dir;
    size_t cap;
    int found;
    struct sbuf names;
};

static void find_one(const char *dir, void *ud)
{
    struct find_ctx *f = ud;
    const char *base = strrchr(dir, '/');
    base = base ? base + 1 : dir;
    if (!f->found && strcmp(base, f->id) == 0) {
        snprintf(f->dir, f->cap, "%s", dir);
        f->found = 1;
    }
    sbuf_printf(&f->names, "%s%s", f->names.len ? ", " : "", base);
}

int kata_find(const char *pack, const char *id, char *dir, size_t cap, char *err, size_t errcap)
{
    struct find_ctx f = {id, dir, cap, 0, SBUF_INIT};
    const struct pack_set *set;
    const struct pack_item *it;
    int n = pack_catalogue_of(pack, &set, err, errcap);
    if (n < 0)
        return -1;
    if (n == 1) { /* the built-in pack: every pack, qualified ids (pack.h) */
        if ((it = pack_find_kata(set, id, err, errcap)) == NULL)
            return -1;
        if ((size_t)snprintf(dir, cap, "%s", it->path) < cap)
            return 0;
        snprintf(err, errcap, "%.200s...: path too long", it->path);
        return -1;
    }
    n = kata_list_dir(pack, find_one, &f);
    if (n < 0) {
        snprintf(err, errcap, "%s/katas: cannot read the kata folder: %s", pack, strerror(errno));
        sbuf_free(&f.names);
        return -1;
    }
    if (!f.found)
        snprintf(err, errcap, "no kata named '%s' in %s/katas (known: %s)", id, pack,
                 f.names.len ? sbuf_cstr(&f.names) : "none");
    sbuf_free(&f.names);
    return f.found ? 0 : -1;
}

/* A manifest's budget: MANIFEST_STEPS count-hook calls of MANIFEST_EVERY
 * instructions each, and MANIFEST_SECONDS of wall clock, checked at every
 * call: a single instruction can copy megabytes (s .. s on a long string),
 * so counting instructions alone bounds nothing in time (fuzz regression
 * manifest/concat-loop.lua). */
#define MANIFEST_EVERY 100
#define MANIFEST_STEPS 10000
#define MANIFEST_SECONDS 1.0

struct manifest_budget {
    double deadline; /* util_now() seconds */
    long steps;      /* count-hook calls left */
};

/* budget_hook: ends a manifest that runs too long: out of steps or past its
 * deadline. The budget is a light userdata in the registry, keyed by the
 * hook's own address (run_manifest puts it there). */
static void budget_hook(lua_State *L, lua_Debug *ar)
{
    struct manifest_budget *b;
    lua_rawgetp(L, LUA_REGISTRYINDEX, (void *)budget_hook);
    b = lua_touserdata(L, -1);
    lua_pop(L, 1);
    if (b != NULL && --b->steps > 0 && util_now() < b->deadline)
        return;
    if (lua_getinfo(L, "Sl", ar) && ar->currentline > 0)
        luaL_error(L, "%s:%d: manifest runs too long (it should only return a table)", ar->short_src,
                   ar->currentline);
    luaL_error(L, "manifest runs too long (it should only return a table)");
}

/* field_line: the line of `text` where `name =` first appears, else 1. */
static int field_line(const char *text, const char *name)
{
    size_t n = strlen(name);
    int line = 1;
    for (const char *p = text; *p; p++) {
        if (*p == '\n')
            line++;
        else if (strncmp(p, name, n) == 0 && (p == text || !(p[-1] == '_' || (p[-1] >= 'a' && p[-1] <= 'z')))) {
            const char *q = p + n;
            while (*q == ' ' || *q == '\t')
                q++;
            if (*q == '=')
                return line;
        }
    }
    return 1;
}

struct field_err {
    const char *path;
    const char *text;
    char *err;
    size_t cap;
};

static int field_fail(const struct field_err *fe, const char *field, const char *what)
{
    snprintf(fe->err, fe->cap, "%s:%d: field '%s' %s", fe->path, field_line(fe->text, field), field,
             what);
    return -1;
}

/* has_control: 1 when s[0..n) holds a control byte other than newline and
 * tab (ESC among them): manifest text is printed to the learner's terminal
 * (dojo katas, hints), which a pack must not drive (fuzz regression
 * manifest/escape-title.lua); an embedded NUL would cut the text short. */
static int has_control(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] < 0x20 && s[i] != '\n' && s[i] != '\t') || s[i] == 0x7f)
            return 1;
    return 0;
}

/* get_string: [-0, +0, m] copies string field `name` of the table on top
 * into *out. Missing: error when `required`, else *out stays NULL. */
static int get_string(lua_State *L, const struct field_err *fe, const char *name, int required,
                      char **out)
{
    int t = lua_getfield(L, -1, name);
    int rc = 0;
    if (t == LUA_TSTRING && has_control(lua_tostring(L, -1), lua_rawlen(L, -1)))
        rc = field_fail(fe, name, "holds a control character (only newline and tab are allowed)");
    else if (t == LUA_TSTRING && lua_rawlen(L, -1) > 0)
        *out = util_strdup(lua_tostring(L, -1));
    else if (t != LUA_TNIL || required)
        rc = field_fail(fe, name, t == LUA_TNIL ? "is missing (a non-empty string)"
                                                : "must be a non-empty string");
    lua_pop(L, 1);
    return rc;
}

/* get_number: number field `name` within [lo, hi]; `def` when missing. */
static int get_number(lua_State *L, const struct field_err *fe, const char *name, double lo,
                      double hi, int required, double def, double *out)
{
    int t = lua_getfield(L, -1, name);
    int rc = 0;
    *out = def;
    if (t == LUA_TNUMBER && lua_tonumber(L, -1) >= lo && lua_tonumber(L, -1) <= hi)
        *out = lua_tonumber(L, -1);
    else if (t != LUA_TNIL || required) {
        char what[96];
        snprintf(what, sizeof what, "%s (a number from %g to %g)",
                 t == LUA_TNIL ? "is missing" : t == LUA_TNUMBER ? "is out of range" : "must be a number",
                 lo, hi);
        rc = field_fail(fe, name, what);
    }
    lua_pop(L, 1);
    return rc;
}

/* get_hints: the `hints` array: 1 to KATA_MAX_HINTS non-empty strings. */
static int get_hints(lua_State *L, const struct field_err *fe, struct kata *k)
{
    int n, rc = 0;
    if (lua_getfield(L, -1, "hints") != LUA_TTABLE) {
        lua_pop(L, 1);
        return field_fail(fe, "hints", "must be a list of strings, from a nudge to nearly the answer");
    }
    n = (int)lua_rawlen(L, -1);
    if (n < 1 || n > KATA_MAX_HINTS)
        rc = field_fail(fe, "hints", "must hold 1 to 8 strings");
    for (int i = 1; rc == 0 && i <= n; i++) {
        if (lua_rawgeti(L, -1, i) != LUA_TSTRING)
            rc = field_fail(fe, "hints", "must hold only strings");
        else if (has_control(lua_tostring(L, -1), lua_rawlen(L, -1)))
            rc = field_fail(fe, "hints", "holds a control character (only newline and tab are allowed)");
        else
            k->hints[k->nhints++] = util_strdup(lua_tostring(L, -1));
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    return rc;
}

static const char *const known_fields[] = {"title",   "concept",     "difficulty", "points",
                                           "module",  "summary",     "hints",      "timeout",
                                           "memory",  "test_points", "hidden",     "server",
                                           "hidden_visibility", "file_timeout", "reference", "editor",
                                           "starter_passes", NULL};

/* check_unknown: every key of the manifest must be a known field. */
static int check_unknown(lua_State *L, const struct field_err *fe)
{
    lua_pushnil(L);
    while (lua_next(L, -2)) {
        int known = 0;
        lua_pop(L, 1);
        if (lua_type(L, -1) == LUA_TSTRING)
            for (const char *const *f = known_fields; *f; f++)
                known |= strcmp(*f, lua_tostring(L, -1)) == 0;
        if (!known) {
            char key[64];
            snprintf(key, sizeof key, "%s", lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "?");
            lua_pop(L, 1);
            return field_fail(fe, key, "is not a manifest field (title, concept, difficulty, points, "
                                       "module, summary, hints, timeout, file_timeout, memory, "
                                       "test_points, hidden, hidden_visibility, server, reference, "
                                       "editor, starter_passes)");
        }
    }
    return 0;
}

/* get_test_points: `test_points = { ["name"] = points, ... }`, optional. */
static int get_test_points(lua_State *L, const struct field_err *fe, struct kata *k)
{
    int t = lua_getfield(L, -1, "test_points"), rc = 0;
    if (t == LUA_TNIL) {
        lua_pop(L, 1);
        return 0;
    }
    if (t != LUA_TTABLE) {
        lua_pop(L, 1);
        return field_fail(fe, "test_points", "must be a table { [\"test or describe name\"] = points }");
    }
    lua_pushnil(L);
    while (rc == 0 && lua_next(L, -2)) {
        /* !(0 <= v <= 1e6) refuses NaN and inf as well (0/0 and 1/0 are
           expressions a manifest can write; they made every score NaN:
           fuzz regressions manifest/test-points-{nan,inf}.lua). */
        if (lua_type(L, -2) != LUA_TSTRING || lua_type(L, -1) != LUA_TNUMBER ||
            !(lua_tonumber(L, -1) >= 0 && lua_tonumber(L, -1) <= 1e6)) {
            rc = field_fail(fe, "test_points", "maps test or describe names to points from 0 to 1e6");
            lua_pop(L, 2);
            break;
        }
        struct kata_rule *p = realloc(k->test_points, (size_t)(k->ntest_points + 1) * sizeof *p);
        if (p != NULL) {
            k->test_points = p;
            p[k->ntest_points].name = util_strdup(lua_tostring(L, -2));
            p[k->ntest_points++].points = lua_tonumber(L, -1);
        }
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    return rc;
}

#define KATA_MAX_HIDDEN 4096

/* get_names: a list of test or describe names in field `field` (`hidden`,
 * `starter_passes`), optional: at most KATA_MAX_HIDDEN names, stored in
 * *out (calloc'ed) with their count in *n_out. */
static int get_names(lua_State *L, const struct field_err *fe, const char *field, char ***out,
                     int *n_out)
{
    int t = lua_getfield(L, -1, field), n, rc = 0;
    if (t == LUA_TNIL) {
        lua_pop(L, 1);
        return 0;
    }
    /* A border of a sparse table can be ~2^30 while it holds a few names:
       cap it before calloc (fuzz regression manifest/hidden-border.lua). */
    n = t != LUA_TTABLE ? -1 : lua_rawlen(L, -1) > KATA_MAX_HIDDEN ? -2 : (int)lua_rawlen(L, -1);
    if (n == -1)
        rc = field_fail(fe, field, "must be a list of test or describe names");
    else if (n == -2)
        rc = field_fail(fe, field, "must hold at most 4096 names");
    if (rc == 0 && n > 0 && (*out = calloc((size_t)n, sizeof **out)) == NULL)
        rc = field_fail(fe, field, "needs more memory than there is");
    for (int i = 1; rc == 0 && i <= n; i++) {
        if (lua_rawgeti(L, -1, i) != LUA_TSTRING)
            rc = field_fail(fe, field, "must hold only strings");
        else
            (*out)[(*n_out)++] = util_strdup(lua_tostring(L, -1));
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    return rc;
}

/* get_visibility: `hidden_visibility = "after_published" | "after_due_date"
 * | "hidden"`, optional: when Gradescope shows hidden tests to students. */
static int get_visibility(lua_State *L, const struct field_err *fe, struct kata *k)
{
    static const char *const names[] = {"after_published", "after_due_date", "hidden"};
    int t = lua_getfield(L, -1, "hidden_visibility"), rc = -2;
    k->hidden_visibility = REPORT_HIDDEN_AFTER_PUBLISHED;
    if (t == LUA_TNIL)
        rc = 0;
    for (int i = 0; t == LUA_TSTRING && i < 3; i++)
        if (strcmp(lua_tostring(L, -1), names[i]) == 0) {
            k->hidden_visibility = REPORT_HIDDEN_AFTER_PUBLISHED + i;
            rc = 0;
        }
    lua_pop(L, 1);
    if (rc != 0)
        rc = field_fail(fe, "hidden_visibility",
                        "must be \"after_published\", \"after_due_date\" or \"hidden\"");
    return rc;
}

/* rule_match: how well `rule` names the test `full` (its length), or -1:
 * the whole name, or a describe prefix ending at a space. */
static int rule_match(const char *rule, const char *full)
{
    size_t n = strlen(rule);
    if (strncmp(rule, full, n) != 0 || (full[n] != '\0' && full[n] != ' '))
        return -1;
    return (int)n;
}

/* rule_unmatched: 1 when no case of run has a name `rule` matches. */
static int rule_unmatched(const char *rule, const struct report_run *run)
{
    for (size_t i = 0; i < run->ncases; i++)
        if (rule_match(rule, run->cases[i].name) >= 0)
            return 0;
    return 1;
}

int kata_check_rules(const struct kata *k, const struct report_run *run, char *out, size_t cap)
{
    struct sbuf b = SBUF_INIT;
    int n = 0, nrules = k->ntest_points + k->nhidden + k->nstarter_passes;
    for (int j = 0; j < nrules; j++) {
        const char *rule, *field;
        if (j < k->ntest_points)
            rule = k->test_points[j].name, field = "test_points";
        else if (j < k->ntest_points + k->nhidden)
            rule = k->hidden[j - k->ntest_points], field = "hidden";
        else
            rule = k->starter_passes[j - k->ntest_points - k->nhidden], field = "starter_passes";
        if (rule_unmatched(rule, run)) {
            n++;
            sbuf_printf(&b, "%s%s \"%s\"", b.len ? ", " : "", field, rule);
        }
    }
    snprintf(out, cap, "%s", sbuf_cstr(&b));
    sbuf_free(&b);
    return n;
}

int kata_starter_may_pass(const struct kata *k, const char *name)
{
    for (int j = 0; j < k->nstarter_passes; j++)
        if (rule_match(k->starter_passes[j], name) >= 0)
            return 1;
    return 0;
}

void kata_score(const struct kata *k, struct report_run *run)
{
    double total = 0, scale;
    for (size_t i = 0; i < run->ncases; i++) {
        struct report_case *c = &run->cases[i];
        int best = -1;
        c->max_score = 1;
        for (int j = 0; j < k->ntest_points; j++) {
            int m = rule_match(k->test_points[j].name, c->name);
            if (m > best) {
                best = m;
                c->max_score = k->test_points[j].points;
            }
        }
        for (int j = 0; j < k->nhidden; j++)
            if (rule_match(k->hidden[j], c->name) >= 0)
                c->hidden = k->hidden_visibility ? k->hidden_visibility : REPORT_HIDDEN_AFTER_PUBLISHED;
        total += c->max_score;
    }
    /* `points`: what the whole kata is worth; the weights above share it. */
    scale = k->points > 0 && total > 0 ? k->points / total : 1;
    for (size_t i = 0; i < run->ncases; i++) {
        struct report_case *c = &run->cases[i];
        c->max_score *= scale;
        c->score = c->verdict == VERDICT_PASS ? c->max_score : 0;
    }
}

/* get_reference: `reference = "c" | "lua"`, optional (default "c"): which
 * reference grades the kata; "lua" is an imported kata's reference.lua. */
static int get_reference(lua_State *L, const struct field_err *fe, struct kata *k)
{
    int t = lua_getfield(L, -1, "reference"), rc = 0;
    if (t == LUA_TSTRING && strcmp(lua_tostring(L, -1), "lua") == 0)
        k->lua_reference = 1;
    else if (t != LUA_TNIL && !(t == LUA_TSTRING && strcmp(lua_tostring(L, -1), "c") == 0))
        rc = field_fail(fe, "reference", "must be \"c\" (reference.c, the default) or \"lua\" "
                                         "(reference.lua)");
    lua_pop(L, 1);
    return rc;
}

/* editor_name: 1 when s names a file inside the kata folder: letters,
 * digits, '.', '-', '_' and '/' between parts, no part starting with '.'
 * (so no "..", no hidden file), at most 128 bytes, and not one of the
 * kata's own files (reference.lua, spec.lua, kata.lua, starter.lua, a
 * *_spec.lua). */
static int editor_name(const char *s)
{
    const char *base = strrchr(s, '/') ? strrchr(s, '/') + 1 : s;
    size_t n = strlen(s);
    for (size_t i = 0; i < n; i++)
        if (((i == 0 || s[i - 1] == '/') && (s[i] == '.' || s[i] == '/')) ||
            !(strchr(".-_/", s[i]) || (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
              (s[i] >= '0' && s[i] <= '9')))
            return 0;
    /* never the kata's own files: the reference handed over, a spec read */
    return n > 0 && n <= 128 && *base && strcmp(base, "reference.lua") && strcmp(base, "spec.lua") &&
           strcmp(base, "kata.lua") && strcmp(base, "starter.lua") && !util_ends_with(base, "_spec.lua");
}

/* get_editor: `editor = { "file", ... }`, optional: at most 32 file names
 * inside the kata folder. */
static int get_editor(lua_State *L, const struct field_err *fe, struct kata *k)
{
    int t = lua_getfield(L, -1, "editor"), n, rc = 0;
    if (t == LUA_TNIL) {
        lua_pop(L, 1);
        return 0;
    }
    n = t != LUA_TTABLE || lua_rawlen(L, -1) > 32 ? -1 : (int)lua_rawlen(L, -1);
    if (n < 0)
        rc = field_fail(fe, "editor", "must be a list of at most 32 file names in the kata folder");
    if (rc == 0 && n > 0 && (k->editor = calloc((size_t)n, sizeof *k->editor)) == NULL)
        rc = field_fail(fe, "editor", "needs more memory than there is");
    for (int i = 1; rc == 0 && i <= n; i++) {
        if (lua_rawgeti(L, -1, i) != LUA_TSTRING || !editor_name(lua_tostring(L, -1)))
            rc = field_fail(fe, "editor", "must hold file names inside the kata folder (letters, "
                                          "digits, '.', '-', '_', '/'; no part starting with '.')");
        else if ((k->editor[k->neditor] = util_strdup(lua_tostring(L, -1))) != NULL)
            k->neditor++;
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    return rc;
}

int kata_copy_editor(const struct kata *k, const char *dest, char *err, size_t errcap)
{
    for (int i = 0; i < k->neditor; i++) {
        char from[4400], to[4400], parent[4400];
        size_t len;
        char *text;
        if (util_path_join(from, sizeof from, k->dir, k->editor[i]) != 0 ||
            util_path_join(to, sizeof to, dest, k->editor[i]) != 0) {
            snprintf(err, errcap, "%.200s...: path too long", dest);
            return -1;
        }
        if (util_is_file(to))
            continue;
        snprintf(parent, sizeof parent, "%s", to);
        *strrchr(parent, '/') = '\0';
        if ((text = util_read_file(from, &len)) == NULL) {
            snprintf(err, errcap, "%s: cannot read it: %s", from, strerror(errno));
            return -1;
        }
        if (util_mkdirs(parent) != 0 || util_write_file_atomic(to, text, len) != 0) {
            snprintf(err, errcap, "%s: cannot write it: %s", to, strerror(errno));
            free(text);
            return -1;
        }
        free(text);
    }
    return 0;
}

int kata_reference_file(const struct kata *k, char *out, size_t cap)
{
    if (cap > 0)
        out[0] = '\0';
    if (!k->lua_reference)
        return 0;
    return util_path_join(out, cap, k->dir, "reference.lua") == 0 ? 1 : -1;
}

/* is_name: 1 when s is a Lua name (letters, digits, '_', not starting with
 * a digit): the only module names a kata needs, and never a path. */
static int is_name(const char *s)
{
    if (!(*s == '_' || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
        return 0;
    for (; *s; s++)
        if (!(*s == '_' || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
              (*s >= '0' && *s <= '9')))
            return 0;
    return 1;
}

/* read_fields: fills k from the manifest table on the stack top. */
static int read_fields(lua_State *L, const struct field_err *fe, struct kata *k)
{
    double diff, points;
    if (check_unknown(L, fe) || get_string(L, fe, "title", 1, &k->title) ||
        get_string(L, fe, "concept", 1, &k->concept) ||
        get_string(L, fe, "summary", 1, &k->summary) ||
        get_string(L, fe, "module", 0, &k->module) ||
        get_number(L, fe, "difficulty", 1, 5, 1, 1, &diff) ||
        get_number(L, fe, "points", 0, 1e6, 0, 0, &points) ||
        get_number(L, fe, "timeout", 0.001, 3600, 0, 0, &k->timeout) ||
        get_number(L, fe, "file_timeout", 0.001, 36000, 0, 0, &k->file_timeout) ||
        get_number(L, fe, "memory", 1, 65536, 0, 0, &k->memory) || get_hints(L, fe, k) ||
        get_test_points(L, fe, k) || get_names(L, fe, "hidden", &k->hidden, &k->nhidden) ||
        get_names(L, fe, "starter_passes", &k->starter_passes, &k->nstarter_passes) ||
        get_visibility(L, fe, k) || get_reference(L, fe, k) || get_editor(L, fe, k))
        return -1;
    /* `module` names the learner's file (HOME/ID/MODULE.lua): a path such as
       "../../x" would reach outside (fuzz regression manifest/module-path.lua). */
    if (k->module != NULL && !is_name(k->module))
        return field_fail(fe, "module", "must be a Lua name (letters, digits and '_', not "
                                        "starting with a digit)");
    if (lua_getfield(L, -1, "server") != LUA_TNIL && !lua_isboolean(L, -1)) {
        lua_pop(L, 1);
        return field_fail(fe, "server", "must be true or false");
    }
    k->server = lua_toboolean(L, -1);
    lua_pop(L, 1);
    k->difficulty = (int)diff;
    k->points = (int)points;
    return 0;
}

struct fields_call {
    const struct field_err *fe;
    struct kata *k;
    int rc;
};

/* fields_p: [-0, +0, e] read_fields under lua_pcall: lightuserdata struct
 * fields_call at 1, the manifest table at 2. */
static int fields_p(lua_State *L)
{
    struct fields_call *fc = lua_touserdata(L, 1);
    lua_settop(L, 2);
    fc->rc = read_fields(L, fc->fe, fc->k);
    return 0;
}

/* default_module: the kata id with every '-' turned into '_'. */
static char *default_module(const char *id)
{
    char *m = util_strdup(id);
    for (char *p = m; p && *p; p++)
        if (*p == '-')
            *p = '_';
    return m;
}

struct manifest_text {
    const char *chunk, *text;
    size_t len;
};

/* manifest_p: [-0, +1, e] under lua_pcall: compiles the manifest (text
 * only), gives it an empty _ENV and runs it; its result on the stack. */
static int manifest_p(lua_State *L)
{
    const struct manifest_text *m = lua_touserdata(L, 1);
    if (luaL_loadbufferx(L, m->text, m->len, m->chunk, "t") != LUA_OK)
        return lua_error(L);
    lua_newtable(L);
    lua_setupvalue(L, -2, 1);
    lua_call(L, 0, 1);
    return 1;
}

/* run_manifest: [-0, +1, -] runs the manifest text with no environment and a
 * budget, every step under lua_pcall; leaves its result (or the error
 * message) on the stack. Returns lua_pcall's status (LUA_OK is 0).
 * Strings lose their metatable first: with
 * it, ("a"):rep(n):find(pattern) reaches the string library, whose pattern
 * matcher can backtrack for hours inside one C call, where no hook runs
 * (fuzz regression manifest/pattern-backtrack.lua). A manifest only returns
 * a table and needs no method. */
static int run_manifest_named(lua_State *L, const char *chunk, const char *text, size_t len,
                              struct manifest_budget *budget)
{
    struct manifest_text m = {chunk, text, len};
    lua_pushliteral(L, "");
    lua_pushnil(L);
    lua_setmetatable(L, -2);
    lua_pop(L, 1);
    budget->deadline = util_now() + MANIFEST_SECONDS;
    budget->steps = MANIFEST_STEPS;
    lua_pushlightuserdata(L, budget);
    lua_rawsetp(L, LUA_REGISTRYINDEX, (void *)budget_hook);
    lua_sethook(L, budget_hook, LUA_MASKCOUNT, MANIFEST_EVERY);
    lua_pushcfunction(L, manifest_p);
    lua_pushlightuserdata(L, &m);
    return lua_pcall(L, 1, 1, 0);
}

/* run_manifest: run_manifest_named as "=kata.lua": Lua cuts a "@PATH" chunk
 * name to 60 bytes ("...h/kata.lua"), so kata_load puts the folder in front
 * itself (fuzz_manifest's "the message names the manifest" failed for a
 * long path). */
static int run_manifest(lua_State *L, const char *text, size_t len,
                        struct manifest_budget *budget)
{
    return run_manifest_named(L, "=kata.lua", text, len, budget);
}

int kata_run_manifest(lua_State *L, const char *chunk, const char *text, size_t len)
{
    struct manifest_budget budget;
    int status = run_manifest_named(L, chunk, text, len, &budget);
    lua_sethook(L, NULL, 0, 0); /* the budget lives on this stack frame only */
    lua_pushnil(L);
    lua_rawsetp(L, LUA_REGISTRYINDEX, (void *)budget_hook);
    return status;
}

int kata_field_line(const char *text, const char *name) { return field_line(text, name); }

int kata_has_control(const char *s, size_t n) { return has_control(s, n); }

int kata_load(const char *dir, struct kata **out, char *err, size_t errcap)
{
    char path[4096];
    size_t len = 0;
    char *text;
    struct kata *k;
    struct manifest_budget budget;
    lua_State *L;
    const char *base = strrchr(dir, '/');
    int rc = -1, status;
    *out = NULL;
    if (util_path_join(path, sizeof path, dir, "kata.lua") != 0) {
        snprintf(err, errcap, "%.200s...: path too long", dir);
        return -1;
    }
    text = util_read_file(path, &len);
    if (text == NULL) {
        snprintf(err, errcap, "%s: cannot read the manifest: %s", path, strerror(errno));
        return -1;
    }
    L = sandbox_new(16u << 20);
    k = calloc(1, sizeof *k);
    if (L == NULL || k == NULL) {
        snprintf(err, errcap, "%s: out of memory", path);
        goto out;
    }
    if ((status = run_manifest(L, text, len, &budget)) != LUA_OK) {
        const char *msg = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "manifest failed";
        /* Lua's "not enough memory" names no file (fuzz regression
           manifest/memory-cap.lua); every message must. */
        if (status == LUA_ERRMEM)
            snprintf(err, errcap, "%s:1: the manifest needs more than 16 MiB of memory", path);
        else if (strncmp(msg, "kata.lua:", 9) == 0)
            snprintf(err, errcap, "%s/%s", dir, msg);
        else
            snprintf(err, errcap, "%s:1: %s", path, msg);
        goto out;
    }
    if (!lua_istable(L, -1)) {
        snprintf(err, errcap, "%s:1: the manifest must return a table, not %s", path,
                 luaL_typename(L, -1));
        goto out;
    }
    struct field_err fe = {path, text, err, errcap};
    struct fields_call fc = {&fe, k, -1};
    lua_pushcfunction(L, fields_p);
    lua_pushlightuserdata(L, &fc);
    lua_pushvalue(L, -3);
    if (lua_pcall(L, 2, 0, 0) != LUA_OK) {
        snprintf(err, errcap, "%s: reading the manifest failed: %s", path,
                 lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "out of memory");
        goto out;
    }
    if (fc.rc != 0)
        goto out;
    k->id = util_strdup(base ? base + 1 : dir);
    k->dir = util_strdup(dir);
    if (k->module == NULL)
        k->module = default_module(k->id);
    kata_rekey(k); /* "pack/id" outside the built-in pack (pack.h) */
    *out = k;
    k = NULL;
    rc = 0;
out:
    kata_free(k);
    sandbox_close(L);
    free(text);
    return rc;
}

void kata_free(struct kata *k)
{
    if (k == NULL)
        return;
    free(k->id);
    free(k->dir);
    free(k->title);
    free(k->concept);
    free(k->summary);
    free(k->module);
    for (int i = 0; i < k->nhints; i++)
        free(k->hints[i]);
    for (int i = 0; i < k->ntest_points; i++)
        free(k->test_points[i].name);
    for (int i = 0; i < k->nhidden; i++)
        free(k->hidden[i]);
    for (int i = 0; i < k->neditor; i++)
        free(k->editor[i]);
    free(k->editor);
    for (int i = 0; i < k->nstarter_passes; i++)
        free(k->starter_passes[i]);
    free(k->test_points);
    free(k->hidden);
    free(k->starter_passes);
    free(k);
}
