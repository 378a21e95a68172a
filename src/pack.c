/* pack.c: one pack (pack.h): its pack.lua manifest, loaded as kata.lua is
 * (text only, an empty environment, no libraries, a budget and a memory
 * cap), or the name a folder without one gets. packset.c builds the
 * catalogue of every pack from these. Depends on Lua 5.4, kata.h (its
 * manifest runner) and util.h. */
#include "pack.h"

#include <dirent.h>
#include <errno.h>
#include <lauxlib.h>
#include <stdlib.h>
#include <string.h>

#include "kata.h"
#include "util.h"

/* ---------------------------------------------------------------- names */

/* is_pack_name: 1 when s is 1 to 64 bytes of [a-z0-9-]. */
static int is_pack_name(const char *s, size_t n)
{
    if (n == 0 || n > 64)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
            return 0;
    return 1;
}

int pack_is_lesson_file(const char *f)
{
    size_t n = strlen(f), i = strspn(f, "0123456789");
    return i > 0 && f[i] == '-' && n > i + 4 && strcmp(f + n - 3, ".md") == 0;
}

char *pack_folder_name(const char *root)
{
    char buf[65];
    size_t end = strlen(root), start, n = 0;
    while (end > 1 && root[end - 1] == '/')
        end--;
    start = end;
    while (start > 0 && root[start - 1] != '/')
        start--;
    for (size_t i = start; i < end && n < 64; i++) {
        char c = root[i];
        c = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
        buf[n++] = ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-') ? c : '-';
    }
    buf[n] = '\0';
    return util_strdup(n ? buf : "pack");
}

/* ------------------------------------------------------------- manifest */

struct manifest {
    const char *file, *root, *text;
    struct pack *p;
    char *err;
    size_t cap;
};

static int fail_field(const struct manifest *m, const char *field, const char *what)
{
    snprintf(m->err, m->cap, "%s:%d: field '%s' %s", m->file, kata_field_line(m->text, field), field,
             what);
    return -1;
}

/* text_ok: a string a pack may show on the terminal: no control byte. */
static int text_ok(lua_State *L, int idx)
{
    return !kata_has_control(lua_tostring(L, idx), lua_rawlen(L, idx));
}

/* get_text: [-0, +0, m] optional string field `name` of the table on top. */
static int get_text(lua_State *L, const struct manifest *m, const char *name, char **out)
{
    int t = lua_getfield(L, -1, name), rc = 0;
    if (t == LUA_TSTRING && lua_rawlen(L, -1) > 0 && text_ok(L, -1))
        *out = util_strdup(lua_tostring(L, -1));
    else if (t == LUA_TSTRING && lua_rawlen(L, -1) > 0)
        rc = fail_field(m, name, "holds a control character (only newline and tab are allowed)");
    else if (t != LUA_TNIL)
        rc = fail_field(m, name, "must be a non-empty string");
    lua_pop(L, 1);
    return rc;
}

/* get_list: [-0, +0, m] optional field `name`: a list of 0..max non-empty
 * strings (no other keys), copied into *out / *n. */
static int get_list(lua_State *L, const struct manifest *m, const char *name, int max,
                    char ***out, int *n)
{
    int t = lua_getfield(L, -1, name), rc = 0, len = 0, pairs = 0;
    if (t == LUA_TNIL) {
        lua_pop(L, 1);
        return 0;
    }
    if (t == LUA_TTABLE && lua_rawlen(L, -1) <= (lua_Unsigned)max)
        len = (int)lua_rawlen(L, -1);
    else
        rc = fail_field(m, name, t == LUA_TTABLE ? "holds too many entries" : "must be a list of strings");
    for (lua_pushnil(L); rc == 0 && lua_next(L, -2); lua_pop(L, 1)) {
        if (!lua_isinteger(L, -2) || lua_tointeger(L, -2) < 1 || lua_tointeger(L, -2) > len ||
            lua_type(L, -1) != LUA_TSTRING || lua_rawlen(L, -1) == 0)
            rc = fail_field(m, name, "must be a list of non-empty strings");
        else if (!text_ok(L, -1))
            rc = fail_field(m, name, "holds a control character");
        pairs++;
        if (rc != 0)
            lua_pop(L, 1); /* the key goes with the loop's pop */
    }
    if (rc == 0 && pairs != len)
        rc = fail_field(m, name, "must be a list of non-empty strings");
    if (rc == 0 && len > 0 && (*out = calloc((size_t)len, sizeof **out)) == NULL)
        rc = fail_field(m, name, "needs more memory than there is");
    for (int i = 1; rc == 0 && i <= len; i++) {
        lua_rawgeti(L, -1, i);
        if (((*out)[*n] = util_strdup(lua_tostring(L, -1))) != NULL)
            (*n)++;
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    return rc;
}

/* in_pack: 1 when `entry` names a lesson (lessons/NN-entry.md or
 * lessons/entry.md, "NN-entry" given) or a concept (katas/entry/) of the
 * pack at root. */
static int in_pack(const char *root, const char *entry)
{
    char dir[4096], path[8192];
    struct dirent *e;
    DIR *d;
    int found = 0;
    if (snprintf(path, sizeof path, "%s/katas/%s", root, entry) < (int)sizeof path && util_is_dir(path))
        return 1;
    if (util_path_join(dir, sizeof dir, root, "lessons") != 0 || (d = opendir(dir)) == NULL)
        return 0;
    while (!found && (e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);
        if (!pack_is_lesson_file(e->d_name))
            continue;
        found = (strncmp(e->d_name, entry, n - 3) == 0 && entry[n - 3] == '\0') ||
                strcmp(strchr(e->d_name, '-') + 1, entry) == 0 ||
                (strncmp(strchr(e->d_name, '-') + 1, entry, strlen(entry)) == 0 &&
                 strcmp(strchr(e->d_name, '-') + 1 + strlen(entry), ".md") == 0);
    }
    closedir(d);
    return found;
}

/* check_path: every path entry is a name ([a-z0-9_-], no '/'), said once,
 * and (with a root) names a lesson or concept of the pack. */
static int check_path(const struct manifest *m)
{
    const struct pack *p = m->p;
    char what[512];
    for (int i = 0; i < p->npath; i++) {
        const char *e = p->path[i];
        if (strspn(e, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.") != strlen(e) ||
            strstr(e, "..") != NULL || e[0] == '.') {
            snprintf(what, sizeof what, "entry '%.64s' is not a lesson or concept name", e);
            return fail_field(m, "path", what);
        }
        for (int j = 0; j < i; j++)
            if (strcmp(p->path[j], e) == 0) {
                snprintf(what, sizeof what, "names '%.64s' twice", e);
                return fail_field(m, "path", what);
            }
        if (m->root != NULL && !in_pack(m->root, e)) {
            snprintf(what, sizeof what, "entry '%.64s' names no lesson (lessons/NN-%.64s.md) or concept "
                     "(katas/%.64s/) of the pack", e, e, e);
            return fail_field(m, "path", what);
        }
    }
    return 0;
}

static const char *const known_fields[] = {"name", "version", "authors", "description", "path", NULL};

/* read_fields: [-0, +0, m] fills m->p from the manifest table on top. */
static int read_fields(lua_State *L, const struct manifest *m)
{
    struct pack *p = m->p;
    int t;
    for (lua_pushnil(L); lua_next(L, -2); lua_pop(L, 1)) {
        int known = 0;
        if (lua_type(L, -2) == LUA_TSTRING)
            for (const char *const *f = known_fields; *f; f++)
                known |= strcmp(*f, lua_tostring(L, -2)) == 0;
        if (!known) {
            char key[64];
            snprintf(key, sizeof key, "%s", lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : "?");
            lua_pop(L, 2);
            return fail_field(m, key, "is not a pack.lua field (name, version, authors, description, path)");
        }
    }
    t = lua_getfield(L, -1, "name");
    if (t == LUA_TSTRING && is_pack_name(lua_tostring(L, -1), lua_rawlen(L, -1)))
        p->name = util_strdup(lua_tostring(L, -1));
    lua_pop(L, 1);
    if (p->name == NULL)
        return fail_field(m, "name", t == LUA_TNIL ? "is missing (a name of a-z, 0-9 and '-')"
                                                   : "must be 1 to 64 characters of a-z, 0-9 and '-'");
    if (get_text(L, m, "version", &p->version) || get_text(L, m, "description", &p->description) ||
        get_list(L, m, "authors", PACK_MAX_AUTHORS, &p->authors, &p->nauthors) ||
        get_list(L, m, "path", PACK_MAX_PATH, &p->path, &p->npath))
        return -1;
    return check_path(m);
}

/* fields_p: [-0, +1, e] read_fields under lua_pcall: lightuserdata struct
 * manifest at 1, the manifest table at 2; returns read_fields' status. */
static int fields_p(lua_State *L)
{
    const struct manifest *m = lua_touserdata(L, 1);
    lua_settop(L, 2);
    lua_pushinteger(L, read_fields(L, m));
    return 1;
}

/* A pack.lua's state: no library at all (it only returns a table), so no
 * string metatable either, and a 16 MiB cap kept by its allocator. It
 * costs about a tenth of a sandbox_new state, whose libraries are most of
 * what opening a catalogue of many packs would spend (bench/packs.py). */
#define PACK_MEMORY (16u << 20)

struct capped {
    size_t used;
};

static void *capped_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    struct capped *c = ud;
    size_t old = ptr ? osize : 0;
    void *p;
    if (nsize == 0) {
        free(ptr);
        c->used -= old;
        return NULL;
    }
    if (nsize > old && c->used - old + nsize > PACK_MEMORY)
        return NULL;
    if ((p = realloc(ptr, nsize)) != NULL)
        c->used = c->used - old + nsize;
    return p;
}

int pack_load_text(const char *file, const char *root, const char *text, size_t len,
                   struct pack *out, char *err, size_t errcap)
{
    /* A copy ending in NUL: field lines are found by scanning the text,
       which need not end in one (fuzz regression manifest/pack-unterminated.lua). */
    char *copy = malloc(len + 1);
    struct manifest m = {file, root, copy, out, err, errcap};
    struct capped cap = {0};
    lua_State *L = copy ? lua_newstate(capped_alloc, &cap) : NULL;
    int status, rc = -1;
    memset(out, 0, sizeof *out);
    if (L == NULL) {
        free(copy);
        snprintf(err, errcap, "%s:1: out of memory", file);
        return -1;
    }
    memcpy(copy, text, len);
    copy[len] = '\0';
    if ((status = kata_run_manifest(L, "=pack.lua", text, len)) != LUA_OK) {
        const char *msg = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "pack.lua failed";
        if (status == LUA_ERRMEM)
            snprintf(err, errcap, "%s:1: pack.lua needs more than 16 MiB of memory", file);
        else if (strncmp(msg, "pack.lua:", 9) == 0)
            snprintf(err, errcap, "%s%s", file, msg + 8);
        else
            snprintf(err, errcap, "%s:1: %s", file, msg);
    } else if (!lua_istable(L, -1)) {
        snprintf(err, errcap, "%s:1: pack.lua must return a table, not %s", file, luaL_typename(L, -1));
    } else {
        lua_pushcfunction(L, fields_p);
        lua_pushlightuserdata(L, &m);
        lua_pushvalue(L, -3);
        if (lua_pcall(L, 2, 1, 0) != LUA_OK)
            snprintf(err, errcap, "%s:1: reading pack.lua failed: %s", file,
                     lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "out of memory");
        else
            rc = (int)lua_tointeger(L, -1);
    }
    lua_close(L);
    free(copy);
    if (rc != 0)
        pack_free(out);
    return rc;
}

int pack_load(const char *root, struct pack *out, char *err, size_t errcap)
{
    char file[4096], sub[4096];
    char *text;
    size_t len = 0;
    int rc;
    memset(out, 0, sizeof *out);
    if (!util_is_dir(root)) {
        snprintf(err, errcap, "%s: no such folder", root);
        return 1;
    }
    if (util_path_join(file, sizeof file, root, "pack.lua") != 0) {
        snprintf(err, errcap, "%.200s...: path too long", root);
        return -1;
    }
    if (!util_is_file(file)) {
        int katas = util_path_join(sub, sizeof sub, root, "katas") == 0 && util_is_dir(sub);
        int lessons = util_path_join(sub, sizeof sub, root, "lessons") == 0 && util_is_dir(sub);
        if (!katas && !lessons) {
            snprintf(err, errcap, "%s: not a pack (no pack.lua, katas/ or lessons/ in it)", root);
            return 1;
        }
        out->name = pack_folder_name(root);
        out->root = util_strdup(root);
        if (out->name == NULL || out->root == NULL) {
            pack_free(out);
            snprintf(err, errcap, "%s: out of memory", root);
            return -1;
        }
        return 0;
    }
    if ((text = util_read_file(file, &len)) == NULL) {
        snprintf(err, errcap, "%s:1: cannot read pack.lua: %s", file, strerror(errno));
        return -1;
    }
    rc = pack_load_text(file, root, text, len, out, err, errcap);
    free(text);
    if (rc == 0 && ((out->root = util_strdup(root)) == NULL || (out->manifest = util_strdup(file)) == NULL)) {
        pack_free(out);
        snprintf(err, errcap, "%s:1: out of memory", file);
        rc = -1;
    }
    return rc;
}

static void free_strings(char **v, int n)
{
    for (int i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

void pack_free(struct pack *p)
{
    if (p == NULL)
        return;
    free(p->name);
    free(p->version);
    free(p->description);
    free_strings(p->authors, p->nauthors);
    free_strings(p->path, p->npath);
    free(p->root);
    free(p->manifest);
    memset(p, 0, sizeof *p);
}
