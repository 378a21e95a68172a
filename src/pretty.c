/* pretty.c: the value printer behind pretty.h (REPL results, spec failure
 * messages, reports): Lua values as deterministic, cycle-safe text. Every
 * piece is built as a Lua string on the Lua stack (luaL_Buffer, lua_concat),
 * so a memory error (longjmp) leaks nothing. Depends on Lua 5.4 (lua.h,
 * lauxlib.h) and term.h for the ANSI styles. */
#include "pretty.h"

#include "term.h"

#include <ctype.h>
#include <lauxlib.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEPTH_LIMIT 200 /* hard nesting cap whatever max_depth says (C stack) */
#define MSG_MAX 60      /* bytes of a failed __tostring's message shown */

/* One rendering: the options and the stack index of the table that maps each
 * table on the current path (root to here) to its path string. */
struct ctx {
    struct pretty_opts o;
    int seen;
};

/* Where a value is printed: nesting level (0 = top), columns left on its line
 * for the one-line test, and the stack index of its path (a string, or nil
 * when the value is not a table). */
struct at {
    int level;
    int room;
    int path;
};

/* A hash key reduced to what the sort needs; `pos` is its index in the key
 * sequence. `s` points into a string anchored in that sequence. */
struct skey {
    int rank;
    int isint;
    lua_Integer i;
    lua_Number n;
    const char *s;
    size_t len;
    const void *p;
    lua_Integer pos;
};

static void render(lua_State *L, struct ctx *c, int idx, struct at at);

/* style: the SGR sequence `sgr` when colour is on, else "". */
static const char *style(const struct ctx *c, const char *sgr)
{
    return term_style(c->o.color, sgr);
}

/* vislen: columns `s` takes on a terminal: skips ANSI CSI sequences and
 * UTF-8 continuation bytes. */
static size_t vislen(const char *s, size_t len)
{
    size_t i = 0, n = 0;
    while (i < len) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == 0x1b && i + 1 < len && s[i + 1] == '[') {
            i += 2;
            while (i < len && (s[i] < 0x40 || s[i] > 0x7e))
                i++;
        } else if ((ch & 0xC0) != 0x80) {
            n++;
        }
        i++;
    }
    return n;
}

/* push_number: [-0, +1, m] pushes the number at `idx` as Lua 5.4's tostring
 * writes it (1 vs 1.0, -0.0, inf, -inf), except that every NaN is "nan". */
static void push_number(lua_State *L, int idx)
{
    char buf[64];
    lua_Number x;
    if (lua_isinteger(L, idx)) {
        lua_pushfstring(L, "%I", (LUAI_UACINT)lua_tointeger(L, idx));
        return;
    }
    x = lua_tonumber(L, idx);
    if (isnan(x))
        strcpy(buf, "nan");
    else if (isinf(x))
        strcpy(buf, x > 0 ? "inf" : "-inf");
    else {
        snprintf(buf, sizeof buf - 2, "%.14g", (double)x);
        if (buf[strspn(buf, "-0123456789")] == '\0')
            strcat(buf, ".0");
    }
    lua_pushstring(L, buf);
}

/* named_escape: the two-character escape for `ch`, or NULL. */
static const char *named_escape(unsigned char ch)
{
    switch (ch) {
    case '\n': return "\\n";
    case '\t': return "\\t";
    case '\r': return "\\r";
    case '"': return "\\\"";
    case '\\': return "\\\\";
    default: return NULL;
    }
}

/* add_quoted: [-?, +?, m] adds s as a double-quoted Lua literal to `b`:
 * named escapes, other control bytes as \ddd (3 digits before a digit). */
static void add_quoted(luaL_Buffer *b, const char *s, size_t len)
{
    char num[8];
    luaL_addchar(b, '"');
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)s[i];
        const char *e = named_escape(ch);
        if (e != NULL) {
            luaL_addstring(b, e);
        } else if (ch < 0x20 || ch == 0x7f) {
            int digit = i + 1 < len && isdigit((unsigned char)s[i + 1]);
            snprintf(num, sizeof num, digit ? "\\%03u" : "\\%u", (unsigned)ch);
            luaL_addstring(b, num);
        } else {
            luaL_addchar(b, (char)ch);
        }
    }
    luaL_addchar(b, '"');
}

/* co_status: what coroutine.status would say of `co`, seen from `L`. */
static const char *co_status(lua_State *L, lua_State *co)
{
    lua_Debug ar;
    if (co == L)
        return "running";
    switch (lua_status(co)) {
    case LUA_YIELD:
        return "suspended";
    case LUA_OK:
        if (lua_getstack(co, 0, &ar))
            return "normal";
        return lua_gettop(co) == 0 ? "dead" : "suspended";
    default:
        return "dead";
    }
}

/* add_function: [-?, +?, m] adds "function: src:line" or "function: builtin"
 * for the function at `idx` to `b`. */
static void add_function(lua_State *L, luaL_Buffer *b, int idx)
{
    lua_Debug ar;
    lua_pushvalue(L, idx);
    lua_getinfo(L, ">S", &ar);
    if (strcmp(ar.what, "C") == 0) {
        luaL_addstring(b, "function: builtin");
        return;
    }
    lua_pushfstring(L, "function: %s:%d", ar.short_src, ar.linedefined);
    luaL_addvalue(b);
}

/* add_userdata: [-?, +?, m] adds "userdata: NAME" (the metatable's __name,
 * read raw) or "userdata: ADDRESS" for the value at `idx` to `b`. */
static void add_userdata(lua_State *L, luaL_Buffer *b, int idx)
{
    int t = lua_type(L, idx) == LUA_TUSERDATA
                ? luaL_getmetafield(L, idx, "__name") : LUA_TNIL;
    luaL_addstring(b, "userdata: ");
    if (t == LUA_TSTRING) {
        luaL_addvalue(b);
        return;
    }
    if (t != LUA_TNIL)
        lua_pop(L, 1);
    lua_pushfstring(L, "%p", lua_topointer(L, idx));
    luaL_addvalue(b);
}

/* add_plain: [-?, +?, m] adds the text of the non-table value at `idx` to
 * `b`; strings are quoted when `quote` is set. */
static void add_plain(lua_State *L, luaL_Buffer *b, int idx, int quote)
{
    size_t len;
    const char *s;
    switch (lua_type(L, idx)) {
    case LUA_TNIL: luaL_addstring(b, "nil"); break;
    case LUA_TBOOLEAN:
        luaL_addstring(b, lua_toboolean(L, idx) ? "true" : "false");
        break;
    case LUA_TNUMBER: push_number(L, idx); luaL_addvalue(b); break;
    case LUA_TSTRING:
        s = lua_tolstring(L, idx, &len);
        if (quote)
            add_quoted(b, s, len);
        else
            luaL_addlstring(b, s, len);
        break;
    case LUA_TFUNCTION: add_function(L, b, idx); break;
    case LUA_TTHREAD:
        luaL_addstring(b, "coroutine: ");
        luaL_addstring(b, co_status(L, lua_tothread(L, idx)));
        break;
    default: add_userdata(L, b, idx); break;
    }
}

/* type_style: the colour of a non-table value of type `t`. */
static const char *type_style(const struct ctx *c, int t)
{
    switch (t) {
    case LUA_TSTRING: return style(c, TERM_GREEN);
    case LUA_TNUMBER: return style(c, TERM_CYAN);
    case LUA_TNIL:
    case LUA_TBOOLEAN: return style(c, TERM_MAGENTA);
    default: return style(c, TERM_DIM);
    }
}

/* push_plain: [-0, +1, m] pushes the (coloured) text of the non-table value
 * at `idx`, strings quoted. */
static void push_plain(lua_State *L, const struct ctx *c, int idx)
{
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    luaL_addstring(&b, type_style(c, lua_type(L, idx)));
    add_plain(L, &b, idx, 1);
    luaL_addstring(&b, style(c, TERM_RESET));
    luaL_pushresult(&b);
}

/* push_styled: [-0, +1, m] pushes `text` wrapped in `sgr` when colour is on. */
static void push_styled(lua_State *L, const struct ctx *c, const char *sgr,
                        const char *text)
{
    lua_pushfstring(L, "%s%s%s", style(c, sgr), text, style(c, TERM_RESET));
}

/* push_failure: [-1, +1, m] replaces the error object (or bad result) on top
 * with "<TYPE: __tostring failed: MSG>" for the value at `idx`; MSG is its
 * first line, cut to MSG_MAX bytes ending in "..." when cut. `bad` is 1 when
 * __tostring returned a non-string rather than raising. */
static void push_failure(lua_State *L, const struct ctx *c, int idx, int bad)
{
    size_t len = 0;
    const char *msg;
    int t = lua_type(L, -1);
    if (bad)
        msg = lua_pushfstring(L, "returned a %s, not a string", lua_typename(L, t));
    else if (t == LUA_TSTRING || t == LUA_TNUMBER)
        msg = lua_pushstring(L, lua_tostring(L, -1));
    else
        msg = lua_pushfstring(L, "(error object is a %s value)", lua_typename(L, t));
    while (len < MSG_MAX && msg[len] != '\0' && msg[len] != '\n')
        len++;
    if (msg[len] != '\0' && len > MSG_MAX - 3)
        len = MSG_MAX - 3;
    lua_pushlstring(L, msg, len);
    if (msg[len] != '\0')
        lua_pushliteral(L, "...");
    else
        lua_pushliteral(L, "");
    lua_concat(L, 2);
    lua_pushfstring(L, "%s<%s: __tostring failed: %s>%s", style(c, TERM_RED),
                    luaL_typename(L, idx), lua_tostring(L, -1), style(c, TERM_RESET));
    lua_replace(L, -4);
    lua_pop(L, 2);
}

/* push_tostring: [-0, +(0|1), m] when the value at `idx` has a __tostring
 * metamethod, calls it protected, pushes its string (or the failure text) and
 * returns 1; else pushes nothing and returns 0. */
static int push_tostring(lua_State *L, const struct ctx *c, int idx)
{
    if (luaL_getmetafield(L, idx, "__tostring") == LUA_TNIL)
        return 0;
    lua_pushvalue(L, idx);
    if (lua_pcall(L, 1, 1, 0) != LUA_OK)
        push_failure(L, c, idx, 0);
    else if (lua_type(L, -1) != LUA_TSTRING)
        push_failure(L, c, idx, 1);
    return 1;
}

/* is_ident: 1 if s is a Lua name (letters, digits, _; not a reserved word). */
static int is_ident(const char *s, size_t len)
{
    static const char *const reserved[] = {
        "and", "break", "do", "else", "elseif", "end", "false", "for",
        "function", "goto", "if", "in", "local", "nil", "not", "or", "repeat",
        "return", "then", "true", "until", "while", NULL};
    if (len == 0 || isdigit((unsigned char)s[0]))
        return 0;
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)s[i] > 0x7f || !(isalnum((unsigned char)s[i]) || s[i] == '_'))
            return 0;
    for (int i = 0; reserved[i] != NULL; i++)
        if (strcmp(s, reserved[i]) == 0)
            return 0;
    return 1;
}

/* push_key: [-0, +1, m] pushes the key at `idx` as written before " = ":
 * `name` for an identifier (returns 1), else `[text]` (returns 0), where
 * text is the plain value (tables as "table: ADDRESS"). Never coloured. */
static int push_key(lua_State *L, int idx)
{
    size_t len;
    luaL_Buffer b;
    if (lua_type(L, idx) == LUA_TSTRING) {
        const char *s = lua_tolstring(L, idx, &len);
        if (is_ident(s, len)) {
            lua_pushvalue(L, idx);
            return 1;
        }
    }
    luaL_buffinit(L, &b);
    luaL_addchar(&b, '[');
    if (lua_type(L, idx) == LUA_TTABLE) {
        lua_pushfstring(L, "table: %p", lua_topointer(L, idx));
        luaL_addvalue(&b);
    } else {
        add_plain(L, &b, idx, 1);
    }
    luaL_addchar(&b, ']');
    luaL_pushresult(&b);
    return 0;
}

/* key_rank: sort group of a key type: numbers, strings, booleans, others. */
static int key_rank(int t)
{
    switch (t) {
    case LUA_TNUMBER: return 0;
    case LUA_TSTRING: return 1;
    case LUA_TBOOLEAN: return 2;
    default: return 3 + t;
    }
}

/* cmp_num: orders two number keys by value (exact for two integers). */
static int cmp_num(const struct skey *a, const struct skey *b)
{
    lua_Number x, y;
    if (a->isint && b->isint)
        return (a->i > b->i) - (a->i < b->i);
    x = a->isint ? (lua_Number)a->i : a->n;
    y = b->isint ? (lua_Number)b->i : b->n;
    if (x != y)
        return (x > y) - (x < y);
    return b->isint - a->isint; /* equal after rounding: integers first */
}

/* cmp_natural: "natural" order of two byte strings (as `ls -v` and
 * Python's natsort do): runs of ASCII digits compare by their numeric value
 * (leading zeros ignored, then the shorter run first), everything else
 * bytewise, so "key2" < "key10". Ties fall back to plain bytewise order, so
 * the order is total and deterministic ("a01" and "a1" still differ). */
static int cmp_natural(const char *a, size_t la, const char *b, size_t lb)
{
    size_t i = 0, j = 0;
    while (i < la && j < lb) {
        unsigned char x = (unsigned char)a[i], y = (unsigned char)b[j];
        if (isdigit(x) && isdigit(y)) {
            size_t si, sj, ei, ej;
            while (i < la && a[i] == '0')
                i++;
            while (j < lb && b[j] == '0')
                j++;
            for (ei = i; ei < la && isdigit((unsigned char)a[ei]);)
                ei++;
            for (ej = j; ej < lb && isdigit((unsigned char)b[ej]);)
                ej++;
            si = ei - i;
            sj = ej - j;
            if (si != sj)
                return si < sj ? -1 : 1;
            for (; i < ei; i++, j++)
                if (a[i] != b[j])
                    return (unsigned char)a[i] < (unsigned char)b[j] ? -1 : 1;
            continue;
        }
        if (x != y)
            return x < y ? -1 : 1;
        i++;
        j++;
    }
    if (la - i != lb - j)
        return (la - i) < (lb - j) ? -1 : 1;
    {
        int r = memcmp(a, b, la < lb ? la : lb);
        return r != 0 ? r : (la > lb) - (la < lb);
    }
}

/* cmp_keys: qsort order of two keys: by rank, then value (strings
 * naturally as cmp_natural says, false before true, other values by
 * address). */
static int cmp_keys(const void *pa, const void *pb)
{
    const struct skey *a = pa, *b = pb;
    if (a->rank != b->rank)
        return a->rank - b->rank;
    if (a->rank == 0)
        return cmp_num(a, b);
    if (a->rank == 1)
        return cmp_natural(a->s, a->len, b->s, b->len);
    if (a->rank == 2)
        return (int)(a->i - b->i);
    return ((uintptr_t)a->p > (uintptr_t)b->p) - ((uintptr_t)a->p < (uintptr_t)b->p);
}

/* fill_key: [-0, +0, -] describes the key on top of the stack in *k. */
static void fill_key(lua_State *L, struct skey *k, lua_Integer pos)
{
    int t = lua_type(L, -1);
    memset(k, 0, sizeof *k);
    k->rank = key_rank(t);
    k->pos = pos;
    if (t == LUA_TNUMBER) {
        k->isint = lua_isinteger(L, -1);
        k->i = lua_tointeger(L, -1);
        k->n = lua_tonumber(L, -1);
    } else if (t == LUA_TSTRING) {
        k->s = lua_tolstring(L, -1, &k->len);
    } else if (t == LUA_TBOOLEAN) {
        k->i = lua_toboolean(L, -1);
    } else {
        k->p = lua_topointer(L, -1);
    }
}

/* sort_keys: [-0, +0, m] sorts the sequence of `n` keys at index `k` in
 * place (replacing it with a sorted copy). */
static void sort_keys(lua_State *L, int k, lua_Integer n)
{
    struct skey *s = lua_newuserdatauv(L, (size_t)n * sizeof *s, 0);
    for (lua_Integer i = 0; i < n; i++) {
        lua_rawgeti(L, k, i + 1);
        fill_key(L, &s[i], i + 1);
        lua_pop(L, 1);
    }
    qsort(s, (size_t)n, sizeof *s, cmp_keys);
    lua_createtable(L, n > INT_MAX ? INT_MAX : (int)n, 0);
    for (lua_Integer i = 0; i < n; i++) {
        lua_rawgeti(L, k, s[i].pos);
        lua_rawseti(L, -2, i + 1);
    }
    lua_replace(L, k);
    lua_pop(L, 1);
}

/* array_len: [-0, +0, -] the n such that t[1..n] are all non-nil (raw) and
 * t[n+1] is nil. */
static lua_Integer array_len(lua_State *L, int t)
{
    lua_Integer n = 0;
    while (lua_rawgeti(L, t, n + 1) != LUA_TNIL) {
        lua_pop(L, 1);
        n++;
    }
    lua_pop(L, 1);
    return n;
}

/* collect_keys: [-0, +1, m] pushes a sequence of the keys of table `t` that
 * are not in its array part 1..n, sorted; returns their count. Raw access
 * only, and no Lua code runs while lua_next walks the table. */
static lua_Integer collect_keys(lua_State *L, int t, lua_Integer n)
{
    lua_Integer count = 0;
    int k;
    lua_newtable(L);
    k = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, t) != 0) {
        lua_pop(L, 1);
        if (lua_isinteger(L, -1) && lua_tointeger(L, -1) >= 1 &&
            lua_tointeger(L, -1) <= n)
            continue;
        lua_pushvalue(L, -1);
        lua_rawseti(L, k, ++count);
    }
    if (count > 1)
        sort_keys(L, k, count);
    return count;
}

/* push_child_path: [-0, +1, m] pushes the path of the value on top when it
 * is a table: the path at `parent`, then `sep`, then `suffix`; else nil. */
static void push_child_path(lua_State *L, int parent, const char *sep,
                            const char *suffix)
{
    if (lua_type(L, -1) != LUA_TTABLE)
        lua_pushnil(L);
    else
        lua_pushfstring(L, "%s%s%s", lua_tostring(L, parent), sep, suffix);
}

/* push_array_entry: [-0, +1, m] pushes the text of t[i] as an array entry. */
static void push_array_entry(lua_State *L, struct ctx *c, int t, lua_Integer i,
                             struct at at)
{
    int base = lua_gettop(L);
    struct at child = {at.level + 1, c->o.width - 2 * (at.level + 1) - 1, base + 2};
    lua_rawgeti(L, t, i);                          /* base+1: value */
    if (lua_type(L, -1) == LUA_TTABLE)             /* base+2: its path */
        lua_pushfstring(L, "%s[%I]", lua_tostring(L, at.path), (LUAI_UACINT)i);
    else
        lua_pushnil(L);
    render(L, c, base + 1, child);
    lua_replace(L, base + 1);
    lua_settop(L, base + 1);
}

/* push_hash_entry: [-0, +1, m] pushes "key = value" for the j-th key of the
 * sorted key sequence at index `keys`. */
static void push_hash_entry(lua_State *L, struct ctx *c, int t, int keys,
                            lua_Integer j, struct at at)
{
    int base = lua_gettop(L), ident;
    size_t klen;
    const char *kname;
    struct at child = {at.level + 1, 0, base + 4};
    lua_rawgeti(L, keys, j);                       /* base+1: key */
    ident = push_key(L, base + 1);                 /* base+2: its text */
    lua_pushvalue(L, base + 1);
    lua_rawget(L, t);                              /* base+3: value */
    kname = lua_tolstring(L, base + 2, &klen);
    push_child_path(L, at.path, ident ? "." : "", kname);  /* base+4 */
    child.room = c->o.width - 2 * (at.level + 1) - (int)vislen(kname, klen) - 4;
    lua_pushvalue(L, base + 2);
    lua_pushliteral(L, " = ");
    render(L, c, base + 3, child);
    lua_concat(L, 3);
    lua_replace(L, base + 1);
    lua_settop(L, base + 1);
}

/* add_indent: [-?, +?, m] adds 2*level spaces to `b`. */
static void add_indent(luaL_Buffer *b, int level)
{
    for (int s = 0; s < 2 * level; s++)
        luaL_addchar(b, ' ');
}

/* join: [-0, +1, m] pushes the n entry texts at index `parts` as a table:
 * "{ a, b }" when `flat`, else one per line, indented for `level`; the last
 * part has no comma when `more` (it is the "... (N more)" note). When not
 * flat, the first `npack` parts (single-line array entries) are packed
 * several to a line, each line at most `width` columns (at least one entry
 * per line), as Python's pprint does with compact=True. */
static void join(lua_State *L, int parts, lua_Integer n, int flat, int level, int more,
                 lua_Integer npack, int width)
{
    luaL_Buffer b;
    size_t col = 0, len, w;
    const char *s;
    luaL_buffinit(L, &b);
    luaL_addstring(&b, flat ? "{ " : "{\n");
    for (lua_Integer i = 1; i <= n; i++) {
        if (!flat && i <= npack) {
            /* the width first, popped: the buffer's box must stay on top */
            lua_rawgeti(L, parts, i);
            s = lua_tolstring(L, -1, &len);
            w = vislen(s, len) + 1;
            lua_pop(L, 1);
            if (col > 0 && col + 1 + w <= (size_t)width) {
                luaL_addchar(&b, ' ');
                col += 1 + w;
            } else {
                if (col > 0)
                    luaL_addchar(&b, '\n');
                add_indent(&b, level + 1);
                col = 2 * (size_t)(level + 1) + w;
            }
            lua_rawgeti(L, parts, i);
            luaL_addvalue(&b);
            luaL_addchar(&b, ',');
            if (i == npack) {
                luaL_addchar(&b, '\n');
                col = 0;
            }
            continue;
        }
        if (!flat)
            add_indent(&b, level + 1);
        lua_rawgeti(L, parts, i);
        luaL_addvalue(&b);
        if (flat)
            luaL_addstring(&b, i < n ? ", " : " }");
        else
            luaL_addstring(&b, i < n || !more ? ",\n" : "\n");
    }
    if (!flat) {
        add_indent(&b, level);
        luaL_addchar(&b, '}');
    }
    luaL_pushresult(&b);
}

/* add_part: [-1, +0, m] pops the entry text on top into parts[i] and adds its
 * width to *cols; sets *nl when it spans lines. */
static void add_part(lua_State *L, int parts, lua_Integer i, size_t *cols, int *nl)
{
    size_t len;
    const char *s = lua_tolstring(L, -1, &len);
    *cols += vislen(s, len);
    if (memchr(s, '\n', len) != NULL)
        *nl = 1;
    lua_rawseti(L, parts, i);
}

/* table_body: [-0, +1, m] pushes the text of the non-empty table `t`, which
 * is marked as on the current path. */
static void table_body(lua_State *L, struct ctx *c, int t, struct at at)
{
    lua_Integer n = array_len(L, t), nh = collect_keys(L, t, n), i;
    lua_Integer total = n + nh, shown = total < c->o.max_items ? total : c->o.max_items;
    lua_Integer count = shown + (shown < total); /* parts, with the note */
    int keys = lua_gettop(L), parts = keys + 1, nl = 0, array_nl = 0;
    size_t cols = 0;
    lua_createtable(L, (int)shown + 1, 0);
    for (i = 1; i <= shown; i++) {
        if (i <= n)
            push_array_entry(L, c, t, i, at);
        else
            push_hash_entry(L, c, t, keys, i - n, at);
        add_part(L, parts, i, &cols, &nl);
        if (i == n || (i == shown && i < n))
            array_nl = nl;
    }
    if (shown < total) {
        lua_pushfstring(L, "... (%I more)", (LUAI_UACINT)(total - shown));
        push_styled(L, c, TERM_DIM, lua_tostring(L, -1));
        lua_remove(L, -2);
        add_part(L, parts, shown + 1, &cols, &nl);
    }
    cols += 2 * (size_t)count + 2; /* "{ ", ", " between, " }" */
    join(L, parts, count, !nl && at.room >= 0 && cols <= (size_t)at.room, at.level,
         shown < total, c->o.pack && !array_nl ? (n < shown ? n : shown) : 0,
         c->o.width);
    lua_replace(L, keys);
    lua_settop(L, keys);
}

/* mark: [-0, +0, m] records table `t` as on the current path with the path
 * string at index `path`, or (path 0) removes it. */
static void mark(lua_State *L, struct ctx *c, int t, int path)
{
    lua_pushvalue(L, t);
    if (path != 0)
        lua_pushvalue(L, path);
    else
        lua_pushnil(L);
    lua_rawset(L, c->seen);
}

/* render_table: [-0, +1, m] pushes the text of table `t` (no __tostring):
 * a cycle back-reference, "{}", "{...}" past the depth cap, or the body. */
static void render_table(lua_State *L, struct ctx *c, int t, struct at at)
{
    luaL_checkstack(L, 24, "pretty: nesting too deep");
    lua_pushvalue(L, t);
    if (lua_rawget(L, c->seen) == LUA_TSTRING) {
        lua_pushfstring(L, "<cycle: %s>", lua_tostring(L, -1));
        push_styled(L, c, TERM_DIM, lua_tostring(L, -1));
        lua_replace(L, -3);
        lua_pop(L, 1);
        return;
    }
    lua_pop(L, 1);
    lua_pushnil(L);
    if (lua_next(L, t) == 0) {
        lua_pushliteral(L, "{}");
        return;
    }
    lua_pop(L, 2);
    if (at.level >= c->o.max_depth) {
        push_styled(L, c, TERM_DIM, "{...}");
        return;
    }
    mark(L, c, t, at.path);
    table_body(L, c, t, at);
    mark(L, c, t, 0);
}

/* render: [-0, +1, m] pushes the text of the value at absolute index `idx`;
 * __tostring (tables and userdata) wins over everything else. */
static void render(lua_State *L, struct ctx *c, int idx, struct at at)
{
    int t = lua_type(L, idx);
    if ((t == LUA_TTABLE || t == LUA_TUSERDATA) && push_tostring(L, c, idx))
        return;
    if (t == LUA_TTABLE)
        render_table(L, c, idx, at);
    else
        push_plain(L, c, idx);
}

/* clamp: v limited to lo..hi. */
static int clamp(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

void pretty_defaults(struct pretty_opts *o)
{
    o->max_depth = 4;
    o->max_items = 50;
    o->width = 80;
    o->color = 0;
    o->quote_top = 1;
    o->pack = 0;
}

void pretty_push(lua_State *L, int idx, const struct pretty_opts *opts)
{
    struct ctx c;
    struct at at = {0, 0, 0};
    idx = lua_absindex(L, idx);
    if (opts != NULL)
        c.o = *opts;
    else
        pretty_defaults(&c.o);
    c.o.max_depth = clamp(c.o.max_depth, 0, DEPTH_LIMIT);
    c.o.max_items = clamp(c.o.max_items, 0, INT_MAX - 1);
    c.o.width = clamp(c.o.width, 0, INT_MAX / 2);
    if (lua_type(L, idx) == LUA_TSTRING && !c.o.quote_top) {
        lua_pushvalue(L, idx);
        return;
    }
    luaL_checkstack(L, 16, "pretty: stack overflow");
    lua_newtable(L);
    c.seen = lua_gettop(L);
    lua_pushliteral(L, "root");
    at.path = c.seen + 1;
    at.room = c.o.width;
    render(L, &c, idx, at);
    lua_replace(L, c.seen);
    lua_settop(L, c.seen);
}

/* opt_int: [-0, +0, v] reads integer field `name` of the table at index 2
 * into *v when present; raises a usage error when it is not an integer. */
static void opt_int(lua_State *L, const char *name, int *v)
{
    int ok;
    lua_Integer i;
    if (lua_getfield(L, 2, name) != LUA_TNIL) {
        i = lua_tointegerx(L, -1, &ok);
        if (!ok)
            luaL_error(L, "bad option '%s' to 'show' (integer expected, got %s)",
                       name, luaL_typename(L, -1));
        *v = i > INT_MAX ? INT_MAX : i < INT_MIN ? INT_MIN : (int)i;
    }
    lua_pop(L, 1);
}

/* opt_bool: [-0, +0, e] reads field `name` of the table at index 2 into *v
 * (truthiness) when present. */
static void opt_bool(lua_State *L, const char *name, int *v)
{
    if (lua_getfield(L, 2, name) != LUA_TNIL)
        *v = lua_toboolean(L, -1);
    lua_pop(L, 1);
}

/* l_show: show(v [, opts]) -> string; opts may set max_depth, max_items,
 * width, color, quote_top and pack. */
static int l_show(lua_State *L)
{
    struct pretty_opts o;
    luaL_checkany(L, 1);
    pretty_defaults(&o);
    if (!lua_isnoneornil(L, 2)) {
        luaL_checktype(L, 2, LUA_TTABLE);
        opt_int(L, "max_depth", &o.max_depth);
        opt_int(L, "max_items", &o.max_items);
        opt_int(L, "width", &o.width);
        opt_bool(L, "color", &o.color);
        opt_bool(L, "quote_top", &o.quote_top);
        opt_bool(L, "pack", &o.pack);
    }
    pretty_push(L, 1, &o);
    return 1;
}

int luaopen_dojo_pretty(lua_State *L)
{
    static const luaL_Reg funcs[] = {{"show", l_show}, {NULL, NULL}};
    luaL_newlib(L, funcs);
    return 1;
}
