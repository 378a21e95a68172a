/* bytecode.c: the package searcher for the embedded bytecode of luassert and
 * say (bytecode.h). It trusts only what the build compiled, and only while
 * the installed file is unchanged; anything else goes to Lua's own searcher.
 * Depends on Lua 5.4 and POSIX stat. */
#include "bytecode.h"

#include <lauxlib.h>
#include <string.h>
#include <sys/stat.h>

/* find: the embedded module called name, or NULL. */
static const struct bytecode_module *find(const char *name)
{
    for (const struct bytecode_module *m = bytecode_modules; m->name != NULL; m++)
        if (strcmp(m->name, name) == 0)
            return m;
    return NULL;
}

/* still_installed: 1 when package.searchpath(name, package.path) is m's
 * file and that file has the size and mtime it had at build time.
 * [-0, +0, e] */
static int still_installed(lua_State *L, const struct bytecode_module *m)
{
    struct stat st;
    int same;
    lua_getglobal(L, "package");
    if (!lua_istable(L, -1)) {
        lua_pop(L, 1);
        return 0;
    }
    lua_getfield(L, -1, "searchpath");
    lua_pushstring(L, m->name);
    lua_getfield(L, -3, "path");
    if (!lua_isfunction(L, -3) || !lua_isstring(L, -1)) {
        lua_pop(L, 4);
        return 0;
    }
    lua_call(L, 2, 1);
    same = lua_isstring(L, -1) && strcmp(lua_tostring(L, -1), m->path) == 0 &&
           stat(m->path, &st) == 0 && (long long)st.st_size == m->size &&
           (long long)st.st_mtime == m->mtime;
    lua_pop(L, 2);
    return same;
}

/* searcher(name) -> loader, path | nil */
static int searcher(lua_State *L)
{
    const char *name = luaL_checkstring(L, 1);
    const struct bytecode_module *m = find(name);
    if (m == NULL || !still_installed(L, m))
        return 0;
    if (luaL_loadbufferx(L, (const char *)m->code, m->len, m->path, "b") != LUA_OK) {
        lua_pop(L, 1); /* a Lua that can't read this bytecode: use the source */
        return 0;
    }
    lua_pushstring(L, m->path);
    return 2;
}

void bytecode_install_searcher(lua_State *L)
{
    lua_Integer n, i;
    if (bytecode_modules[0].name == NULL)
        return;
    if (lua_getglobal(L, "package") != LUA_TTABLE) {
        lua_pop(L, 1);
        return;
    }
    if (lua_getfield(L, -1, "searchers") != LUA_TTABLE) {
        lua_pop(L, 2);
        return;
    }
    n = (lua_Integer)lua_rawlen(L, -1);
    for (i = n; i >= 2; i--) { /* shift 2..n up: ours goes second, after preload */
        lua_rawgeti(L, -1, i);
        lua_rawseti(L, -2, i + 1);
    }
    lua_pushcfunction(L, searcher);
    lua_rawseti(L, -2, 2);
    lua_pop(L, 2);
}
