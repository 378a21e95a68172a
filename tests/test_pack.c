/* test_pack.c: cmocka tests of packs (src/pack.c): pack.lua's fields and
 * its FILE:LINE errors, a folder without pack.lua, DOJO_PATH's warnings and
 * order, and the catalogue's ids (qualified, shown, stored) with the clash
 * rule. Fixture packs: tests/packs/extra (pack.lua; a kata id the built-in
 * pack has too) and tests/packs/plain (no pack.lua); bad manifests are
 * written into a mkdtemp() folder. Depends on cmocka, pack.h, kata.h, quiz.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kata.h"
#include "pack.h"
#include "quiz.h"
#include "util.h"

#ifndef DOJO_SOURCE_DIR
#error "compile with -DDOJO_SOURCE_DIR=\"/path/to/dojo\""
#endif
#ifndef DOJO_TEST_DIR
#error "compile with -DDOJO_TEST_DIR=\"/path/to/dojo/tests\""
#endif

#define EXTRA DOJO_TEST_DIR "/packs/extra"
#define PLAIN DOJO_TEST_DIR "/packs/plain"

static char tmpdir[64];

static int setup(void **state)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/dojo-test-pack.XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

/* load_text: pack_load_text on `text` as tmpdir/pack.lua (no path check). */
static int load_text(const char *text, struct pack *p, char *err, size_t cap)
{
    char file[128];
    snprintf(file, sizeof file, "%s/pack.lua", tmpdir);
    return pack_load_text(file, NULL, text, strlen(text), p, err, cap);
}

/* expect_error: `text` fails to load, with "tmpdir/pack.lua:LINE: " and
 * `what` in the message. */
static void expect_error(const char *text, int line, const char *what)
{
    struct pack p;
    char err[1024], want[160];
    assert_int_equal(load_text(text, &p, err, sizeof err), -1);
    snprintf(want, sizeof want, "%s/pack.lua:%d: ", tmpdir, line);
    if (strncmp(err, want, strlen(want)) != 0 || strstr(err, what) == NULL)
        fail_msg("want '%s...%s', got '%s'", want, what, err);
    assert_null(p.name);
    assert_null(strchr(err, '\n'));
}

static void test_manifest_fields(void **state)
{
    struct pack p;
    char err[512];
    assert_int_equal(load_text("return { name = 'my-pack2', version = '1.0',\n"
                               "  authors = { 'A', 'B' }, description = 'd',\n"
                               "  path = { 'closures', '02-x' } }\n",
                               &p, err, sizeof err),
                     0);
    assert_string_equal(p.name, "my-pack2");
    assert_string_equal(p.version, "1.0");
    assert_string_equal(p.description, "d");
    assert_int_equal(p.nauthors, 2);
    assert_string_equal(p.authors[1], "B");
    assert_int_equal(p.npath, 2);
    assert_string_equal(p.path[0], "closures");
    assert_string_equal(p.path[1], "02-x");
    pack_free(&p);
    /* only the name is required */
    assert_int_equal(load_text("return { name = 'x' }", &p, err, sizeof err), 0);
    assert_null(p.version);
    assert_int_equal(p.nauthors + p.npath, 0);
    pack_free(&p);
}

static void test_manifest_errors(void **state)
{
    expect_error("return {\n  name = 'x',\n  nmae = 'y',\n}\n", 3, "field 'nmae' is not a pack.lua field");
    expect_error("return {\n  version = '1',\n}\n", 1, "field 'name' is missing");
    expect_error("return {\n  name = 'My Pack',\n}\n", 2, "field 'name' must be 1 to 64 characters");
    expect_error("return {\n  name = 'x',\n  version = 3,\n}\n", 3, "field 'version' must be a non-empty string");
    expect_error("return {\n  name = 'x',\n  authors = 'me',\n}\n", 3, "field 'authors' must be a list");
    expect_error("return {\n  name = 'x',\n  authors = { 'a', k = 'b' },\n}\n", 3, "list of non-empty strings");
    expect_error("return {\n  name = 'x',\n  path = { 'a', 7 },\n}\n", 3, "field 'path' must be a list");
    expect_error("return {\n  name = 'x',\n  path = { 'a', 'a' },\n}\n", 3, "names 'a' twice");
    expect_error("return {\n  name = 'x',\n  path = { '../up' },\n}\n", 3, "is not a lesson or concept name");
    expect_error("return {\n  name = 'x',\n  description = 'a\\27[2Jb',\n}\n", 3, "control character");
    expect_error("return {\n  name = 'x'\n  version = '1'\n}\n", 3, "'}' expected");
    expect_error("return 42\n", 1, "must return a table, not number");
    expect_error("return {\n  name = os.getenv('HOME'),\n}\n", 2, "attempt to index a nil value");
    expect_error("local t = {}\nwhile true do t = {} end\n", 2, "runs too long");
    expect_error("local s = 'x'\nwhile true do s = s .. s end\n", 1, "16 MiB");
}

/* mkpack: a pack folder under tmpdir with lessons/ and katas/ARG/one. */
static void mkpack(const char *name, const char *manifest, char *root, size_t cap)
{
    char path[512];
    snprintf(root, cap, "%s/%s", tmpdir, name);
    snprintf(path, sizeof path, "%s/katas/closures/one", root);
    assert_int_equal(util_mkdirs(path), 0);
    snprintf(path, sizeof path, "%s/lessons", root);
    assert_int_equal(util_mkdirs(path), 0);
    snprintf(path, sizeof path, "%s/lessons/01-closures.md", root);
    assert_int_equal(util_write_file_atomic(path, "# C\n", 4), 0);
    if (manifest) {
        snprintf(path, sizeof path, "%s/pack.lua", root);
        assert_int_equal(util_write_file_atomic(path, manifest, strlen(manifest)), 0);
    }
}

static void test_load_folder(void **state)
{
    struct pack p;
    char err[1024], root[256];
    /* path entries must name a lesson or concept of the pack */
    mkpack("good", "return { name = 'good', path = { 'closures', '01-closures' } }", root, sizeof root);
    assert_int_equal(pack_load(root, &p, err, sizeof err), 0);
    assert_string_equal(p.name, "good");
    assert_non_null(strstr(p.manifest, "/good/pack.lua"));
    pack_free(&p);
    mkpack("stray", "return {\n  name = 'stray',\n  path = { 'closures', 'nope' },\n}\n", root, sizeof root);
    assert_int_equal(pack_load(root, &p, err, sizeof err), -1);
    assert_non_null(strstr(err, "/stray/pack.lua:3: field 'path' entry 'nope' names no lesson"));
    /* no pack.lua: named after the folder */
    mkpack("My_Pack", NULL, root, sizeof root);
    assert_int_equal(pack_load(root, &p, err, sizeof err), 0);
    assert_string_equal(p.name, "my-pack");
    assert_null(p.manifest);
    pack_free(&p);
    /* not a pack, not a folder */
    snprintf(root, sizeof root, "%s/empty", tmpdir);
    assert_int_equal(util_mkdirs(root), 0);
    assert_int_equal(pack_load(root, &p, err, sizeof err), 1);
    assert_non_null(strstr(err, "not a pack"));
    snprintf(root, sizeof root, "%s/missing", tmpdir);
    assert_int_equal(pack_load(root, &p, err, sizeof err), 1);
    assert_non_null(strstr(err, "no such folder"));
}

/* open_set: the built-in pack plus `path`; the warnings go into warn. */
static int open_set(struct pack_set *s, const char *path, char *warn, size_t wcap, char *err, size_t cap)
{
    FILE *f = tmpfile();
    size_t n;
    int rc;
    assert_non_null(f);
    rc = pack_set_open(s, DOJO_SOURCE_DIR, path, f, err, cap);
    rewind(f);
    n = fread(warn, 1, wcap - 1, f);
    warn[n] = '\0';
    fclose(f);
    return rc;
}

static void test_set_order_and_warnings(void **state)
{
    struct pack_set s;
    char err[1024], warn[2048], path[1024], empty[256];
    snprintf(empty, sizeof empty, "%s/not-a-pack", tmpdir);
    assert_int_equal(util_mkdirs(empty), 0);
    snprintf(path, sizeof path, "::%s:%s/missing:%s::%s:" EXTRA, EXTRA, tmpdir, empty, PLAIN);
    assert_int_equal(open_set(&s, path, warn, sizeof warn, err, sizeof err), 0);
    assert_int_equal(s.npacks, 3);
    assert_string_equal(s.packs[0].name, "dojo");
    assert_true(s.packs[0].builtin);
    assert_string_equal(s.packs[1].name, "extra");
    assert_string_equal(s.packs[1].version, "1.2.0");
    assert_string_equal(s.packs[2].name, "plain");
    assert_int_equal(s.packs[1].nkatas, 2);
    assert_int_equal(s.packs[1].nlessons, 1);
    assert_int_equal(s.packs[2].nkatas, 1);
    assert_int_equal(s.packs[2].nlessons, 0);
    /* one line per skipped folder, naming it */
    assert_non_null(strstr(warn, "/missing: no such folder; skipped\n"));
    assert_non_null(strstr(warn, "/not-a-pack: not a pack"));
    assert_non_null(strstr(warn, "/packs/extra: the same folder as pack 'extra'; skipped\n"));
    /* built-in first, in its path's order; then extra in its path's order
       (recursion before closures), then plain */
    assert_string_equal(s.katas[0].name, "counter"); /* closures, by id */
    assert_string_equal(s.lessons[0].name, "01-closures");
    assert_string_equal(s.lessons[s.nlessons - 1].qualified, "extra/recursion");
    assert_string_equal(s.katas[s.nkatas - 3].qualified, "extra/twice");
    assert_string_equal(s.katas[s.nkatas - 2].qualified, "extra/counter");
    assert_string_equal(s.katas[s.nkatas - 1].qualified, "plain/evens");
    for (int i = 1; i < s.nkatas; i++)
        assert_true(s.katas[i - 1].pack <= s.katas[i].pack);
    pack_set_free(&s);
}

static void test_ids_and_clash(void **state)
{
    struct pack_set s;
    const struct pack_item *it;
    struct kata *k;
    char err[1024], warn[1024];
    assert_int_equal(open_set(&s, EXTRA ":" PLAIN, warn, sizeof warn, err, sizeof err), 0);
    assert_string_equal(warn, "");
    /* a bare id one pack has */
    it = pack_find_kata(&s, "twice", err, sizeof err);
    assert_non_null(it);
    assert_string_equal(it->key, "extra/twice");
    assert_string_equal(it->shown, "twice");
    it = pack_find_kata(&s, "limiter", err, sizeof err);
    assert_non_null(it);
    assert_string_equal(it->key, "limiter"); /* the built-in pack keeps bare ids */
    /* a clash: bare is an error naming both, qualified works */
    assert_null(pack_find_kata(&s, "counter", err, sizeof err));
    assert_string_equal(err, "kata 'counter' is in more than one pack: dojo/counter, extra/counter "
                             "(name one of them)");
    it = pack_find_kata(&s, "extra/counter", err, sizeof err);
    assert_non_null(it);
    assert_string_equal(it->shown, "extra/counter");
    assert_string_equal(it->key, "extra/counter");
    it = pack_find_kata(&s, "dojo/counter", err, sizeof err);
    assert_non_null(it);
    assert_string_equal(it->shown, "dojo/counter");
    assert_string_equal(it->key, "counter");
    assert_int_equal(pack_kata_at(&s, it->path) - s.katas, it - s.katas);
    /* another spelling of a folder finds its kata (realpath); a folder of
       no pack finds none */
    it = pack_kata_at(&s, EXTRA "/katas/closures/../recursion/./twice");
    assert_non_null(it);
    assert_string_equal(it->qualified, "extra/twice");
    assert_null(pack_kata_at(&s, EXTRA "/katas/recursion"));
    assert_null(pack_kata_at(&s, "/nonexistent/katas/c/k"));
    /* unknown names */
    assert_null(pack_find_kata(&s, "nope", err, sizeof err));
    assert_non_null(strstr(err, "no kata named 'nope' (known: dojo/counter, late-binding, "));
    assert_null(pack_find_kata(&s, "extra/limiter", err, sizeof err));
    assert_string_equal(err, "no kata named 'limiter' in pack 'extra' (known: twice, counter)");
    assert_null(pack_find_kata(&s, "zzz/limiter", err, sizeof err));
    assert_string_equal(err, "no pack named 'zzz' (packs: dojo, extra, plain)");
    /* loading gives the stored id; the module still comes from the folder */
    it = pack_find_kata(&s, "extra/counter", err, sizeof err);
    assert_int_equal(pack_kata_load(it, &k, err, sizeof err), 0);
    assert_string_equal(k->id, "extra/counter");
    assert_string_equal(k->module, "counter");
    kata_free(k);
    /* lessons: by concept, number, file name, key; qualified */
    it = pack_find_lesson(&s, "recursion", err, sizeof err);
    assert_non_null(it);
    assert_string_equal(it->key, "extra/01-recursion.md");
    assert_ptr_equal(pack_find_lesson(&s, it->key, err, sizeof err), it);
    assert_ptr_equal(pack_find_lesson(&s, "extra/1", err, sizeof err), it);
    it = pack_find_lesson(&s, "01-closures.md", err, sizeof err);
    assert_non_null(it);
    assert_string_equal(it->key, "01-closures.md");
    assert_null(pack_find_lesson(&s, "1", err, sizeof err));
    assert_string_equal(err, "lesson '1' is in more than one pack: dojo/closures, extra/recursion "
                             "(name one of them)");
    pack_set_free(&s);
}

static void test_quiz_of_every_pack(void **state)
{
    struct pack_set s;
    struct quiz_set q = {0};
    char err[1024], warn[1024];
    size_t builtin = 0, extra = 0;
    assert_int_equal(open_set(&s, EXTRA, warn, sizeof warn, err, sizeof err), 0);
    assert_int_equal(quiz_load_packs(&s, &q, err, sizeof err), 0);
    for (size_t i = 0; i < q.n; i++) {
        if (strncmp(q.q[i].id, "extra/", 6) == 0) {
            extra++;
            assert_string_equal(q.q[i].concept, "recursion");
        } else {
            assert_true(extra == 0); /* the built-in pack's come first */
            assert_null(strstr(q.q[i].id, "extra"));
            builtin++;
        }
    }
    assert_int_equal(extra, 6);
    assert_true(builtin >= 6 * 8);
    assert_string_equal(q.q[q.n - 6].id, "extra/recursion/Q1");
    quiz_set_free(&q);
    pack_set_free(&s);
}

static void test_bad_manifest_in_path(void **state)
{
    struct pack_set s;
    char err[1024], warn[1024], root[256], path[600];
    mkpack("broken", "return {\n  name = 'broken',\n  colour = 'red',\n}\n", root, sizeof root);
    snprintf(path, sizeof path, "%s:%s", EXTRA, root);
    assert_int_equal(open_set(&s, path, warn, sizeof warn, err, sizeof err), -1);
    assert_non_null(strstr(err, "/broken/pack.lua:3: field 'colour' is not a pack.lua field"));
    assert_int_equal(s.npacks, 0);
    /* a pack taking a name already used is skipped with a warning */
    mkpack("second", "return { name = 'extra' }", root, sizeof root);
    snprintf(path, sizeof path, "%s:%s", EXTRA, root);
    assert_int_equal(open_set(&s, path, warn, sizeof warn, err, sizeof err), 0);
    assert_int_equal(s.npacks, 2);
    assert_non_null(strstr(warn, "/second: pack name 'extra' is taken by "));
    pack_set_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_manifest_fields),
        cmocka_unit_test(test_manifest_errors),
        cmocka_unit_test(test_load_folder),
        cmocka_unit_test(test_set_order_and_warnings),
        cmocka_unit_test(test_ids_and_clash),
        cmocka_unit_test(test_quiz_of_every_pack),
        cmocka_unit_test(test_bad_manifest_in_path),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
