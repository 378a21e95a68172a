/* test_lessonrender.c: cmocka tests of the lesson renderers: lessonterm.c
 * (lesson_render at 80 and 60 columns: wrapping, nested lists, links and
 * images, callouts, code highlighting and wrapping, tables, HTML blocks) on
 * tests/fixtures/render/everything.md and on every real lesson, and
 * lessonhtml.c (lesson_render_html: escaping, highlighting spans, tables,
 * <details>, unsafe URLs). Depends on cmocka, lesson.h and term.h. */
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
#include "term.h"

#ifndef DOJO_SOURCE_DIR
#error "compile with -DDOJO_SOURCE_DIR=\"/path/to/dojo\""
#endif

#define FIXTURE DOJO_SOURCE_DIR "/tests/fixtures/render/everything.md"

/* load: lesson_load of path, which must succeed. */
static struct lesson *load(const char *path)
{
    char err[512] = "";
    struct lesson *l = NULL;
    if (lesson_load(path, &l, err, sizeof err) != 0)
        fail_msg("lesson_load(%s): %s", path, err);
    return l;
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

/* html: the lesson as an HTML page in a new string (free it). */
static char *html(const struct lesson *l)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    assert_int_equal(lesson_render_html(l, f), 0);
    assert_int_equal(fclose(f), 0);
    return text;
}

/* columns: visible columns of s[0..n): UTF-8 code points, ESC [ ... m
 * sequences skipped. */
static int columns(const char *s, size_t n)
{
    int w = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\033') {
            while (i < n && s[i] != 'm')
                i++;
        } else if (((unsigned char)s[i] & 0xC0) != 0x80) {
            w++;
        }
    }
    return w;
}

/* one_word: the line, without escapes and its leading prefix of blanks and
 * bars, is a single word (an unbreakable token may pass the width). */
static int one_word(const char *s, size_t n)
{
    size_t i = 0, words = 0;
    int in = 0;
    while (i < n && (s[i] == ' ' || s[i] == '|'))
        i++;
    for (; i < n; i++) {
        if (s[i] == '\033') {
            while (i < n && s[i] != 'm')
                i++;
            continue;
        }
        if (s[i] != ' ' && !in)
            words++;
        in = s[i] != ' ';
    }
    return words == 1;
}

/* check_width: no line of text is wider than `width` columns, except a line
 * that is one unbreakable word; returns how many such lines there were. */
static int check_width(const char *name, const char *text, int width)
{
    int over = 0, lineno = 1;
    for (const char *s = text; *s; lineno++) {
        size_t n = strcspn(s, "\n");
        if (columns(s, n) > width) {
            if (!one_word(s, n))
                fail_msg("%s at %d columns, line %d is %d wide: %.*s", name, width, lineno,
                         columns(s, n), (int)n, s);
            over++;
        }
        s += n + (s[n] == '\n');
    }
    return over;
}

/* line_with: the start of the line of text holding `needle` (fails when
 * absent); *len receives its length. */
static const char *line_with(const char *text, const char *needle, size_t *len)
{
    const char *p = strstr(text, needle);
    if (p == NULL)
        fail_msg("not found in the rendering: '%s'", needle);
    while (p > text && p[-1] != '\n')
        p--;
    *len = strcspn(p, "\n");
    return p;
}

/* expect_line: some line of text is exactly `want`. */
static void expect_line(const char *text, const char *want)
{
    size_t len, n = strlen(want);
    for (const char *s = text; *s; s += len + (s[len] == '\n')) {
        len = strcspn(s, "\n");
        if (len == n && strncmp(s, want, n) == 0)
            return;
    }
    fail_msg("no line is exactly '%s'", want);
}

/* joined: the paragraph that starts with `first` in text, its lines joined
 * by one space after their first `indent` columns (blank on every line
 * after the first), up to a blank line, a line less indented, or one that
 * starts a list item. */
static char *joined(const char *text, const char *first, size_t indent)
{
    const char *p = strstr(text, first);
    char *out = calloc(1, strlen(text) + 1);
    size_t n = 0;
    assert_non_null(p);
    assert_non_null(out);
    for (int k = 0; *p && *p != '\n'; k++) {
        size_t len = strcspn(p, "\n");
        if (k > 0) {
            if (len <= indent || strspn(p, " ") < indent || strchr("-*+", p[indent]) != NULL)
                break;
            assert_true(p[indent] != ' ');
            out[n++] = ' ';
            memcpy(out + n, p + indent, len - indent);
            n += len - indent;
        } else {
            memcpy(out + n, p, len);
            n += len;
        }
        p += len + (p[len] == '\n');
    }
    return out;
}

/* count: occurrences of needle in text. */
static int count(const char *text, const char *needle)
{
    int k = 0;
    for (const char *p = strstr(text, needle); p; p = strstr(p + 1, needle))
        k++;
    return k;
}

static void test_widths(void **state)
{
    struct lesson *l = load(FIXTURE);
    (void)state;
    for (int color = 0; color <= 1; color++) {
        char *t80 = render(l, color, 80), *t60 = render(l, color, 60);
        /* the one long URL overflows, whole; nothing else does */
        assert_int_equal(check_width("everything.md", t80, 80), 1);
        assert_int_equal(check_width("everything.md", t60, 60), 1);
        assert_non_null(strstr(t60, "\nhttps://example.com/a/very/long/path/that/goes/on/and/on/"
                                    "for/ever/and/ever/index.html\n"));
        assert_int_equal(strchr(t80, '\033') != NULL, color);
        free(t80);
        free(t60);
    }
    lesson_free(l);
}

/* test_wrap_words: a wrapped paragraph joins back into its source text:
 * no word split, nothing lost, continuation lines indented under the
 * item's text. */
static void test_wrap_words(void **state)
{
    struct lesson *l = load(FIXTURE);
    static const char item[] = "1. First step, with a paragraph long enough that it has to wrap "
                               "onto a second line at sixty columns and stay indented under its "
                               "text.";
    static const char cont[] = "A continuation paragraph of the first step, also long enough "
                               "to wrap over lines.";
    (void)state;
    for (int width = 60; width <= 80; width += 20) {
        char *t = render(l, 0, width), *p;
        p = joined(t, "1. First step", 3);
        assert_string_equal(p, item);
        free(p);
        p = joined(t, "   A continuation", 3);
        assert_non_null(strstr(p, "A continuation paragraph"));
        assert_string_equal(p + 3, cont);
        free(p);
        free(t);
    }
    lesson_free(l);
}

/* test_nested_lists: three levels of bullets, ordered lists in bullets,
 * code in an item, right-aligned numbers, all indented at 60 columns. */
static void test_nested_lists(void **state)
{
    struct lesson *l = load(FIXTURE);
    char *t = render(l, 0, 60), *p;
    (void)state;
    expect_line(t, "   [1] lua");
    expect_line(t, "       local x = 1 -- inside an ordered item");
    expect_line(t, "   - level two, first");
    p = joined(t, "   - level two, second", 5);
    assert_string_equal(p, "   - level two, second, long enough to wrap at sixty columns under its "
                           "own text");
    free(p);
    p = joined(t, "     * level three, deepest", 7);
    assert_string_equal(p, "     * level three, deepest, long enough to wrap at sixty columns "
                           "under its text");
    free(p);
    expect_line(t, "     * level three again");
    expect_line(t, " 9) A list that starts at nine");
    expect_line(t, "10) and goes to ten (numbers right-aligned).");
    expect_line(t, "- another");
    expect_line(t, "  1. nested ordered");
    expect_line(t, "  2. nested ordered two");
    free(t);
    lesson_free(l);
}

/* test_links: `text <url>` once; an autolink's URL once, bare; an image
 * as [image: alt] <url>. */
static void test_links(void **state)
{
    struct lesson *l = load(FIXTURE);
    char *t = render(l, 0, 200);
    (void)state;
    assert_non_null(strstr(t, "link to Lua <https://www.lua.org/manual/5.4/>"));
    assert_int_equal(count(t, "https://www.lua.org/manual/5.4/"), 1);
    assert_non_null(strstr(t, "autolink https://www.lua.org and"));
    assert_null(strstr(t, "<https://www.lua.org>"));
    assert_non_null(strstr(t, "[image: a diagram of upvalues] <img/upvalues.png>"));
    assert_null(strstr(t, "!["));
    assert_null(strstr(t, "]("));
    free(t);
    lesson_free(l);
}

/* test_callouts: a framed box with the label on top (taken off the text),
 * for Pitfall, Note (label in bold), Tip and Warning; a plain quote keeps
 * its bar. */
static void test_callouts(void **state)
{
    struct lesson *l = load(FIXTURE);
    char *t = render(l, 0, 60);
    size_t n;
    const char *p;
    (void)state;
    p = line_with(t, "+- Pitfall -", &n);
    assert_int_equal(n, 60);
    expect_line(t, "| a `for` loop makes a fresh variable on each pass, but a");
    expect_line(t, "| the label may be in bold.");
    expect_line(t, "| try it in the REPL.");
    expect_line(t, "| this one warns.");
    (void)line_with(t, "+- Note -", &n);
    (void)line_with(t, "+- Tip -", &n);
    (void)line_with(t, "+- Warning -", &n);
    assert_int_equal(count(t, "\n+-----------------------------------------------------------\n"), 4);
    expect_line(t, "| A plain quote that goes on for long enough to be wrapped");
    assert_null(strstr(t, "Pitfall:"));
    (void)p;
    free(t);
    lesson_free(l);
}

/* test_code: Lua highlighted with colour (keyword, string, number,
 * comment), python and text blocks not; long code lines broken onto ↪
 * rows at a blank; none without colour. */
static void test_code(void **state)
{
    struct lesson *l = load(FIXTURE);
    char *plain = render(l, 0, 60), *lit = render(l, 1, 60);
    (void)state;
    expect_line(plain, "    print(greet(\"world\"), nil, true, false) --> hello, world");
    expect_line(plain, "    \xe2\x86\xaa ... a long trailing comment that must wrap");
    expect_line(plain, "      return \"hello, \" .. name .. [[ long string ]] .. 42 ..");
    expect_line(plain, "      \xe2\x86\xaa 0x1F");
    assert_non_null(strstr(lit, TERM_BOLD TERM_MAGENTA "local" TERM_RESET));
    assert_non_null(strstr(lit, TERM_GREEN "\"hello, \"" TERM_RESET));
    assert_non_null(strstr(lit, TERM_GREEN "[[ long string ]]" TERM_RESET));
    assert_non_null(strstr(lit, TERM_YELLOW "0x1F" TERM_RESET));
    assert_non_null(strstr(lit, TERM_DIM TERM_ITALIC "-- a comment, then code" TERM_RESET));
    /* unlabelled code that lexes as Lua is highlighted too */
    assert_non_null(strstr(lit, TERM_GREEN "\"lua without a label\""));
    /* python and ```text are shown in one colour */
    assert_non_null(strstr(lit, TERM_CYAN "def f():"));
    assert_non_null(strstr(lit, TERM_CYAN "output: and or not end"));
    free(plain);
    free(lit);
    lesson_free(l);
}

/* test_rest: headings, hard break, table, HTML block text, hidden answer,
 * thematic break. */
static void test_rest(void **state)
{
    struct lesson *l = load(FIXTURE);
    char *t = render(l, 0, 60);
    (void)state;
    expect_line(t, "Rendering: every construct");
    expect_line(t, "==========================");
    expect_line(t, "-----");
    expect_line(t, "break, and a hard break here");
    assert_non_null(strstr(t, "\nthen the next line."));
    assert_non_null(strstr(t, "construct "));
    assert_non_null(strstr(t, "`<strong>`"));
    expect_line(t, "Some HTML text & more.");
    expect_line(t, "(Answer hidden: check yourself with: dojo quiz everything)");
    assert_null(strstr(t, "alert"));
    assert_null(strstr(t, "<div"));
    expect_line(t, "------------------------------------------------------------");
    free(t);
    lesson_free(l);
}

/* check_file: the Markdown file at path renders at 80 and at 60 columns,
 * with and without colour, no line wider than the terminal but for lines
 * of one unbreakable word; returns how many of those there were. */
static int check_file(const char *path)
{
    struct lesson *l = load(path);
    int over = 0;
    for (int color = 0; color <= 1; color++)
        for (int width = 60; width <= 80; width += 20) {
            char *t = render(l, color, width);
            over += check_width(path, t, width);
            free(t);
        }
    lesson_free(l);
    return over;
}

/* test_real_lessons: every .md file in lessons/ renders at 80 and at 60
 * columns, with and without colour, no line wider than the terminal; and
 * so does every kata's README (`dojo kata`), but for unbreakable words. */
static void test_real_lessons(void **state)
{
    DIR *d = opendir(DOJO_SOURCE_DIR "/lessons"), *k;
    struct dirent *e, *f;
    int seen = 0, readmes = 0;
    (void)state;
    assert_non_null(d);
    while ((e = readdir(d)) != NULL) {
        char path[1024];
        size_t n = strlen(e->d_name);
        if (n < 4 || strcmp(e->d_name + n - 3, ".md") != 0)
            continue;
        snprintf(path, sizeof path, "%s/lessons/%s", DOJO_SOURCE_DIR, e->d_name);
        assert_int_equal(check_file(path), 0);
        seen++;
    }
    closedir(d);
    assert_true(seen >= 8);
    d = opendir(DOJO_SOURCE_DIR "/katas");
    assert_non_null(d);
    while ((e = readdir(d)) != NULL) {
        char dir[1024];
        if (e->d_name[0] == '.')
            continue;
        snprintf(dir, sizeof dir, "%s/katas/%s", DOJO_SOURCE_DIR, e->d_name);
        if ((k = opendir(dir)) == NULL)
            continue;
        while ((f = readdir(k)) != NULL) {
            char path[2200];
            if (f->d_name[0] == '.')
                continue;
            snprintf(path, sizeof path, "%s/%s/README.md", dir, f->d_name);
            if (access(path, R_OK) == 0) {
                check_file(path);
                readmes++;
            }
        }
        closedir(k);
    }
    closedir(d);
    assert_true(readmes >= 30);
}

/* test_html: one page, everything escaped, Lua in spans, tables, the
 * answer in <details>, the lesson's own tags dropped. */
static void test_html(void **state)
{
    struct lesson *l = load(FIXTURE);
    char *h = html(l);
    (void)state;
    assert_true(strncmp(h, "<!DOCTYPE html>\n", 16) == 0);
    assert_non_null(strstr(h, "<title>Rendering: every construct</title>"));
    assert_non_null(strstr(h, "<style>"));
    assert_null(strstr(h, "<script"));
    assert_null(strstr(h, "<link"));
    assert_null(strstr(h, "<img"));
    assert_null(strstr(h, "src="));
    assert_non_null(strstr(h, "<h1 id=\"rendering-every-construct\">Rendering: every construct</h1>"));
    assert_non_null(strstr(h, "<h2 id=\"quotes-and-callouts\">"));
    assert_non_null(strstr(h, "<a href=\"https://www.lua.org/manual/5.4/\">link to Lua</a>"));
    assert_non_null(strstr(h, "<a href=\"img/upvalues.png\">[image: a diagram of upvalues]</a>"));
    assert_non_null(strstr(h, "<span class=\"k\">local</span> <span class=\"k\">function</span>"));
    assert_non_null(strstr(h, "<span class=\"s\">&quot;hello, &quot;</span>"));
    assert_non_null(strstr(h, "<span class=\"c\">--&gt; hello, world"));
    assert_non_null(strstr(h, "<div class=\"label\">[1] lua</div>"));
    assert_non_null(strstr(h, "<code class=\"language-python\">def f():"));
    assert_non_null(strstr(h, "<aside class=\"callout pitfall\"><p class=\"callout-label\">Pitfall"));
    assert_non_null(strstr(h, "<p>a <code>for</code> loop"));
    assert_non_null(strstr(h, "<th style=\"text-align:right\">HTML</th>"));
    assert_non_null(strstr(h, "<td style=\"text-align:right\"><code>&lt;strong&gt;</code></td>"));
    assert_non_null(strstr(h, "<details>\n<summary>Answer</summary>\n<p><code>2</code>"));
    assert_non_null(strstr(h, "<p class=\"html\">Some HTML text &amp; more."));
    assert_null(strstr(h, "<b>"));
    assert_null(strstr(h, "<div class=\"note\""));
    assert_non_null(strstr(h, "<li>level two, first"));
    assert_non_null(strstr(h, "<ol start=\"9\">"));
    free(h);
    lesson_free(l);
}

/* write_tmp: writes text to a new temporary lesson file; path into out. */
static void write_tmp(const char *text, char *out, size_t cap)
{
    int fd;
    FILE *f;
    snprintf(out, cap, "/tmp/dojo-test-render-XXXXXX");
    fd = mkstemp(out);
    assert_true(fd >= 0);
    f = fdopen(fd, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

/* test_html_hostile: script and event handlers in the lesson's HTML, a
 * javascript: link, control bytes, an unclosed <details>: nothing passes
 * through, tags balance. */
static void test_html_hostile(void **state)
{
    char path[64], *h;
    struct lesson *l;
    (void)state;
    write_tmp("# A < B & 'q' \"d\" <script>x</script>\n\n"
              "<script>alert('x')</script>\n\n"
              "<img src=x onerror=alert(1)>\n\n"
              "[click](javascript:alert(1)) [ok](JaVaScRiPt:x) [data](data:text/html,x)\n\n"
              "text with \x1b[2J escape and \x01 bytes\n\n"
              "<details><summary>open\n\nnever closed\n\n</summary></details></details>\n\n"
              "## Same\n\n## Same\n\n## same_2\n\n"
              "<details>\n\nleft open\n",
              path, sizeof path);
    l = load(path);
    h = html(l);
    assert_null(strstr(h, "<script"));
    assert_null(strstr(h, "<img"));
    assert_null(strstr(h, "onerror"));
    assert_null(strstr(h, "javascript:"));
    assert_null(strstr(h, "JaVaScRiPt"));
    assert_null(strstr(h, "data:text"));
    assert_null(strchr(h, '\033'));
    assert_null(strchr(h, '\001'));
    assert_non_null(strstr(h, "<title>A &lt; B &amp; &#39;q&#39; &quot;d&quot; x</title>"));
    assert_non_null(strstr(h, "<p>click ok data</p>"));
    assert_int_equal(count(h, "<details>"), count(h, "</details>"));
    assert_int_equal(count(h, "<summary>"), count(h, "</summary>"));
    assert_int_equal(count(h, "<p"), count(h, "</p>"));
    /* ids stay unique: a repeat gets _N, which no slug can spell */
    assert_non_null(strstr(h, "<h2 id=\"same\">Same</h2>"));
    assert_int_equal(count(h, "<h2 id=\"same_"), 1);
    assert_non_null(strstr(h, "<h2 id=\"same-2\">same_2</h2>"));
    free(h);
    lesson_free(l);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_widths),      cmocka_unit_test(test_wrap_words),
        cmocka_unit_test(test_nested_lists), cmocka_unit_test(test_links),
        cmocka_unit_test(test_callouts),    cmocka_unit_test(test_code),
        cmocka_unit_test(test_rest),        cmocka_unit_test(test_real_lessons),
        cmocka_unit_test(test_html),        cmocka_unit_test(test_html_hostile),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
