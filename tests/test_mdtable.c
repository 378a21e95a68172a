/* test_mdtable.c: cmocka tests of GFM pipe tables (src/mdtable.c): parsing
 * (cells, escaped pipes, pipes in code spans, alignment, ragged rows, what is
 * not a table), rendering (exact text at colour 0, alignment, wrapping, UTF-8
 * widths, styles) and lesson_render of a .md file holding tables in a
 * mkdtemp() folder, plus every kata README. Depends on cmocka, mdtable.h and
 * lesson.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lesson.h"
#include "mdtable.h"

#ifndef DOJO_SOURCE_DIR
#error "compile with -DDOJO_SOURCE_DIR=\"/path/to/dojo\""
#endif

/* parse: mdtable_parse of a NUL-terminated text. */
static struct mdtable *parse(const char *text)
{
    return mdtable_parse(text, strlen(text));
}

/* cell: the text of row r, column c. */
static const char *cell(const struct mdtable *t, size_t r, size_t c)
{
    assert_true(r < t->rows && c < t->cols);
    return t->cell[r * t->cols + c];
}

/* render: parses text, which must be a table, and renders it (free it). */
static char *render(const char *text, int width, int color)
{
    struct mdtable *t = parse(text);
    char *out;
    assert_non_null(t);
    out = mdtable_render(t, width, color);
    assert_non_null(out);
    mdtable_free(t);
    return out;
}

/* expect_render: the rendering of text must be exactly `want`. */
static void expect_render(const char *text, int width, int color, const char *want)
{
    char *out = render(text, width, color);
    assert_string_equal(out, want);
    free(out);
}

/* longest_line: the widest line of text, in UTF-8 code points. */
static int longest_line(const char *text)
{
    int max = 0, w = 0;
    for (; *text; text++) {
        if (*text == '\n')
            w = 0;
        else if (((unsigned char)*text & 0xC0) != 0x80)
            w++;
        max = w > max ? w : max;
    }
    return max;
}

/* ------------------------------------------------------------------ parsing */

static void test_parse_cells(void **state)
{
    struct mdtable *t = parse("| argument | must be |\n|---|---|\n|  `seconds`  |a number|\n");
    (void)state;
    assert_non_null(t);
    assert_int_equal(t->cols, 2);
    assert_int_equal(t->rows, 2);
    assert_string_equal(cell(t, 0, 0), "argument");
    assert_string_equal(cell(t, 0, 1), "must be");
    assert_string_equal(cell(t, 1, 0), "`seconds`");
    assert_string_equal(cell(t, 1, 1), "a number");
    mdtable_free(t);
    mdtable_free(NULL);
}

static void test_parse_optional_pipes_and_blanks(void **state)
{
    /* indentation, no trailing pipe, no final newline, '\r', empty cells */
    struct mdtable *t = parse("  | a | b\r\n|--|--|\n| | x |\n|");
    (void)state;
    assert_non_null(t);
    assert_int_equal(t->cols, 2);
    assert_int_equal(t->rows, 3);
    assert_string_equal(cell(t, 0, 1), "b");
    assert_string_equal(cell(t, 1, 0), "");
    assert_string_equal(cell(t, 1, 1), "x");
    assert_string_equal(cell(t, 2, 0), "");
    assert_string_equal(cell(t, 2, 1), "");
    mdtable_free(t);
}

static void test_parse_escaped_pipes(void **state)
{
    struct mdtable *t = parse("| a \\| b | c |\n|---|---|\n| x\\|y | \\\\|\n");
    (void)state;
    assert_non_null(t);
    assert_int_equal(t->cols, 2);
    assert_string_equal(cell(t, 0, 0), "a | b");
    assert_string_equal(cell(t, 0, 1), "c");
    assert_string_equal(cell(t, 1, 0), "x|y");
    assert_string_equal(cell(t, 1, 1), "\\\\"); /* an escaped backslash, then a pipe */
    mdtable_free(t);
}

static void test_parse_pipes_in_code(void **state)
{
    struct mdtable *t = parse("| op | meaning |\n|---|---|\n| `a | b` | or |\n"
                              "| ``x`|`y`` | `\\|` |\n| `open | c |\n");
    (void)state;
    assert_non_null(t);
    assert_int_equal(t->cols, 2);
    assert_int_equal(t->rows, 4);
    assert_string_equal(cell(t, 1, 0), "`a | b`");
    assert_string_equal(cell(t, 1, 1), "or");
    assert_string_equal(cell(t, 2, 0), "``x`|`y``");
    assert_string_equal(cell(t, 2, 1), "`|`");
    /* an unclosed backtick is literal, so its pipe splits */
    assert_string_equal(cell(t, 3, 0), "`open");
    assert_string_equal(cell(t, 3, 1), "c");
    mdtable_free(t);
}

static void test_parse_alignment(void **state)
{
    struct mdtable *t = parse("|a|b|c|d|\n| :-- |:-:| --: |-|\n");
    (void)state;
    assert_non_null(t);
    assert_int_equal(t->rows, 1);
    assert_int_equal(t->align[0], MDTABLE_LEFT);
    assert_int_equal(t->align[1], MDTABLE_CENTER);
    assert_int_equal(t->align[2], MDTABLE_RIGHT);
    assert_int_equal(t->align[3], MDTABLE_LEFT);
    mdtable_free(t);
}

static void test_parse_ragged_rows(void **state)
{
    struct mdtable *t = parse("| a | b | c |\n|---|---|---|\n| 1 |\n| 1 | 2 | 3 | 4 | 5 |\n");
    (void)state;
    assert_non_null(t);
    assert_int_equal(t->cols, 3);
    assert_int_equal(t->rows, 3);
    assert_string_equal(cell(t, 1, 0), "1");
    assert_string_equal(cell(t, 1, 1), "");
    assert_string_equal(cell(t, 1, 2), "");
    assert_string_equal(cell(t, 2, 2), "3");
    mdtable_free(t);
}

static void test_parse_not_a_table(void **state)
{
    (void)state;
    assert_null(parse(""));
    assert_null(parse("| a | b |\n"));                       /* no delimiter row */
    assert_null(parse("| a | b |\n| c | d |\n"));            /* second line not one */
    assert_null(parse("| a | b |\n|---|\n"));                /* cell counts differ */
    assert_null(parse("| a |\n|---|---|\n"));
    assert_null(parse("| a |\n|-x-|\n"));
    assert_null(parse("| a |\n|:|\n"));
    assert_null(parse("| a |\n|---|\nplain text\n"));        /* a line without '|' */
    assert_null(parse("a | b\n--|--\n"));                    /* GFM, but no leading pipes */
    assert_null(parse("| a |\n\n|---|\n"));
}

/* ---------------------------------------------------------------- rendering */

static const char fruit[] = "| Name | Qty |\n"
                            "|------|----:|\n"
                            "| apple | 3 |\n"
                            "| kiwi | 12 |\n";

static void test_render_plain(void **state)
{
    (void)state;
    expect_render(fruit, 80, 0,
                  "Name   Qty\n"
                  "-----  ---\n"
                  "apple    3\n"
                  "kiwi    12\n");
}

static void test_render_alignment(void **state)
{
    (void)state;
    expect_render("| l | c | r |\n|:--|:-:|--:|\n| left | centre | right |\n| a | b | c |\n",
                  80, 0,
                  "l       c         r\n"
                  "----  ------  -----\n"
                  "left  centre  right\n"
                  "a       b         c\n");
}

static void test_render_inline_plain(void **state)
{
    (void)state;
    /* code keeps its backticks, emphasis markers go, snake_case and a lone
     * '*' stay, escapes are resolved */
    expect_render("| code | text |\n|---|---|\n| `x` | **bold** and *it* |\n"
                  "| ``a`b`` | make_log_calls, 2 * 3, \\*lit\\* |\n",
                  80, 0,
                  "code   text\n"
                  "-----  ----------------------------\n"
                  "`x`    bold and it\n"
                  "`a`b`  make_log_calls, 2 * 3, *lit*\n");
    /* markers that are never closed are shown as written */
    expect_render("| x |\n|---|\n| *a* *b **c |\n", 80, 0, "x\n--------\na *b **c\n");
}

static void test_render_color(void **state)
{
    char *out = render("| h | `c` |\n|---|---|\n| `x` | **b** |\n", 80, 1);
    (void)state;
    assert_non_null(strstr(out, "\033[1mh\033[0m"));             /* bold header */
    assert_non_null(strstr(out, "\033[1m\033[36mc\033[0m"));      /* bold code header */
    assert_non_null(strstr(out, "\033[36mx\033[0m"));             /* cyan, no backticks */
    assert_null(strchr(out, '`'));
    assert_non_null(strstr(out, "\033[1mb\033[0m"));
    assert_non_null(strstr(out, "\033[2m-  -\033[0m\n"));         /* dim rule */
    free(out);
}

static void test_render_no_escape_without_color(void **state)
{
    char *out = render("| a\033[31m | **b** |\n|---|---|\n| `x` | y\001 |\n", 80, 0);
    (void)state;
    assert_null(strchr(out, '\033'));
    assert_non_null(strstr(out, "a?[31m"));
    assert_non_null(strstr(out, "y?"));
    free(out);
    out = render("| a\033[31m |\n|---|\n", 80, 1);
    assert_null(strstr(out, "\033[31m")); /* even with colour, the source can't inject */
    free(out);
}

static void test_render_wraps(void **state)
{
    char *out;
    (void)state;
    /* natural width 6 + 2 + 27 = 35 > 24: the wide column shrinks to 16 */
    expect_render("| key | value |\n|---|---|\n| one | a fairly long value to wrap |\n"
                  "| second | short |\n",
                  24, 0,
                  "key     value\n"
                  "------  ----------------\n"
                  "one     a fairly long\n"
                  "        value to wrap\n"
                  "\n"
                  "second  short\n");
    /* lines break outside code spans when they can, inside when they must */
    expect_render("| c |\n|---|\n| with `t = { 1 }` |\n", 12, 0,
                  "c\n------------\nwith\n`t = { 1 }`\n");
    expect_render("| c |\n|---|\n| with `t = { 1 }` |\n", 8, 0,
                  "c\n--------\nwith `t\n= { 1 }`\n");
    /* the widest column goes first, down to its longest word, then further:
     * words longer than their column are split, no line is too wide */
    out = render("| a | b |\n|---|---|\n| abcdefghij klm | nopqrstuvwxyz |\n", 12, 0);
    assert_true(longest_line(out) <= 12);
    assert_non_null(strstr(out, "abcde  nopqr\n"));
    free(out);
    out = render(fruit, 5, 0);
    assert_int_equal(longest_line(out), 5);
    free(out);
    out = render(fruit, 3, 0); /* too narrow for 1 column each: as narrow as can be */
    assert_int_equal(longest_line(out), 4);
    free(out);
}

static void test_render_utf8_widths(void **state)
{
    (void)state;
    expect_render("| mot | n |\n|:-:|--:|\n| héllo | 1 |\n| 日本 | 22 |\n| ü | 3 |\n", 80, 0,
                  " mot    n\n"
                  "-----  --\n"
                  "héllo   1\n"
                  " 日本    22\n"
                  "  ü     3\n");
    /* wrapping and splitting count code points too */
    expect_render("| ééééé |\n|---|\n| ééé ééé |\n", 5, 0,
                  "ééééé\n"
                  "-----\n"
                  "ééé\n"
                  "ééé\n");
}

/* ---------------------------------------------------------- in a lesson */

static const char table_md[] =
    "# Tables\n"
    "\n"
    "Before the table.\n"
    "\n"
    "| name | value |\n"
    "|------|------:|\n"
    "| `x` | 1 |\n"
    "| longer | 22 |\n"
    "\n"
    "After the table, `|---|` in code.\n"
    "\n"
    "> | q | r |\n"
    "> |---|--:|\n"
    "> | 1 | 22 |\n"
    "\n"
    "- | li | first |\n"
    "  |----|-------|\n"
    "  | a | b |\n"
    "- item\n"
    "\n"
    "  | x | y |\n"
    "  |---|---|\n"
    "  | 1 | 2 |\n"
    "\n"
    "| not | a table |\n"
    "| because | no delimiter row |\n";

/* render_lesson: the lesson rendered into a new string (free it). */
static char *render_lesson(const struct lesson *l, int color, int width)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    assert_int_equal(lesson_render(l, f, color, width), 0);
    assert_int_equal(fclose(f), 0);
    return text;
}

static void test_lesson_tables(void **state)
{
    char dir[] = "/tmp/dojo-test-mdtable-XXXXXX", path[256], err[512] = "", *out;
    struct lesson *l = NULL;
    FILE *f;
    (void)state;
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/tables.md", dir);
    assert_non_null(f = fopen(path, "w"));
    assert_true(fputs(table_md, f) >= 0);
    assert_int_equal(fclose(f), 0);
    if (lesson_load(path, &l, err, sizeof err) != 0)
        fail_msg("lesson_load: %s", err);
    out = render_lesson(l, 0, 80);
    assert_non_null(strstr(out, "Before the table.\n\n"
                                "name    value\n"
                                "------  -----\n"
                                "`x`         1\n"
                                "longer     22\n\n"
                                "After the table, `|---|` in code.\n"));
    assert_non_null(strstr(out, "\n| q   r\n| -  --\n| 1  22\n"));
    assert_non_null(strstr(out, "\n- li  first\n  --  -----\n  a   b\n"));
    assert_non_null(strstr(out, "\n- item\n\n  x  y\n  -  -\n  1  2\n"));
    assert_non_null(strstr(out, "| not | a table | | because | no delimiter row |"));
    assert_null(strstr(out, "|------|"));
    assert_null(strstr(out, "| name"));
    free(out);
    out = render_lesson(l, 1, 80);
    assert_non_null(strstr(out, "\033[1mname\033[0m"));
    free(out);
    lesson_free(l);
    assert_int_equal(unlink(path), 0);
    assert_int_equal(rmdir(dir), 0);
}

/* check_readme: a kata README renders without a raw delimiter row. */
static void check_readme(const char *path)
{
    char err[512] = "", *out;
    struct lesson *l = NULL;
    if (access(path, R_OK) != 0)
        return;
    if (lesson_load(path, &l, err, sizeof err) != 0)
        fail_msg("lesson_load: %s", err);
    for (int width = 40; width <= 120; width += 40) {
        out = render_lesson(l, 0, width);
        if (strstr(out, "|---") != NULL)
            fail_msg("%s at width %d shows a raw table", path, width);
        free(out);
    }
    lesson_free(l);
}

static void test_kata_readmes(void **state)
{
    const char *root = DOJO_SOURCE_DIR "/katas";
    char path[1024];
    DIR *d = opendir(root), *sub;
    struct dirent *e, *k;
    (void)state;
    if (d == NULL)
        skip();
    while ((e = readdir(d)) != NULL) {
        snprintf(path, sizeof path, "%s/%s", root, e->d_name);
        if (e->d_name[0] == '.' || (sub = opendir(path)) == NULL)
            continue;
        while ((k = readdir(sub)) != NULL) {
            if (k->d_name[0] == '.')
                continue;
            snprintf(path, sizeof path, "%s/%s/%s/README.md", root, e->d_name, k->d_name);
            check_readme(path);
        }
        closedir(sub);
    }
    closedir(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_cells),
        cmocka_unit_test(test_parse_optional_pipes_and_blanks),
        cmocka_unit_test(test_parse_escaped_pipes),
        cmocka_unit_test(test_parse_pipes_in_code),
        cmocka_unit_test(test_parse_alignment),
        cmocka_unit_test(test_parse_ragged_rows),
        cmocka_unit_test(test_parse_not_a_table),
        cmocka_unit_test(test_render_plain),
        cmocka_unit_test(test_render_alignment),
        cmocka_unit_test(test_render_inline_plain),
        cmocka_unit_test(test_render_color),
        cmocka_unit_test(test_render_no_escape_without_color),
        cmocka_unit_test(test_render_wraps),
        cmocka_unit_test(test_render_utf8_widths),
        cmocka_unit_test(test_lesson_tables),
        cmocka_unit_test(test_kata_readmes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
