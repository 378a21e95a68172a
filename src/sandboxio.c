/* sandboxio.c: the io library of sandboxed code and the confinement of
 * every path it opens: read-only files inside the allowed folders (by real
 * path, so no link or ".." leads out), spec files refused to solutions,
 * output into the capture buffer, and the spec's written files kept in
 * memory. Split from sandbox.c; depends on Lua 5.4, sandboxpriv.h, util.h. */
#include <lauxlib.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "sandboxpriv.h"
#include "util.h"

struct sandbox_info *sandbox_info_of(lua_State *L)
{
    void *ud = NULL;
    lua_getallocf(L, &ud);
    return ud;
}

void sandbox_capture_add(lua_State *L, struct sandbox_info *info, const char *s, size_t n)
{
    if (info->out_overflow || (info->out_limit && info->out.len + n > info->out_limit)) {
        info->out_overflow = 1;
        luaL_error(L, "output limit exceeded (%d KiB)", (int)(info->out_limit / 1024));
    }
    if (sbuf_add(&info->out, s, n) != 0)
        luaL_error(L, "not enough memory");
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

/* sandbox_confine (sandboxpriv.h) */
enum sandbox_confine sandbox_confine(lua_State *L, const char *const *dirs, int n,
                                     const char *path, int no_specs, char *out)
{
    struct sandbox_info *info = sandbox_info_of(L);
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

/* l_confine: confine(path) -> real path | nil, message. Upvalues: 1, 2 the
 * readable folders (real paths or nil), 3 refuse spec files (boolean). */
static int l_confine(lua_State *L)
{
    const char *path = luaL_checkstring(L, 1);
    const char *dirs[2] = {lua_tostring(L, lua_upvalueindex(1)), lua_tostring(L, lua_upvalueindex(2))};
    char real[PATH_MAX];
    switch (sandbox_confine(L, dirs, 2, path, lua_toboolean(L, lua_upvalueindex(3)), real)) {
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
    struct sandbox_info *info = sandbox_info_of(L);
    int n = lua_gettop(L);
    for (int i = 1; i <= n; i++) {
        size_t len;
        const char *s = luaL_checklstring(L, i, &len);
        sandbox_capture_add(L, info, s, len);
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
    "io.stderr = stdout -- into the capture as well: one place for all output\n"
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
        sandbox_confine(L, dirs, 2, dir, 0, real) != CONFINE_OK)
        return 0;
    lua_pushfstring(L, "%s/%s", real, base);
    return 1;
}

/* Registry key of the table of files specs wrote (name -> contents): one
 * per state, so the solution's io reads what the spec's io wrote. */
static const char written_files_key = 'w';

/* sandbox_push_io (sandboxpriv.h) */
void sandbox_push_io(lua_State *L, int dir1, int dir2, int no_specs, int env)
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

