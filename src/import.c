/* import.c: `dojo import busted`: an Exercism Lua-track exercise folder
 * becomes a kata with a Lua reference. Reads .meta/config.json with
 * libjansson (dlopen'ed on first use, as lazylib.h does for libcurl, so no
 * other command maps it), writes the kata into a temporary folder and
 * renames it into place. The layout is Exercism's
 * (https://exercism.org/docs/building/tracks/practice-exercises).
 * Depends on util.h, kata.h, lazylib.h, jansson.h (types only). */
#include "import.h"

#include <ctype.h>
#include <errno.h>
#include <ftw.h>
#include <stdarg.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <unistd.h>

#include "kata.h"
#include "lazylib.h"
#include "util.h"

/* libjansson, loaded on first use: every function this file calls. The
 * header's inline json_decref is not used (it would link json_delete);
 * a document from json_loadb has one reference, so jsn.json_delete frees it. */
static struct {
    __typeof__(json_loadb) *json_loadb;
    __typeof__(json_object_get) *json_object_get;
    __typeof__(json_array_size) *json_array_size;
    __typeof__(json_array_get) *json_array_get;
    __typeof__(json_string_value) *json_string_value;
    __typeof__(json_integer_value) *json_integer_value;
    __typeof__(json_delete) *json_delete;
} jsn;
#define SYM(f) {#f, (void **)&jsn.f}
static const struct lazylib_sym jansson_syms[] = {
    SYM(json_loadb),        SYM(json_object_get),    SYM(json_array_size), SYM(json_array_get),
    SYM(json_string_value), SYM(json_integer_value), SYM(json_delete),
};
#undef SYM
static struct lazylib jansson_lib = {"libjansson.so.4", "libjansson4", jansson_syms,
                                     sizeof jansson_syms / sizeof jansson_syms[0], 0, ""};

#define MAX_FILES 32 /* editor files and helpers a kata may carry */

/* What the exercise's config says (paths relative to the exercise folder).
 * Owns every string; exercise_free releases them. */
struct exercise {
    const char *src;  /* the exercise folder (the caller's) */
    char slug[128];   /* its folder name */
    char config[4200]; /* .meta/config.json's path ("" when there is none) */
    char *solution, *test, *example;
    char *editor[MAX_FILES];
    int neditor;
    char *blurb;     /* may be NULL */
    char *authors;   /* "a, b" or NULL */
    char *title;     /* from the track's config.json, or NULL */
    int difficulty;  /* Exercism's 1..10, 0 when unknown */
};

static void exercise_free(struct exercise *e)
{
    free(e->solution), free(e->test), free(e->example);
    for (int i = 0; i < e->neditor; i++)
        free(e->editor[i]);
    free(e->blurb), free(e->authors), free(e->title);
}

/* fail: writes the one-line error and returns -1. */
static int fail(char *err, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(char *err, size_t cap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, cap, fmt, ap);
    va_end(ap);
    return -1;
}

/* json_file: parses the JSON file at `path`; NULL with "PATH:LINE: message"
 * in err when it can't be read or parsed. The caller frees the document with
 * jsn.json_delete. */
static json_t *json_file(const char *path, char *err, size_t cap)
{
    json_error_t je;
    size_t len;
    char *text, why[300];
    json_t *doc;
    if (lazylib_load(&jansson_lib, why, sizeof why) != 0) {
        fail(err, cap, "%s: cannot read JSON: %s", path, why);
        return NULL;
    }
    if ((text = util_read_file(path, &len)) == NULL) {
        fail(err, cap, "%s: cannot read it: %s", path, strerror(errno));
        return NULL;
    }
    doc = jsn.json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
    free(text);
    if (doc == NULL)
        fail(err, cap, "%s:%d: not valid JSON: %s", path, je.line > 0 ? je.line : 1, je.text);
    return doc;
}

/* json_str: the string field `key` of object `o`, copied; NULL when absent
 * or not a string. */
static char *json_str(const json_t *o, const char *key)
{
    const json_t *v = o && json_is_object(o) ? jsn.json_object_get(o, key) : NULL;
    return v && json_is_string(v) ? util_strdup(jsn.json_string_value(v)) : NULL;
}

/* safe_name: 1 when `rel` is a plain relative path inside the exercise: no
 * leading '/', no ".." part, no control byte. */
static int safe_name(const char *rel)
{
    if (rel[0] == '\0' || rel[0] == '/' || strlen(rel) > 255)
        return 0;
    for (const char *p = rel; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == '\\')
            return 0;
    for (const char *p = rel; p; p = strchr(p, '/') ? strchr(p, '/') + 1 : NULL)
        if (strncmp(p, "..", 2) == 0 && (p[2] == '/' || p[2] == '\0'))
            return 0;
    return 1;
}

/* file_list: files.<key> of the config: a list of file names, each safe and
 * present in the exercise folder. Stores up to `max` copies in out[] and
 * their count in *n (0 when the key is absent). 0, or -1 with err set. */
static int file_list(const struct exercise *e, const json_t *files, const char *key, char **out,
                     int max, int *n, char *err, size_t cap)
{
    const json_t *list = jsn.json_object_get(files, key);
    char path[4400];
    *n = 0;
    if (list == NULL)
        return 0;
    if (!json_is_array(list))
        return fail(err, cap, "%s:1: files.%s must be a list of file names", e->config, key);
    for (size_t i = 0; i < jsn.json_array_size(list); i++) {
        const json_t *v = jsn.json_array_get(list, i);
        const char *name = v && json_is_string(v) ? jsn.json_string_value(v) : NULL;
        if (name == NULL || !safe_name(name))
            return fail(err, cap, "%s:1: files.%s[%zu] must be a file name inside the exercise",
                        e->config, key, i + 1);
        if (util_path_join(path, sizeof path, e->src, name) != 0 || !util_is_file(path))
            return fail(err, cap, "%s:1: files.%s names %s, which is not in %s", e->config, key,
                        name, e->src);
        if (*n == max)
            return fail(err, cap, "%s:1: files.%s: at most %d files", e->config, key, max);
        if ((out[(*n)++] = util_strdup(name)) == NULL)
            return fail(err, cap, "%s: out of memory", e->config);
    }
    return 0;
}

/* one_file: files.<key> must name exactly one file; stored in *out. */
static int one_file(struct exercise *e, const json_t *files, const char *key, char **out,
                    char *err, size_t cap)
{
    char *v[MAX_FILES];
    int n;
    if (file_list(e, files, key, v, MAX_FILES, &n, err, cap) != 0) {
        while (n > 0)
            free(v[--n]);
        return -1;
    }
    for (int i = 1; i < n; i++)
        free(v[i]);
    if (n > 1) {
        free(v[0]);
        return fail(err, cap, "%s:1: files.%s names %d files; a kata has one", e->config, key, n);
    }
    *out = n == 1 ? v[0] : NULL;
    return 0;
}

/* join_authors: the config's "authors" list as "a, b", or NULL. */
static char *join_authors(const json_t *cfg)
{
    const json_t *list = jsn.json_object_get(cfg, "authors");
    struct sbuf b = SBUF_INIT;
    for (size_t i = 0; list && json_is_array(list) && i < jsn.json_array_size(list); i++) {
        const json_t *v = jsn.json_array_get(list, i);
        if (v && json_is_string(v))
            sbuf_printf(&b, "%s%s", b.len ? ", " : "", jsn.json_string_value(v));
    }
    return b.len ? sbuf_take(&b) : (sbuf_free(&b), NULL);
}

/* conventions: the roles the config leaves out (or has none) get the Lua
 * track's names: SLUG.lua, SLUG_spec.lua, .meta/example.lua. 0, or -1
 * when memory runs out. */
static int conventions(struct exercise *e)
{
    char path[300];
    if (e->solution == NULL) {
        snprintf(path, sizeof path, "%s.lua", e->slug);
        e->solution = util_strdup(path);
    }
    if (e->test == NULL) {
        snprintf(path, sizeof path, "%s_spec.lua", e->slug);
        e->test = util_strdup(path);
    }
    if (e->example == NULL)
        e->example = util_strdup(".meta/example.lua");
    return e->solution && e->test && e->example ? 0 : -1;
}

/* read_config: .meta/config.json's files, blurb and authors; roles it does
 * not name follow the conventions (a folder without one, or an old config
 * whose lists are empty). 0, or -1 with err set. */
static int read_config(struct exercise *e, char *err, size_t cap)
{
    json_t *cfg;
    const json_t *files;
    int rc = -1;
    if (util_path_join(e->config, sizeof e->config, e->src, ".meta/config.json") != 0)
        return fail(err, cap, "%.200s: path too long", e->src);
    if (!util_is_file(e->config)) {
        e->config[0] = '\0';
        return conventions(e) == 0 ? 0 : fail(err, cap, "%s: out of memory", e->src);
    }
    if ((cfg = json_file(e->config, err, cap)) == NULL)
        return -1;
    files = jsn.json_object_get(cfg, "files");
    if (!json_is_object(cfg) || files == NULL || !json_is_object(files)) {
        fail(err, cap, "%s:1: no \"files\" object (solution, test, example)", e->config);
        goto out;
    }
    if (one_file(e, files, "solution", &e->solution, err, cap) != 0 ||
        one_file(e, files, "test", &e->test, err, cap) != 0 ||
        one_file(e, files, "example", &e->example, err, cap) != 0 ||
        (e->example == NULL && one_file(e, files, "exemplar", &e->example, err, cap) != 0) ||
        file_list(e, files, "editor", e->editor, MAX_FILES, &e->neditor, err, cap) != 0)
        goto out;
    if (conventions(e) != 0) {
        fail(err, cap, "%s: out of memory", e->config);
        goto out;
    }
    e->blurb = json_str(cfg, "blurb");
    e->authors = join_authors(cfg);
    rc = 0;
out:
    jsn.json_delete(cfg);
    return rc;
}

/* track_entry: in a track's config.json (exercises.practice[] and
 * exercises.concept[]), the exercise with this slug: its name and
 * difficulty. Silent when `path` is not a track config. */
static void track_entry(struct exercise *e, const char *path)
{
    static const char *const kinds[] = {"practice", "concept"};
    char err[600];
    json_t *doc = util_is_file(path) ? json_file(path, err, sizeof err) : NULL;
    const json_t *ex = doc ? jsn.json_object_get(doc, "exercises") : NULL;
    for (int k = 0; ex && json_is_object(ex) && k < 2; k++) {
        const json_t *list = jsn.json_object_get(ex, kinds[k]);
        for (size_t i = 0; list && json_is_array(list) && i < jsn.json_array_size(list); i++) {
            const json_t *item = jsn.json_array_get(list, i), *d;
            char *slug = json_str(item, "slug");
            int match = slug && strcmp(slug, e->slug) == 0;
            free(slug);
            if (!match || e->title)
                continue;
            e->title = json_str(item, "name");
            d = jsn.json_object_get(item, "difficulty");
            if (d && json_is_integer(d) && jsn.json_integer_value(d) >= 1 &&
                jsn.json_integer_value(d) <= 10)
                e->difficulty = (int)jsn.json_integer_value(d);
        }
    }
    if (doc)
        jsn.json_delete(doc);
}

/* find_track: the track's config.json: exercises/<kind>/<slug> sits three
 * folders below it. */
static void find_track(struct exercise *e)
{
    char real[PATH_MAX], path[PATH_MAX + 32];
    if (realpath(e->src, real) == NULL)
        return;
    for (int up = 0; up < 3; up++) {
        char *slash = strrchr(real, '/');
        if (slash == NULL || slash == real)
            return;
        *slash = '\0';
    }
    snprintf(path, sizeof path, "%s/config.json", real);
    track_entry(e, path);
}

/* lua_name: the module name a solution file's stem gives: '-' as '_'.
 * Returns 0, or -1 when the result is not a Lua name. */
static int lua_name(const char *stem, char *out, size_t cap)
{
    size_t n = strlen(stem);
    if (n == 0 || n >= cap || isdigit((unsigned char)stem[0]))
        return -1;
    for (size_t i = 0; i <= n; i++) {
        char c = stem[i] == '-' ? '_' : stem[i];
        if (c && !(isalnum((unsigned char)c) || c == '_'))
            return -1;
        out[i] = c;
    }
    return 0;
}

/* valid_id: a kata id or concept: letters, digits, '-', '_', starting with
 * a letter or digit, at most 64 bytes. */
static int valid_id(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 64 || !isalnum((unsigned char)s[0]))
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!(isalnum((unsigned char)s[i]) || s[i] == '-' || s[i] == '_'))
            return 0;
    return 1;
}

/* rewrite_requires: text with every require of the module `from` (quoted,
 * with or without parentheses, "./" allowed) turned into a require of `to`.
 * Stores the count in *count. Returns a malloc'ed string, or NULL when
 * memory runs out. */
static char *rewrite_requires(const char *text, const char *from, const char *to, int *count)
{
    struct sbuf b = SBUF_INIT;
    size_t n = strlen(from);
    const char *p = text, *hit;
    *count = 0;
    while ((hit = strstr(p, "require")) != NULL) {
        const char *q = hit + 7, *name;
        char quote;
        int word = hit == text || !(isalnum((unsigned char)hit[-1]) || hit[-1] == '_');
        while (*q == ' ' || *q == '\t' || *q == '(')
            q++;
        quote = *q;
        name = q + 1;
        if (strncmp(name, "./", 2) == 0)
            name += 2;
        if (word && (quote == '\'' || quote == '"') && strncmp(name, from, n) == 0 && name[n] == quote) {
            sbuf_add(&b, p, (size_t)(q + 1 - p));
            sbuf_puts(&b, to);
            p = name + n;
            ++*count;
        } else {
            sbuf_add(&b, p, (size_t)(hit + 7 - p));
            p = hit + 7;
        }
    }
    sbuf_puts(&b, p);
    return sbuf_take(&b);
}

/* put_lua_string: s as a Lua string literal; control bytes but newline and
 * tab become spaces (a manifest refuses them). */
static void put_lua_string(struct sbuf *b, const char *s)
{
    sbuf_puts(b, "\"");
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            sbuf_printf(b, "\\%c", c);
        else if (c == '\n')
            sbuf_puts(b, "\\n");
        else if (c == '\t')
            sbuf_puts(b, "\\t");
        else if (c < 0x20 || c == 0x7f)
            sbuf_puts(b, " ");
        else
            sbuf_add(b, s, 1);
    }
    sbuf_puts(b, "\"");
}

static int inside(const char *dir, const char *path);

/* read_hints: up to three bullets ("- " or "* ", continuation lines
 * joined) of the exercise's .docs/hints.md into hints[]; returns how many
 * (0 when there is no such file). */
static int read_hints(const char *src, char **hints)
{
    char path[4400];
    char *text;
    struct sbuf cur = SBUF_INIT;
    int n = 0;
    if (util_path_join(path, sizeof path, src, ".docs/hints.md") != 0 || !inside(src, path) ||
        (text = util_read_file(path, NULL)) == NULL)
        return 0; /* none (or a link out of the exercise: not read) */
    for (char *line = text, *next; line && n < 3; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        int bullet = (line[0] == '-' || line[0] == '*') && line[1] == ' ';
        int more = cur.len && (line[0] == ' ' || line[0] == '\t') && line[strspn(line, " \t")];
        if (more) {
            sbuf_printf(&cur, " %s", line + strspn(line, " \t"));
            continue;
        }
        if (cur.len)
            hints[n++] = sbuf_take(&cur);
        if (bullet && n < 3)
            sbuf_puts(&cur, line + 2);
    }
    if (cur.len && n < 3)
        hints[n++] = sbuf_take(&cur);
    sbuf_free(&cur);
    free(text);
    return n;
}

/* title_of_slug: "hello-world" -> "Hello World". */
static void title_of_slug(const char *slug, char *out, size_t cap)
{
    size_t i = 0;
    for (int up = 1; *slug && i + 1 < cap; slug++) {
        char c = *slug == '-' || *slug == '_' ? ' ' : *slug;
        out[i++] = up ? (char)toupper((unsigned char)c) : c;
        up = c == ' ';
    }
    out[i] = '\0';
}

/* manifest_text: the kata.lua an import writes. NULL when memory runs out. */
static char *manifest_text(const struct exercise *e, const struct import_opts *o,
                           const struct import_result *res, char **hints, int nhints)
{
    struct sbuf b = SBUF_INIT;
    char title[256];
    title_of_slug(e->slug, title, sizeof title);
    sbuf_printf(&b, "-- kata.lua: imported by `dojo import busted` from the Exercism exercise '%s'",
                e->slug);
    if (e->authors)
        sbuf_printf(&b, "\n-- (authors: %s)", e->authors);
    sbuf_puts(&b, ".\n-- Its reference is reference.lua (reference = \"lua\"), not a C one.\n"
                  "-- TODO marks what the import could not know: fill it in, then drop the TODO.\n"
                  "return {\n    title = ");
    put_lua_string(&b, e->title ? e->title : title);
    sbuf_puts(&b, ",\n    concept = ");
    put_lua_string(&b, o->concept);
    if (res->difficulty)
        sbuf_printf(&b, ",\n    difficulty = %d, -- Exercism's %d of 10, halved\n", res->difficulty,
                    e->difficulty);
    else
        sbuf_puts(&b, ",\n    difficulty = 1, -- TODO: not known from the exercise: 1 (easy) to 5\n");
    sbuf_puts(&b, "    summary = ");
    put_lua_string(&b, e->blurb && e->blurb[0] ? e->blurb : "TODO: one line saying what the kata asks");
    sbuf_puts(&b, ",\n    module = ");
    put_lua_string(&b, res->module);
    sbuf_puts(&b, ",\n    reference = \"lua\",\n");
    if (e->neditor) { /* Exercism's editor files: dojo start gives them to the learner */
        sbuf_puts(&b, "    editor = {");
        for (int i = 0; i < e->neditor; i++) {
            sbuf_puts(&b, i ? ", " : " ");
            put_lua_string(&b, e->editor[i]);
        }
        sbuf_puts(&b, " },\n");
    }
    sbuf_puts(&b, "    hints = {\n");
    for (int i = 0; i < nhints; i++) {
        sbuf_puts(&b, "        ");
        put_lua_string(&b, hints[i]);
        sbuf_puts(&b, ",\n");
    }
    if (nhints == 0)
        sbuf_puts(&b, "        \"TODO (no hints came with the exercise): write three, from a nudge to "
                      "nearly the answer.\",\n");
    sbuf_puts(&b, "    },\n}\n");
    return sbuf_take(&b);
}

/* readme_text: the exercise's .docs introduction, instructions and
 * appended instructions, in that order (else its README.md). NULL with err
 * set when there is none. */
static char *readme_text(const char *src, char *err, size_t cap)
{
    static const char *const parts[] = {".docs/introduction.md", ".docs/instructions.md",
                                        ".docs/instructions.append.md"};
    struct sbuf b = SBUF_INIT;
    char path[4400];
    int main_part = 0;
    for (int i = 0; i < 3; i++) {
        char *text = util_path_join(path, sizeof path, src, parts[i]) == 0 ? util_read_file(path, NULL) : NULL;
        if (text == NULL)
            continue;
        if (!inside(src, path)) {
            free(text);
            sbuf_free(&b);
            fail(err, cap, "%s: it leads outside the exercise folder (a link?)", path);
            return NULL;
        }
        main_part |= i == 1;
        sbuf_printf(&b, "%s%s", b.len ? "\n" : "", text);
        if (b.len && b.data[b.len - 1] != '\n')
            sbuf_puts(&b, "\n");
        free(text);
    }
    if (!main_part) {
        char *text = util_path_join(path, sizeof path, src, "README.md") == 0 && inside(src, path)
                         ? util_read_file(path, NULL)
                         : NULL;
        sbuf_free(&b);
        if (text == NULL)
            fail(err, cap, "%s/.docs/instructions.md: missing (the kata's task comes from it)", src);
        return text;
    }
    return sbuf_take(&b);
}

/* put_file: writes n bytes to dir/rel, making rel's folders. 0 or -1. */
static int put_file(const char *dir, const char *rel, const char *data, size_t n, char *err, size_t cap)
{
    char path[4400], parent[4400];
    if (util_path_join(path, sizeof path, dir, rel) != 0)
        return fail(err, cap, "%.200s: path too long", dir);
    snprintf(parent, sizeof parent, "%s", path);
    *strrchr(parent, '/') = '\0';
    if (util_mkdirs(parent) != 0 || util_write_file_atomic(path, data, n) != 0)
        return fail(err, cap, "%s: cannot write it: %s", path, strerror(errno));
    return 0;
}

/* inside: 1 when `path`, every link resolved, is inside folder `dir`. */
static int inside(const char *dir, const char *path)
{
    char d[PATH_MAX], p[PATH_MAX];
    size_t n;
    if (realpath(dir, d) == NULL || realpath(path, p) == NULL)
        return 0;
    n = strlen(d);
    return strncmp(p, d, n) == 0 && p[n] == '/';
}

/* copy_in: the exercise's file `rel` into dir/as, its requires of the
 * solution's stem rewritten to the module when they differ. 0 or -1. */
static int copy_in(const struct exercise *e, const char *rel, const char *dir, const char *as,
                   const char *stem, struct import_result *res, char *err, size_t cap)
{
    char path[4400];
    size_t len;
    char *text, *out;
    int count = 0, rc;
    if (util_path_join(path, sizeof path, e->src, rel) != 0 || !inside(e->src, path))
        return fail(err, cap, "%s/%s: it leads outside the exercise folder (a link?)", e->src, rel);
    if ((text = util_read_file(path, &len)) == NULL)
        return fail(err, cap, "%s/%s: cannot read it: %s", e->src, rel, strerror(errno));
    out = strcmp(stem, res->module) != 0 && util_ends_with(rel, ".lua") && strlen(text) == len
              ? rewrite_requires(text, stem, res->module, &count)
              : NULL;
    rc = put_file(dir, as, out ? out : text, out ? strlen(out) : len, err, cap);
    if (count && strcmp(as, "spec.lua") == 0)
        res->rewrote = 1;
    free(out);
    free(text);
    return rc;
}

/* is_listed: 1 when `name` is one of the exercise's roles already written. */
static int is_listed(const struct exercise *e, const char *name)
{
    if (strcmp(name, e->solution) == 0 || strcmp(name, e->test) == 0 || strcmp(name, e->example) == 0)
        return 1;
    for (int i = 0; i < e->neditor; i++)
        if (strcmp(name, e->editor[i]) == 0)
            return 1;
    return 0;
}

/* copy_helpers: every other top-level .lua file of the exercise (a helper
 * the spec or the solution requires; not another spec), under its name. */
static int copy_helpers(const struct exercise *e, const char *dir, const char *stem,
                        struct import_result *res, char *err, size_t cap)
{
    struct dirent **names = NULL;
    char path[4400];
    int n = scandir(e->src, &names, NULL, alphasort), rc = 0;
    if (n < 0)
        return fail(err, cap, "%s: cannot read the folder: %s", e->src, strerror(errno));
    for (int i = 0; i < n; i++) {
        const char *name = names[i]->d_name;
        if (rc == 0 && name[0] != '.' && util_ends_with(name, ".lua") && !util_ends_with(name, "_spec.lua") &&
            !is_listed(e, name) && util_path_join(path, sizeof path, e->src, name) == 0 && util_is_file(path)) {
            if (res->copied >= MAX_FILES)
                rc = fail(err, cap, "%s: more than %d helper files", e->src, MAX_FILES);
            else if ((rc = copy_in(e, name, dir, name, stem, res, err, cap)) == 0)
                res->copied++;
        }
        free(names[i]);
    }
    free(names);
    return rc;
}

/* rm_entry, rm_tree: removes a folder and what it holds (nftw, depth first). */
static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

static void rm_tree(const char *dir)
{
    nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* write_kata: every file of the kata into the empty folder `dir`. */
static int write_kata(const struct exercise *e, const struct import_opts *o, struct import_result *res,
                      const char *dir, const char *stem, char *err, size_t cap)
{
    char *hints[3], *manifest = NULL, *readme;
    int nhints = read_hints(e->src, hints), rc = -1;
    res->todo_hint = nhints == 0;
    if ((readme = readme_text(e->src, err, cap)) == NULL)
        goto out;
    if ((manifest = manifest_text(e, o, res, hints, nhints)) == NULL) {
        fail(err, cap, "%s: out of memory", e->src);
        goto out;
    }
    if (put_file(dir, "kata.lua", manifest, strlen(manifest), err, cap) != 0 ||
        put_file(dir, "README.md", readme, strlen(readme), err, cap) != 0 ||
        copy_in(e, e->solution, dir, "starter.lua", stem, res, err, cap) != 0 ||
        copy_in(e, e->test, dir, "spec.lua", stem, res, err, cap) != 0 ||
        copy_in(e, e->example, dir, "reference.lua", stem, res, err, cap) != 0)
        goto out;
    for (int i = 0; i < e->neditor; i++) {
        if (copy_in(e, e->editor[i], dir, e->editor[i], stem, res, err, cap) != 0)
            goto out;
        res->copied++;
    }
    if (copy_helpers(e, dir, stem, res, err, cap) != 0)
        goto out;
    /* The manifest written must load: a blurb or file name it can't hold
       fails here, not in the instructor's next command. */
    struct kata *k = NULL;
    char why[1024];
    if (kata_load(dir, &k, why, sizeof why) != 0) {
        fail(err, cap, "%s: the manifest made from it does not load: %s", e->config[0] ? e->config : e->src,
             why);
        goto out;
    }
    kata_free(k);
    rc = 0;
out:
    for (int i = 0; i < nhints; i++)
        free(hints[i]);
    free(manifest);
    free(readme);
    return rc;
}

/* check_roles: the three files every kata needs are there, and the
 * solution's name gives a module name. */
static int check_roles(const struct exercise *e, struct import_result *res, char *stem, size_t stemcap,
                       char *err, size_t cap)
{
    const char *roles[] = {e->solution, e->test, e->example};
    const char *what[] = {"the solution stub", "the test file", "the example solution"};
    const char *base;
    char path[4400];
    size_t n;
    for (int i = 0; i < 3; i++)
        if (util_path_join(path, sizeof path, e->src, roles[i]) != 0 || !util_is_file(path))
            return fail(err, cap, "%s: missing (%s%s)", path, what[i],
                        e->config[0] ? "" : "; there is no .meta/config.json naming another file");
    base = strrchr(e->solution, '/') ? strrchr(e->solution, '/') + 1 : e->solution;
    n = strlen(base);
    if (n <= 4 || strcmp(base + n - 4, ".lua") != 0 || n - 4 >= stemcap)
        return fail(err, cap, "%s:1: the solution %s is not a .lua file", e->config[0] ? e->config : e->src,
                    e->solution);
    memcpy(stem, base, n - 4);
    stem[n - 4] = '\0';
    if (lua_name(stem, res->module, sizeof res->module) != 0)
        return fail(err, cap, "%s/%s: '%s' can't become a Lua module name", e->src, e->solution, stem);
    return 0;
}

/* place: renames the finished folder `tmp` to `dest`, replacing a kata
 * there (o->force was checked) only once the new one is complete. */
static int place(const char *tmp, const char *dest, const char *old, char *err, size_t cap)
{
    int had = util_is_dir(dest);
    if (had && rename(dest, old) != 0)
        return fail(err, cap, "%s: cannot move the old kata aside: %s", dest, strerror(errno));
    if (rename(tmp, dest) != 0) {
        int saved = errno;
        if (had)
            rename(old, dest);
        return fail(err, cap, "%s: cannot put the kata in place: %s", dest, strerror(saved));
    }
    if (had)
        rm_tree(old);
    return 0;
}

int import_busted(const struct import_opts *o, struct import_result *res, char *err, size_t cap)
{
    struct exercise e;
    char real[PATH_MAX], stem[128], parent[4400], dest[4600], tmp[4700], old[4700], found[4096], ferr[600];
    const char *id;
    int rc = -1, made = 0;
    memset(&e, 0, sizeof e);
    memset(res, 0, sizeof *res);
    if (!util_is_dir(o->src) || realpath(o->src, real) == NULL)
        return fail(err, cap, "%s: no such folder", o->src);
    e.src = o->src;
    if ((size_t)snprintf(e.slug, sizeof e.slug, "%.127s", strrchr(real, '/') ? strrchr(real, '/') + 1 : real) >=
        sizeof e.slug - 1)
        return fail(err, cap, "%s: the folder's name is too long for a kata id", o->src);
    id = o->id ? o->id : e.slug;
    if (!valid_id(id))
        return fail(err, cap, "%s: '%s' can't be a kata id (letters, digits, '-' and '_'; pass --id)",
                    o->src, id);
    if (!valid_id(o->concept))
        return fail(err, cap, "--concept '%s': a concept is letters, digits, '-' and '_'", o->concept);
    if (read_config(&e, err, cap) != 0 || check_roles(&e, res, stem, sizeof stem, err, cap) != 0)
        goto out;
    find_track(&e);
    res->difficulty = e.difficulty ? (e.difficulty + 1) / 2 : 0;
    snprintf(res->id, sizeof res->id, "%s", id);
    if ((size_t)snprintf(parent, sizeof parent, "%s/katas/%s", o->pack, o->concept) >= sizeof parent) {
        fail(err, cap, "%.200s: path too long", o->pack);
        goto out;
    }
    snprintf(dest, sizeof dest, "%s/%s", parent, id);
    snprintf(tmp, sizeof tmp, "%s/.%s.import-%ld", parent, id, (long)getpid());
    snprintf(old, sizeof old, "%s/.%s.old-%ld", parent, id, (long)getpid());
    if (util_is_dir(dest) && !o->force) {
        fail(err, cap, "%s: a kata is already there (--force replaces it)", dest);
        goto out;
    }
    if (kata_find(o->pack, id, found, sizeof found, ferr, sizeof ferr) == 0 && strcmp(found, dest) != 0) {
        fail(err, cap, "%s: a kata with the id '%s' is already there; ids are unique in a pack (pass --id)",
             found, id);
        goto out;
    }
    if (util_mkdirs(parent) != 0) {
        fail(err, cap, "%s: cannot make the folder: %s", parent, strerror(errno));
        goto out;
    }
    rm_tree(tmp); /* left by a run that was killed */
    made = 1;
    if (write_kata(&e, o, res, tmp, stem, err, cap) != 0 || place(tmp, dest, old, err, cap) != 0)
        goto out;
    snprintf(res->dir, sizeof res->dir, "%s", dest);
    rc = 0;
out:
    if (rc != 0 && made)
        rm_tree(tmp);
    exercise_free(&e);
    return rc;
}

int import_find_pack(const char *dir, char *out, size_t cap)
{
    char path[4200];
    int pack = (util_path_join(path, sizeof path, dir, "katas") == 0 && util_is_dir(path)) ||
               (util_path_join(path, sizeof path, dir, "pack.lua") == 0 && util_is_file(path));
    if (!pack || (size_t)snprintf(out, cap, "%s", dir) >= cap)
        return -1;
    return 0;
}
