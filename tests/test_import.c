/* test_import.c: the import engine (import.c) on the Exercism-layout
 * fixtures in tests/import/ and on exercises made in a mkdtemp() folder;
 * the manifest fields it relies on (kata.c: `reference`, `editor`); and
 * the exercism report format (report/exercism.c): status rules, task ids,
 * test bodies, cut output and paths, one valid JSON document whatever the
 * strings hold (checked by python3's json module).
 * Depends on cmocka, import.h, kata.h, report.h, util.h; python3 on PATH. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "import.h"
#include "kata.h"
#include "report/report.h"
#include "util.h"

#define EXERCISES DOJO_TEST_DIR "/import/exercises"

static char tmp[64];

/* path_in: tmp/a/b into out. */
static const char *path_in(char *out, size_t cap, const char *rel)
{
    snprintf(out, cap, "%s/%s", tmp, rel);
    return out;
}

/* put: writes text to tmp/rel, making its folders. */
static void put(const char *rel, const char *text)
{
    char path[512], parent[512];
    path_in(path, sizeof path, rel);
    snprintf(parent, sizeof parent, "%s", path);
    *strrchr(parent, '/') = '\0';
    assert_int_equal(util_mkdirs(parent), 0);
    assert_int_equal(util_write_file_atomic(path, text, strlen(text)), 0);
}

/* slurp: the text of tmp/rel (freed by the caller), or NULL. */
static char *slurp(const char *rel)
{
    char path[512];
    return util_read_file(path_in(path, sizeof path, rel), NULL);
}

/* fresh_pack: an empty pack at tmp/NAME; its path into out. */
static const char *fresh_pack(const char *name, char *out, size_t cap)
{
    char katas[600];
    path_in(out, cap, name);
    snprintf(katas, sizeof katas, "%s/katas", out);
    assert_int_equal(util_mkdirs(katas), 0);
    return out;
}

static void test_import_practice(void **state)
{
    char pack[512], err[1200];
    struct import_opts o = {EXERCISES "/practice/make-counter", "closures", NULL, NULL, 0};
    struct import_result res;
    struct kata *k = NULL;
    char *spec;
    (void)state;
    o.pack = fresh_pack("p1", pack, sizeof pack);
    assert_int_equal(import_busted(&o, &res, err, sizeof err), 0);
    assert_string_equal(res.module, "make_counter");
    assert_string_equal(res.id, "make-counter");
    assert_int_equal(res.rewrote, 1);
    assert_int_equal(res.todo_hint, 1);
    assert_int_equal(res.difficulty, 2); /* the track's 3 of 10 */
    assert_int_equal(kata_load(res.dir, &k, err, sizeof err), 0);
    assert_int_equal(k->lua_reference, 1);
    assert_string_equal(k->module, "make_counter");
    assert_string_equal(k->title, "Make a Counter");
    assert_int_equal(k->nhints, 1);
    assert_non_null(strstr(k->hints[0], "TODO"));
    kata_free(k);
    spec = slurp("p1/katas/closures/make-counter/spec.lua");
    assert_non_null(spec);
    assert_non_null(strstr(spec, "require('make_counter')"));
    assert_null(strstr(spec, "require('make-counter')"));
    free(spec);
}

static void test_import_concept_and_editor(void **state)
{
    char pack[512], err[1200], ref[600];
    struct import_opts o = {EXERCISES "/concept/call-once", "decorators", NULL, "once", 0};
    struct import_result res;
    struct kata *k = NULL;
    (void)state;
    o.pack = fresh_pack("p2", pack, sizeof pack);
    assert_int_equal(import_busted(&o, &res, err, sizeof err), 0);
    assert_string_equal(res.id, "once"); /* --id */
    assert_int_equal(res.todo_hint, 0);
    assert_int_equal(res.difficulty, 0); /* the track gives none */
    assert_int_equal(kata_load(res.dir, &k, err, sizeof err), 0);
    assert_int_equal(k->nhints, 3);      /* the bullets of .docs/hints.md */
    assert_string_equal(k->concept, "decorators");
    assert_int_equal(kata_reference_file(k, ref, sizeof ref), 1);
    assert_true(util_is_file(ref));      /* the exemplar */
    kata_free(k);

    o.src = EXERCISES "/practice/tally";
    o.id = NULL;
    assert_int_equal(import_busted(&o, &res, err, sizeof err), 0);
    assert_int_equal(res.copied, 1);
    assert_int_equal(kata_load(res.dir, &k, err, sizeof err), 0);
    assert_int_equal(k->neditor, 1);
    assert_string_equal(k->editor[0], "words.lua");
    assert_int_equal(kata_copy_editor(k, path_in(ref, sizeof ref, "p2"), err, sizeof err), 0);
    assert_true(util_is_file(path_in(ref, sizeof ref, "p2/words.lua")));
    kata_free(k);
}

/* An exercise with no .meta/config.json, a spec requiring the module in
 * every way busted allows, and a helper file. */
static void test_import_conventions(void **state)
{
    char pack[512], err[1200];
    struct import_opts o = {NULL, "closures", NULL, NULL, 0};
    struct import_result res;
    char src[512], *spec;
    (void)state;
    put("ex/two-fer/two-fer.lua", "return { }\n");
    put("ex/two-fer/two-fer_spec.lua",
        "local a = require('two-fer')\nlocal b = require \"two-fer\"\nlocal c = require('./two-fer')\n"
        "local d = require('two-ferry')\nlocal e = myrequire('two-fer')\nlocal h = require('helper')\n"
        "describe('x', function() it('y', function() assert.equal(1, h.one()) end) end)\n");
    put("ex/two-fer/helper.lua", "return { one = function() return 1 end }\n");
    put("ex/two-fer/.meta/example.lua", "return { }\n");
    put("ex/two-fer/README.md", "# Two Fer\n");
    o.src = path_in(src, sizeof src, "ex/two-fer");
    o.pack = fresh_pack("p3", pack, sizeof pack);
    assert_int_equal(import_busted(&o, &res, err, sizeof err), 0);
    assert_int_equal(res.copied, 1); /* helper.lua */
    spec = slurp("p3/katas/closures/two-fer/spec.lua");
    assert_non_null(spec);
    assert_non_null(strstr(spec, "local a = require('two_fer')"));
    assert_non_null(strstr(spec, "local b = require \"two_fer\""));
    assert_non_null(strstr(spec, "local c = require('two_fer')")); /* "./" dropped */
    assert_non_null(strstr(spec, "require('two-ferry')"));   /* another module */
    assert_non_null(strstr(spec, "myrequire('two-fer')"));   /* not require */
    free(spec);
    spec = slurp("p3/katas/closures/two-fer/README.md");      /* no .docs: README.md */
    assert_non_null(spec);
    assert_string_equal(spec, "# Two Fer\n");
    free(spec);
    assert_true(util_is_file(path_in(src, sizeof src, "p3/katas/closures/two-fer/helper.lua")));

    /* An older config whose lists are empty: the conventions again. */
    put("ex/two-fer/.meta/config.json",
        "{\"blurb\": \"b\", \"files\": {\"solution\": [], \"test\": [], \"example\": []}}");
    o.force = 1;
    o.src = path_in(src, sizeof src, "ex/two-fer");
    if (import_busted(&o, &res, err, sizeof err) != 0)
        fail_msg("%s", err);
    assert_string_equal(res.module, "two_fer");
}

/* Refusals: one line naming the file; nothing left in the pack. */
static void test_import_refusals(void **state)
{
    char pack[512], err[1200], src[512];
    struct import_opts o = {NULL, "closures", NULL, NULL, 0};
    struct import_result res;
    (void)state;
    o.pack = fresh_pack("p4", pack, sizeof pack);
    put("bad/nodocs/nodocs.lua", "return {}\n");
    put("bad/nodocs/nodocs_spec.lua", "describe('a', function() end)\n");
    put("bad/nodocs/.meta/example.lua", "return {}\n");
    o.src = path_in(src, sizeof src, "bad/nodocs");
    assert_int_equal(import_busted(&o, &res, err, sizeof err), -1);
    assert_non_null(strstr(err, "nodocs/.docs/instructions.md: missing"));
    assert_null(strchr(err, '\n'));

    put("bad/twosol/.meta/config.json",
        "{\"files\": {\"solution\": [\"a.lua\", \"b.lua\"], \"test\": [\"a_spec.lua\"]}}");
    put("bad/twosol/a.lua", "");
    put("bad/twosol/b.lua", "");
    o.src = path_in(src, sizeof src, "bad/twosol");
    assert_int_equal(import_busted(&o, &res, err, sizeof err), -1);
    assert_non_null(strstr(err, "twosol/.meta/config.json:1: files.solution names 2 files"));

    put("bad/badname/.meta/config.json",
        "{\"files\": {\"solution\": [\"9lives.lua\"], \"test\": [\"t_spec.lua\"], \"example\": [\"e.lua\"]}}");
    put("bad/badname/9lives.lua", "");
    put("bad/badname/t_spec.lua", "");
    put("bad/badname/e.lua", "");
    o.src = path_in(src, sizeof src, "bad/badname");
    assert_int_equal(import_busted(&o, &res, err, sizeof err), -1);
    assert_non_null(strstr(err, "can't become a Lua module name"));

    /* A blurb with a control byte is cleaned; an editor file name the
       manifest refuses stops the import before anything is in place. */
    put("bad/editor/.meta/config.json",
        "{\"files\": {\"solution\": [\"e.lua\"], \"test\": [\"e_spec.lua\"], \"example\": [\"x.lua\"],"
        " \"editor\": [\"a b.lua\"]}, \"blurb\": \"bell\\u0007here\"}");
    put("bad/editor/e.lua", "");
    put("bad/editor/e_spec.lua", "");
    put("bad/editor/x.lua", "");
    put("bad/editor/a b.lua", "");
    put("bad/editor/README.md", "# E\n");
    o.src = path_in(src, sizeof src, "bad/editor");
    assert_int_equal(import_busted(&o, &res, err, sizeof err), -1);
    assert_non_null(strstr(err, "the manifest made from it does not load"));
    assert_non_null(strstr(err, "field 'editor'"));

    o.src = EXERCISES "/practice/tally";
    o.concept = "no/slash";
    assert_int_equal(import_busted(&o, &res, err, sizeof err), -1);
    o.concept = "closures";
    o.id = "..";
    assert_int_equal(import_busted(&o, &res, err, sizeof err), -1);
    assert_non_null(strstr(err, "can't be a kata id"));
    o.id = NULL;
    assert_false(util_is_dir(path_in(src, sizeof src, "p4/katas/closures/nodocs")));
    assert_int_equal(import_find_pack(pack, src, sizeof src), 0);
    assert_int_equal(import_find_pack(tmp, src, sizeof src), -1);
}

/* Manifest fields: `reference` takes "c" or "lua"; `editor` names files
 * inside the kata folder. */
static void test_manifest_fields(void **state)
{
    static const char *const bad[][2] = {
        {"reference = 'rust',", "field 'reference'"},
        {"reference = true,", "field 'reference'"},
        {"editor = { '../x.lua' },", "field 'editor'"},
        {"editor = { '.hidden' },", "field 'editor'"},
        {"editor = { '/etc/passwd' },", "field 'editor'"},
        {"editor = 'a.lua',", "field 'editor'"},
        {"editor = { 'reference.lua' },", "field 'editor'"}, /* never handed to the learner */
        {"editor = { 'lib/spec.lua' },", "field 'editor'"},
        {"editor = { 'add_spec.lua' },", "field 'editor'"},
        {"editor = { 'lib/' },", "field 'editor'"},
    };
    char dir[512], man[1024], err[1200];
    struct kata *k = NULL;
    (void)state;
    path_in(dir, sizeof dir, "man/k");
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        snprintf(man, sizeof man,
                 "return { title = 't', concept = 'c', difficulty = 1, summary = 's',\n"
                 "  hints = { 'h' },\n  %s\n}\n", bad[i][0]);
        put("man/k/kata.lua", man);
        assert_int_equal(kata_load(dir, &k, err, sizeof err), -1);
        assert_non_null(strstr(err, bad[i][1]));
        assert_non_null(strstr(err, "kata.lua:3:"));
    }
    put("man/k/kata.lua", "return { title = 't', concept = 'c', difficulty = 1, summary = 's',\n"
                          "  hints = { 'h' }, reference = 'c', editor = { 'lib/a.lua' } }\n");
    assert_int_equal(kata_load(dir, &k, err, sizeof err), 0);
    assert_int_equal(k->lua_reference, 0);
    assert_int_equal(kata_reference_file(k, man, sizeof man), 0);
    assert_int_equal(k->neditor, 1);
    kata_free(k);
}

/* --- the exercism format ---------------------------------------------- */

/* render: report_exercism of the runs, as a malloc'ed string. */
static char *render(const struct report_run *runs, size_t n)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    assert_int_equal(report_exercism(runs, n, f), 0);
    fclose(f);
    return text;
}

/* json_ok: 1 when python3's json module reads text as one object. */
static int json_ok(const char *text)
{
    char path[512];
    int rc;
    put("report.json", text);
    snprintf(path, sizeof path,
             "python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if "
             "isinstance(d, dict) else 1)' %s/report.json",
             tmp);
    rc = system(path);
    return WIFEXITED(rc) && WEXITSTATUS(rc) == 0;
}

static void test_exercism_format(void **state)
{
    struct report_run run;
    struct report_case c;
    char out[900], *text;
    (void)state;
    report_run_init(&run, "x_spec.lua");
    memset(&c, 0, sizeof c);
    c.name = "lasagna task 2: remaining time";
    c.verdict = VERDICT_FAIL;
    c.message = "/abs/input/x_spec.lua:7: Expected 1 \x01 \xff";
    c.test_code = "  it('remaining time', function()\n      local a = 1\n    assert.equal(2, a)\n  end)\n";
    memset(out, 'o', sizeof out - 1);
    out[sizeof out - 1] = '\0';
    c.output = out;
    assert_non_null(report_add(&run, &c));
    c.name = "task 1 and task 3 together";
    c.verdict = VERDICT_PASS;
    c.output = "";
    c.test_code = "assert.is_true(true)";
    assert_non_null(report_add(&run, &c));
    c.name = "skipped";
    c.verdict = VERDICT_PENDING;
    assert_non_null(report_add(&run, &c));
    text = render(&run, 1);
    assert_true(json_ok(text));
    assert_non_null(strstr(text, "\"status\": \"fail\""));
    assert_null(strstr(text, "\"message\": \"No tests")); /* no top-level message */
    assert_non_null(strstr(text, "\"task_id\": 2"));
    assert_null(strstr(text, "\"task_id\": 1"));             /* two tasks: none */
    assert_non_null(strstr(text, "\"message\": \"x_spec.lua:7: Expected")); /* path cut */
    assert_null(strstr(text, "/abs/input"));
    assert_non_null(strstr(text, "\"test_code\": \"  local a = 1\\nassert.equal(2, a)\""));
    assert_non_null(strstr(text, "Please limit to 500 chars\""));
    assert_null(strstr(text, "skipped"));
    assert_null(strstr(text, "score"));
    free(text);
    report_run_free(&run);

    /* Only a spec file that could not load: status error, its message on top. */
    report_run_init(&run, "x_spec.lua");
    memset(&c, 0, sizeof c);
    c.name = "(file)";
    c.verdict = VERDICT_ERROR;
    c.kind = ERRKIND_SYNTAX;
    c.message = "...some/long/path/x.lua:3: unexpected symbol near 'end'";
    assert_non_null(report_add(&run, &c));
    text = render(&run, 1);
    assert_true(json_ok(text));
    assert_non_null(strstr(text, "\"status\": \"error\",\n  \"message\": \"x.lua:3: unexpected symbol"));
    assert_non_null(strstr(text, "\"tests\": []")); /* the (file) case is the message */
    free(text);
    report_run_free(&run);

    /* No test at all, and a run that failed as a whole: error. */
    report_run_init(&run, "empty");
    text = render(&run, 1);
    assert_non_null(strstr(text, "\"status\": \"error\",\n  \"message\": \"No tests were run.\""));
    assert_non_null(strstr(text, "\"tests\": []"));
    assert_true(json_ok(text));
    free(text);
    report_set_error(&run, ERRKIND_LOAD, "no module");
    text = render(&run, 1);
    assert_non_null(strstr(text, "\"message\": \"no module\""));
    free(text);
    report_run_free(&run);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_import_practice),   cmocka_unit_test(test_import_concept_and_editor),
        cmocka_unit_test(test_import_conventions), cmocka_unit_test(test_import_refusals),
        cmocka_unit_test(test_manifest_fields),   cmocka_unit_test(test_exercism_format),
    };
    char cmd[128];
    int rc;
    snprintf(tmp, sizeof tmp, "/tmp/dojo-test-import-XXXXXX");
    if (mkdtemp(tmp) == NULL)
        return 1;
    rc = cmocka_run_group_tests(tests, NULL, NULL);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    if (system(cmd) != 0)
        rc = rc ? rc : 1;
    return rc;
}
