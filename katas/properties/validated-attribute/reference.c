/* reference.c: the `validated-attribute` kata: validated.class(specs)
 * makes classes whose attributes are typed and range-checked on every
 * assignment, with messages naming the attribute and the bad value.
 * Idiom (part 1, no Lua; tests/test_validated_attribute.c): validated
 * accessors over a table of property specs, as GObject does it: a class
 * installs GParamSpecs (name, type, range, default;
 * g_object_class_install_property), and g_object_set_property finds the
 * spec by name and validates the value before the class's set_property
 * stores it. GObject Reference Manual, "The GObject messaging system" and
 * "Object properties": https://docs.gtk.org/gobject/concepts.html
 * Binding (luaopen_validated): the specs of a class are one userdata
 * (an array of struct prop_spec); instances are empty tables whose
 * __index/__newindex C closures reach a private per-instance store (a
 * weak-keyed table), so no attribute ever lands in the instance itself. */

#include "reference.h"

#include <stdio.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

/* ------------------------------------------------------------------------
 * Part 1: the core. A spec is data; a check is a function of the spec and
 * the value. Nothing here allocates: messages go into the caller's buffer.
 * ------------------------------------------------------------------------ */

static const char *const type_names[] = {
    [PROP_STRING] = "string",   [PROP_NUMBER] = "number", [PROP_INTEGER] = "integer",
    [PROP_BOOLEAN] = "boolean", [PROP_TABLE] = "table",   [PROP_FUNCTION] = "function",
};

#define NTYPES (sizeof type_names / sizeof type_names[0])

bool prop_parse_type(const char *name, enum prop_type *out)
{
    for (size_t i = 0; i < NTYPES; i++)
        if (strcmp(name, type_names[i]) == 0) {
            *out = (enum prop_type)i;
            return true;
        }
    return false;
}

const char *prop_type_name(enum prop_type type)
{
    return (size_t)type < NTYPES ? type_names[type] : "?";
}

/* fits: does a value of kind k have the spec's type? (nil is handled by
 * the caller.) */
static bool fits(enum prop_type type, enum prop_kind k)
{
    switch (type) {
    case PROP_STRING:
        return k == PROP_KIND_STRING;
    case PROP_NUMBER:
        return k == PROP_KIND_INTEGER || k == PROP_KIND_FLOAT;
    case PROP_INTEGER:
        return k == PROP_KIND_INTEGER;
    case PROP_BOOLEAN:
        return k == PROP_KIND_BOOLEAN;
    case PROP_TABLE:
        return k == PROP_KIND_TABLE;
    case PROP_FUNCTION:
        return k == PROP_KIND_FUNCTION;
    }
    return false;
}

/* put: appends c to buf[*at], keeping room for the NUL. */
static void put(char *buf, size_t cap, size_t *at, char c)
{
    if (*at + 1 < cap)
        buf[(*at)++] = c;
}

/* quote: appends s (len bytes) quoted as Lua's string.format("%q") does:
 * '"', '\\' and newline escaped with a backslash, '\r' as \r, '\0' as \0,
 * other control bytes as \ddd (three digits when a digit follows). */
static void quote(char *buf, size_t cap, size_t *at, const char *s, size_t len)
{
    put(buf, cap, at, '"');
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        char esc[8];
        bool digit_next = i + 1 < len && s[i + 1] >= '0' && s[i + 1] <= '9';

        if (c == '"' || c == '\\' || c == '\n') {
            put(buf, cap, at, '\\');
            put(buf, cap, at, (char)c);
            continue;
        }
        if (c == '\r')
            snprintf(esc, sizeof esc, "\\r");
        else if (c == 0 || c < 32 || c == 127)
            snprintf(esc, sizeof esc, digit_next ? "\\%03u" : "\\%u", c);
        else {
            put(buf, cap, at, (char)c);
            continue;
        }
        for (char *e = esc; *e; e++)
            put(buf, cap, at, *e);
    }
    put(buf, cap, at, '"');
}

/* show: writes how v appears after "got " into buf. */
static void show(char *buf, size_t cap, const struct prop_value *v)
{
    size_t at;
    int n;

    if (cap == 0)
        return;
    switch (v->kind) {
    case PROP_KIND_INTEGER:
    case PROP_KIND_FLOAT:
    case PROP_KIND_BOOLEAN:
        snprintf(buf, cap, "%s %s", v->type_name, v->text);
        return;
    case PROP_KIND_STRING:
        n = snprintf(buf, cap, "string ");
        at = n < 0 ? 0 : (size_t)n < cap ? (size_t)n : cap - 1;
        quote(buf, cap, &at, v->text, v->len);
        buf[at] = '\0';
        return;
    default:
        snprintf(buf, cap, "%s", v->type_name);
        return;
    }
}

int prop_validate(const struct prop_spec *spec, const struct prop_value *v, char *msg, size_t cap)
{
    char shown[256];

    if (v->kind == PROP_KIND_NIL && spec->optional)
        return 0;
    if (v->kind == PROP_KIND_NIL || !fits(spec->type, v->kind)) {
        show(shown, sizeof shown, v);
        snprintf(msg, cap, "%s: %s expected, got %s", spec->name, prop_type_name(spec->type), shown);
        return -1;
    }
    if (spec->type != PROP_NUMBER && spec->type != PROP_INTEGER)
        return 0;
    /* Written as "not >=" so that NaN, for which every comparison is
     * false, is refused: "v < min" would let it through. */
    if (spec->has_min && !(v->number >= spec->min)) {
        snprintf(msg, cap, "%s: %s is below the minimum %s", spec->name, v->text, spec->min_text);
        return -1;
    }
    if (spec->has_max && !(v->number <= spec->max)) {
        snprintf(msg, cap, "%s: %s is above the maximum %s", spec->name, v->text, spec->max_text);
        return -1;
    }
    return 0;
}

int prop_spec_check(const struct prop_spec *spec, char *msg, size_t cap)
{
    if (spec->has_min && spec->has_max && spec->min > spec->max) {
        snprintf(msg, cap, "min %s is above max %s", spec->min_text, spec->max_text);
        return -1;
    }
    return 0;
}

const struct prop_spec *prop_lookup(const struct prop_spec *specs, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(specs[i].name, name) == 0)
            return &specs[i];
    return NULL;
}

/* ------------------------------------------------------------------------
 * Part 2: the Lua binding.
 *
 * validated.class(specs) builds, once per class:
 *   - a userdata `struct klass`, the installed specs (GObjectClass's
 *     property table), with two user values: a table keeping the names and
 *     bound texts alive, and a table of defaults by name;
 *   - `stores`, a weak-keyed table: instance -> its private store of
 *     values (GObject keeps them in the instance's private struct);
 *   - the class table (new, plus whatever methods the learner adds) and
 *     the instances' metatable, whose __index/__newindex are C closures
 *     over (klass, class, stores).
 * An instance is an empty table forever: every read and write of an
 * attribute misses it and goes through the metamethods, so every write is
 * checked. The garbage collector owns everything; messages are built in
 * fixed buffers, then pushed, so raising an error leaks nothing.
 * ------------------------------------------------------------------------ */

enum { UP_KLASS = 1, UP_CLASS, UP_STORES, UP_MT };
enum { UV_KEEP = 1, UV_DEFAULTS };

struct klass {
    size_t n;
    struct prop_spec specs[];
};

/* value_at: fills *v from the Lua value at idx (absolute). Pushes one
 * string (the text of numbers and booleans) that must stay on the stack
 * while *v is used. [-0, +1, m] */
static void value_at(lua_State *L, int idx, struct prop_value *v)
{
    int is_int = 0;

    v->type_name = luaL_typename(L, idx);
    v->number = 0;
    switch (lua_type(L, idx)) {
    case LUA_TNIL:
    case LUA_TNONE:
        v->kind = PROP_KIND_NIL;
        break;
    case LUA_TBOOLEAN:
        v->kind = PROP_KIND_BOOLEAN;
        break;
    case LUA_TNUMBER:
        lua_tointegerx(L, idx, &is_int); /* 3 and 3.0: yes; 3.5, inf, nan: no */
        v->kind = is_int ? PROP_KIND_INTEGER : PROP_KIND_FLOAT;
        v->number = lua_tonumber(L, idx);
        break;
    case LUA_TSTRING:
        v->kind = PROP_KIND_STRING;
        break;
    case LUA_TTABLE:
        v->kind = PROP_KIND_TABLE;
        break;
    case LUA_TFUNCTION:
        v->kind = PROP_KIND_FUNCTION;
        break;
    default:
        v->kind = PROP_KIND_OTHER;
        break;
    }
    if (v->kind == PROP_KIND_STRING) {
        lua_pushvalue(L, idx);
        v->text = lua_tolstring(L, -1, &v->len);
    } else {
        v->text = luaL_tolstring(L, idx, &v->len);
    }
}

/* raise: raises msg with the position of the Lua code that made the
 * assignment (level 2, as error(msg, 2) does). */
static int raise(lua_State *L, const char *msg)
{
    luaL_where(L, 2);
    lua_pushstring(L, msg);
    lua_concat(L, 2);
    return lua_error(L);
}

/* check_value: raises the kata's message unless the value at idx fits. */
static void check_value(lua_State *L, const struct prop_spec *spec, int idx)
{
    struct prop_value v;
    char msg[512];

    value_at(L, idx, &v);
    if (prop_validate(spec, &v, msg, sizeof msg) != 0)
        raise(L, msg);
    lua_pop(L, 1);
}

/* find: the spec for the key at idx, or raises "unknown attribute". */
static const struct prop_spec *find(lua_State *L, const struct klass *k, int idx, bool raise_it)
{
    const struct prop_spec *spec = NULL;
    char msg[512];

    if (lua_type(L, idx) == LUA_TSTRING)
        spec = prop_lookup(k->specs, k->n, lua_tostring(L, idx));
    if (spec == NULL && raise_it) {
        snprintf(msg, sizeof msg, "unknown attribute '%s'", luaL_tolstring(L, idx, NULL));
        raise(L, msg);
    }
    return spec;
}

/* push_store: pushes the private store of the instance at index 1, or
 * raises for a table that shares the metatable without having been made
 * by new (setmetatable({}, getmetatable(obj))). [-0, +1, e] */
static void push_store(lua_State *L)
{
    lua_pushvalue(L, 1);
    if (lua_rawget(L, lua_upvalueindex(UP_STORES)) != LUA_TTABLE)
        luaL_error(L, "not an instance made by new");
}

/* __index(obj, key): the stored value of an attribute, else a method of
 * the class, else an error. */
static int l_index(lua_State *L)
{
    const struct klass *k = lua_touserdata(L, lua_upvalueindex(UP_KLASS));

    if (find(L, k, 2, false)) {
        push_store(L);
        lua_pushvalue(L, 2);
        lua_rawget(L, -2);
        return 1;
    }
    lua_pushvalue(L, 2);
    if (lua_rawget(L, lua_upvalueindex(UP_CLASS)) != LUA_TNIL)
        return 1;
    find(L, k, 2, true);
    return 0; /* unreachable */
}

/* __newindex(obj, key, value): checks, then stores in obj's store. */
static int l_newindex(lua_State *L)
{
    const struct klass *k = lua_touserdata(L, lua_upvalueindex(UP_KLASS));

    check_value(L, find(L, k, 2, true), 3);
    push_store(L);
    lua_pushvalue(L, 2);
    lua_pushvalue(L, 3);
    lua_rawset(L, -3);
    return 0;
}

/* new([init]) -> instance: every attribute from init, else its default,
 * checked; unknown keys in init are an error. */
static int l_new(lua_State *L)
{
    const struct klass *k = lua_touserdata(L, lua_upvalueindex(UP_KLASS));
    int store;

    lua_settop(L, 1);
    if (lua_isnil(L, 1)) {
        lua_newtable(L);
        lua_replace(L, 1);
    }
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_pushnil(L);
    while (lua_next(L, 1)) {
        lua_pop(L, 1);
        find(L, k, -1, true);
    }
    lua_newtable(L); /* 2: the store */
    store = 2;
    lua_getiuservalue(L, lua_upvalueindex(UP_KLASS), UV_DEFAULTS); /* 3 */
    for (size_t i = 0; i < k->n; i++) {
        if (lua_getfield(L, 1, k->specs[i].name) == LUA_TNIL) {
            lua_pop(L, 1);
            lua_getfield(L, 3, k->specs[i].name);
        }
        check_value(L, &k->specs[i], lua_gettop(L));
        lua_setfield(L, store, k->specs[i].name);
    }
    lua_newtable(L); /* the instance */
    lua_pushvalue(L, lua_upvalueindex(UP_MT));
    lua_setmetatable(L, -2);
    lua_pushvalue(L, -1);
    lua_pushvalue(L, store);
    lua_rawset(L, lua_upvalueindex(UP_STORES));
    return 1;
}

/* bound: reads the optional number field `field` of the spec table at
 * idx into *has, *num and *text (the text kept in keep). */
static void bound(lua_State *L, int idx, const char *field, int keep, bool *has, double *num,
                  const char **text)
{
    *has = false;
    if (lua_getfield(L, idx, field) == LUA_TNUMBER) {
        *has = true;
        *num = lua_tonumber(L, -1);
        *text = luaL_tolstring(L, -1, NULL);
        lua_rawseti(L, keep, (lua_Integer)lua_rawlen(L, keep) + 1);
    }
    lua_pop(L, 1);
}

/* install: fills *spec from the pair (name at -2, spec table at -1),
 * raising "bad spec for 'name': ..." for a bad one. */
static void install(lua_State *L, struct prop_spec *spec, int keep, int defaults)
{
    int name = lua_gettop(L) - 1, tbl = name + 1;
    char msg[512];

    if (lua_type(L, name) != LUA_TSTRING)
        luaL_error(L, "bad spec for '%s': the name must be a string", luaL_tolstring(L, name, NULL));
    lua_pushvalue(L, name);
    spec->name = lua_tostring(L, -1);
    lua_rawseti(L, keep, (lua_Integer)lua_rawlen(L, keep) + 1);
    if (!lua_istable(L, tbl))
        luaL_error(L, "bad spec for '%s': table expected, got %s", spec->name, luaL_typename(L, tbl));
    lua_getfield(L, tbl, "type");
    if (lua_type(L, -1) != LUA_TSTRING || !prop_parse_type(lua_tostring(L, -1), &spec->type))
        luaL_error(L, "bad spec for '%s': unknown type '%s'", spec->name, luaL_tolstring(L, -1, NULL));
    lua_pop(L, 1);
    lua_getfield(L, tbl, "optional");
    spec->optional = lua_toboolean(L, -1);
    lua_pop(L, 1);
    bound(L, tbl, "min", keep, &spec->has_min, &spec->min, &spec->min_text);
    bound(L, tbl, "max", keep, &spec->has_max, &spec->max, &spec->max_text);
    if (prop_spec_check(spec, msg, sizeof msg) != 0)
        luaL_error(L, "bad spec for '%s': %s", spec->name, msg);
    if (lua_getfield(L, tbl, "default") != LUA_TNIL) {
        struct prop_value v;

        value_at(L, lua_gettop(L), &v);
        if (prop_validate(spec, &v, msg, sizeof msg) != 0)
            luaL_error(L, "bad spec for '%s': default %s", spec->name, msg);
        lua_pop(L, 1);
        lua_setfield(L, defaults, spec->name);
    } else {
        lua_pop(L, 1);
    }
}

/* validated.class(specs) -> class. Raises "bad spec for ..." for a bad
 * spec, now rather than at the first assignment. */
static int l_class(lua_State *L)
{
    struct klass *k;
    size_t n = 0;

    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 1);
    lua_pushnil(L);
    while (lua_next(L, 1)) {
        lua_pop(L, 1);
        n++;
    }
    k = lua_newuserdatauv(L, sizeof *k + n * sizeof k->specs[0], 2); /* 2 */
    k->n = 0;
    lua_newtable(L); /* 3: keep */
    lua_newtable(L); /* 4: defaults */
    lua_pushnil(L);
    while (lua_next(L, 1)) {
        if (k->n < n)
            install(L, &k->specs[k->n++], 3, 4);
        lua_pop(L, 1);
    }
    lua_setiuservalue(L, 2, UV_DEFAULTS);
    lua_setiuservalue(L, 2, UV_KEEP);
    lua_newtable(L); /* 3: the class */
    lua_newtable(L); /* 4: stores, weak keys */
    lua_newtable(L);
    lua_pushliteral(L, "k");
    lua_setfield(L, -2, "__mode");
    lua_setmetatable(L, 4);
    lua_newtable(L); /* 5: the instances' metatable */
    lua_pushvalue(L, 2);
    lua_pushvalue(L, 3);
    lua_pushvalue(L, 4);
    lua_pushcclosure(L, l_index, 3);
    lua_setfield(L, 5, "__index");
    lua_pushvalue(L, 2);
    lua_pushvalue(L, 3);
    lua_pushvalue(L, 4);
    lua_pushcclosure(L, l_newindex, 3);
    lua_setfield(L, 5, "__newindex");
    for (int i = 2; i <= 5; i++)
        lua_pushvalue(L, i);
    lua_pushcclosure(L, l_new, 4); /* over klass, class, stores, mt */
    lua_setfield(L, 3, "new");
    lua_pushvalue(L, 3);
    return 1;
}

/* luaopen_validated_attribute: the module, { class = ... }, loaded under
 * the name the manifest gives ("validated"). */
int luaopen_validated_attribute(lua_State *L)
{
    lua_newtable(L);
    lua_pushcfunction(L, l_class);
    lua_setfield(L, -2, "class");
    return 1;
}
