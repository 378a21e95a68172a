/* reference.c: the `protocol` kata: protocol.new(name, methods) and
 * implements(obj, P [, arity]), which checks that obj has P's methods, as
 * functions with the right number of parameters, and explains every
 * mismatch; no inheritance involved.
 * Idiom (part 1, no Lua; tests/test_protocol.c): structural conformance.
 * In C the compiler does it: a Linux driver conforms to the file interface
 * by filling a `static const struct file_operations` (include/linux/fs.h)
 * with function pointers of exactly the slot's type, and inherits nothing.
 * Here those rules are written out for values checked at run time:
 * protocol_fits (parameter counts, varargs) and protocol_explain (the
 * words). The idea is PEP 544's structural subtyping
 * (https://peps.python.org/pep-0544/) and Go's implicitly satisfied
 * interfaces (https://go.dev/ref/spec#Interface_types).
 * Binding (luaopen_protocol): protocols are plain tables; implements sorts
 * the method names, looks each up with lua_getfield (metatables included),
 * asks the arity reader, and turns mismatches into strings with the core. */

#include "reference.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

/* ------------------------------------------------------------------------
 * Part 1: the core.
 * ------------------------------------------------------------------------ */

/* protocol_fits: self plus `arity` arguments; `...` takes what is missing. */
bool protocol_fits(unsigned arity, unsigned nparams, bool vararg)
{
    unsigned want = arity + 1;

    return nparams == want || (vararg && nparams <= want);
}

/* protocol_explain: snprintf-style, so a first call with len 0 measures. */
size_t protocol_explain(char *buf, size_t len, const char *proto, const struct protocol_method *m,
                        const struct protocol_found *found)
{
    int w = 0;

    assert(proto != NULL && m != NULL && found != NULL);
    switch (found->kind) {
    case PROTOCOL_MISSING:
        w = snprintf(buf, len, "missing method '%s'", m->name);
        break;
    case PROTOCOL_NOT_FUNCTION:
        w = snprintf(buf, len, "'%s' is not a function (got %s)", m->name, found->type_name);
        break;
    case PROTOCOL_FUNCTION:
        if (!found->has_arity || protocol_fits(m->arity, found->nparams, found->vararg))
            break;
        w = snprintf(buf, len, "'%s' takes %s%u parameter%s; %s wants %u (self + %u)", m->name,
                     found->vararg ? "at least " : "", found->nparams,
                     found->nparams == 1 ? "" : "s", proto, m->arity + 1, m->arity);
        return w > 0 ? (size_t)w : 0;
    }
    if (w == 0 && len > 0)
        buf[0] = '\0';
    return w > 0 ? (size_t)w : 0;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* protocol_sort: qsort by strcmp. */
void protocol_sort(const char **names, size_t n)
{
    if (n > 1)
        qsort(names, n, sizeof *names, compare_names);
}

/* ------------------------------------------------------------------------
 * Part 2: the Lua binding.
 *
 * A Lua solution is a loop over the sorted names:
 *
 *     local v = obj[name]
 *     if v == nil then ... elseif type(v) ~= "function" then ...
 *     elseif arity then local n, va = arity(v) ... end
 *
 * The binding is the same loop. Method names are collected from the
 * protocol's `methods` table into an array in a userdata (owned by the
 * GC; the strings stay alive in that table, which is on the stack), sorted
 * by the core, and each problem is measured, then written into a
 * luaL_Buffer. Nothing is malloc'ed, so an error raised by an __index
 * function or by the arity reader leaks nothing.
 * ------------------------------------------------------------------------ */

/* l_new: protocol.new(name, methods) -> { name = name, methods = copy }. */
static int l_new(lua_State *L)
{
    if (lua_type(L, 1) != LUA_TSTRING)
        return luaL_typeerror(L, 1, "string"); /* a number is no name either */
    luaL_argexpected(L, lua_istable(L, 2), 2, "table");
    lua_createtable(L, 0, 2);
    lua_pushvalue(L, 1);
    lua_setfield(L, -2, "name");
    lua_newtable(L); /* the copy */
    lua_pushnil(L);
    while (lua_next(L, 2) != 0) {
        if (lua_type(L, -2) != LUA_TSTRING || !lua_isinteger(L, -1) || lua_tointeger(L, -1) < 0)
            return luaL_argerror(L, 2, "want method name = integer >= 0");
        lua_pushvalue(L, -2);
        lua_insert(L, -2);
        lua_rawset(L, -4);
    }
    lua_setfield(L, -2, "methods");
    return 1;
}

/* is_object: a table, or a value whose metatable has an __index. */
static int is_object(lua_State *L, int idx)
{
    int yes;

    if (lua_istable(L, idx))
        return 1;
    if (!lua_getmetatable(L, idx)) /* the real one: __metatable is ignored */
        return 0;
    lua_pushliteral(L, "__index");
    yes = lua_rawget(L, -2) != LUA_TNIL;
    lua_pop(L, 2);
    return yes;
}

/* find: describes the value on top of the stack (popping nothing), calling
 * the arity reader at `arity` (0: none) for a function. [-0, +0, e] */
static void find(lua_State *L, int arity, struct protocol_found *f)
{
    int t = lua_type(L, -1);

    *f = (struct protocol_found){PROTOCOL_FUNCTION, NULL, false, 0, false};
    if (t == LUA_TNIL) {
        f->kind = PROTOCOL_MISSING;
    } else if (t != LUA_TFUNCTION) {
        f->kind = PROTOCOL_NOT_FUNCTION;
        f->type_name = lua_typename(L, t);
    } else if (arity != 0) {
        lua_Integer n;
        lua_pushvalue(L, arity);
        lua_pushvalue(L, -2);
        lua_call(L, 1, 2);
        n = luaL_checkinteger(L, -2);
        f->has_arity = true;
        f->nparams = n < 0 ? 0 : (unsigned)n;
        f->vararg = lua_toboolean(L, -1);
        lua_pop(L, 2);
    }
}

/* l_implements: implements(obj, P [, arity]) -> true | false, problems. */
static int l_implements(lua_State *L)
{
    int arity = 0, methods, list, keys;
    const char *proto, **names;
    size_t n = 0, nproblems = 0;

    lua_settop(L, 3);
    if (!lua_istable(L, 2) || lua_getfield(L, 2, "name") != LUA_TSTRING ||
        lua_getfield(L, 2, "methods") != LUA_TTABLE)
        return luaL_typeerror(L, 2, "protocol");
    methods = lua_gettop(L);  /* 5; 4 is the name */
    proto = lua_tostring(L, 4);
    if (!lua_isnil(L, 3)) {
        luaL_argexpected(L, lua_isfunction(L, 3), 3, "function");
        arity = 3;
    }
    lua_newtable(L);
    list = lua_gettop(L);
    if (!is_object(L, 1)) {
        lua_pushboolean(L, 0);
        lua_pushfstring(L, "expected an object, got %s", luaL_typename(L, 1));
        lua_rawseti(L, list, 1);
        lua_pushvalue(L, list);
        return 2;
    }
    /* The names, in a Lua list of their own (so they stay alive whatever
     * an __index function does to P), then as an array for sorting. */
    lua_newtable(L);
    keys = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, methods) != 0) {
        lua_pop(L, 1);
        if (lua_type(L, -1) != LUA_TSTRING)
            return luaL_typeerror(L, 2, "protocol"); /* not made by new() */
        lua_pushvalue(L, -1);
        lua_rawseti(L, keys, (lua_Integer)++n);
    }
    names = lua_newuserdatauv(L, (n > 0 ? n : 1) * sizeof *names, 0);
    for (size_t i = 0; i < n; i++) {
        lua_rawgeti(L, keys, (lua_Integer)i + 1);
        names[i] = lua_tostring(L, -1);
        lua_pop(L, 1);
    }
    protocol_sort(names, n);
    for (size_t i = 0; i < n; i++) {
        struct protocol_method m = {names[i], 0};
        struct protocol_found found;
        size_t len;

        lua_getfield(L, methods, names[i]);
        m.arity = (unsigned)lua_tointeger(L, -1);
        lua_pop(L, 1);
        lua_getfield(L, 1, names[i]); /* obj[name]: metatables included */
        find(L, arity, &found);
        lua_pop(L, 1);
        len = protocol_explain(NULL, 0, proto, &m, &found);
        if (len > 0) {
            luaL_Buffer b;
            char *p = luaL_buffinitsize(L, &b, len + 1);
            protocol_explain(p, len + 1, proto, &m, &found);
            luaL_pushresultsize(&b, len);
            lua_rawseti(L, list, (lua_Integer)++nproblems);
        }
    }
    if (nproblems == 0) {
        lua_pushboolean(L, 1);
        return 1;
    }
    lua_pushboolean(L, 0);
    lua_pushvalue(L, list);
    return 2;
}

/* luaopen_protocol: require("protocol") returns { new, implements }. */
int luaopen_protocol(lua_State *L)
{
    static const luaL_Reg module[] = {
        {"new", l_new},
        {"implements", l_implements},
        {NULL, NULL},
    };

    luaL_newlib(L, module);
    return 1;
}
