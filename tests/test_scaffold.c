/* test_scaffold.c: cmocka tests of `dojo new`'s engine (scaffold.h) and of
 * validate's message splitting (cmd/validate.h): which names are accepted,
 * what a kata, lesson and pack skeleton hold, that nothing is overwritten,
 * lesson numbering, and "FILE:LINE: message" parsing. Writes only under a
 * mkdtemp folder. Depends on cmocka, scaffold.h, cmd/validate.h, util.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "cmd/validate.h"
#include "scaffold.h"
#include "util.h"

static char root[256];

static int make_root(void **state)
{
    (void)state;
    snprintf(root, sizeof root, "%s/dojo-scaffold.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    return mkdtemp(root) ? 0 : -1;
}

static int remove_root(void **state)
{
    char cmd[400];
    (void)state;
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    return system(cmd) == 0 ? 0 : -1;
}

/* path: root/rel into a static buffer (one at a time). */
static const char *path(const char *rel)
{
    static char p[512];
    snprintf(p, sizeof p, "%s/%s", root, rel);
    return p;
}

/* contains: 1 when the file at root/rel holds `needle`. */
static int contains(const char *rel, const char *needle)
{
    char *text = util_read_file(path(rel), NULL);
    int found = text && strstr(text, needle) != NULL;
    free(text);
    return found;
}

static void names_follow_the_rule(void **unused)
{
    static const char *const good[] = {"a", "counter", "late-binding", "x2", "a-b-c"};
    static const char *const bad[] = {"",      "Counter", "2x",    "-a",   "a-",    "a_b",
                                      "a/b",   "a b",     "..",    "é",    "a.lua",
                                      "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"};
    (void)unused;
    for (size_t i = 0; i < sizeof good / sizeof *good; i++)
        assert_true(scaffold_name_ok(good[i]));
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        assert_false(scaffold_name_ok(bad[i]));
}

static void a_kata_skeleton_is_filled_in(void **unused)
{
    (void)unused;
    assert_int_equal(0, scaffold_pack(path("p")));
    assert_true(util_is_file(path("p/pack.lua")));
    assert_true(util_is_dir(path("p/lessons")) && util_is_dir(path("p/katas")));
    assert_true(contains("p/pack.lua", "name = \"p\""));
    assert_int_equal(0, scaffold_kata(path("p"), "gadgets/tally-ho"));
    assert_true(contains("p/katas/gadgets/tally-ho/kata.lua", "concept = \"gadgets\""));
    assert_true(contains("p/katas/gadgets/tally-ho/reference.c", "int luaopen_tally_ho(lua_State *L)"));
    assert_true(contains("p/katas/gadgets/tally-ho/spec.lua", "require(\"tally_ho\")"));
    assert_true(contains("p/katas/gadgets/tally-ho/starter.lua", "function tally_ho.make_counter"));
    assert_true(contains("p/katas/gadgets/tally-ho/README.md", "# tally-ho"));
    assert_false(contains("p/katas/gadgets/tally-ho/spec.lua", "@"));
    assert_false(contains("p/katas/gadgets/tally-ho/reference.c", "@"));
}

static void nothing_is_overwritten(void **unused)
{
    char *before, *after;
    (void)unused;
    before = util_read_file(path("p/katas/gadgets/tally-ho/spec.lua"), NULL);
    assert_non_null(before);
    assert_int_equal(2, scaffold_kata(path("p"), "gadgets/tally-ho"));
    assert_int_equal(2, scaffold_pack(path("p")));
    assert_int_equal(2, scaffold_kata(path("p"), "gadgets/Bad"));
    assert_int_equal(2, scaffold_kata(path("p"), "no-slash"));
    assert_int_equal(2, scaffold_kata(path("nowhere"), "gadgets/x"));
    assert_false(util_is_dir(path("nowhere")));
    after = util_read_file(path("p/katas/gadgets/tally-ho/spec.lua"), NULL);
    assert_string_equal(before, after);
    free(before);
    free(after);
}

static void lessons_are_numbered_after_the_last(void **unused)
{
    (void)unused;
    assert_int_equal(0, scaffold_lesson(path("p"), "gadgets"));
    assert_true(util_is_file(path("p/lessons/01-gadgets.md")));
    assert_int_equal(0, util_write_file_atomic(path("p/lessons/07-other.md"), "# x\n", 4));
    assert_int_equal(0, scaffold_lesson(path("p"), "widgets"));
    assert_true(util_is_file(path("p/lessons/08-widgets.md")));
    assert_int_equal(2, scaffold_lesson(path("p"), "gadgets")); /* 01-gadgets.md is there */
    assert_false(util_is_file(path("p/lessons/09-gadgets.md")));
    assert_true(contains("p/lessons/08-widgets.md", "### Q6 (recall)"));
    /* the concept's katas already there are listed, else a TODO says how */
    assert_true(contains("p/lessons/01-gadgets.md", "- `dojo start tally-ho`"));
    assert_false(contains("p/lessons/08-widgets.md", "dojo start tally-ho"));
    assert_true(contains("p/lessons/08-widgets.md", "TODO: the katas that practise this"));
    assert_true(contains("p/lessons/08-widgets.md", "```lua error=\""));
}

static void errors_split_into_file_line_and_message(void **unused)
{
    char file[256];
    const char *msg;
    int line;
    (void)unused;
    assert_true(validate_split_error("/a/b/kata.lua:12: field 'x' is bad", file, sizeof file, &line, &msg));
    assert_string_equal("/a/b/kata.lua", file);
    assert_int_equal(12, line);
    assert_string_equal("field 'x' is bad", msg);
    /* a colon in the folder name does not fool it */
    assert_true(validate_split_error("/a:b/c.md:3: oops: more", file, sizeof file, &line, &msg));
    assert_string_equal("/a:b/c.md", file);
    assert_int_equal(3, line);
    assert_string_equal("oops: more", msg);
    assert_false(validate_split_error("no location here", file, sizeof file, &line, &msg));
    assert_string_equal("", file);
    assert_int_equal(0, line);
    assert_string_equal("no location here", msg);
    assert_int_equal(3, validate_text_line("a\nb\nneedle\n", "needle"));
    assert_int_equal(0, validate_text_line("a\nb\n", "needle"));
    assert_int_equal(0, validate_text_line(NULL, "needle"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(names_follow_the_rule),
        cmocka_unit_test(a_kata_skeleton_is_filled_in),
        cmocka_unit_test(nothing_is_overwritten),
        cmocka_unit_test(lessons_are_numbered_after_the_last),
        cmocka_unit_test(errors_split_into_file_line_and_message),
    };
    return cmocka_run_group_tests(tests, make_root, remove_root);
}
