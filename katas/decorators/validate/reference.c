/* reference.c: the `validate` kata: validate{ name, args, returns } is a
 * decorator checking each call's arguments and results against declared
 * types ("integer", "string?", a final "..."), with Lua-style messages.
 * Idiom (part 1, no Lua; tests/test_validate.c): compile once, check per
 * call: each type string is parsed once into a small value (enum base plus
 * an optional flag) and a call compares enums, never strings. Messages are
 * written under snprintf's measure-then-write contract (C11 7.21.6.5), so
 * the caller chooses the memory.
 * Binding (luaopen_validate): the wrapped-function decorator built from C
 * closures. The compiled signature is one userdata (the array of types;
 * user values: entry names, function name), an upvalue of the decorator
 * and of each wrapper (with fn). fn is called with lua_callk and results
 * are checked in the continuation wrapper_k, so fn may yield: Lua 5.4
 * manual sec. 4.5 (https://www.lua.org/manual/5.4/manual.html#4.5).
 * Messages follow luaL_argerror's "bad argument #n to 'f' (...)". */

#include "reference.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

/* ------------------------------------------------------------------------
 * Part 1: the core.
 *
 * Everything here is about types, not values: a signature entry is parsed
 * once into a struct validate_type, the binding sorts each Lua value into
 * an enum validate_kind, and validate_fits compares the two. Messages are
 * written with snprintf's contract so that the caller chooses the memory
 * (the Lua binding sizes a luaL_Buffer with a first, measuring call).
 * ------------------------------------------------------------------------ */

static const char *const base_names[] = {
    [VALIDATE_ANY] = "any",           [VALIDATE_NIL] = "nil",
    [VALIDATE_BOOLEAN] = "boolean",   [VALIDATE_NUMBER] = "number",
    [VALIDATE_INTEGER] = "integer",   [VALIDATE_STRING] = "string",
    [VALIDATE_TABLE] = "table",       [VALIDATE_FUNCTION] = "function",
    [VALIDATE_THREAD] = "thread",     [VALIDATE_USERDATA] = "userdata",
};

#define NBASES (sizeof base_names / sizeof base_names[0])

/* validate_parse_type: base name plus an optional '?'. Full contract in
 * reference.h. */
bool validate_parse_type(const char *text, size_t len, struct validate_type *out)
{
    bool optional = len > 0 && text[len - 1] == '?';
    size_t base_len = optional ? len - 1 : len;
    size_t i;

    for (i = 0; i < NBASES; i++) {
        if (strlen(base_names[i]) == base_len && memcmp(base_names[i], text, base_len) == 0) {
            out->base = (enum validate_base)i;
            out->optional = optional;
            return true;
        }
    }
    return false; /* also "" and "?" (no base matches length 0) and "x??" */
}

/* validate_fits: does a value of kind `got` fit `expected`? Full contract
 * in reference.h. */
bool validate_fits(struct validate_type expected, enum validate_kind got)
{
    if (got == VALIDATE_KIND_NIL)
        return expected.optional || expected.base == VALIDATE_NIL;
    switch (expected.base) {
    case VALIDATE_ANY:
        return true;
    case VALIDATE_NIL:
        return false;
    case VALIDATE_BOOLEAN:
        return got == VALIDATE_KIND_BOOLEAN;
    case VALIDATE_NUMBER:
        return got == VALIDATE_KIND_INTEGRAL || got == VALIDATE_KIND_FLOAT;
    case VALIDATE_INTEGER:
        return got == VALIDATE_KIND_INTEGRAL;
    case VALIDATE_STRING:
        return got == VALIDATE_KIND_STRING;
    case VALIDATE_TABLE:
        return got == VALIDATE_KIND_TABLE;
    case VALIDATE_FUNCTION:
        return got == VALIDATE_KIND_FUNCTION;
    case VALIDATE_THREAD:
        return got == VALIDATE_KIND_THREAD;
    case VALIDATE_USERDATA:
        return got == VALIDATE_KIND_USERDATA;
    }
    return false;
}

/* validate_base_name: "any", "integer", ... Full contract in reference.h. */
const char *validate_base_name(enum validate_base base)
{
    return (size_t)base < NBASES ? base_names[base] : "?";
}

/* validate_got_name: type() of the kind, or "float". Full contract in
 * reference.h. */
const char *validate_got_name(struct validate_type expected, enum validate_kind got)
{
    switch (got) {
    case VALIDATE_KIND_NIL:
        return "nil";
    case VALIDATE_KIND_BOOLEAN:
        return "boolean";
    case VALIDATE_KIND_INTEGRAL:
        return "number";
    case VALIDATE_KIND_FLOAT:
        /* "integer expected, got number" would puzzle: say which number. */
        return expected.base == VALIDATE_INTEGER ? "float" : "number";
    case VALIDATE_KIND_STRING:
        return "string";
    case VALIDATE_KIND_TABLE:
        return "table";
    case VALIDATE_KIND_FUNCTION:
        return "function";
    case VALIDATE_KIND_THREAD:
        return "thread";
    case VALIDATE_KIND_USERDATA:
        return "userdata";
    }
    return "?";
}

/* validate_format_mismatch: "bad argument #N 'name' to 'f' (...)" or "bad
 * return value #N 'name' from 'f' (...)". Full contract in reference.h. */
int validate_format_mismatch(char *buf, size_t cap, const struct validate_mismatch *m)
{
    const char *open = m->value_name ? " '" : "";
    const char *name = m->value_name ? m->value_name : "";
    const char *close = m->value_name ? "'" : "";

    return snprintf(buf, cap, "bad %s #%d%s%s%s %s '%s' (%s expected, got %s)",
                    m->is_return ? "return value" : "argument", m->index, open, name, close,
                    m->is_return ? "from" : "to", m->function_name,
                    validate_base_name(m->expected.base), validate_got_name(m->expected, m->got));
}

/* validate_format_count: "too many arguments to 'f' (expected at most N,
 * got M)" or the same for return values. Full contract in reference.h. */
int validate_format_count(char *buf, size_t cap, bool is_return, const char *function_name,
                          int max, int got)
{
    return snprintf(buf, cap, "too many %s '%s' (expected at most %d, got %d)",
                    is_return ? "return values from" : "arguments to", function_name, max, got);
}

/* ------------------------------------------------------------------------
 * Part 2: the Lua binding.
 *
 * A Lua solution compiles the signature into tables when validate is
 * called, and its wrapper is
 *
 *     return function(...)
 *       check(args, ...)
 *       return finish(fn(...))   -- finish checks the results, returns them
 *     end
 *
 * Here validate compiles the signature into one userdata: a struct
 * compiled (how many entries, whether each list is checked and ends in
 * "...") followed by the array of struct validate_type for both lists. Its
 * two user values hold what C can't keep in a plain array without
 * managing memory: a table of entry names (names[slot + 1]) and the
 * function's name. The decorator is a C closure over that userdata; each
 * wrapper a C closure over (userdata, fn). A signature shared by several
 * functions is compiled once.
 *
 * The wrapper checks the arguments, calls fn with lua_callk, and checks the
 * results in the continuation wrapper_k. If fn yields, Lua drops our C frame
 * and later calls wrapper_k with fn's results on the stack; if it doesn't,
 * we call wrapper_k ourselves. That is finish(fn(...)) by hand.
 *
 * Lua's garbage collector owns all of it. Error messages are built in a
 * luaL_Buffer (Lua memory), so raising an error leaks nothing.
 * ------------------------------------------------------------------------ */

/* Upvalues of a wrapper (the decorator has only the first). */
enum { UP_SIG = 1, UP_FN };

/* User values of the compiled signature. */
enum { UV_NAMES = 1, UV_FNAME };

/* One list of a signature: `n` entries (not counting a final "..."), in
 * slots[first .. first + n - 1]. */
struct sig_list {
    bool checked; /* false when the signature has no such list */
    bool vararg;  /* the list ends with "...": extra values allowed */
    int n;
    int first;
};

struct compiled {
    struct sig_list args, rets;
    struct validate_type slots[]; /* args' entries, then returns' */
};

/* sig_error: raises "bad argument #1 to 'validate' (<formatted>)". */
static int sig_error(lua_State *L, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    lua_pushvfstring(L, fmt, ap);
    va_end(ap);
    return luaL_error(L, "bad argument #1 to 'validate' (%s)", lua_tostring(L, -1));
}

/* list_length: the number of entries of the list `what` at `idx` (nil or
 * a table, already checked), as # counts them; at most 10000, so sizes
 * computed from it can't overflow. [-0, +0, e] */
static int list_length(lua_State *L, int idx, const char *what)
{
    lua_Integer n;

    if (lua_isnil(L, idx))
        return 0;
    n = luaL_len(L, idx);
    if (n < 0 || n > 10000)
        sig_error(L, "%s: too many entries", what);
    return (int)n;
}

/* compile_list: fills *out and slots[first ...] from the list at `idx`,
 * which has `len` entries, storing entry names in the table at `names`.
 * `what` is "args" or "returns", for the messages. Raises a "bad argument
 * #1 to 'validate'" error for a bad entry. */
static void compile_list(lua_State *L, int idx, const char *what, int len, struct compiled *c,
                         struct sig_list *out, int first, int names)
{
    int i;

    out->checked = !lua_isnil(L, idx);
    out->vararg = false;
    out->n = 0;
    out->first = first;
    for (i = 1; i <= len; i++) {
        const char *text;
        size_t text_len;
        int entry;

        lua_geti(L, idx, i);
        entry = lua_gettop(L);
        if (lua_type(L, entry) == LUA_TSTRING) {
            text = lua_tolstring(L, entry, &text_len);
            if (text_len == 3 && memcmp(text, "...", 3) == 0) {
                if (i != len)
                    sig_error(L, "%s[%d]: '...' must come last", what, i);
                out->vararg = true;
                lua_pop(L, 1);
                break;
            }
        } else if (lua_type(L, entry) == LUA_TTABLE) {
            if (lua_getfield(L, entry, "name") != LUA_TSTRING)
                sig_error(L, "%s[%d].name: string expected, got %s", what, i, luaL_typename(L, -1));
            lua_seti(L, names, first + i); /* names[slot + 1] = name */
            if (lua_getfield(L, entry, "type") != LUA_TSTRING)
                sig_error(L, "%s[%d].type: string expected, got %s", what, i, luaL_typename(L, -1));
            lua_replace(L, entry); /* the type string stands in for the entry */
            text = lua_tolstring(L, entry, &text_len);
        } else {
            sig_error(L, "%s[%d]: type name or {name = ..., type = ...} expected, got %s", what, i,
                      luaL_typename(L, entry));
            return; /* unreachable: sig_error raises */
        }
        if (!validate_parse_type(text, text_len, &c->slots[first + i - 1]))
            sig_error(L, "%s[%d]: unknown type '%s'", what, i, text);
        out->n = i;
        lua_pop(L, 1);
    }
}

/* kind_of: the validate_kind of the value at `idx`; an index past the top
 * (a missing value) is nil. [-0, +0, -] */
static enum validate_kind kind_of(lua_State *L, int idx)
{
    int is_integral;

    switch (lua_type(L, idx)) {
    case LUA_TBOOLEAN:
        return VALIDATE_KIND_BOOLEAN;
    case LUA_TNUMBER:
        /* lua_tointegerx on a number (never on a string, which it would
         * convert) succeeds for integers and for floats such as 3.0. */
        lua_tointegerx(L, idx, &is_integral);
        return is_integral ? VALIDATE_KIND_INTEGRAL : VALIDATE_KIND_FLOAT;
    case LUA_TSTRING:
        return VALIDATE_KIND_STRING;
    case LUA_TTABLE:
        return VALIDATE_KIND_TABLE;
    case LUA_TFUNCTION:
        return VALIDATE_KIND_FUNCTION;
    case LUA_TTHREAD:
        return VALIDATE_KIND_THREAD;
    case LUA_TUSERDATA:
    case LUA_TLIGHTUSERDATA:
        return VALIDATE_KIND_USERDATA;
    default:
        return VALIDATE_KIND_NIL; /* LUA_TNIL, LUA_TNONE */
    }
}

/* raise_message: measures the message with `format`'s snprintf contract,
 * writes it into a luaL_Buffer, prefixes the caller's position (as
 * error(msg, 2) does) and raises it. One of m or the count arguments is
 * used, depending on `count`. */
static int raise_message(lua_State *L, const struct validate_mismatch *m, bool count,
                         bool is_return, const char *fname, int max, int got)
{
    luaL_Buffer b;
    char *p;
    int len = count ? validate_format_count(NULL, 0, is_return, fname, max, got)
                    : validate_format_mismatch(NULL, 0, m);

    if (len < 0)
        return luaL_error(L, "validate: cannot format the error message");
    luaL_where(L, 1);
    p = luaL_buffinitsize(L, &b, (size_t)len + 1);
    if (count)
        validate_format_count(p, (size_t)len + 1, is_return, fname, max, got);
    else
        validate_format_mismatch(p, (size_t)len + 1, m);
    luaL_pushresultsize(&b, (size_t)len);
    lua_concat(L, 2); /* position .. message */
    return lua_error(L);
}

/* check_values: checks the stack's values 1 .. n against `list` (arguments
 * or results), raising the kata's error for the first problem: too many
 * values first, then the first value that doesn't fit. */
static void check_values(lua_State *L, const struct compiled *c, const struct sig_list *list,
                         bool is_return, int n)
{
    const char *fname;
    int i;

    if (!list->checked)
        return;
    luaL_checkstack(L, 8, "too many values to check");
    /* The names stay on the stack while in use, so the GC keeps them. */
    lua_getiuservalue(L, lua_upvalueindex(UP_SIG), UV_FNAME);
    fname = lua_tostring(L, -1);
    if (!list->vararg && n > list->n)
        raise_message(L, NULL, true, is_return, fname, list->n, n);
    for (i = 1; i <= list->n; i++) {
        struct validate_mismatch m;
        int slot = list->first + i - 1;

        /* Values 1 .. n are the stack's; past n (fname is there now) a
         * value is missing, which is nil. */
        m.got = i <= n ? kind_of(L, i) : VALIDATE_KIND_NIL;
        m.expected = c->slots[slot];
        if (validate_fits(m.expected, m.got))
            continue;
        lua_getiuservalue(L, lua_upvalueindex(UP_SIG), UV_NAMES);
        lua_geti(L, -1, slot + 1);
        m.is_return = is_return;
        m.index = i;
        m.value_name = lua_tostring(L, -1); /* NULL for an unnamed entry */
        m.function_name = fname;
        raise_message(L, &m, false, is_return, fname, 0, 0);
    }
    lua_pop(L, 1); /* fname */
}

/* wrapper_k: fn returned (with or without yielding first): its results
 * are the whole stack. Checks them and returns them all. */
static int wrapper_k(lua_State *L, int status, lua_KContext ctx)
{
    const struct compiled *c = lua_touserdata(L, lua_upvalueindex(UP_SIG));
    int n = lua_gettop(L);

    (void)status; /* LUA_YIELD after a yield, LUA_OK when called below */
    (void)ctx;
    check_values(L, c, &c->rets, true, n);
    return n;
}

/* l_wrapper: wrapper(...) checks the arguments against the signature,
 * calls fn(...), checks its results and returns them all. */
static int l_wrapper(lua_State *L)
{
    const struct compiled *c = lua_touserdata(L, lua_upvalueindex(UP_SIG));
    int n = lua_gettop(L);

    check_values(L, c, &c->args, false, n);
    lua_pushvalue(L, lua_upvalueindex(UP_FN));
    lua_insert(L, 1); /* fn, arg1, ..., argn */
    lua_callk(L, n, LUA_MULTRET, 0, wrapper_k);
    return wrapper_k(L, LUA_OK, 0);
}

/* l_decorate: decorator(fn) -> wrapper, a closure over the compiled
 * signature and fn. fn is not checked, as Lua does not check a value is
 * callable before calling it. */
static int l_decorate(lua_State *L)
{
    lua_settop(L, 1);
    lua_pushvalue(L, lua_upvalueindex(UP_SIG));
    lua_insert(L, 1); /* sig, fn */
    lua_pushcclosure(L, l_wrapper, 2);
    return 1;
}

/* check_fields: every key of the signature at index 1 is name, args or
 * returns; raises "unknown field '<key>'" otherwise. */
static void check_fields(lua_State *L)
{
    static const char *const known[] = {"name", "args", "returns", NULL};

    lua_pushnil(L);
    while (lua_next(L, 1)) {
        const char *const *k;
        bool ok = false;

        lua_pop(L, 1); /* the value */
        /* Only a string key is read as text: lua_tolstring on a number key
         * would convert it in place and derail lua_next. */
        if (lua_type(L, -1) == LUA_TSTRING) {
            size_t len;
            const char *key = lua_tolstring(L, -1, &len);

            for (k = known; *k && !ok; k++)
                ok = strlen(*k) == len && memcmp(*k, key, len) == 0;
        }
        if (!ok)
            sig_error(L, "unknown field '%s'", luaL_tolstring(L, -1, NULL));
    }
}

/* l_validate: validate(signature) -> decorator. Compiles and checks the
 * whole signature now; raises "bad argument #1 to 'validate' (...)" for
 * anything wrong with it (see README.md for the list). */
static int l_validate(lua_State *L)
{
    struct compiled *c;
    int nargs, nrets;
    static const char *const lists[] = {"args", "returns"};
    int i;

    lua_settop(L, 1);
    if (!lua_istable(L, 1))
        return sig_error(L, "table expected, got %s", luaL_typename(L, 1));
    check_fields(L);
    if (lua_getfield(L, 1, "name") == LUA_TNIL) { /* 2: the function's name */
        lua_pop(L, 1);
        lua_pushliteral(L, "?");
    } else if (lua_type(L, 2) != LUA_TSTRING) {
        return sig_error(L, "name: string expected, got %s", luaL_typename(L, 2));
    }
    for (i = 0; i < 2; i++) { /* 3: args, 4: returns */
        int t = lua_getfield(L, 1, lists[i]);

        if (t != LUA_TNIL && t != LUA_TTABLE)
            return sig_error(L, "%s: table expected, got %s", lists[i], luaL_typename(L, -1));
    }
    nargs = list_length(L, 3, "args");
    nrets = list_length(L, 4, "returns");
    c = lua_newuserdatauv(L, sizeof *c + (size_t)(nargs + nrets) * sizeof c->slots[0], 2); /* 5 */
    lua_newtable(L); /* 6: names */
    compile_list(L, 3, "args", nargs, c, &c->args, 0, 6);
    compile_list(L, 4, "returns", nrets, c, &c->rets, nargs, 6);
    lua_setiuservalue(L, 5, UV_NAMES);
    lua_pushvalue(L, 2);
    lua_setiuservalue(L, 5, UV_FNAME);
    lua_pushcclosure(L, l_decorate, 1); /* over the compiled signature */
    return 1;
}

/* luaopen_validate: the module's loader. require("validate") returns the
 * function validate itself, as the kata's spec expects. */
int luaopen_validate(lua_State *L)
{
    lua_pushcfunction(L, l_validate);
    return 1;
}
