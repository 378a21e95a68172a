/* replvars.c: top-level locals that outlive their chunk in the REPL (as
 * Python's REPL keeps `x = 1`). Each chunk is compiled inside a wrapper
 * that declares, as locals, the session names the chunk mentions; the
 * wrapper's function has those as upvalues, joined (lua_upvaluejoin) to the
 * cells kept from earlier chunks, so closures and the prompt share one
 * variable. A chunk's own top-level locals are captured at its end by a
 * closure over them. Depends on Lua 5.4 and util.h. */
#include "replvars.h"

#include <ctype.h>
#include <lauxlib.h>
#include <string.h>

#include "util.h"

#define CELLS_KEY "dojo.repl.cells" /* registry: name -> { capture fn, upvalue index } */
#define KEEP_NAME "__dojo_keep"
#define MAX_NAMES 180 /* below Lua's 200 locals per function */

/* A name in the chunk: where it starts and how long it is. */
struct word {
    const char *p;
    size_t n;
};

/* skip_long: at s[i] == '[', the length of a long bracket [==[ ... ]==]
 * from i, or 0 when it is not one. Unclosed: the rest of the text. */
static size_t skip_long(const char *s, size_t len, size_t i)
{
    size_t j = i + 1, level = 0;
    while (j < len && s[j] == '=')
        j++, level++;
    if (j >= len || s[j] != '[')
        return 0;
    for (j++; j < len; j++) {
        if (s[j] == ']') {
            size_t k = j + 1, l = 0;
            while (k < len && s[k] == '=')
                k++, l++;
            if (l == level && k < len && s[k] == ']')
                return k + 1 - i;
        }
    }
    return len - i;
}

static int is_word(const struct word *w, const char *kw)
{
    return w->n == strlen(kw) && memcmp(w->p, kw, w->n) == 0;
}

/* scan: walks the chunk's tokens (Lua 5.4 manual §3.1: names, strings, long
 * brackets, comments) and calls back for each name with the block depth
 * (function/do/if/repeat open, end/until close) and the previous token's
 * first byte ('.' or ':' before a field name). Then collects the chunk's
 * top-level `local` names (not `local function`'s body, attributes
 * skipped) into `decl`, and every name into the Lua table at `used`. */
static int scan(lua_State *L, const char *s, size_t len, struct word *decl, int maxdecl, int used)
{
    size_t i = 0;
    int depth = 0, ndecl = 0, after_local = 0;
    char prev = 0;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (isspace(c)) {
            i++;
        } else if (c == '-' && i + 1 < len && s[i + 1] == '-') {
            size_t k = i + 2 < len && s[i + 2] == '[' ? skip_long(s, len, i + 2) : 0;
            if (k)
                i += 2 + k;
            else
                while (i < len && s[i] != '\n')
                    i++;
        } else if (c == '[' && skip_long(s, len, i)) {
            i += skip_long(s, len, i);
            prev = 's';
            after_local = 0;
        } else if (c == '"' || c == '\'') {
            for (i++; i < len && (unsigned char)s[i] != c && s[i] != '\n'; i++)
                if (s[i] == '\\')
                    i++;
            i++;
            prev = 's';
            after_local = 0;
        } else if (isalpha(c) || c == '_') {
            struct word w = {s + i, 0};
            while (i < len && (isalnum((unsigned char)s[i]) || s[i] == '_'))
                i++;
            w.n = (size_t)(s + i - w.p);
            if (prev == '.' || prev == ':') {
                prev = 'n';
                continue;
            }
            if (is_word(&w, "function") || is_word(&w, "do") || is_word(&w, "if") ||
                is_word(&w, "repeat"))
                depth++;
            else if (is_word(&w, "end") || is_word(&w, "until"))
                depth--;
            if (prev == '<' && after_local == 3) {
                /* an attribute: <const> or <close>, not a name */
            } else if (after_local == 2) {
                if (ndecl < maxdecl)
                    decl[ndecl++] = w; /* `local function NAME` (depth now 1) */
                after_local = 0;
            } else if (after_local == 1 && is_word(&w, "function")) {
                after_local = 2;
            } else if (after_local == 1) {
                if (ndecl < maxdecl)
                    decl[ndecl++] = w;
                after_local = 3; /* a name: then ',', '<attr>', '=' or the end */
            } else {
                after_local = is_word(&w, "local") && depth == 0;
            }
            lua_pushlstring(L, w.p, w.n);
            lua_pushboolean(L, 1);
            lua_rawset(L, used);
            prev = 'n';
            continue;
        } else {
            /* a `local a <const>, b` list ends at anything but ',' or '<attr>' */
            if (after_local == 3 && c == ',')
                after_local = 1;
            else if (!(after_local == 3 && (c == '<' || c == '>')))
                after_local = 0;
            if (c == '.' && i + 1 < len && s[i + 1] == '.')
                prev = 'o', i += 2;
            else
                prev = (char)c, i++;
            continue;
        }
    }
    return ndecl;
}

/* keep: the function the epilogue calls with a closure over the chunk's
 * top-level locals; records each of its upvalues as the cell of its name. */
static int keep(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TFUNCTION);
    if (lua_getfield(L, LUA_REGISTRYINDEX, CELLS_KEY) != LUA_TTABLE)
        return 0;
    for (int i = 1;; i++) {
        const char *name = lua_getupvalue(L, 1, i);
        if (name == NULL)
            break;
        lua_pop(L, 1);
        if (*name == '\0' || strcmp(name, "_ENV") == 0)
            continue;
        lua_createtable(L, 2, 0);
        lua_pushvalue(L, 1);
        lua_rawseti(L, -2, 1);
        lua_pushinteger(L, i);
        lua_rawseti(L, -2, 2);
        lua_setfield(L, 2, name);
    }
    return 0;
}

void replvars_reset(lua_State *L)
{
    lua_newtable(L);
    lua_setfield(L, LUA_REGISTRYINDEX, CELLS_KEY);
}

/* wrap: [-0, +1, -] loads "local keep, NAMES...; return function(...) BODY
 * [EPILOGUE] end" and, when that compiles and runs, leaves the inner
 * function with its upvalues joined; returns 0. Else pushes nothing and
 * returns -1. */
static int wrap(lua_State *L, const char *body, size_t len, int expr, const struct word *decl,
                int ndecl, int used, int cells, const char *name)
{
    struct sbuf b = SBUF_INIT;
    int nnames = 0, ok = -1, f;
    sbuf_puts(&b, "local " KEEP_NAME);
    lua_pushnil(L);
    while (lua_next(L, used) != 0) {
        lua_pop(L, 1);
        lua_pushvalue(L, -1);
        if (lua_rawget(L, cells) == LUA_TTABLE && nnames < MAX_NAMES) {
            sbuf_printf(&b, ", %s", lua_tostring(L, -2));
            nnames++;
        }
        lua_pop(L, 1);
    }
    sbuf_printf(&b, "; return function(...) %s", expr ? "return " : "");
    sbuf_add(&b, body, len);
    if (ndecl > 0) {
        sbuf_puts(&b, "\n;" KEEP_NAME "(function() return ");
        for (int i = 0; i < ndecl; i++)
            sbuf_printf(&b, "%s%.*s", i ? ", " : "", (int)decl[i].n, decl[i].p);
        sbuf_puts(&b, " end)");
    }
    sbuf_puts(&b, "\nend");
    if (b.data == NULL)
        goto out;
    if (luaL_loadbuffer(L, b.data, b.len, name) != LUA_OK ||
        lua_pcall(L, 0, 1, 0) != LUA_OK || !lua_isfunction(L, -1)) {
        lua_pop(L, 1);
        goto out;
    }
    f = lua_gettop(L);
    for (int i = 1;; i++) {
        const char *up = lua_getupvalue(L, f, i);
        if (up == NULL)
            break;
        lua_pop(L, 1);
        if (strcmp(up, KEEP_NAME) == 0) {
            lua_pushcfunction(L, keep);
            lua_setupvalue(L, f, i);
        } else if (lua_getfield(L, cells, up) == LUA_TTABLE) {
            lua_rawgeti(L, -1, 1);
            lua_rawgeti(L, -2, 2);
            lua_upvaluejoin(L, f, i, -2, (int)lua_tointeger(L, -1));
            lua_pop(L, 3);
        } else {
            lua_pop(L, 1);
        }
    }
    ok = 0;
out:
    sbuf_free(&b);
    return ok;
}

int replvars_compile(lua_State *L, const char *src, size_t len, const char *name, int stmt_only)
{
    struct word decl[MAX_NAMES];
    int ndecl, used, cells, top = lua_gettop(L), rc = -1;
    lua_newtable(L);
    used = lua_gettop(L);
    if (lua_getfield(L, LUA_REGISTRYINDEX, CELLS_KEY) != LUA_TTABLE) {
        lua_pop(L, 1);
        replvars_reset(L);
        lua_getfield(L, LUA_REGISTRYINDEX, CELLS_KEY);
    }
    cells = lua_gettop(L);
    ndecl = scan(L, src, len, decl, MAX_NAMES, used);
    if ((!stmt_only && wrap(L, src, len, 1, NULL, 0, used, cells, name) == 0) ||
        (ndecl > 0 && wrap(L, src, len, 0, decl, ndecl, used, cells, name) == 0) ||
        wrap(L, src, len, 0, NULL, 0, used, cells, name) == 0) {
        lua_replace(L, top + 1);
        rc = 0;
    }
    lua_settop(L, top + (rc == 0));
    return rc;
}

void replvars_names(lua_State *L, void (*fn)(const char *name, void *ud), void *ud)
{
    if (lua_getfield(L, LUA_REGISTRYINDEX, CELLS_KEY) == LUA_TTABLE) {
        lua_pushnil(L);
        while (lua_next(L, -2) != 0) {
            lua_pop(L, 1);
            if (lua_type(L, -1) == LUA_TSTRING)
                fn(lua_tostring(L, -1), ud);
        }
    }
    lua_pop(L, 1);
}

int replvars_push(lua_State *L, const char *name)
{
    if (lua_getfield(L, LUA_REGISTRYINDEX, CELLS_KEY) != LUA_TTABLE) {
        lua_pop(L, 1);
        return 0;
    }
    if (lua_getfield(L, -1, name) != LUA_TTABLE) {
        lua_pop(L, 2);
        return 0;
    }
    lua_rawgeti(L, -1, 1);
    lua_rawgeti(L, -2, 2);
    lua_getupvalue(L, -2, (int)lua_tointeger(L, -1));
    lua_replace(L, -5);
    lua_pop(L, 3);
    return 1;
}

int replvars_declared(lua_State *L, const char *src, size_t len, char *out, size_t cap)
{
    struct word decl[MAX_NAMES];
    int n, used;
    size_t at = 0;
    lua_newtable(L);
    used = lua_gettop(L);
    n = scan(L, src, len, decl, MAX_NAMES, used);
    lua_pop(L, 1);
    if (cap > 0)
        out[0] = '\0';
    for (int i = 0; i < n && cap > 0; i++) {
        int w = snprintf(out + at, cap - at, "%s%.*s", i ? ", " : "", (int)decl[i].n, decl[i].p);
        if (w < 0 || (size_t)w >= cap - at) {
            out[at] = '\0';
            break;
        }
        at += (size_t)w;
    }
    return n;
}
