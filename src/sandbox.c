/* sandbox.c: Lua states with a memory cap, and the sandboxed environments of
 * the solution and the spec: safe library copies, captured print, text-only
 * load, a require confined (by real path) to a folder, the sealed string
 * metatable (the io library and path confinement are in sandboxio.c).
 * Depends on Lua 5.4, interrupt.h, pretty.h, util.h. */
#include "sandbox.h"

#include <lauxlib.h>
#include <limits.h>
#include <lualib.h>
#include <stdlib.h>
#include <string.h>

#include "async.h"
#include "http.h"
#include "interrupt.h"
#include "panic.h"
#include "pretty.h"
#include "sandboxpriv.h"
#include "util.h"

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
    /* Lua leaves the main thread's extra space uninitialised, and every new
     * thread copies it: async_task.c reads it as the task a thread runs. */
    *(void **)lua_getextraspace(L) = NULL;
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
    info = sandbox_info_of(L);
    interrupt_forget(L);
    lua_close(L);
    sbuf_free(&info->out);
    free(info->forbidden);
    free(info);
}

void sandbox_forbid(lua_State *L, const char *spec_path)
{
    struct sandbox_info *info = sandbox_info_of(L);
    char real[PATH_MAX];
    free(info->forbidden);
    info->forbidden = NULL;
    if (spec_path && realpath(spec_path, real) != NULL)
        info->forbidden = util_strdup(real);
}

void sandbox_set_memory_limit(lua_State *L, size_t memory_limit)
{
    sandbox_info_of(L)->limit = memory_limit;
}

size_t sandbox_memory_used(lua_State *L)
{
    return sandbox_info_of(L)->used;
}

size_t sandbox_memory_peak(lua_State *L, int reset)
{
    struct sandbox_info *info = sandbox_info_of(L);
    size_t peak = info->peak;
    if (reset)
        info->peak = info->used;
    return peak;
}

int sandbox_memory_hit(lua_State *L)
{
    struct sandbox_info *info = sandbox_info_of(L);
    int hit = info->memory_hit;
    info->memory_hit = 0;
    return hit;
}

int sandbox_syntax_hit(lua_State *L)
{
    struct sandbox_info *info = sandbox_info_of(L);
    int hit = info->syntax_hit;
    info->syntax_hit = 0;
    return hit;
}

void sandbox_set_output_limit(lua_State *L, size_t bytes)
{
    sandbox_info_of(L)->out_limit = bytes;
}

void sandbox_take_output(lua_State *L)
{
    struct sandbox_info *info = sandbox_info_of(L);
    lua_pushlstring(L, sbuf_cstr(&info->out), info->out.len);
    sbuf_free(&info->out);
    info->out_overflow = 0;
}

int sandbox_output_overflowed(lua_State *L)
{
    return sandbox_info_of(L)->out_overflow;
}

/* sandbox_print: print(...) into the capture buffer, like luaB_print. */
static int sandbox_print(lua_State *L)
{
    struct sandbox_info *info = sandbox_info_of(L);
    int n = lua_gettop(L);
    for (int i = 1; i <= n; i++) {
        size_t len;
        const char *s = luaL_tolstring(L, i, &len);
        if (i > 1)
            sandbox_capture_add(L, info, "\t", 1);
        sandbox_capture_add(L, info, s, len);
        lua_pop(L, 1);
    }
    sandbox_capture_add(L, info, "\n", 1);
    return 0;
}

/* sandbox_load: load(chunk [, name [, mode [, env]]]) in text mode only;
 * env defaults to the environment it belongs to (upvalue 1); a chunk name
 * "@NAME" becomes "=NAME", so loaded code never passes for a file. */
static int sandbox_load(lua_State *L)
{
    int nargs = lua_gettop(L);
    lua_getglobal(L, "load");
    lua_pushvalue(L, 1);
    if (nargs >= 2 && lua_type(L, 2) == LUA_TSTRING && lua_tostring(L, 2)[0] == '@')
        lua_pushfstring(L, "=%s", lua_tostring(L, 2) + 1); /* never a file's name */
    else if (nargs >= 2)
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

/* module_rel: the `variant`-th file that may hold module "a.b", in rel
 * (cap bytes): 0 "a/b.lua", 1 "a/b/init.lua" (Lua's ./?/init.lua), 2
 * "src/a/b.lua", 3 "src/a/b/init.lua" (busted's default lpath, for its
 * src/ + spec/ project layout); -1 when the name is not a plain module name
 * or too long. MODULE_VARIANTS variants. */
#define MODULE_VARIANTS 4
static int module_rel(const char *name, int variant, char *rel, size_t cap)
{
    size_t i, at = variant >= 2 ? 4 : 0;
    const char *tail = variant % 2 ? "/init.lua" : ".lua";
    if (!valid_module_name(name) || at + strlen(name) + strlen(tail) + 1 > cap)
        return -1;
    memcpy(rel, "src/", at);
    for (i = 0; name[i]; i++)
        rel[at + i] = name[i] == '.' ? '/' : name[i];
    memcpy(rel + at + i, tail, strlen(tail) + 1);
    return 0;
}

/* push_real_dir: [-0, +1, m] the real path of `dir`, or nil when it is NULL
 * or does not resolve. */
static void push_real_dir(lua_State *L, const char *dir)
{
    char real[PATH_MAX];
    if (dir != NULL && realpath(dir, real) != NULL)
        lua_pushstring(L, real);
    else
        lua_pushnil(L);
}

enum sandbox_confine sandbox_find_module(lua_State *L, const char *dir, const char *name,
                                         char *out)
{
    char rel[512];
    const char *dirs[1];
    char real_dir[PATH_MAX];
    enum sandbox_confine rc = CONFINE_MISSING;
    if (dir == NULL || realpath(dir, real_dir) == NULL)
        return CONFINE_MISSING;
    dirs[0] = real_dir;
    for (int v = 0; v < MODULE_VARIANTS && rc == CONFINE_MISSING; v++) {
        if (module_rel(name, v, rel, sizeof rel) != 0)
            return CONFINE_MISSING;
        rc = sandbox_confine(L, dirs, 1, rel, 0, out);
        if (rc == CONFINE_OK && !util_is_file(out))
            rc = CONFINE_MISSING;
    }
    return rc;
}

/* load_module_file: [-0, +1, e] compiles `path` as text with _ENV = env
 * (upvalue 1) and calls it with (name, path); pushes its result. */
static void load_module_file(lua_State *L, const char *name, const char *path)
{
    int st = luaL_loadfilex(L, path, "t");
    if (st != LUA_OK) {
        if (st == LUA_ERRSYNTAX)
            sandbox_info_of(L)->syntax_hit = 1;
        lua_error(L);
    }
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_setupvalue(L, -2, 1);
    lua_pushstring(L, name);
    lua_pushstring(L, path);
    lua_call(L, 2, 1);
}

/* find_module: [-0, +1, e] pushes the real path of module `name` in the
 * solution folder (upvalue 3, a real path; name.lua, name/init.lua, then
 * the same under src/),
 * or nil when it has none. Raises
 * when the file resolves outside the folder (a symlink) or is a spec. */
static void find_module(lua_State *L, const char *name)
{
    char rel[512], real[PATH_MAX];
    const char *dirs[1] = {lua_tostring(L, lua_upvalueindex(3))};
    enum sandbox_confine rc = CONFINE_MISSING;
    for (int v = 0; v < MODULE_VARIANTS && rc == CONFINE_MISSING; v++) {
        if (dirs[0] == NULL || module_rel(name, v, rel, sizeof rel) != 0) {
            lua_pushnil(L);
            return;
        }
        rc = sandbox_confine(L, dirs, 1, rel, 1, real);
        if (rc == CONFINE_OK && !util_is_file(real))
            rc = CONFINE_MISSING;
    }
    switch (rc) {
    case CONFINE_OK:
        lua_pushstring(L, real);
        return;
    case CONFINE_OUTSIDE:
        luaL_error(L, "module '%s' resolves outside the solution folder (a link?): refused", name);
        return;
    case CONFINE_SPEC:
        luaL_error(L, "module '%s' is a spec: a solution can't load it", name);
        return;
    default:
        lua_pushnil(L);
    }
}

/* Registry key of the table of given modules: name -> real path
 * (sandbox_give_modules). */
static const char given_key = 'g';

void sandbox_give_modules(lua_State *L, const char *dir, char *const *names, int n)
{
    char real_dir[PATH_MAX], path[PATH_MAX], real[PATH_MAX];
    size_t dn;
    if (dir == NULL || n <= 0 || realpath(dir, real_dir) == NULL)
        return;
    dn = strlen(real_dir);
    lua_newtable(L);
    for (int i = 0; i < n; i++) {
        size_t len = strlen(names[i]);
        if (len <= 4 || strcmp(names[i] + len - 4, ".lua") != 0 ||
            snprintf(path, sizeof path, "%s/%s", real_dir, names[i]) >= (int)sizeof path ||
            realpath(path, real) == NULL || strncmp(real, real_dir, dn) != 0 || real[dn] != '/')
            continue;
        lua_pushlstring(L, names[i], len - 4);
        luaL_gsub(L, lua_tostring(L, -1), "/", ".");
        lua_remove(L, -2);
        lua_pushstring(L, real);
        lua_rawset(L, -3);
    }
    lua_rawsetp(L, LUA_REGISTRYINDEX, &given_key);
}

/* given_module: [-0, +1, -] the real path of given module `name`
 * (sandbox_give_modules), or nil. */
static void given_module(lua_State *L, const char *name)
{
    if (lua_rawgetp(L, LUA_REGISTRYINDEX, &given_key) != LUA_TTABLE) {
        lua_pop(L, 1);
        lua_pushnil(L);
        return;
    }
    lua_getfield(L, -1, name);
    lua_remove(L, -2);
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

/* solution_file: [-0, +1, e] the real path of the module file upvalue 5,
 * checked to lie in the solution folder (upvalue 3). */
static void solution_file(lua_State *L, const char *name)
{
    char real[PATH_MAX], abs[PATH_MAX];
    const char *dirs[1] = {lua_tostring(L, lua_upvalueindex(3))};
    const char *file = lua_tostring(L, lua_upvalueindex(5));
    if (realpath(file, abs) == NULL) /* relative to the working folder, as given */
        luaL_error(L, "module '%s': no such file in the submission folder", name);
    switch (sandbox_confine(L, dirs, 1, abs, 1, real)) {
    case CONFINE_OK:
        lua_pushstring(L, real);
        return;
    case CONFINE_OUTSIDE:
        luaL_error(L, "module '%s': the file links outside the submission folder: refused", name);
        return;
    case CONFINE_SPEC:
        luaL_error(L, "module '%s' is a spec: a solution can't load it", name);
        return;
    default:
        luaL_error(L, "module '%s': no such file in the submission folder", name);
    }
}

/* solution_require: require(name [, probe]) for solution code. Upvalues:
 * 1 env, 2 loaded cache, 3 folder (real path), 4 module name, 5 module
 * file, 6 module opener. With `probe` true, returns nothing instead of
 * raising when the module is not the solution's. */
static int solution_require(lua_State *L)
{
    const char *name = luaL_checkstring(L, 1);
    int probe = lua_toboolean(L, 2);
    static const char *const libs[] = {"string", "table", "math", "utf8", "coroutine", "os", "io", NULL};
    while (name[0] == '.' && name[1] == '/') /* require('./name'), as busted's ./?.lua finds it */
        name += 2;
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
        solution_file(L, name);
        load_module_file(L, name, lua_tostring(L, -1));
        lua_remove(L, -2);
    } else {
        find_module(L, name);
        if (lua_isnil(L, -1)) { /* a file the kata gives (editor), when the folder lacks it */
            lua_pop(L, 1);
            given_module(L, name);
        }
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
        lua_remove(L, -2);
    }
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        lua_pushboolean(L, 1);
    }
    lua_pushvalue(L, -1);
    lua_setfield(L, lua_upvalueindex(2), name);
    return 1;
}

/* sandbox_collectgarbage: collectgarbage(opt) for sandboxed code: only
 * "collect" (the default), "count" and "step"; the host's function does the
 * work (upvalue 1). Stopping the collector or changing its mode is refused. */
static int sandbox_collectgarbage(lua_State *L)
{
    static const char *const opts[] = {"collect", "count", "step", NULL};
    int n = lua_gettop(L);
    luaL_checkoption(L, 1, "collect", opts);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, n, LUA_MULTRET);
    return lua_gettop(L);
}

static const char *const base_names[] = {
    "assert", "error", "getmetatable", "ipairs", "next", "pairs", "pcall", "rawequal",
    "rawget", "rawlen", "rawset", "select", "setmetatable", "tonumber", "tostring", "type",
    "xpcall", "_VERSION", NULL};
static const char *const os_names[] = {"clock", "time", "date", "difftime", NULL};
static const char *const debug_names[] = {"traceback", NULL};
static const char *const string_skip[] = {"dump", NULL};

/* Registry key: set once the string metatable is sealed. */
static const char strings_sealed_key = 's';

/* seal_string_metatable: [-0, +0, m] once per state: the real string
 * metatable's __index becomes a private copy of the string library without
 * dump (so ("").dump is nil and no method lookup reaches the host's string
 * table, which sandboxed code could otherwise rewrite), and getmetatable("")
 * returns a decoy (__metatable) whose __index is another copy that nothing
 * else uses. The host's own code keeps string.dump through `string`. */
static void seal_string_metatable(lua_State *L)
{
    if (lua_rawgetp(L, LUA_REGISTRYINDEX, &strings_sealed_key) != LUA_TNIL) {
        lua_pop(L, 1);
        return;
    }
    lua_pop(L, 1);
    lua_pushliteral(L, "");
    if (!lua_getmetatable(L, -1)) {
        lua_pop(L, 1);
        return;
    }
    copy_table(L, "string", string_skip);
    lua_setfield(L, -2, "__index");
    lua_newtable(L);
    copy_table(L, "string", string_skip);
    lua_setfield(L, -2, "__index");
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 2);
    lua_pushboolean(L, 1);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &strings_sealed_key);
}

/* push_base_env: [-0, +1, e] a new environment with the safe library: base
 * functions (collectgarbage limited, load text-only into this env), copies
 * of string (no dump), table, math, utf8, coroutine (the tracking resume and
 * wrap), os.clock/time/date/difftime, print and io.write into the capture
 * buffer, and the read-only io over the folders at stack indices dir1/dir2
 * (real paths or nil). No require: the caller adds its own. */
static int push_base_env(lua_State *L, int dir1, int dir2, int no_specs)
{
    int env;
    dir1 = lua_absindex(L, dir1);
    dir2 = lua_absindex(L, dir2);
    seal_string_metatable(L);
    lua_newtable(L);
    env = lua_gettop(L);
    for (const char *const *k = base_names; *k; k++) {
        lua_getglobal(L, *k);
        lua_setfield(L, env, *k);
    }
    lua_getglobal(L, "collectgarbage");
    lua_pushcclosure(L, sandbox_collectgarbage, 1);
    lua_setfield(L, env, "collectgarbage");
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
    copy_fields(L, env, "debug", debug_names); /* xpcall(f, debug.traceback) */
    sandbox_push_io(L, dir1, dir2, no_specs, env);
    lua_setfield(L, env, "io");
    lua_pushcfunction(L, sandbox_print);
    lua_setfield(L, env, "print");
    lua_pushvalue(L, env);
    lua_pushcclosure(L, sandbox_load, 1);
    lua_setfield(L, env, "load");
    lua_pushvalue(L, env);
    lua_setfield(L, env, "_G");
    return env;
}

void sandbox_push_solution_env(lua_State *L, const char *dir, const char *module,
                               const char *module_file, lua_CFunction module_open)
{
    int env;
    push_real_dir(L, dir);
    lua_pushnil(L);
    env = push_base_env(L, -2, -1, 1);
    lua_pushvalue(L, env);
    lua_newtable(L);
    lua_pushvalue(L, env - 2);
    module ? (void)lua_pushstring(L, module) : lua_pushnil(L);
    module_file ? (void)lua_pushstring(L, module_file) : lua_pushnil(L);
    module_open ? lua_pushcfunction(L, module_open) : lua_pushnil(L);
    lua_pushcclosure(L, solution_require, 6);
    lua_setfield(L, env, "require");
    lua_replace(L, env - 2);
    lua_pop(L, 1);
}

void sandbox_push_spec_env(lua_State *L, const char *spec_dir, const char *solution_dir)
{
    int env;
    push_real_dir(L, spec_dir);
    push_real_dir(L, solution_dir);
    env = push_base_env(L, -2, -1, 0);
    lua_replace(L, env - 2);
    lua_pop(L, 1);
}

void sandbox_solution_require(lua_State *L)
{
    lua_getfield(L, -1, "require");
    lua_remove(L, -2);
}
