/* test_refbuild.c: cmocka tests of refbuild.h, which compiles the
 * reference.c of a kata outside the built-in pack and loads it: the
 * luaopen_ function found and working, the cache reused (a second build
 * loads the same object file), a compile error with its
 * line, a missing luaopen_, a missing compiler. Needs a C compiler (cc);
 * writes under a mkdtemp folder (also the cache). Depends on cmocka,
 * refbuild.h, kata.h, util.h and Lua 5.4. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <lauxlib.h>
#include <lualib.h>

#include "kata.h"
#include "refbuild.h"
#include "util.h"

static char root[256];

static int make_root(void **state)
{
    char cache[300];
    (void)state;
    snprintf(root, sizeof root, "%s/dojo-refbuild.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (mkdtemp(root) == NULL)
        return -1;
    snprintf(cache, sizeof cache, "%s/cache", root);
    setenv("XDG_CACHE_HOME", cache, 1);
    unsetenv("CC");
    return 0;
}

static int remove_root(void **state)
{
    char cmd[400];
    (void)state;
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    return system(cmd) == 0 ? 0 : -1;
}

/* kata_at: a kata folder root/NAME holding reference.c = src (none when
 * src is NULL); a struct kata with just id and dir, as refbuild reads. */
static struct kata *kata_at(const char *name, const char *src)
{
    struct kata *k = calloc(1, sizeof *k);
    char dir[400], file[450];
    snprintf(dir, sizeof dir, "%s/%s", root, name);
    assert_int_equal(0, util_mkdirs(dir));
    if (src != NULL) {
        snprintf(file, sizeof file, "%s/reference.c", dir);
        assert_int_equal(0, util_write_file_atomic(file, src, strlen(src)));
    }
    k->id = util_strdup(name);
    k->dir = util_strdup(dir);
    return k;
}

/* cached_object: the path of the one NAME-*.so in the cache, into out. */
static int cached_object(const char *name, char *out, size_t cap)
{
    char dir[400];
    struct dirent *e;
    DIR *d;
    int found = 0;
    snprintf(dir, sizeof dir, "%s/cache/dojo/references", root);
    if ((d = opendir(dir)) == NULL)
        return 0;
    while ((e = readdir(d)) != NULL)
        if (strncmp(e->d_name, name, strlen(name)) == 0 && e->d_name[strlen(name)] == '-' &&
            util_ends_with(e->d_name, ".so")) {
            snprintf(out, cap, "%s/%s", dir, e->d_name);
            found++;
        }
    closedir(d);
    return found == 1;
}

static const char good[] = "#include <lauxlib.h>\n"
                           "static int twice(lua_State *L) { lua_pushinteger(L, 2 * luaL_checkinteger(L, 1)); return 1; }\n"
                           "int luaopen_two_x(lua_State *L) {\n"
                           "  static const luaL_Reg f[] = {{\"twice\", twice}, {0, 0}};\n"
                           "  luaL_newlib(L, f);\n"
                           "  return 1;\n"
                           "}\n";

static void builds_and_loads_a_reference(void **unused)
{
    struct kata *k = kata_at("two-x", good);
    char err[512];
    int line = -1;
    lua_CFunction open = refbuild_open(k, &line, err, sizeof err);
    lua_State *L;
    (void)unused;
    assert_non_null(open);
    assert_int_equal(0, line);
    L = luaL_newstate();
    luaL_openlibs(L);
    luaL_requiref(L, "two_x", open, 1);
    assert_int_equal(LUA_OK, luaL_dostring(L, "return two_x.twice(21)"));
    assert_int_equal(42, lua_tointeger(L, -1));
    lua_close(L);
    /* cached: the second build loads the same object, not compiled again */
    {
        struct stat a, b;
        char so[1024];
        assert_true(cached_object("two-x", so, sizeof so));
        assert_int_equal(0, stat(so, &a));
        assert_non_null(refbuild_open(k, &line, err, sizeof err));
        assert_int_equal(0, stat(so, &b));
        assert_true(a.st_ino == b.st_ino && a.st_mtim.tv_sec == b.st_mtim.tv_sec &&
                    a.st_mtim.tv_nsec == b.st_mtim.tv_nsec);
    }
    kata_free(k);
}

static void a_compile_error_names_its_line(void **unused)
{
    struct kata *k = kata_at("broken", "int luaopen_broken(void *L)\n{\n  return 0\n}\n");
    char err[512];
    int line = 0;
    (void)unused;
    assert_null(refbuild_open(k, &line, err, sizeof err));
    assert_true(line == 3 || line == 4); /* compilers differ on where the ';' is missing */
    assert_non_null(strstr(err, "reference.c:"));
    assert_non_null(strstr(err, "error"));
    kata_free(k);
}

static void a_missing_luaopen_is_named(void **unused)
{
    struct kata *k = kata_at("wrong-name", good); /* defines luaopen_two_x */
    char err[512];
    int line = 0;
    (void)unused;
    assert_null(refbuild_open(k, &line, err, sizeof err));
    assert_non_null(strstr(err, "defines no luaopen_wrong_name"));
    kata_free(k);
}

static void no_file_or_no_compiler_is_an_error(void **unused)
{
    struct kata *k = kata_at("empty", NULL), *k2 = kata_at("nocc", good);
    char err[512];
    int line = 0;
    (void)unused;
    assert_null(refbuild_open(k, &line, err, sizeof err));
    assert_non_null(strstr(err, "reference.c: no such file"));
    setenv("CC", "/nonexistent/cc", 1);
    assert_null(refbuild_open(k2, &line, err, sizeof err));
    assert_non_null(strstr(err, "cannot run the C compiler '/nonexistent/cc'"));
    unsetenv("CC");
    kata_free(k);
    kata_free(k2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(builds_and_loads_a_reference),
        cmocka_unit_test(a_compile_error_names_its_line),
        cmocka_unit_test(a_missing_luaopen_is_named),
        cmocka_unit_test(no_file_or_no_compiler_is_an_error),
    };
    return cmocka_run_group_tests(tests, make_root, remove_root);
}
