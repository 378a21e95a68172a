/* sandbox.c: Lua states with a memory cap, and the solution environment:
 * safe library copies, captured print, text-only load and a require confined
 * to the solution's folder. Depends on Lua 5.4, interrupt.h, pretty.h, util.h. */
#include "sandbox.h"

#include <lauxlib.h>
#include <lualib.h>
#include <stdlib.h>
#include <string.h>

#include "async.h"
#include "http.h"
#include "interrupt.h"
#include "panic.h"
#include "pretty.h"
#include "util.h"

/* Per-state bookkeeping, the allocator's `ud`. */
struct sandbox_info {
    size_t used;      /* bytes held by the state */
    size_t peak;      /* most bytes held since the last peak reset */
    size_t limit;     /* cap in bytes, 0 = none */
    int memory_hit;   /* an allocation was refused */
    int syntax_hit;   /* a solution module failed to compile */
    struct sbuf out;  /* captured print output */
    size_t out_limit; /* cap in bytes, 0 = none */
    int out_overflow; /* print hit the cap */
};

/* sandbox_alloc: lua_Alloc that refuses to grow past info->limit. */
static void *sandbox_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    struct sandbox_info *info = ud;
    size_t old = ptr ? osize : 0;
    void *p;
    if (nsize == 0) {
        free(ptr);
        info->used -= old;
        return NULL;
    }
    if (info->limit && nsize > old && info->used - old + nsize > info->limit) {
        info->memory_hit = 1;
        return NULL;
    }
    p = realloc(ptr, nsize);
    if (p == NULL) {
        info->memory_hit = 1;
        return NULL;
    }
    info->used = info->used - old + nsize;
    if (info->used > info->peak)
        info->peak = info->used;
    return p;
}

static struct sandbox_info *info_of(lua_State *L)
{
    void *ud = NULL;
    lua_getallocf(L, &ud);
    return ud;
}

lua_State *sandbox_new(size_t memory_limit)
{
    struct sandbox_info *info = calloc(1, sizeof *info);
    lua_State *L;
    if (info == NULL)
        return NULL;
    info->out_limit = 1 << 20;
    L = lua_newstate(sandbox_alloc, info);
    if (L == NULL) {
        free(info);
        return NULL;
    }
    lua_atpanic(L, panic_handler); /* an unprotected error reports, never aborts */
    luaL_openlibs(L);
    luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);
    lua_pushcfunction(L, luaopen_dojo_pretty);
    lua_setfield(L, -2, "dojo.pretty");
    lua_pushcfunction(L, luaopen_dojo_async);
    lua_setfield(L, -2, "async");
    lua_pushcfunction(L, luaopen_dojo_http);
    lua_setfield(L, -2, "http");
    lua_pop(L, 1);
    lua_getglobal(L, "coroutine");
    interrupt_install(L, -1);
    lua_pop(L, 1);
    info->limit = memory_limit;
    return L;
}

void sandbox_close(lua_State *L)
{
    struct sandbox_info *info;
    if (L == NULL)
        return;
    info = info_of(L);
    interrupt_forget(L);
    lua_close(L);
    sbuf_free(&info->out);
    free(info);
}

void sandbox_set_memory_limit(lua_State *L, size_t memory_limit)
{
    info_of(L)->limit = memory_limit;
}

size_t sandbox_memory_used(lua_State *L)
{
    return info_of(L)->used;
}

size_t sandbox_memory_peak(lua_State *L, int reset)
{
    struct sandbox_info *info = info_of(L);
    size_t peak = info->peak;
    if (reset)
        info->peak = info->used;
    return peak;
}

int sandbox_memory_hit(lua_State *L)
{
    struct sandbox_info *info = info_of(L);
    int hit = info->memory_hit;
    info->memory_hit = 0;
    return hit;
}

int sandbox_syntax_hit(lua_State *L)
{
    struct sandbox_info *info = info_of(L);
    int hit = info->syntax_hit;
    info->syntax_hit = 0;
    return hit;
}

void sandbox_set_output_limit(lua_State *L, size_t bytes)
{
    info_of(L)->out_limit = bytes;
}

void sandbox_take_output(lua_State *L)
{
    struct sandbox_info *info = info_of(L);
    lua_pushlstring(L, sbuf_cstr(&info->out), info->out.len);
    sbuf_free(&info->out);
    info->out_overflow = 0;
}

int sandbox_output_overflowed(lua_State *L)
{
    return info_of(L)->out_overflow;
}

/* capture_add: appends to the capture buffer; raises past the cap. */
static void capture_add(lua_State *L, struct sandbox_info *info, const char *s, size_t n)
{
    if (info->out_overflow || (info->out_limit && info->out.len + n > info->out_limit)) {
        info->out_overflow = 1;
        luaL_error(L, "output limit exceeded (%d KiB)", (int)(info->out_limit / 1024));
    }
    if (sbuf_add(&info->out, s, n) != 0)
        luaL_error(L, "not enough memory");
}

/* sandbox_print: print(...) into the capture buffer, like luaB_print. */
static int sandbox_print(lua_State *L)
{
    struct sandbox_info *info = info_of(L);
    int n = lua_gettop(L);
    for (int i = 1; i <= n; i++) {
        size_t len;
        const char *s = luaL_tolstring(L, i, &len);
        if (i > 1)
            capture_add(L, info, "\t", 1);
        capture_add(L, info, s, len);
        lua_pop(L, 1);
    }
    capture_add(L, info, "\n", 1);
    return 0;
}

/* sandbox_load: load(chunk [, name [, mode [, env]]]) in text mode only;
 * env defaults to the solution environment (upvalue 1). */
static int sandbox_load(lua_State *L)
{
    int nargs = lua_gettop(L);
    lua_getglobal(L, "load");
    lua_pushvalue(L, 1);
    if (nargs >= 2)
        lua_pushvalue(L, 2);
    else
        lua_pushnil(L);
    lua_pushliteral(L, "t");
    if (nargs >= 4)
        lua_pushvalue(L, 4);
    else
        lua_pushvalue(L, lua_upvalueindex(1));
    lua_call(L, 4, 2);
    return 2;
}

/* copy_table: [-0, +1, m] a shallow copy of the table global `name`,
 * leaving out the keys in `skip` (NULL-terminated, may be NULL). */
static void copy_table(lua_State *L, const char *name, const char *const *skip)
{
    lua_newtable(L);
    lua_getglobal(L, name);
    lua_pushnil(L);
    while (lua_next(L, -2)) {
        int drop = 0;
        if (skip && lua_type(L, -2) == LUA_TSTRING)
            for (const char *const *k = skip; *k; k++)
                drop |= strcmp(lua_tostring(L, -2), *k) == 0;
        if (drop) {
            lua_pop(L, 1);
            continue;
        }
        lua_pushvalue(L, -2);
        lua_insert(L, -2);
        lua_rawset(L, -5);
    }
    lua_pop(L, 1);
}

/* copy_fields: [-0, +0, m] copies the listed fields of global table `name`
 * into a new subtable `name` of the table at `env`. */
static void copy_fields(lua_State *L, int env, const char *name, const char *const *keep)
{
    lua_newtable(L);
    lua_getglobal(L, name);
    for (const char *const *k = keep; *k; k++) {
        lua_getfield(L, -1, *k);
        lua_setfield(L, -3, *k);
    }
    lua_pop(L, 1);
    lua_setfield(L, env, name);
}

/* valid_module_name: letters, digits, '_', '-' and single dots only. */
static int valid_module_name(const char *s)
{
    if (*s == '\0' || *s == '.')
        return 0;
    for (const char *p = s; *p; p++) {
        int ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                 (*p >= '0' && *p <= '9') || *p == '_' || *p == '-' || *p == '.';
        if (!ok || (*p == '.' && (p[1] == '.' || p[1] == '\0')))
            return 0;
    }
    return 1;
}

/* load_module_file: [-0, +1, e] compiles `path` as text with _ENV = env
 * (upvalue 1) and calls it with (name, path); pushes its result. */
static void load_module_file(lua_State *L, const char *name, const char *path)
{
    int st = luaL_loadfilex(L, path, "t");
    if (st != LUA_OK) {
        if (st == LUA_ERRSYNTAX)
            info_of(L)->syntax_hit = 1;
        lua_error(L);
    }
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_setupvalue(L, -2, 1);
    lua_pushstring(L, name);
    lua_pushstring(L, path);
    lua_call(L, 2, 1);
}

/* find_module: [-0, +1, m] pushes the path of module `name` in the solution
 * folder (upvalue 3), or nil when it has none. */
static void find_module(lua_State *L, const char *name)
{
    char rel[512], path[4096];
    const char *dir = lua_tostring(L, lua_upvalueindex(3));
    size_t i;
    if (dir == NULL || !valid_module_name(name) || strlen(name) + 5 > sizeof rel) {
        lua_pushnil(L);
        return;
    }
    for (i = 0; name[i]; i++)
        rel[i] = name[i] == '.' ? '/' : name[i];
    memcpy(rel + i, ".lua", 5);
    if (util_path_join(path, sizeof path, dir, rel) == 0 && util_is_file(path))
        lua_pushstring(L, path);
    else
        lua_pushnil(L);
}

/* host_module: [-0, +1, e] a copy of the fields of host module `name`
 * (loaded once, through package.preload, into the host's package.loaded):
 * the solution shares its state (one event loop) but can't rewrite the
 * table the spec uses. */
static void host_module(lua_State *L, const char *name)
{
    luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
    lua_getfield(L, -1, name);
    lua_remove(L, -2);
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);
        lua_getfield(L, -1, name);
        lua_remove(L, -2);
        lua_pushstring(L, name);
        lua_call(L, 1, 1);
        luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
        lua_pushvalue(L, -2);
        lua_setfield(L, -2, name);
        lua_pop(L, 1);
    }
    lua_newtable(L);
    lua_pushnil(L);
    while (lua_next(L, -3)) {
        lua_pushvalue(L, -2);
        lua_insert(L, -2);
        lua_rawset(L, -4);
    }
    lua_remove(L, -2);
}

/* solution_require: require(name [, probe]) for solution code. Upvalues:
 * 1 env, 2 loaded cache, 3 folder, 4 module name, 5 module file, 6 module
 * opener. With `probe` true, returns nothing instead of raising when the
 * module is not the solution's. */
static int solution_require(lua_State *L)
{
    const char *name = luaL_checkstring(L, 1);
    int probe = lua_toboolean(L, 2);
    static const char *const libs[] = {"string", "table", "math", "utf8", "coroutine", "os", NULL};
    lua_settop(L, 1);
    if (lua_getfield(L, lua_upvalueindex(2), name) != LUA_TNIL)
        return 1;
    lua_pop(L, 1);
    for (const char *const *k = libs; *k; k++)
        if (strcmp(name, *k) == 0) {
            lua_getfield(L, lua_upvalueindex(1), name);
            return 1;
        }

    if (lua_isstring(L, lua_upvalueindex(4)) &&
        strcmp(name, lua_tostring(L, lua_upvalueindex(4))) == 0 &&
        !lua_isnil(L, lua_upvalueindex(6))) {
        lua_pushvalue(L, lua_upvalueindex(6));
        lua_pushstring(L, name);
        lua_call(L, 1, 1);
    } else if (lua_isstring(L, lua_upvalueindex(4)) &&
               strcmp(name, lua_tostring(L, lua_upvalueindex(4))) == 0 &&
               lua_isstring(L, lua_upvalueindex(5))) {
        load_module_file(L, name, lua_tostring(L, lua_upvalueindex(5)));
    } else {
        find_module(L, name);
        if (lua_isstring(L, -1) && (util_ends_with(lua_tostring(L, -1), "_spec.lua") ||
                                    util_ends_with(lua_tostring(L, -1), "/spec.lua")))
            return luaL_error(L, "module '%s' is a spec: a solution can't load it", name);
        if (lua_isnil(L, -1) && (strcmp(name, "async") == 0 || strcmp(name, "http") == 0)) {
            /* dojo's own modules, unless the folder has a file of that name */
            lua_pop(L, 1);
            host_module(L, name);
            lua_pushvalue(L, -1);
            lua_setfield(L, lua_upvalueindex(2), name);
            return 1;
        }
        if (lua_isnil(L, -1)) {
            if (probe)
                return 0;
            return luaL_error(L, "module '%s' not found in the solution folder", name);
        }
        load_module_file(L, name, lua_tostring(L, -1));
    }
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        lua_pushboolean(L, 1);
    }
    lua_pushvalue(L, -1);
    lua_setfield(L, lua_upvalueindex(2), name);
    return 1;
}

static const char *const base_names[] = {
    "assert", "error", "getmetatable", "ipairs", "next", "pairs", "pcall", "rawequal",
    "rawget", "rawlen", "rawset", "select", "setmetatable", "tonumber", "tostring", "type",
    "xpcall", "collectgarbage", "_VERSION", NULL};
static const char *const os_names[] = {"clock", "time", "date", "difftime", NULL};
static const char *const string_skip[] = {"dump", NULL};

/* protect_string_metatable: getmetatable("") returns a stand-in whose
 * __index is the solution's own string copy, never the real table. */
static void protect_string_metatable(lua_State *L, int env)
{
    lua_pushliteral(L, "");
    if (!lua_getmetatable(L, -1)) {
        lua_pop(L, 1);
        return;
    }
    if (lua_getfield(L, -1, "__metatable") == LUA_TNIL) {
        lua_newtable(L);
        lua_getfield(L, env, "string");
        lua_setfield(L, -2, "__index");
        lua_setfield(L, -3, "__metatable");
    }
    lua_pop(L, 3);
}

void sandbox_push_solution_env(lua_State *L, const char *dir, const char *module,
                               const char *module_file, lua_CFunction module_open)
{
    int env;
    lua_newtable(L);
    env = lua_gettop(L);
    for (const char *const *k = base_names; *k; k++) {
        lua_getglobal(L, *k);
        lua_setfield(L, env, *k);
    }
    copy_table(L, "string", string_skip);
    lua_setfield(L, env, "string");
    copy_table(L, "table", NULL);
    lua_setfield(L, env, "table");
    copy_table(L, "math", NULL);
    lua_setfield(L, env, "math");
    copy_table(L, "utf8", NULL);
    lua_setfield(L, env, "utf8");
    copy_table(L, "coroutine", NULL);
    lua_setfield(L, env, "coroutine");
    copy_fields(L, env, "os", os_names);
    lua_pushcfunction(L, sandbox_print);
    lua_setfield(L, env, "print");
    lua_pushvalue(L, env);
    lua_pushcclosure(L, sandbox_load, 1);
    lua_setfield(L, env, "load");
    lua_pushvalue(L, env);
    lua_setfield(L, env, "_G");
    lua_pushvalue(L, env);
    lua_newtable(L);
    dir ? (void)lua_pushstring(L, dir) : lua_pushnil(L);
    module ? (void)lua_pushstring(L, module) : lua_pushnil(L);
    module_file ? (void)lua_pushstring(L, module_file) : lua_pushnil(L);
    module_open ? lua_pushcfunction(L, module_open) : lua_pushnil(L);
    lua_pushcclosure(L, solution_require, 6);
    lua_setfield(L, env, "require");
    protect_string_metatable(L, env);
}

void sandbox_solution_require(lua_State *L)
{
    lua_getfield(L, -1, "require");
    lua_remove(L, -2);
}
