/* specwhere.c: where in the spec a failure happened and what the learner is
 * told about it (see specwhere.h): the message handler's stack walk, the
 * spec's text, the solution folder cut out of messages, the note about a
 * module that gave the spec no table. Depends on Lua 5.4, sandbox.h, util.h. */
#include "specwhere.h"

#include <lauxlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deadline.h"
#include "sandbox.h"
#include "util.h"

void specwhere_init(struct spec_where *w, const struct spec_job *job)
{
    char real[PATH_MAX];
    const char *dir = job->solution_dir;
    size_t n;
    memset(w, 0, sizeof *w);
    snprintf(w->source, sizeof w->source, "@%s", spec_shown(job));
    if (dir == NULL)
        return;
    if (realpath(dir, real) != NULL && strcmp(real, "/") != 0)
        snprintf(w->prefix[0], sizeof w->prefix[0], "%s/", real);
    n = strlen(dir);
    if (dir[0] == '/' && n > 1 && n < PATH_MAX)
        snprintf(w->prefix[1], sizeof w->prefix[1], "%s%s", dir, dir[n - 1] == '/' ? "" : "/");
    if (strcmp(w->prefix[0], w->prefix[1]) == 0)
        w->prefix[1][0] = '\0';
}

void specwhere_clear(struct spec_where *w, const void *called)
{
    w->called = called;
    w->line = 0;
    w->helper[0] = '\0';
    w->raised[0] = '\0';
}

/* --- the message handler's stack walk ------------------------------------ */

/* frame_side: what stack level `level` runs: 2 the spec's own code, 1 a
 * spec helper module's (an "@" chunk name that is not absolute: helpers are
 * named relative to the spec's folder, solution and host files by their
 * real paths), 0 anything else, -1 no such level. Fills *ar. Runs no Lua
 * code and allocates nothing. */
static int frame_side(lua_State *L, struct spec_where *w, int level, lua_Debug *ar)
{
    if (!lua_getstack(L, level, ar))
        return -1;
    if (!lua_getinfo(L, "Sl", ar) || ar->currentline <= 0)
        return 0;
    if (strcmp(ar->source, w->source) == 0)
        return 2;
    return ar->source[0] == '@' && ar->source[1] != '/' && ar->source[1] != '\0';
}

/* called_level: the stack level running w->called (the function R.call
 * was given: a test's body, a hook, a describe body), searched from the
 * outermost end (it sits just above the runner's few frames); 0 if none. */
static int called_level(lua_State *L, struct spec_where *w, int depth)
{
    lua_Debug ar;
    for (int level = depth; level >= 1 && level >= depth - 64; level--) {
        const void *f;
        if (!lua_getstack(L, level, &ar) || !lua_getinfo(L, "f", &ar))
            continue;
        f = lua_topointer(L, -1);
        lua_pop(L, 1);
        if (f == w->called)
            return level;
    }
    return 0;
}

/* innermost_side: the innermost level (within the top 64, then the bottom
 * window) running spec code (`want` 2) or spec or helper code (`want` 1);
 * 0 if none. *ar holds that frame. A failed assertion sits near the top;
 * under a runaway recursion the spec frame is near the bottom, so both ends
 * are searched, never the whole stack. */
static int innermost_side(lua_State *L, struct spec_where *w, int want, int depth, lua_Debug *ar)
{
    for (int level = 1; level <= 64; level++) {
        int side = frame_side(L, w, level, ar);
        if (side < 0)
            return 0;
        if (side >= want)
            return level;
    }
    for (int level = depth > 128 ? depth - 64 : 65; level <= depth; level++)
        if (frame_side(L, w, level, ar) >= want)
            return level;
    return 0;
}

/* solution_at: 1 (and "file:line" in w->raised) when `ar` is a frame of
 * a solution file (under the solution folder, not the spec). */
static int solution_at(struct spec_where *w, const lua_Debug *ar)
{
    if (ar->source[0] != '@' || ar->currentline <= 0 || strcmp(ar->source, w->source) == 0)
        return 0;
    for (int i = 0; i < 2; i++) {
        size_t n = strlen(w->prefix[i]);
        if (n > 0 && strncmp(ar->source + 1, w->prefix[i], n) == 0) {
            snprintf(w->raised, sizeof w->raised, "%s:%d", ar->source + 1 + n, ar->currentline);
            return 1;
        }
    }
    return 0;
}

void specwhere_find(lua_State *L, struct spec_where *w)
{
    lua_Debug ar, body;
    int depth = deadline_stack_depth(L), inner, top = called_level(L, w, depth);
    int at_body = top > 0 && frame_side(L, w, top, &body) == 2;
    inner = innermost_side(L, w, 1, depth, &ar);
    for (int level = 1; level <= 64 && (inner == 0 || level < inner); level++) {
        lua_Debug sol;
        if (!lua_getstack(L, level, &sol))
            break;
        if (lua_getinfo(L, "Sl", &sol) && solution_at(w, &sol))
            break;
    }
    if (at_body) {
        w->line = body.currentline;
    } else if (inner > 0 && frame_side(L, w, inner, &ar) == 2) {
        w->line = ar.currentline;
    } else {
        lua_Debug spec;
        if (innermost_side(L, w, 2, depth, &spec) > 0)
            w->line = spec.currentline;
    }
    if (inner > 0 && inner != top && !(at_body == 0 && strcmp(ar.source, w->source) == 0 &&
                                       ar.currentline == w->line))
        snprintf(w->helper, sizeof w->helper, "%s:%d", ar.source + 1, ar.currentline);
}

/* specwhere_strip: see specwhere.h. */
void specwhere_strip(lua_State *L, const struct spec_where *w)
{
    for (int i = 0; i < 2; i++) {
        const char *s = lua_tostring(L, -1);
        if (w->prefix[i][0] == '\0' || s == NULL || strstr(s, w->prefix[i]) == NULL)
            continue;
        luaL_gsub(L, s, w->prefix[i], "");
        lua_remove(L, -2);
    }
}

/* --- the spec's text -------------------------------------------------------- */

/* index_lines: reads the spec and indexes where its lines start, once per
 * spec file (a spec of n tests costs O(n), not O(n^2)). 0, or -1 when the
 * file can't be read or memory runs out. */
static int index_lines(struct spec_text *r)
{
    size_t cap = 64;
    const char *p;
    if (r->text == NULL && (r->text = util_read_file(r->path, NULL)) == NULL)
        return -1;
    if (r->line_at != NULL)
        return 0;
    if ((r->line_at = malloc(cap * sizeof *r->line_at)) == NULL)
        return -1;
    r->line_at[r->nlines++] = 0;
    for (p = r->text; *p; p++) {
        if (*p != '\n' || p[1] == '\0')
            continue;
        if ((size_t)r->nlines == cap) {
            size_t *grown = realloc(r->line_at, 2 * cap * sizeof *grown);
            if (grown == NULL)
                return -1;
            r->line_at = grown;
            cap *= 2;
        }
        r->line_at[r->nlines++] = (size_t)(p + 1 - r->text);
    }
    return 0;
}

/* test_code: lines first..last of the spec (the test's function, from the
 * `function` keyword to its `end`), malloc'ed; NULL when unknown. Exercism's
 * results.json shows it beside a failure. */
char *spec_text_code(struct spec_text *r, int first, int last)
{
    size_t from, to, n;
    char *out;
    if (first <= 0 || last < first || last - first > 200 || index_lines(r) != 0 || first > r->nlines)
        return NULL;
    from = r->line_at[first - 1];
    to = last < r->nlines ? r->line_at[last] : strlen(r->text);
    n = to - from;
    if (n == 0 || (out = malloc(n + 1)) == NULL)
        return NULL;
    memcpy(out, r->text + from, n);
    out[n] = '\0';
    return out;
}

/* line_code: the text of spec line `line` into buf (cap bytes): blanks
 * trimmed at both ends, cut at a UTF-8 boundary with "..." when longer than
 * SPEC_LINE_MAX. "" when unknown. */
void spec_text_line(struct spec_text *r, int line, char *buf, size_t cap)
{
    const char *p, *end;
    size_t n;
    buf[0] = '\0';
    if (line <= 0 || index_lines(r) != 0 || line > r->nlines)
        return;
    p = r->text + r->line_at[line - 1];
    end = strchr(p, '\n');
    end = end ? end : p + strlen(p);
    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    while (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
        end--;
    n = (size_t)(end - p);
    if (n + 1 <= cap && n <= SPEC_LINE_MAX) {
        memcpy(buf, p, n);
        buf[n] = '\0';
        return;
    }
    n = SPEC_LINE_MAX < cap - 4 ? SPEC_LINE_MAX : cap - 4;
    while (n > 0 && ((unsigned char)p[n] & 0xC0) == 0x80)
        n--;
    snprintf(buf, cap, "%.*s...", (int)n, p);
}

const char *spec_text_read(struct spec_text *t)
{
    if (t->text == NULL)
        t->text = util_read_file(t->path, NULL);
    return t->text;
}

void spec_text_free(struct spec_text *t)
{
    free(t->text);
    t->text = NULL;
    free(t->line_at);
    t->line_at = NULL;
    t->nlines = 0;
}

/* --- a module that gave the spec no table ------------------------------------ */

/* module_file_shown: the name the learner knows solution module `name`'s
 * file by (relative to the solution folder) into out; "" if not found. */
static void module_file_shown(lua_State *L, const struct spec_where *w, const struct spec_job *job,
                              const char *name, char *out, size_t cap)
{
    char real[PATH_MAX];
    const char *p = NULL, *slash;
    out[0] = '\0';
    if (job->module && strcmp(name, job->module) == 0 && job->solution_file) {
        if (realpath(job->solution_file, real) != NULL)
            p = real;
    } else if (sandbox_find_module(L, job->solution_dir, name, real) == CONFINE_OK) {
        p = real;
    }
    if (p == NULL)
        return;
    for (int i = 0; i < 2; i++) {
        size_t n = strlen(w->prefix[i]);
        if (n > 0 && strncmp(p, w->prefix[i], n) == 0) {
            snprintf(out, cap, "%.*s", (int)cap - 1, p + n);
            return;
        }
    }
    slash = strrchr(p, '/');
    snprintf(out, cap, "%.*s", (int)cap - 1, slash ? slash + 1 : p);
}

/* How much of a module's file table_name reads: its first table is near the
 * top, and a learner's file may be huge. */
#define HEAD_MAX (64u << 10)

/* read_head: the first HEAD_MAX bytes of the file at path, NUL-terminated,
 * malloc'ed; NULL when it can't be read. */
static char *read_head(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    size_t n;
    if (f == NULL)
        return NULL;
    if ((buf = malloc(HEAD_MAX + 1)) == NULL) {
        fclose(f);
        return NULL;
    }
    n = fread(buf, 1, HEAD_MAX, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* table_name: the name of the first table the file at `path` makes at its
 * top level ("local counter = {}" gives counter), into out; "M" when none.
 * *empty: 1 when the file holds nothing but blanks. Reads HEAD_MAX bytes
 * at most. */
static void table_name(const char *path, char *out, size_t cap, int *empty)
{
    char *text = read_head(path);
    const char *p = text;
    snprintf(out, cap, "M");
    *empty = text != NULL && strlen(text) < HEAD_MAX; /* a blank head may hide code */
    for (const char *q = text; q && *q; q++)
        if (*q != ' ' && *q != '\t' && *q != '\n' && *q != '\r')
            *empty = 0;
    for (; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : "") {
        const char *q = p + 5, *id;
        if (strncmp(p, "local", 5) != 0 || (*q != ' ' && *q != '\t'))
            continue;
        while (*q == ' ' || *q == '\t')
            q++;
        id = q;
        while ((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || *q == '_' ||
               (q > id && *q >= '0' && *q <= '9'))
            q++;
        if (q == id || q - id > 40)
            continue;
        {
            const char *e = q;
            while (*q == ' ' || *q == '\t')
                q++;
            if (*q != '=')
                continue;
            q++;
            while (*q == ' ' || *q == '\t')
                q++;
            if (*q == '{') {
                snprintf(out, cap, "%.*s", (int)(e - id), id);
                break;
            }
        }
    }
    free(text);
}

int specwhere_module_note(lua_State *L, const struct spec_where *w, const struct spec_job *job,
                          const char *name, int v)
{
    char file[300], tname[48], real[PATH_MAX], what[96];
    int t = lua_type(L, v), empty = 0, found;
    v = lua_absindex(L, v);
    if (t == LUA_TTABLE || t == LUA_TUSERDATA)
        return 0;
    module_file_shown(L, w, job, name, file, sizeof file);
    if (file[0] == '\0')
        snprintf(file, sizeof file, "module '%s'", name);
    snprintf(tname, sizeof tname, "M");
    found = job->module && strcmp(name, job->module) == 0 && job->solution_file
                ? realpath(job->solution_file, real) != NULL
                : sandbox_find_module(L, job->solution_dir, name, real) == CONFINE_OK;
    if (found)
        table_name(real, tname, sizeof tname, &empty);
    if (t == LUA_TBOOLEAN)
        snprintf(what, sizeof what, "%s", lua_toboolean(L, v) ? "nothing" : "false");
    else if (t == LUA_TNUMBER)
        snprintf(what, sizeof what, "a number (%.40s)", luaL_tolstring(L, v, NULL));
    else if (t == LUA_TFUNCTION)
        snprintf(what, sizeof what, "a function, not a table");
    else
        snprintf(what, sizeof what, "a %s, not a table", lua_typename(L, t));
    if (t == LUA_TNUMBER)
        lua_pop(L, 1); /* luaL_tolstring's string */
    lua_createtable(L, 0, 3);
    lua_pushstring(L, lua_typename(L, t));
    lua_setfield(L, -2, "type");
    if (empty)
        lua_pushfstring(L, "%s is empty: write your functions in a table and end the file with "
                           "\"return %s\"", file, tname);
    else
        lua_pushfstring(L, "%s returned %s: end the file with \"return %s\" (the table of your "
                           "functions)", file, what, tname);
    lua_setfield(L, -2, "long");
    if (empty)
        lua_pushfstring(L, "%s is empty (see the first error above)", file);
    else
        lua_pushfstring(L, "%s returned %s (see the first error above)", file, what);
    lua_setfield(L, -2, "short");
    return 1;
}
