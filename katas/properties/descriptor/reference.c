/* reference.c: the `descriptor` kata: descriptor.positive() and
 * descriptor.typed(t) make reusable descriptor objects, and
 * descriptor.class(fields) makes classes whose attributes call them: one
 * descriptor serves several attributes of several classes, and each
 * instance keeps its own value under the private key "_" .. name.
 * Idiom (part 1, no Lua; tests/test_descriptor.c): the descriptor as a
 * class-level object with a static const table of operations (a vtable,
 * as the Linux kernel's file_operations; GObject's GParamSpec is such a
 * class-level object, owned by the class and shared by its instances,
 * g_object_class_install_property). It holds settings, never an
 * instance's data. Python's model: the Descriptor HowTo Guide,
 * https://docs.python.org/3/howto/descriptor.html ("Managed attributes":
 * the descriptor on the class, the data in the instance under a private
 * name).
 * Binding (luaopen_descriptor): a descriptor is a userdata holding a
 * struct descriptor, with get/set methods; classes' __index/__newindex C
 * closures call it directly, or call get/set on any other object that has
 * them (the protocol). */

#include "reference.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

/* ------------------------------------------------------------------------
 * Part 1: the core.
 * ------------------------------------------------------------------------ */

static const char *positive_expects(const struct descriptor *d)
{
    (void)d;
    return "positive number";
}

/* "not > 0" refuses NaN as well as zero and negatives. */
static bool positive_accepts(const struct descriptor *d, const struct desc_value *v)
{
    (void)d;
    return v->is_number && v->number > 0 && !isinf(v->number);
}

static const char *typed_expects(const struct descriptor *d)
{
    return d->type_name;
}

static bool typed_accepts(const struct descriptor *d, const struct desc_value *v)
{
    return strcmp(v->type_name, d->type_name) == 0;
}

const struct descriptor_ops desc_positive_ops = {"positive", positive_expects, positive_accepts};
const struct descriptor_ops desc_typed_ops = {"typed", typed_expects, typed_accepts};

void desc_init_positive(struct descriptor *d)
{
    d->ops = &desc_positive_ops;
    d->type_name[0] = '\0';
}

int desc_init_typed(struct descriptor *d, const char *type_name)
{
    static const char *const names[] = {"nil",   "boolean",  "number", "string",
                                        "table", "function", "thread", "userdata"};

    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(type_name, names[i]) == 0) {
            d->ops = &desc_typed_ops;
            snprintf(d->type_name, sizeof d->type_name, "%s", names[i]);
            return 0;
        }
    return -1;
}

int desc_check(const struct descriptor *d, const char *name, const struct desc_value *v,
               char *msg, size_t cap)
{
    if (d->ops->accepts(d, v))
        return 0;
    snprintf(msg, cap, "%s: %s expected, got %s", name, d->ops->expects(d), v->shown);
    return -1;
}

int desc_private_key(const char *name, char *buf, size_t cap)
{
    int n = snprintf(buf, cap, "_%s", name);

    if (n < 0 || (size_t)n >= cap) {
        if (cap > 0)
            buf[0] = '\0';
        return -1;
    }
    return n;
}

/* ------------------------------------------------------------------------
 * Part 2: the Lua binding.
 *
 * A descriptor is a userdata (metatable DESC_MT) holding a struct
 * descriptor: get(d, obj, name) is rawget(obj, "_" .. name), set checks
 * with desc_check and rawsets. A class is a table: a copy of the fields,
 * plus new. Its instances' metatable has __index/__newindex C closures
 * over the class: a key whose class value is one of our descriptors goes
 * straight to the C accessors; one whose class value is any other object
 * with get and set (a table, say) gets its methods called; any other key
 * is a plain field of the instance (a write) or of the class (a read).
 * The garbage collector owns everything.
 * ------------------------------------------------------------------------ */

#define DESC_MT "dojo.kata.descriptor"

/* value_at: fills *v from the value at idx, pushing the `shown` string
 * (kept on the stack while *v is used). Strings are quoted by the string
 * library's format("%q"), reached through the strings' metatable.
 * [-0, +1, e] */
static void value_at(lua_State *L, int idx, struct desc_value *v)
{
    int top = lua_gettop(L);

    idx = lua_absindex(L, idx);
    v->type_name = luaL_typename(L, idx);
    v->is_number = lua_type(L, idx) == LUA_TNUMBER;
    v->number = v->is_number ? lua_tonumber(L, idx) : 0;
    switch (lua_type(L, idx)) {
    case LUA_TNUMBER:
    case LUA_TBOOLEAN:
        lua_pushfstring(L, "%s %s", v->type_name, luaL_tolstring(L, idx, NULL));
        lua_remove(L, -2);
        break;
    case LUA_TSTRING:
        if (luaL_getmetafield(L, idx, "__index") == LUA_TTABLE &&
            lua_getfield(L, -1, "format") == LUA_TFUNCTION) {
            lua_pushliteral(L, "string %q");
            lua_pushvalue(L, idx);
            lua_call(L, 2, 1);
            lua_remove(L, -2);
            break;
        }
        lua_settop(L, top);
        lua_pushfstring(L, "string \"%s\"", lua_tostring(L, idx));
        break;
    default:
        lua_pushstring(L, v->type_name);
        break;
    }
    v->shown = lua_tostring(L, -1);
}

/* private_key: pushes "_" .. name for the string at idx. [-0, +1, e] */
static void private_key(lua_State *L, int idx)
{
    lua_pushliteral(L, "_");
    lua_pushvalue(L, idx);
    lua_concat(L, 2);
}

/* d:get(obj, name) -> rawget(obj, "_" .. name) */
static int l_get(lua_State *L)
{
    luaL_checkudata(L, 1, DESC_MT);
    luaL_checktype(L, 2, LUA_TTABLE);
    luaL_checkstring(L, 3);
    private_key(L, 3);
    lua_rawget(L, 2);
    return 1;
}

/* d:set(obj, name, value): checks, then rawset(obj, "_" .. name, value).
 * Raises "name: ... expected, got ..." with obj unchanged. */
static int l_set(lua_State *L)
{
    const struct descriptor *d = luaL_checkudata(L, 1, DESC_MT);
    struct desc_value v;
    char msg[512];

    luaL_checktype(L, 2, LUA_TTABLE);
    luaL_checkstring(L, 3);
    lua_settop(L, 4);
    value_at(L, 4, &v);
    if (desc_check(d, lua_tostring(L, 3), &v, msg, sizeof msg) != 0)
        return luaL_error(L, "%s", msg);
    private_key(L, 3);
    lua_pushvalue(L, 4);
    lua_rawset(L, 2);
    return 0;
}

/* new_descriptor: pushes a userdata descriptor. [-0, +1, m] */
static struct descriptor *new_descriptor(lua_State *L)
{
    struct descriptor *d = lua_newuserdatauv(L, sizeof *d, 0);

    luaL_setmetatable(L, DESC_MT);
    return d;
}

static int l_positive(lua_State *L)
{
    desc_init_positive(new_descriptor(L));
    return 1;
}

static int l_typed(lua_State *L)
{
    const char *name = luaL_checkstring(L, 1);
    struct descriptor *d = new_descriptor(L);

    if (desc_init_typed(d, name) != 0)
        return luaL_error(L, "bad argument #1 to 'typed' (unknown type '%s')", name);
    return 1;
}

/* protocol: is the value at idx a descriptor? 1: one of ours; 2: another
 * object whose get and set are functions (a table; the check reads fields
 * with lua_getfield, so a table's own metatable may supply them); 0: no. */
static int protocol(lua_State *L, int idx)
{
    int ok;

    if (luaL_testudata(L, idx, DESC_MT))
        return 1;
    if (!lua_istable(L, idx))
        return 0;
    ok = lua_getfield(L, idx, "get") == LUA_TFUNCTION;
    ok = lua_getfield(L, idx, "set") == LUA_TFUNCTION && ok;
    lua_pop(L, 2);
    return ok ? 2 : 0;
}

/* __index(obj, key): class[key] read through its descriptor, if it is
 * one; else class[key] itself (a method, a class attribute, or nil). */
static int l_index(lua_State *L)
{
    int kind;

    lua_settop(L, 2);
    lua_pushvalue(L, 2);
    lua_rawget(L, lua_upvalueindex(1)); /* 3: class[key] */
    kind = lua_type(L, 2) == LUA_TSTRING ? protocol(L, 3) : 0;
    if (kind == 0)
        return 1;
    if (kind == 1) {
        lua_pushcfunction(L, l_get);
        lua_pushvalue(L, 3);
    } else {
        lua_getfield(L, 3, "get");
        lua_pushvalue(L, 3);
    }
    lua_pushvalue(L, 1);
    lua_pushvalue(L, 2);
    lua_call(L, 3, 1);
    return 1;
}

/* __newindex(obj, key, value): through the descriptor, if class[key] is
 * one; else a plain field of obj. */
static int l_newindex(lua_State *L)
{
    int kind;

    lua_settop(L, 3);
    lua_pushvalue(L, 2);
    lua_rawget(L, lua_upvalueindex(1)); /* 4: class[key] */
    kind = lua_type(L, 2) == LUA_TSTRING ? protocol(L, 4) : 0;
    if (kind == 0) {
        lua_settop(L, 3);
        lua_rawset(L, 1);
        return 0;
    }
    if (kind == 1)
        lua_pushcfunction(L, l_set);
    else
        lua_getfield(L, 4, "set");
    lua_pushvalue(L, 4);
    lua_pushvalue(L, 1);
    lua_pushvalue(L, 2);
    lua_pushvalue(L, 3);
    lua_call(L, 4, 0);
    return 0;
}

/* Class.new([init]) -> instance, every pair of init assigned through the
 * metamethods (so descriptors check them). */
static int l_new(lua_State *L)
{
    lua_settop(L, 1);
    lua_newtable(L); /* 2: the instance */
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_setmetatable(L, 2);
    if (lua_isnil(L, 1))
        return 1;
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_pushnil(L);
    while (lua_next(L, 1)) {
        lua_pushvalue(L, -2);
        lua_insert(L, -2);
        lua_settable(L, 2); /* instance[k] = v, through __newindex */
    }
    return 1;
}

/* descriptor.class([fields]) -> class: a copy of fields, plus new. */
static int l_class(lua_State *L)
{
    lua_settop(L, 1);
    lua_newtable(L); /* 2: the class */
    if (!lua_isnil(L, 1)) {
        luaL_checktype(L, 1, LUA_TTABLE);
        lua_pushnil(L);
        while (lua_next(L, 1)) {
            lua_pushvalue(L, -2);
            lua_insert(L, -2);
            lua_rawset(L, 2);
        }
    }
    lua_newtable(L); /* 3: the instances' metatable */
    lua_pushvalue(L, 2);
    lua_pushcclosure(L, l_index, 1);
    lua_setfield(L, 3, "__index");
    lua_pushvalue(L, 2);
    lua_pushcclosure(L, l_newindex, 1);
    lua_setfield(L, 3, "__newindex");
    lua_pushcclosure(L, l_new, 1); /* over the metatable */
    lua_setfield(L, 2, "new");
    return 1;
}

/* luaopen_descriptor: { positive, typed, class }; registers DESC_MT, whose
 * __index holds get and set. */
int luaopen_descriptor(lua_State *L)
{
    static const luaL_Reg methods[] = {{"get", l_get}, {"set", l_set}, {NULL, NULL}};
    static const luaL_Reg funcs[] = {
        {"positive", l_positive}, {"typed", l_typed}, {"class", l_class}, {NULL, NULL}};

    if (luaL_newmetatable(L, DESC_MT)) {
        luaL_newlib(L, methods);
        lua_setfield(L, -2, "__index");
        lua_pushliteral(L, "descriptor");
        lua_setfield(L, -2, "__name");
    }
    lua_pop(L, 1);
    luaL_newlib(L, funcs);
    return 1;
}
