/* test_lesson.c: cmocka tests of the lesson model (src/lesson.c): finding a
 * lesson by name or number, loading it (title, ```lua blocks, FILE:LINE
 * errors) and rendering it with and without colour. Fixtures are small .md
 * files written into a mkdtemp() folder; one test loads the real
 * lessons/01-closures.md via DOJO_SOURCE_DIR. Depends on cmocka and lesson.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lesson.h"

#ifndef DOJO_SOURCE_DIR
#error "compile with -DDOJO_SOURCE_DIR=\"/path/to/dojo\""
#endif

static char tmpdir[64];

/* The main fixture: a title, lua blocks (one nested in a list, one expected
 * to fail), a python block, a long paragraph, a quote, a link and a rule. */
static const char lesson_md[] =
    "# Closures *in* Lua\n"                                   /* 1 */
    "\n"                                                      /* 2 */
    "Intro with `code` and a [link](https://lua.org).\n"      /* 3 */
    "\n"                                                      /* 4 */
    "```lua\n"                                                /* 5 */
    "print(1)\n"                                              /* 6 */
    "```\n"                                                   /* 7 */
    "\n"                                                      /* 8 */
    "```python\n"                                             /* 9 */
    "print(2)\n"                                              /* 10 */
    "```\n"                                                   /* 11 */
    "\n"                                                      /* 12 */
    "1. a step\n"                                             /* 13 */
    "\n"                                                      /* 14 */
    "   ```lua\n"                                             /* 15 */
    "   local x = 1\n"                                        /* 16 */
    "   ```\n"                                                /* 17 */
    "\n"                                                      /* 18 */
    "```lua error=\"attempt to call\"\n"                      /* 19 */
    "nothing()\n"                                             /* 20 */
    "```\n"                                                   /* 21 */
    "\n"                                                      /* 22 */
    "A long paragraph that goes on and on, with plenty of ordinary words in it, "
    "so that a narrow terminal has to wrap it over several lines of output.\n"
    "\n"
    "> quoted words\n"
    "\n"
    "- bullet\n"
    "\n"
    "---\n";

/* write_file: writes text to tmpdir/name; the path goes to out (cap 256). */
static void write_file(const char *name, const char *text, char *out)
{
    FILE *f;
    snprintf(out, 256, "%s/%s", tmpdir, name);
    f = fopen(out, "w");
    assert_non_null(f);
    assert_int_equal(fputs(text, f) >= 0, 1);
    assert_int_equal(fclose(f), 0);
}

static const char *const fixture_names[] = {
    "01-closures.md", "02-decorators.md", "notes.txt", "README.md", "lesson.md",
    "notitle.md", "badattr.md", "unknownattr.md", "unclosed.md", "deep.md",
};

static int setup(void **state)
{
    char path[256];
    (void)state;
    strcpy(tmpdir, "/tmp/dojo-test-lesson-XXXXXX");
    if (mkdtemp(tmpdir) == NULL)
        return -1;
    write_file("01-closures.md", "# Closures\n", path);
    write_file("02-decorators.md", "# Decorators\n", path);
    write_file("notes.txt", "not a lesson\n", path);
    write_file("README.md", "# not a lesson either\n", path);
    write_file("lesson.md", lesson_md, path);
    write_file("notitle.md", "Just text.\n\n## Only a level-2 heading\n", path);
    write_file("badattr.md", "# T\n\ntext\n\n```lua error=boom\nx()\n```\n", path);
    write_file("unknownattr.md", "# T\n\n```lua eror=\"x\"\nx()\n```\n", path);
    write_file("unclosed.md", "# T\n\n```lua\nprint(1)\n", path);
    return 0;
}

static int teardown(void **state)
{
    char path[256];
    (void)state;
    for (size_t i = 0; i < sizeof fixture_names / sizeof fixture_names[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", tmpdir, fixture_names[i]);
        unlink(path);
    }
    return rmdir(tmpdir);
}

/* find_ok: lesson_find(name) must succeed and give tmpdir/file. */
static void find_ok(const char *name, const char *file)
{
    char path[256], want[256], err[256] = "";
    snprintf(want, sizeof want, "%s/%s", tmpdir, file);
    assert_int_equal(lesson_find(tmpdir, name, path, sizeof path, err, sizeof err), 0);
    assert_string_equal(path, want);
}

static void test_find_by_name(void **state)
{
    (void)state;
    find_ok("closures", "01-closures.md");
    find_ok("decorators", "02-decorators.md");
}

static void test_find_by_number(void **state)
{
    (void)state;
    find_ok("1", "01-closures.md");
    find_ok("01", "01-closures.md");
    find_ok("2", "02-decorators.md");
}

static void test_find_by_full_name(void **state)
{
    (void)state;
    find_ok("01-closures", "01-closures.md");
    find_ok("01-closures.md", "01-closures.md");
}

static void test_find_not_found(void **state)
{
    char path[256], err[512], want[512];
    (void)state;
    snprintf(want, sizeof want, "no lesson named 'foo' in %s (try: closures, decorators)",
             tmpdir);
    assert_int_equal(lesson_find(tmpdir, "foo", path, sizeof path, err, sizeof err), -1);
    assert_string_equal(err, want);
    assert_int_equal(lesson_find(tmpdir, "3", path, sizeof path, err, sizeof err), -1);
    assert_non_null(strstr(err, "no lesson named '3'"));
    assert_int_equal(lesson_find(tmpdir, "", path, sizeof path, err, sizeof err), -1);
    assert_int_equal(lesson_find(tmpdir, "notes", path, sizeof path, err, sizeof err), -1);
    assert_null(strchr(err, '\n'));
}

static void test_find_missing_folder(void **state)
{
    char path[256], err[512];
    (void)state;
    assert_int_equal(lesson_find("/nonexistent/lessons", "closures", path, sizeof path, err,
                                 sizeof err),
                     -1);
    assert_non_null(strstr(err, "/nonexistent/lessons"));
    assert_null(strchr(err, '\n'));
}

/* load_fixture: loads tmpdir/name, which must succeed. */
static struct lesson *load_fixture(const char *name)
{
    char path[256], err[512] = "";
    struct lesson *l = NULL;
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    if (lesson_load(path, &l, err, sizeof err) != 0)
        fail_msg("lesson_load(%s): %s", path, err);
    return l;
}

static void test_load_title_and_blocks(void **state)
{
    struct lesson *l = load_fixture("lesson.md");
    (void)state;
    assert_string_equal(lesson_title(l), "Closures in Lua");
    assert_non_null(strstr(lesson_path(l), "lesson.md"));
    assert_int_equal(lesson_block_count(l), 3);
    assert_string_equal(lesson_block(l, 1)->code, "print(1)\n");
    assert_string_equal(lesson_block(l, 2)->code, "local x = 1\n");
    assert_string_equal(lesson_block(l, 3)->code, "nothing()\n");
    assert_null(lesson_block(l, 0));
    assert_null(lesson_block(l, 4));
    lesson_free(l);
}

static void test_load_block_lines(void **state)
{
    struct lesson *l = load_fixture("lesson.md");
    (void)state;
    assert_int_equal(lesson_block(l, 1)->line, 5);
    assert_int_equal(lesson_block(l, 2)->line, 15);
    assert_int_equal(lesson_block(l, 3)->line, 19);
    lesson_free(l);
}

static void test_load_expect_error(void **state)
{
    struct lesson *l = load_fixture("lesson.md");
    (void)state;
    assert_null(lesson_block(l, 1)->expect_error);
    assert_null(lesson_block(l, 2)->expect_error);
    assert_string_equal(lesson_block(l, 3)->expect_error, "attempt to call");
    lesson_free(l);
}

/* load_fails: loading tmpdir/name must fail with an error starting with
 * "PATH:LINE: " and containing `needle`. */
static void load_fails(const char *name, int line, const char *needle)
{
    char path[256], err[512] = "", prefix[300];
    struct lesson *l = (struct lesson *)&l; /* must be reset to NULL */
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    snprintf(prefix, sizeof prefix, "%s:%d: ", path, line);
    assert_int_equal(lesson_load(path, &l, err, sizeof err), -1);
    assert_null(l);
    if (strncmp(err, prefix, strlen(prefix)) != 0 || strstr(err, needle) == NULL)
        fail_msg("error \"%s\" should start with \"%s\" and contain \"%s\"", err, prefix, needle);
    assert_null(strchr(err, '\n'));
}

static void test_load_missing_heading(void **state)
{
    char path[256], want[512], err[512];
    struct lesson *l = NULL;
    (void)state;
    snprintf(path, sizeof path, "%s/notitle.md", tmpdir);
    snprintf(want, sizeof want, "%s:1: lesson has no '# Title' heading", path);
    assert_int_equal(lesson_load(path, &l, err, sizeof err), -1);
    assert_string_equal(err, want);
}

static void test_load_bad_attribute(void **state)
{
    (void)state;
    load_fails("badattr.md", 5, "error=");
    load_fails("unknownattr.md", 3, "eror");
}

static void test_load_unclosed_and_unreadable(void **state)
{
    (void)state;
    load_fails("unclosed.md", 3, "never closed");
    load_fails("missing.md", 1, "cannot read");
}

/* render: the lesson rendered into a new string (free it). */
static char *render(const struct lesson *l, int color, int width)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    assert_int_equal(lesson_render(l, f, color, width), 0);
    assert_int_equal(fclose(f), 0);
    return text;
}

/* longest_line: the widest line of text, in bytes. */
static size_t longest_line(const char *text)
{
    size_t max = 0;
    while (*text) {
        size_t n = strcspn(text, "\n");
        max = n > max ? n : max;
        text += n + (text[n] == '\n');
    }
    return max;
}

static void test_render_plain(void **state)
{
    struct lesson *l = load_fixture("lesson.md");
    char *text = render(l, 0, 40);
    (void)state;
    assert_null(strchr(text, '\033'));
    assert_non_null(strstr(text, "Closures in Lua\n"));
    assert_non_null(strstr(text, "[1] lua\n    print(1)\n"));
    assert_non_null(strstr(text, "[2] lua\n"));
    assert_non_null(strstr(text, "[3] lua"));
    assert_null(strstr(text, "[4] lua"));
    assert_non_null(strstr(text, "\n    print(2)\n")); /* python: shown, unlabelled */
    assert_non_null(strstr(text, "<https://lua.org>"));
    assert_null(strstr(text, "[link]"));
    assert_non_null(strstr(text, "| quoted words"));
    assert_non_null(strstr(text, "- bullet"));
    assert_non_null(strstr(text, "1. a step"));
    assert_true(longest_line(text) <= 40);
    free(text);
    lesson_free(l);
}

static void test_render_wraps(void **state)
{
    struct lesson *l = load_fixture("lesson.md");
    char *text = render(l, 0, 30);
    const char *p = strstr(text, "A long paragraph");
    (void)state;
    assert_non_null(p);
    assert_true(strchr(p, '\n') - p <= 30);
    assert_true(longest_line(text) <= 30);
    free(text);
    lesson_free(l);
}

static void test_render_color(void **state)
{
    struct lesson *l = load_fixture("lesson.md");
    char *text = render(l, 1, 80);
    (void)state;
    assert_non_null(strchr(text, '\033'));
    assert_non_null(strstr(text, "Closures "));
    assert_non_null(strstr(text, "[1] lua"));
    free(text);
    lesson_free(l);
}

/* test_render_deep: 100,000 nested quotes overflowed the renderer's stack
 * (fuzz regression lesson/deep-quote.md); past 64 levels the rest is
 * replaced by a note, and what follows the nest is still shown. */
static void test_render_deep(void **state)
{
    char path[256], *md = malloc(100000 + 64), *out;
    struct lesson *l;
    (void)state;
    assert_non_null(md);
    strcpy(md, "# Deep\n\n");
    memset(md + 8, '>', 100000);
    strcpy(md + 8 + 100000, " x\n\nafter the nest\n");
    write_file("deep.md", md, path);
    free(md);
    l = load_fixture("deep.md");
    out = render(l, 0, 80);
    assert_non_null(strstr(out, "[nested too deeply to show]"));
    assert_non_null(strstr(out, "after the nest"));
    free(out);
    lesson_free(l);
}

static void test_real_lesson(void **state)
{
    char err[512] = "";
    struct lesson *l = NULL;
    char *plain, *styled;
    size_t n_error = 0;
    (void)state;
    if (lesson_load(DOJO_SOURCE_DIR "/lessons/01-closures.md", &l, err, sizeof err) != 0)
        fail_msg("%s", err);
    assert_true(lesson_block_count(l) >= 8);
    assert_true(strlen(lesson_title(l)) > 0);
    for (size_t i = 1; i <= lesson_block_count(l); i++) {
        assert_true(lesson_block(l, i)->line > 0);
        n_error += lesson_block(l, i)->expect_error != NULL;
    }
    assert_true(n_error >= 1);
    plain = render(l, 0, 80);
    styled = render(l, 1, 80);
    assert_null(strchr(plain, '\033'));
    assert_non_null(strstr(plain, "[1] lua\n"));
    assert_non_null(strchr(styled, '\033'));
    free(plain);
    free(styled);
    lesson_free(l);
    lesson_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_find_by_name),
        cmocka_unit_test(test_find_by_number),
        cmocka_unit_test(test_find_by_full_name),
        cmocka_unit_test(test_find_not_found),
        cmocka_unit_test(test_find_missing_folder),
        cmocka_unit_test(test_load_title_and_blocks),
        cmocka_unit_test(test_load_block_lines),
        cmocka_unit_test(test_load_expect_error),
        cmocka_unit_test(test_load_missing_heading),
        cmocka_unit_test(test_load_bad_attribute),
        cmocka_unit_test(test_load_unclosed_and_unreadable),
        cmocka_unit_test(test_render_plain),
        cmocka_unit_test(test_render_wraps),
        cmocka_unit_test(test_render_color),
        cmocka_unit_test(test_render_deep),
        cmocka_unit_test(test_real_lesson),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
