/* test_bytecode.c: the embedded bytecode of luassert and say (bytecode.h):
 * built for every module of the installed luassert, found by its searcher
 * ahead of Lua's file searcher, equal in behaviour to the source, and
 * skipped (the source loads instead) when package.path finds another file
 * or the installed one changed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <lauxlib.h>
#include <lualib.h>

#include "bytecode.h"

#define SYSTEM_PATH "/usr/local/share/lua/5.4/?.lua;/usr/local/share/lua/5.4/?/init.lua;" \
                    "/usr/share/lua/5.4/?.lua;/usr/share/lua/5.4/?/init.lua"

/* new_state: a state with the standard libraries, package.path set to
 * `path` and the bytecode searcher installed. */
static lua_State *new_state(const char *path)
{
    lua_State *L = luaL_newstate();
    assert_non_null(L);
    luaL_openlibs(L);
    lua_getglobal(L, "package");
    lua_pushstring(L, path);
    lua_setfield(L, -2, "path");
    lua_pop(L, 1);
    bytecode_install_searcher(L);
    return L;
}

/* run: runs chunk in L and returns its one string result (static buffer). */
static const char *run(lua_State *L, const char *chunk)
{
    static char out[512];
    if (luaL_dostring(L, chunk) != LUA_OK)
        fail_msg("%s", lua_tostring(L, -1));
    snprintf(out, sizeof out, "%s", lua_tostring(L, -1) ? lua_tostring(L, -1) : "(nil)");
    lua_pop(L, 1);
    return out;
}

static void every_luassert_module_is_embedded(void **state)
{
    int n = 0, has_init = 0, has_say = 0;
    (void)state;
    for (const struct bytecode_module *m = bytecode_modules; m->name; m++, n++) {
        assert_true(m->len > 4);
        assert_memory_equal("\x1bLua", m->code, 4); /* a binary chunk */
        has_init |= strcmp(m->name, "luassert") == 0;
        has_say |= strcmp(m->name, "say") == 0;
    }
    assert_true(n >= 15);
    assert_true(has_init);
    assert_true(has_say);
}

/* The searcher answers for an embedded name with the installed path, and
 * leaves other names to the next searcher. */
static void searcher_answers_for_embedded_names(void **state)
{
    lua_State *L = new_state(SYSTEM_PATH);
    (void)state;
    assert_string_equal("/usr/share/lua/5.4/luassert/util.lua",
                        run(L, "local f, p = package.searchers[2]('luassert.util') "
                               "return type(f) == 'function' and p"));
    assert_string_equal("nil", run(L, "return tostring((package.searchers[2]('luassert.nope')))"));
    assert_string_equal("nil", run(L, "return tostring((package.searchers[2]('string')))"));
    lua_close(L);
}

/* luassert loaded from bytecode works, and its messages keep file:line. */
static void luassert_from_bytecode_works(void **state)
{
    lua_State *L = new_state(SYSTEM_PATH);
    (void)state;
    assert_string_equal("true",
                        run(L, "local assert = require('luassert') "
                               "local ok = pcall(assert.are.same, {1, {2}}, {1, {2}}) "
                               "local bad, msg = pcall(assert.are.equal, 1, 2) "
                               "return tostring(ok and not bad and "
                               "tostring(msg):find('Expected objects to be equal', 1, true) ~= nil)"));
    assert_string_equal("true", run(L, "return tostring(debug.getinfo(require('luassert.util')"
                                       ".deepcompare, 'S').source:find('luassert/util.lua', 1, true) ~= nil)"));
    lua_close(L);
}

/* Another luassert first on package.path: the searcher stands aside and
 * Lua's file searcher loads that one. */
static void shadowed_install_loads_from_source(void **state)
{
    char dir[] = "/tmp/dojo-test-bytecode.XXXXXX", file[256], path[512];
    FILE *f;
    lua_State *L;
    (void)state;
    assert_non_null(mkdtemp(dir));
    snprintf(file, sizeof file, "%s/luassert", dir);
    assert_int_equal(0, mkdir(file, 0700));
    snprintf(file, sizeof file, "%s/luassert/util.lua", dir);
    f = fopen(file, "w");
    assert_non_null(f);
    fputs("return { shadow = true }\n", f);
    fclose(f);
    snprintf(path, sizeof path, "%s/?.lua;%s", dir, SYSTEM_PATH);
    L = new_state(path);
    assert_string_equal("true", run(L, "return tostring(require('luassert.util').shadow)"));
    lua_close(L);
    remove(file);
    snprintf(file, sizeof file, "%s/luassert", dir);
    rmdir(file);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_luassert_module_is_embedded),
        cmocka_unit_test(searcher_answers_for_embedded_names),
        cmocka_unit_test(luassert_from_bytecode_works),
        cmocka_unit_test(shadowed_install_loads_from_source),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
