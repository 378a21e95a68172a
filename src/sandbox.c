/* sandbox.c: Lua states with a memory cap, and the sandboxed environments of
 * the solution and the spec: safe library copies, captured print, text-only
 * load, a read-only io and a require confined (by real path) to a folder,
 * the sealed string metatable. Depends on Lua 5.4, interrupt.h, pretty.h,
 * util.h. */
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
    char *forbidden;  /* realpath of the spec file a solution may not read */
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
    info = info_of(L);
    interrupt_forget(L);
    lua_close(L);
    sbuf_free(&info->out);
    free(info->forbidden);
    free(info);
}

void sandbox_forbid(lua_State *L, const char *spec_path)
{
    struct sandbox_info *info = info_of(L);
    char real[PATH_MAX];
    free(info->forbidden);
    info->forbidden = NULL;
    if (spec_path && realpath(spec_path, real) != NULL)
        info->forbidden = util_strdup(real);
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

/* --- confinement: every file a sandbox reads, by its real path ------- */

/* is_spec_name: 1 when the base name of `path` marks a spec file. */
static int is_spec_name(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    return strcmp(base, "spec.lua") == 0 || util_ends_with(base, "_spec.lua");
}

/* under: 1 when real path `real` is folder `dir` (a real path) or lies in it. */
static int under(const char *real, const char *dir)
{
    size_t n = strlen(dir);
    if (n == 1 && dir[0] == '/')
        return 1;
    return strncmp(real, dir, n) == 0 && (real[n] == '/' || real[n] == '\0');
}

/* confine: resolves `path` (relative to dirs[0]; absolute allowed) with
 * realpath(3), so every symlink and ".." is followed first, into `out`
 * (PATH_MAX bytes), then checks the result lies in one of the n folders
 * `dirs` (real paths; NULL entries are skipped). With `no_specs`, spec files
 * are refused as well: by name (spec.lua, *_spec.lua, before and after
 * resolving) and the state's forbidden spec (sandbox_forbid). */
static enum sandbox_confine confine(lua_State *L, const char *const *dirs, int n,
                                    const char *path, int no_specs, char *out)
{
    struct sandbox_info *info = info_of(L);
    char joined[PATH_MAX];
    int inside = 0;
    if (n < 1 || dirs[0] == NULL)
        return CONFINE_MISSING;
    if (path[0] == '/') {
        if (strlen(path) >= sizeof joined)
            return CONFINE_MISSING;
        memcpy(joined, path, strlen(path) + 1);
    } else if (util_path_join(joined, sizeof joined, dirs[0], path) != 0) {
        return CONFINE_MISSING;
    }
    if (realpath(joined, out) == NULL)
        return CONFINE_MISSING;
    for (int i = 0; i < n; i++)
        inside |= dirs[i] != NULL && under(out, dirs[i]);
    if (!inside)
        return CONFINE_OUTSIDE;
    if (no_specs && (is_spec_name(out) || is_spec_name(joined) ||
                     (info->forbidden && strcmp(out, info->forbidden) == 0)))
        return CONFINE_SPEC;
    return CONFINE_OK;
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

/* l_confine: confine(path) -> real path | nil, message. Upvalues: 1, 2 the
 * readable folders (real paths or nil), 3 refuse spec files (boolean). */
static int l_confine(lua_State *L)
{
    const char *path = luaL_checkstring(L, 1);
    const char *dirs[2] = {lua_tostring(L, lua_upvalueindex(1)), lua_tostring(L, lua_upvalueindex(2))};
    char real[PATH_MAX];
    switch (confine(L, dirs, 2, path, lua_toboolean(L, lua_upvalueindex(3)), real)) {
    case CONFINE_OK:
        if (!util_is_file(real)) { /* a FIFO would block fopen past every hook */
            lua_pushnil(L);
            lua_pushfstring(L, "%s: not a regular file", path);
            return 2;
        }
        lua_pushstring(L, real);
        return 1;
    case CONFINE_OUTSIDE:
        lua_pushnil(L);
        lua_pushfstring(L, "%s: outside the folder this code may read", path);
        return 2;
    case CONFINE_SPEC:
        lua_pushnil(L);
        lua_pushfstring(L, "%s: a spec file: solution code can't read it", path);
        return 2;
    default:
        lua_pushnil(L);
        lua_pushfstring(L, "%s: No such file or directory", path);
        return 2;
    }
}

/* l_write: io.write(...) into the capture buffer: strings and numbers. */
static int l_write(lua_State *L)
{
    struct sandbox_info *info = info_of(L);
    int n = lua_gettop(L);
    for (int i = 1; i <= n; i++) {
        size_t len;
        const char *s = luaL_checklstring(L, i, &len);
        capture_add(L, info, s, len);
    }
    return 0;
}

/* l_setmt: setmt(userdata, mt): for io_lua only. */
static int l_setmt(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TUSERDATA);
    luaL_checktype(L, 2, LUA_TTABLE);
    lua_settop(L, 2);
    lua_setmetatable(L, 1);
    return 0;
}

/* The read-only io library, in Lua over the host's io.open: file objects are
 * proxies (read, lines, seek, close) whose real handle the sandboxed code
 * never holds; open takes modes "r" and "rb" only; every path goes through
 * confine first. Arguments: the host's io.open, confine, the capture write,
 * a userdata to become io.stdout (writing into the capture) and a function
 * that sets a userdata's metatable. */
static const char io_lua[] =
    "local open, confine, write, stdout, setmt, overlay, writable, keyof = ...\n"
    "local type, error, setmetatable, getmetatable = type, error, setmetatable, getmetatable\n"
    "local tostring, tonumber, select, concat = tostring, tonumber, select, table.concat\n"
    "local files = setmetatable({}, { __mode = 'k' })\n"
    "local methods = {}\n"
    "local mt = { __index = methods, __metatable = 'file', __name = 'FILE*' }\n"
    "mt.__tostring = function(p) return files[p] and 'file (read-only)' or 'file (closed)' end\n"
    "local function real(p)\n"
    "  local f = files[p]\n"
    "  if not f then error('attempt to use a closed file', 3) end\n"
    "  return f\n"
    "end\n"
    "function methods.read(p, ...) return real(p):read(...) end\n"
    "function methods.lines(p, ...) return real(p):lines(...) end\n"
    "function methods.seek(p, whence, offset) return real(p):seek(whence, offset) end\n"
    "function methods.setvbuf() return true end\n"
    "function methods.flush(p) return p end\n"
    "function methods.write() return nil, 'this file is read-only', 9 end\n"
    "function methods.close(p) local f = real(p); files[p] = nil; return f:close() end\n"
    "local io = {}\n"
    "local vread\n"
    "local function vfile(key, text, w)\n"
    "  local v = { key = key, text = text, pos = 1, w = w, parts = { text } }\n"
    "  local p = setmetatable({}, mt)\n"
    "  files[p] = setmetatable(v, { __index = vread })\n"
    "  return p\n"
    "end\n"
    "vread = {}\n"
    "function vread.read(v, ...)\n"
    "  if v.w then return nil, 'this file was opened for writing', 9 end\n"
    "  local n, out = select('#', ...), {}\n"
    "  for i = 1, n == 0 and 1 or n do\n"
    "    local f = n == 0 and 'l' or select(i, ...)\n"
    "    local t, pos, r = v.text, v.pos, nil\n"
    "    if type(f) == 'string' then f = f:gsub('^%*', ''):sub(1, 1) end\n"
    "    if type(f) == 'number' then\n"
    "      if pos <= #t or f == 0 then r = t:sub(pos, pos + f - 1); v.pos = pos + #r end\n"
    "      if f == 0 and pos > #t then r = nil end\n"
    "    elseif f == 'a' then r = t:sub(pos); v.pos = #t + 1\n"
    "    elseif f == 'l' or f == 'L' then\n"
    "      if pos <= #t then\n"
    "        local e = t:find('\\n', pos, true)\n"
    "        r = t:sub(pos, e and (f == 'L' and e or e - 1) or #t); v.pos = e and e + 1 or #t + 1\n"
    "      end\n"
    "    elseif f == 'n' then\n"
    "      local s, e = t:find('^%s*[-+]?[%w.]+', pos)\n"
    "      r = s and tonumber(t:sub(s, e)); if r then v.pos = e + 1 end\n"
    "    else error(\"bad argument #\" .. i .. \" to 'read' (invalid format)\", 3) end\n"
    "    out[i] = r\n"
    "    if r == nil then return table.unpack(out, 1, i) end\n"
    "  end\n"
    "  return table.unpack(out, 1, n == 0 and 1 or n)\n"
    "end\n"
    "function vread.lines(v, ...)\n"
    "  local fmt = table.pack(...)\n"
    "  return function() return v:read(table.unpack(fmt, 1, fmt.n)) end\n"
    "end\n"
    "function vread.seek(v, whence, offset)\n"
    "  local base = whence == 'set' and 1 or whence == 'end' and #v.text + 1 or v.pos\n"
    "  v.pos = base + (offset or 0)\n"
    "  return v.pos - 1\n"
    "end\n"
    "function vread.write(v, ...)\n"
    "  if not v.w then return nil, 'this file is read-only', 9 end\n"
    "  for i = 1, select('#', ...) do\n"
    "    local x = select(i, ...)\n"
    "    if type(x) ~= 'string' and type(x) ~= 'number' then\n"
    "      error(\"bad argument #\" .. i .. \" to 'write' (string expected, got \" .. type(x) .. ')', 3)\n"
    "    end\n"
    "    v.parts[#v.parts + 1] = tostring(x)\n"
    "  end\n"
    "  v.text = nil\n"
    "  return true\n"
    "end\n"
    "function vread.close(v)\n"
    "  if v.w then overlay[v.key] = concat(v.parts) end\n"
    "  return true\n"
    "end\n"
    "methods.write = function(p, ...)\n"
    "  local f = real(p)\n"
    "  if getmetatable(f) and f.write == vread.write then\n"
    "    local ok, err, code = f:write(...)\n"
    "    if ok then return p end\n"
    "    return ok, err, code\n"
    "  end\n"
    "  return nil, 'this file is read-only', 9\n"
    "end\n"
    "methods.flush = function(p) local f = files[p]; if f and f.w then f:close() end return p end\n"
    "function io.open(path, mode)\n"
    "  if type(path) ~= 'string' then error(\"bad argument #1 to 'open' (string expected)\", 2) end\n"
    "  mode = mode or 'r'\n"
    "  local key = keyof(path)\n"
    "  local m = type(mode) == 'string' and mode:gsub('b', '') or ''\n"
    "  if writable and key and (m == 'w' or m == 'a') then\n"
    "    local old = ''\n"
    "    if m == 'a' then\n"
    "      old = overlay[key]\n"
    "      if old == nil then\n"
    "        local p = io.open(path)\n"
    "        old = p and p:read('a') or ''\n"
    "        if p then p:close() end\n"
    "      end\n"
    "    end\n"
    "    return vfile(key, old, true)\n"
    "  end\n"
    "  if mode ~= 'r' and mode ~= 'rb' then\n"
    "    return nil, path .. ': files can only be read here (mode \\'' .. tostring(mode) .. '\\' refused)', 13\n"
    "  end\n"
    "  if key and overlay[key] then return vfile(key, overlay[key], false) end\n"
    "  local full, err = confine(path)\n"
    "  if not full then return nil, err, 2 end\n"
    "  local f = open(full, 'rb')\n"
    "  if not f then return nil, path .. ': cannot be opened', 2 end\n"
    "  local p = setmetatable({}, mt)\n"
    "  files[p] = f\n"
    "  return p\n"
    "end\n"
    "function io.lines(path, ...)\n"
    "  if path == nil then error('io.lines(): there is no standard input here', 2) end\n"
    "  local p, err = io.open(path)\n"
    "  if not p then error(err, 2) end\n"
    "  local f = files[p]\n"
    "  local it = f:lines(...)\n"
    "  local function finish(...)\n"
    "    if ... == nil and files[p] then files[p] = nil; f:close() end\n"
    "    return ...\n"
    "  end\n"
    "  return function() if not files[p] then return nil end return finish(it()) end\n"
    "end\n"
    "function io.close(p) if p == nil then return true end return methods.close(p) end\n"
    "function io.type(p)\n"
    "  if files[p] then return 'file' end\n"
    "  if getmetatable(p) == 'file' then return 'closed file' end\n"
    "  return nil\n"
    "end\n"
    "function io.read() return nil end\n"
    "setmt(stdout, { __metatable = 'file', __name = 'FILE*', __index = {\n"
    "  write = function(self, ...) write(...) return self end,\n"
    "  flush = function(self) return self end, setvbuf = function() return true end,\n"
    "  close = function() return nil, 'cannot close standard output' end } })\n"
    "io.stdout = stdout\n"
    "function io.write(...) write(...) return stdout end\n"
    "local function remove(path)\n"
    "  local key = type(path) == 'string' and keyof(path)\n"
    "  if key and overlay[key] then overlay[key] = nil; return true end\n"
    "  return nil, tostring(path) .. ': only files this spec wrote can be removed here', 13\n"
    "end\n"
    "return io, remove\n";

/* l_file_key: key(path) -> the name a file written by a spec is kept
 * under (the real path of its folder, then its base name), or nil when
 * that folder is not one of the readable folders (upvalues 1, 2) or the
 * name is a spec's. */
static int l_file_key(lua_State *L)
{
    const char *path = luaL_checkstring(L, 1);
    const char *dirs[2] = {lua_tostring(L, lua_upvalueindex(1)), lua_tostring(L, lua_upvalueindex(2))};
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    char dir[PATH_MAX], real[PATH_MAX];
    if (*base == '\0' || strcmp(base, ".") == 0 || strcmp(base, "..") == 0 || is_spec_name(base) ||
        snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - path + 1) : 1, slash ? path : ".") >=
            (int)sizeof dir ||
        confine(L, dirs, 2, dir, 0, real) != CONFINE_OK)
        return 0;
    lua_pushfstring(L, "%s/%s", real, base);
    return 1;
}

/* Registry key of the table of files specs wrote (name -> contents): one
 * per state, so the solution's io reads what the spec's io wrote. */
static const char written_files_key = 'w';

/* push_io: [-0, +1, e] the io table over `dir1`/`dir2` (stack indices of
 * real paths or nil); `no_specs` as in confine. Reading only, except for
 * the spec's world (no_specs 0): its io.open(path, "w"/"a") writes a file
 * kept in memory (never on disk: the grading child may write nothing),
 * which both worlds' io.open/io.lines then read before the disk's, and
 * `env`.os.remove (env a stack index) removes such a file. */
static void push_io(lua_State *L, int dir1, int dir2, int no_specs, int env)
{
    env = lua_absindex(L, env);
    if (luaL_loadbuffer(L, io_lua, sizeof io_lua - 1, "=io") != LUA_OK)
        lua_error(L);
    lua_getglobal(L, "io");
    lua_getfield(L, -1, "open");
    lua_remove(L, -2);
    lua_pushvalue(L, dir1);
    lua_pushvalue(L, dir2);
    lua_pushboolean(L, no_specs);
    lua_pushcclosure(L, l_confine, 3);
    lua_pushcfunction(L, l_write);
    lua_newuserdatauv(L, 0, 0);
    lua_pushcfunction(L, l_setmt);
    if (lua_rawgetp(L, LUA_REGISTRYINDEX, &written_files_key) != LUA_TTABLE) {
        lua_pop(L, 1);
        lua_newtable(L);
        lua_pushvalue(L, -1);
        lua_rawsetp(L, LUA_REGISTRYINDEX, &written_files_key);
    }
    lua_pushboolean(L, !no_specs);
    lua_pushvalue(L, dir1);
    lua_pushvalue(L, dir2);
    lua_pushcclosure(L, l_file_key, 2);
    lua_call(L, 8, 2);
    if (!no_specs && lua_getfield(L, env, "os") == LUA_TTABLE) {
        lua_pushvalue(L, -2);
        lua_setfield(L, -2, "remove");
    }
    if (!no_specs)
        lua_pop(L, 1);
    lua_pop(L, 1);
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
        rc = confine(L, dirs, 1, rel, 0, out);
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
            info_of(L)->syntax_hit = 1;
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
        rc = confine(L, dirs, 1, rel, 1, real);
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
    switch (confine(L, dirs, 1, abs, 1, real)) {
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
    push_io(L, dir1, dir2, no_specs, env);
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
