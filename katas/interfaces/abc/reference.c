/* reference.c: the `abc` kata: abstract{...} makes a class whose instances
 * can't be made while a required method is missing; subclasses inherit the
 * requirements.
 * Idiom (part 1, no Lua; tests/test_abc.c): a checker that reads classes
 * only through a `static const` vtable of function pointers (struct
 * abc_class_ops), so one algorithm serves C classes described by static
 * const data (abc_static_ops) and Lua tables (the binding's lua_ops). The
 * kernel's VFS reads every file system through a static const struct
 * file_operations the same way (include/linux/fs.h). The check itself is
 * CPython's: abc.ABCMeta collects __abstractmethods__ from the bases and
 * object_new refuses an abstract class ("Can't instantiate abstract class
 * ..."; Lib/_py_abc.py, Objects/typeobject.c); here it is done lazily, at
 * new, because Lua classes get their methods after they are made.
 * Binding (luaopen_abc): classes are Lua tables, each its own __index and
 * the metatable of its subclasses; new runs the core over lua_ops. */

#include "reference.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

/* ------------------------------------------------------------------------
 * Part 1: the core.
 *
 * A Lua solution asks `type(cls[name]) == "function"` for every required
 * name, and Lua's __index chain does the walking. Here the walking is
 * spelled out: the chain from the class to its root, the union of the
 * names every class on it declares, and for each name the first class on
 * the chain that holds anything under it. Nothing is allocated: the caller
 * gives the output array, and the chain is kept on the C stack.
 * ------------------------------------------------------------------------ */

/* chain_of: fills chain[0..n) with cls, its parent, ..., the root; returns
 * n, or -1 when longer than ABC_MAX_DEPTH or looping. */
static long chain_of(const struct abc_class_ops *ops, const void *cls,
                     const void *chain[ABC_MAX_DEPTH])
{
    long n = 0;

    for (const void *c = cls; c != NULL; c = ops->base(c)) {
        if (n == ABC_MAX_DEPTH)
            return -1; /* a cycle always ends here too */
        chain[n++] = c;
    }
    return n;
}

/* abc_declared: how many abstract declarations the chain holds. */
long abc_declared(const struct abc_class_ops *ops, const void *cls)
{
    const void *chain[ABC_MAX_DEPTH];
    long n = chain_of(ops, cls, chain), total = 0;

    for (long i = 0; i < n; i++)
        total += (long)ops->nabstract(chain[i]);
    return n < 0 ? -1 : total;
}

/* implemented: whether the chain implements `name`: the first class that
 * holds anything under the name decides. */
static int implemented(const struct abc_class_ops *ops, const void *const *chain, long n,
                       const char *name)
{
    for (long i = 0; i < n; i++) {
        enum abc_slot s = ops->slot(chain[i], name);
        if (s != ABC_ABSENT)
            return s == ABC_FUNCTION;
    }
    return 0;
}

/* insert_sorted: adds `name` to the sorted out[0..*n) unless it is there;
 * returns -2 when there is no room. */
static int insert_sorted(const char **out, size_t cap, size_t *n, const char *name)
{
    size_t at = 0;

    while (at < *n && strcmp(out[at], name) < 0)
        at++;
    if (at < *n && strcmp(out[at], name) == 0)
        return 0;
    if (*n == cap)
        return -2;
    memmove(out + at + 1, out + at, (*n - at) * sizeof *out);
    out[at] = name;
    (*n)++;
    return 0;
}

/* abc_missing: the union of declared names, less the implemented ones. */
long abc_missing(const struct abc_class_ops *ops, const void *cls, const char **out, size_t cap)
{
    const void *chain[ABC_MAX_DEPTH];
    long depth = chain_of(ops, cls, chain);
    size_t n = 0;

    assert(ops != NULL && (out != NULL || cap == 0));
    if (depth < 0)
        return -1;
    for (long c = 0; c < depth; c++) {
        size_t k = ops->nabstract(chain[c]);
        for (size_t i = 0; i < k; i++) {
            const char *name = ops->abstract_at(chain[c], i);
            if (!implemented(ops, chain, depth, name) && insert_sorted(out, cap, &n, name) < 0)
                return -2;
        }
    }
    return (long)n;
}

/* abc_message: snprintf-style, so a first call with len 0 measures. */
size_t abc_message(char *buf, size_t len, const char *name, const char *const *missing,
                   size_t n)
{
    size_t used = 0;
    int w;

    assert(n >= 1 && name != NULL);
#define ABC_PUT(...)                                                                           \
    do {                                                                                       \
        w = snprintf(used < len ? buf + used : NULL, used < len ? len - used : 0, __VA_ARGS__); \
        used += w > 0 ? (size_t)w : 0;                                                         \
    } while (0)
    ABC_PUT("can't instantiate %s: missing method%s ", name, n > 1 ? "s" : "");
    for (size_t i = 0; i < n; i++)
        ABC_PUT("%s'%s'", i > 0 ? ", " : "", missing[i]);
#undef ABC_PUT
    return used;
}

/* ---- Classes as static const C data ---------------------------------- */

static const void *static_base(const void *cls)
{
    return ((const struct abc_static_class *)cls)->base;
}

static const char *static_name(const void *cls)
{
    return ((const struct abc_static_class *)cls)->name;
}

static size_t static_nabstract(const void *cls)
{
    const char *const *a = ((const struct abc_static_class *)cls)->abstract;
    size_t n = 0;

    while (a != NULL && a[n] != NULL)
        n++;
    return n;
}

static const char *static_abstract_at(const void *cls, size_t i)
{
    return ((const struct abc_static_class *)cls)->abstract[i];
}

/* own_method: the class's own entry for `name`, or NULL. */
static const struct abc_method *own_method(const struct abc_static_class *cls, const char *name)
{
    for (const struct abc_method *m = cls->methods; m != NULL && m->name != NULL; m++)
        if (strcmp(m->name, name) == 0)
            return m;
    return NULL;
}

static enum abc_slot static_slot(const void *cls, const char *method)
{
    const struct abc_method *m = own_method(cls, method);

    if (m == NULL)
        return ABC_ABSENT;
    return m->fn != NULL ? ABC_FUNCTION : ABC_OTHER;
}

const struct abc_class_ops abc_static_ops = {
    .base = static_base,
    .name = static_name,
    .nabstract = static_nabstract,
    .abstract_at = static_abstract_at,
    .slot = static_slot,
};

/* abc_static_find: the nearest ancestor's entry decides. */
void (*abc_static_find(const struct abc_static_class *cls, const char *method))(void)
{
    int depth = 0;

    for (; cls != NULL && depth < ABC_MAX_DEPTH; cls = cls->base, depth++) {
        const struct abc_method *m = own_method(cls, method);
        if (m != NULL)
            return m->fn;
    }
    return NULL;
}

/* ------------------------------------------------------------------------
 * Part 2: the Lua binding.
 *
 * A class is a Lua table: its own __index (so it is the metatable of its
 * instances), the metatable of its subclasses (so lookups climb to the
 * parent), with `__name` for messages and `__abstract`, the list of names
 * this class itself declared (the core unions them along the chain; a
 * Lua solution usually copies the parent's list instead). `extend` and
 * `new` are C functions stored on each root class and inherited.
 *
 * lua_ops reads such tables for the core. A class is named by a `struct
 * lua_class` on the C stack: the state, the stack slot holding the table,
 * and the next class up, all prepared by push_chain before the check, so
 * the ops never call Lua code (lua_rawget only: no metamethods) and never
 * raise. The strings they return belong to the tables, which stay on the
 * stack until the check is over.
 * ------------------------------------------------------------------------ */

struct lua_class {
    lua_State *L;
    int idx;                     /* absolute stack index of the table */
    const struct lua_class *up;  /* the parent, NULL at the root */
};

static const void *lua_base(const void *cls)
{
    return ((const struct lua_class *)cls)->up;
}

static const char *lua_name(const void *cls)
{
    const struct lua_class *c = cls;
    const char *s;

    lua_pushliteral(c->L, "__name");
    lua_rawget(c->L, c->idx);
    s = lua_type(c->L, -1) == LUA_TSTRING ? lua_tostring(c->L, -1) : NULL;
    lua_pop(c->L, 1);
    return s != NULL ? s : "?";
}

static size_t lua_nabstract(const void *cls)
{
    const struct lua_class *c = cls;
    size_t n;

    lua_pushliteral(c->L, "__abstract");
    lua_rawget(c->L, c->idx);
    n = lua_istable(c->L, -1) ? (size_t)lua_rawlen(c->L, -1) : 0;
    lua_pop(c->L, 1);
    return n;
}

static const char *lua_abstract_at(const void *cls, size_t i)
{
    const struct lua_class *c = cls;
    const char *s;

    lua_pushliteral(c->L, "__abstract");
    lua_rawget(c->L, c->idx);
    lua_rawgeti(c->L, -1, (lua_Integer)i + 1);
    s = lua_type(c->L, -1) == LUA_TSTRING ? lua_tostring(c->L, -1) : "?";
    lua_pop(c->L, 2); /* the string stays alive in __abstract */
    return s;
}

static enum abc_slot lua_slot(const void *cls, const char *method)
{
    const struct lua_class *c = cls;
    int t;

    lua_pushstring(c->L, method);
    t = lua_rawget(c->L, c->idx);
    lua_pop(c->L, 1);
    return t == LUA_TNIL ? ABC_ABSENT : t == LUA_TFUNCTION ? ABC_FUNCTION : ABC_OTHER;
}

static const struct abc_class_ops lua_ops = {
    .base = lua_base,
    .name = lua_name,
    .nabstract = lua_nabstract,
    .abstract_at = lua_abstract_at,
    .slot = lua_slot,
};

/* is_class: whether the value at idx is a class: a table with a raw
 * __abstract table. [-0, +0, -] */
static int is_class(lua_State *L, int idx)
{
    int yes;

    if (!lua_istable(L, idx))
        return 0;
    idx = lua_absindex(L, idx);
    lua_pushliteral(L, "__abstract");
    yes = lua_rawget(L, idx) == LUA_TTABLE;
    lua_pop(L, 1);
    return yes;
}

/* push_chain: pushes the class at idx's ancestors (its metatable, while
 * that is a class) and fills chain[0..n) with the class and them; returns
 * n. Raises when the chain is longer than ABC_MAX_DEPTH. [-0, +(n-1), e] */
static int push_chain(lua_State *L, int idx, struct lua_class chain[ABC_MAX_DEPTH])
{
    int n = 0;

    idx = lua_absindex(L, idx);
    luaL_checkstack(L, ABC_MAX_DEPTH + 4, "class chain");
    for (;;) {
        chain[n] = (struct lua_class){L, idx, NULL};
        if (n > 0)
            chain[n - 1].up = &chain[n];
        n++;
        if (!lua_getmetatable(L, idx))
            return n;
        if (!is_class(L, -1)) {
            lua_pop(L, 1);
            return n;
        }
        if (n == ABC_MAX_DEPTH)
            luaL_error(L, "class chain longer than %d (a cycle?)", ABC_MAX_DEPTH);
        idx = lua_gettop(L);
    }
}

/* check_class: argument `arg` must be a class. [-0, +0, v] */
static void check_class(lua_State *L, int arg, const char *fname)
{
    if (!is_class(L, arg))
        luaL_error(L, "bad argument #%d to '%s' (class expected, got %s)", arg, fname,
                   luaL_typename(L, arg));
}

/* push_missing: pushes the sorted list of what the class at `arg` lacks
 * and returns its length. [-0, +1, e] */
static long push_missing(lua_State *L, int arg)
{
    struct lua_class chain[ABC_MAX_DEPTH];
    int top = lua_gettop(L);
    long total, n;
    const char **out;

    push_chain(L, arg, chain);
    total = abc_declared(&lua_ops, &chain[0]);
    out = lua_newuserdatauv(L, (size_t)(total > 0 ? total : 1) * sizeof *out, 0);
    n = abc_missing(&lua_ops, &chain[0], out, (size_t)total);
    assert(n >= 0); /* push_chain bounded the depth; total is enough room */
    lua_createtable(L, (int)n, 0);
    for (long i = 0; i < n; i++) {
        lua_pushstring(L, out[i]);
        lua_rawseti(L, -2, i + 1);
    }
    lua_replace(L, top + 1);
    lua_settop(L, top + 1);
    return n;
}

/* check_names: appends the strings of list at `idx` to the table on top;
 * anything else raises "bad argument #arg to 'fname'". [-0, +0, v] */
static void check_names(lua_State *L, int idx, int arg, const char *fname)
{
    lua_Integer len = (lua_Integer)lua_rawlen(L, idx), at = (lua_Integer)lua_rawlen(L, -1);

    for (lua_Integer i = 1; i <= len; i++) {
        if (lua_rawgeti(L, idx, i) != LUA_TSTRING)
            luaL_error(L, "bad argument #%d to '%s' (method name %d is a %s, not a string)",
                       arg, fname, (int)i, luaL_typename(L, -1));
        lua_rawseti(L, -2, ++at);
    }
}

static int l_extend(lua_State *L);
static int l_new(lua_State *L);

/* new_class: pushes a class table named by the string on top (popped),
 * with an empty __abstract, its own __index. [-1, +1, m] */
static void new_class(lua_State *L)
{
    lua_createtable(L, 0, 4);
    lua_insert(L, -2);
    lua_setfield(L, -2, "__name");
    lua_newtable(L);
    lua_setfield(L, -2, "__abstract");
    lua_pushvalue(L, -1);
    lua_setfield(L, -2, "__index");
}

/* l_abstract: abc.abstract(spec) -> a root class requiring spec's names. */
static int l_abstract(lua_State *L)
{
    luaL_argexpected(L, lua_istable(L, 1), 1, "table");
    lua_getfield(L, 1, "name");
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        lua_pushliteral(L, "AbstractClass");
    } else if (lua_type(L, -1) != LUA_TSTRING) {
        return luaL_argerror(L, 1, "field 'name' must be a string");
    }
    new_class(L);
    lua_getfield(L, -1, "__abstract");
    check_names(L, 1, 1, "abstract");
    lua_pop(L, 1);
    lua_pushcfunction(L, l_extend);
    lua_setfield(L, -2, "extend");
    lua_pushcfunction(L, l_new);
    lua_setfield(L, -2, "new");
    return 1;
}

/* l_extend: Class:extend([name [, more]]) -> a subclass of Class that
 * also requires the names in `more`. */
static int l_extend(lua_State *L)
{
    check_class(L, 1, "extend");
    if (lua_isnoneornil(L, 2)) {
        lua_pushliteral(L, "__name");
        lua_rawget(L, 1);
        lua_pushfstring(L, "subclass of %s", lua_isstring(L, -1) ? lua_tostring(L, -1) : "?");
        lua_remove(L, -2);
    } else {
        luaL_checkstring(L, 2);
        lua_pushvalue(L, 2);
    }
    new_class(L);
    if (!lua_isnoneornil(L, 3)) {
        luaL_argexpected(L, lua_istable(L, 3), 3, "table");
        lua_getfield(L, -1, "__abstract");
        check_names(L, 3, 3, "extend");
        lua_pop(L, 1);
    }
    lua_pushvalue(L, 1);
    lua_setmetatable(L, -2);
    return 1;
}

/* l_missing: abc.missing(Class) -> sorted list of what Class lacks. */
static int l_missing(lua_State *L)
{
    check_class(L, 1, "missing");
    push_missing(L, 1);
    return 1;
}

/* l_new: Class:new(...) -> an instance, after init(instance, ...); raises
 * "can't instantiate ..." while a required method is missing. */
static int l_new(lua_State *L)
{
    int nargs = lua_gettop(L) - 1;
    long n;

    check_class(L, 1, "new");
    n = push_missing(L, 1); /* the list, on top */
    if (n > 0) {
        int list = lua_gettop(L);
        struct lua_class self = {L, 1, NULL};
        const char *name = lua_ops.name(&self);
        const char **names = lua_newuserdatauv(L, (size_t)n * sizeof *names, 0);
        luaL_Buffer b;
        size_t len;
        char *p;

        for (long i = 0; i < n; i++) {
            lua_rawgeti(L, list, i + 1);
            names[i] = lua_tostring(L, -1); /* stays alive in the list */
            lua_pop(L, 1);
        }
        len = abc_message(NULL, 0, name, names, (size_t)n);
        luaL_where(L, 1);
        p = luaL_buffinitsize(L, &b, len + 1);
        abc_message(p, len + 1, name, names, (size_t)n);
        luaL_pushresultsize(&b, len);
        lua_concat(L, 2);
        return lua_error(L);
    }
    lua_pop(L, 1);
    lua_newtable(L);
    lua_pushvalue(L, 1);
    lua_setmetatable(L, -2);
    if (lua_getfield(L, 1, "init") != LUA_TNIL) {
        lua_pushvalue(L, -2);
        for (int i = 2; i <= nargs + 1; i++)
            lua_pushvalue(L, i);
        lua_call(L, nargs + 1, 0);
    } else {
        lua_pop(L, 1);
    }
    return 1;
}

/* l_isinstance: abc.isinstance(obj, Class) -> whether Class is on obj's
 * chain of metatables; stops at the first metatable seen twice. */
static int l_isinstance(lua_State *L)
{
    lua_settop(L, 2);
    lua_newtable(L); /* 3: metatables seen */
    if (!lua_getmetatable(L, 1)) {
        lua_pushboolean(L, 0);
        return 1;
    }
    for (;;) { /* the metatable to look at is on top */
        if (lua_rawequal(L, -1, 2)) {
            lua_pushboolean(L, 1);
            return 1;
        }
        lua_pushvalue(L, -1);
        if (lua_rawget(L, 3) != LUA_TNIL)
            break; /* a cycle */
        lua_pop(L, 1);
        lua_pushvalue(L, -1);
        lua_pushboolean(L, 1);
        lua_rawset(L, 3);
        if (!lua_getmetatable(L, -1))
            break;
        lua_remove(L, -2);
    }
    lua_pushboolean(L, 0);
    return 1;
}

/* luaopen_abc: require("abc") returns { abstract, missing, isinstance }. */
int luaopen_abc(lua_State *L)
{
    static const luaL_Reg module[] = {
        {"abstract", l_abstract},
        {"missing", l_missing},
        {"isinstance", l_isinstance},
        {NULL, NULL},
    };

    luaL_newlib(L, module);
    return 1;
}
