/* reference.c: the `read-only-and-computed` kata: Rectangle.new(w, h)
 * makes rectangles with stored, checked properties (width, height), a
 * read-only one (id) and computed read-only ones (area, perimeter,
 * is_square) that are worked out on every read and never stored.
 * Idiom (part 1, no Lua; tests/test_read_only_and_computed.c): GObject's
 * property machinery by hand: a static table of property specs with
 * READABLE/WRITABLE flags (g_object_class_install_property, GParamFlags),
 * and one get_property and one set_property that switch on the property
 * id, as a GObject class's vfuncs do; a computed property is a case of
 * get_property with no field behind it, and a read-only one has no
 * WRITABLE flag, so set_property refuses it before the switch. GObject
 * Reference Manual, "Object properties":
 * https://docs.gtk.org/gobject/concepts.html#object-properties
 * Binding (luaopen_read_only_and_computed): instances are empty tables;
 * __index/__newindex C closures find the spec by name and call the
 * accessors on a struct rect kept in a weak-keyed table of private stores. */

#include "reference.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

/* ------------------------------------------------------------------------
 * Part 1: the core.
 * ------------------------------------------------------------------------ */

const struct rect_pspec rect_properties[] = {
    {"id", RECT_PROP_ID, RECT_READABLE},
    {"width", RECT_PROP_WIDTH, RECT_READABLE | RECT_WRITABLE},
    {"height", RECT_PROP_HEIGHT, RECT_READABLE | RECT_WRITABLE},
    {"area", RECT_PROP_AREA, RECT_READABLE},
    {"perimeter", RECT_PROP_PERIMETER, RECT_READABLE},
    {"is_square", RECT_PROP_IS_SQUARE, RECT_READABLE},
};

const size_t rect_n_properties = sizeof rect_properties / sizeof rect_properties[0];

const struct rect_pspec *rect_find_property(const char *name)
{
    for (size_t i = 0; i < rect_n_properties; i++)
        if (strcmp(rect_properties[i].name, name) == 0)
            return &rect_properties[i];
    return NULL;
}

struct rect_value rect_get_property(const struct rect *r, enum rect_prop_id id)
{
    struct rect_value v = {RECT_NUMBER, 0, 0, false};

    switch (id) {
    case RECT_PROP_ID:
        v.kind = RECT_INTEGER;
        v.integer = r->id;
        break;
    case RECT_PROP_WIDTH:
        v.number = r->width;
        break;
    case RECT_PROP_HEIGHT:
        v.number = r->height;
        break;
    case RECT_PROP_AREA: /* computed: no field, so it can never be stale */
        v.number = r->width * r->height;
        break;
    case RECT_PROP_PERIMETER:
        v.number = 2 * (r->width + r->height);
        break;
    case RECT_PROP_IS_SQUARE:
        v.kind = RECT_BOOLEAN;
        v.boolean = r->width == r->height;
        break;
    default:
        v.kind = RECT_INTEGER;
        break;
    }
    return v;
}

/* positive: is v a positive, finite number? "not > 0" refuses NaN. */
static bool positive(const struct rect_arg *v)
{
    return v->is_number && v->number > 0 && !isinf(v->number);
}

int rect_set_property(struct rect *r, const struct rect_pspec *pspec, const struct rect_arg *v,
                      char *msg, size_t cap)
{
    if (!(pspec->flags & RECT_WRITABLE)) {
        snprintf(msg, cap, "'%s' is read-only", pspec->name);
        return -1;
    }
    if (!positive(v)) {
        snprintf(msg, cap, "%s: positive number expected, got %s", pspec->name, v->shown);
        return -1;
    }
    switch (pspec->id) {
    case RECT_PROP_WIDTH:
        r->width = v->number;
        break;
    case RECT_PROP_HEIGHT:
        r->height = v->number;
        break;
    default: /* no other property is writable */
        snprintf(msg, cap, "'%s' is read-only", pspec->name);
        return -1;
    }
    return 0;
}

int rect_init(struct rect *r, long long id, const struct rect_arg *width,
              const struct rect_arg *height, char *msg, size_t cap)
{
    r->id = id;
    if (rect_set_property(r, rect_find_property("width"), width, msg, cap) != 0 ||
        rect_set_property(r, rect_find_property("height"), height, msg, cap) != 0)
        return -1;
    return 0;
}

/* ------------------------------------------------------------------------
 * Part 2: the Lua binding.
 *
 * The module is the class: { new = ..., scale = ... }. An instance is an
 * empty table with a shared metatable; its struct rect is a userdata in
 * `stores` (weak keys: instance -> userdata), so the instance table never
 * holds a property and every access goes through __index/__newindex. The
 * next id is a lua_Integer in a userdata, an upvalue of new: one counter
 * per loaded module, as a Lua solution's `local next_id` is.
 * ------------------------------------------------------------------------ */

enum { UP_STORES = 1, UP_CLASS, UP_MT, UP_NEXT_ID };

/* arg_at: fills *a from the value at idx; pushes the `shown` string,
 * which must stay on the stack while *a is used. Strings are shown as
 * string.format("%q") shows them, through the string library that every
 * string's metatable points at. [-0, +1, e] */
static void arg_at(lua_State *L, int idx, struct rect_arg *a)
{
    idx = lua_absindex(L, idx);
    a->is_number = lua_type(L, idx) == LUA_TNUMBER;
    a->number = a->is_number ? lua_tonumber(L, idx) : 0;
    switch (lua_type(L, idx)) {
    case LUA_TNUMBER:
    case LUA_TBOOLEAN:
        lua_pushfstring(L, "%s %s", luaL_typename(L, idx), luaL_tolstring(L, idx, NULL));
        lua_remove(L, -2);
        break;
    case LUA_TSTRING: {
        int top = lua_gettop(L);

        if (luaL_getmetafield(L, idx, "__index") == LUA_TTABLE &&
            lua_getfield(L, -1, "format") == LUA_TFUNCTION) {
            lua_pushliteral(L, "string %q");
            lua_pushvalue(L, idx);
            lua_call(L, 2, 1);
            lua_remove(L, -2); /* the string library */
            break;
        }
        lua_settop(L, top); /* no string library behind strings: plain */
        lua_pushfstring(L, "string \"%s\"", lua_tostring(L, idx));
        break;
    }
    default:
        lua_pushstring(L, luaL_typename(L, idx));
        break;
    }
    a->shown = lua_tostring(L, -1);
}

/* raise: raises msg with the position of the Lua code that caused it. */
static int raise(lua_State *L, const char *msg)
{
    luaL_where(L, 2);
    lua_pushstring(L, msg);
    lua_concat(L, 2);
    return lua_error(L);
}

static int unknown(lua_State *L, int key)
{
    char msg[300];

    snprintf(msg, sizeof msg, "unknown attribute '%s'", luaL_tolstring(L, key, NULL));
    return raise(L, msg);
}

static const struct rect_pspec *pspec_at(lua_State *L, int idx)
{
    return lua_type(L, idx) == LUA_TSTRING ? rect_find_property(lua_tostring(L, idx)) : NULL;
}

/* store_of: the struct rect of the instance at index 1. */
static struct rect *store_of(lua_State *L)
{
    struct rect *r;

    lua_pushvalue(L, 1);
    lua_rawget(L, lua_upvalueindex(UP_STORES));
    r = lua_touserdata(L, -1);
    lua_pop(L, 1); /* stores keeps it alive as long as the instance lives */
    if (r == NULL)
        luaL_error(L, "not a rectangle made by Rectangle.new");
    return r;
}

/* __index(obj, key): a property's value, else a method, else an error. */
static int l_index(lua_State *L)
{
    const struct rect_pspec *p = pspec_at(L, 2);
    struct rect_value v;

    if (p == NULL) {
        lua_pushvalue(L, 2);
        if (lua_rawget(L, lua_upvalueindex(UP_CLASS)) != LUA_TNIL)
            return 1;
        return unknown(L, 2);
    }
    v = rect_get_property(store_of(L), p->id);
    if (v.kind == RECT_INTEGER)
        lua_pushinteger(L, (lua_Integer)v.integer);
    else if (v.kind == RECT_BOOLEAN)
        lua_pushboolean(L, v.boolean);
    else
        lua_pushnumber(L, v.number);
    return 1;
}

/* __newindex(obj, key, value): set_property, or its message. */
static int l_newindex(lua_State *L)
{
    const struct rect_pspec *p = pspec_at(L, 2);
    struct rect_arg a;
    char msg[512];

    if (p == NULL)
        return unknown(L, 2);
    arg_at(L, 3, &a);
    if (rect_set_property(store_of(L), p, &a, msg, sizeof msg) != 0)
        return raise(L, msg);
    return 0;
}

/* Rectangle.new(width, height) -> instance, with the next id. */
static int l_new(lua_State *L)
{
    lua_Integer *next_id = lua_touserdata(L, lua_upvalueindex(UP_NEXT_ID));
    struct rect *r;
    struct rect_arg w, h;
    char msg[512];

    lua_settop(L, 2);
    arg_at(L, 1, &w);
    arg_at(L, 2, &h);
    lua_newtable(L); /* the instance */
    r = lua_newuserdatauv(L, sizeof *r, 0);
    if (rect_init(r, (long long)*next_id, &w, &h, msg, sizeof msg) != 0)
        return raise(L, msg); /* before the id is used up */
    (*next_id)++;
    lua_pushvalue(L, -2);
    lua_insert(L, -2);
    lua_rawset(L, lua_upvalueindex(UP_STORES)); /* stores[obj] = r */
    lua_pushvalue(L, lua_upvalueindex(UP_MT));
    lua_setmetatable(L, -2);
    return 1;
}

/* r:scale(k) -> r: width and height times k, through the properties (so
 * a bad k is refused by the width's check, and nothing changes). */
static int l_scale(lua_State *L)
{
    lua_settop(L, 2);
    lua_getfield(L, 1, "width");
    lua_pushvalue(L, 2);
    lua_arith(L, LUA_OPMUL);
    lua_getfield(L, 1, "height");
    lua_pushvalue(L, 2);
    lua_arith(L, LUA_OPMUL); /* 3: width * k, 4: height * k */
    lua_pushvalue(L, 3);
    lua_setfield(L, 1, "width");
    lua_pushvalue(L, 4);
    lua_setfield(L, 1, "height");
    lua_settop(L, 1);
    return 1;
}

/* luaopen_read_only_and_computed: the module, the class Rectangle, loaded
 * under the name the manifest gives ("rectangle"). */
int luaopen_read_only_and_computed(lua_State *L)
{
    lua_Integer *next_id;

    lua_settop(L, 0); /* drop require's arguments */
    lua_newtable(L);  /* 1: the class */
    lua_newtable(L); /* 2: stores, weak keys */
    lua_newtable(L);
    lua_pushliteral(L, "k");
    lua_setfield(L, -2, "__mode");
    lua_setmetatable(L, 2);
    lua_newtable(L); /* 3: the instances' metatable */
    lua_pushvalue(L, 2);
    lua_pushvalue(L, 1);
    lua_pushcclosure(L, l_index, 2);
    lua_setfield(L, 3, "__index");
    lua_pushvalue(L, 2);
    lua_pushcclosure(L, l_newindex, 1);
    lua_setfield(L, 3, "__newindex");
    lua_pushvalue(L, 2);
    lua_pushvalue(L, 1);
    lua_pushvalue(L, 3);
    next_id = lua_newuserdatauv(L, sizeof *next_id, 0);
    *next_id = 1;
    lua_pushcclosure(L, l_new, 4);
    lua_setfield(L, 1, "new");
    lua_pushcfunction(L, l_scale);
    lua_setfield(L, 1, "scale");
    lua_settop(L, 1);
    return 1;
}
