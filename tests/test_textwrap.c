/* test_textwrap.c: hints filled to a width: no word split, no line over the
 * width, prefixes on first and later lines, paragraphs kept, UTF-8 letters
 * one column each, an over-long word cut. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "textwrap.h"

/* wrap: textwrap_print into a string (owned by the caller). */
static char *wrap(const char *text, int width, const char *first, const char *rest, int *lines)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    *lines = textwrap_print(f, text, width, first, rest);
    assert_int_equal(fclose(f), 0);
    return buf;
}

static int cols(const char *s, size_t n)
{
    int c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

/* Every line fits, and the words come out in order, none split. */
static void fills_without_splitting_words(void **state)
{
    const char *hint = "Keep the count in a local variable of create(), and return a closure that "
                       "adds one to it and returns the new value: each call to create() makes a "
                       "fresh variable, so two counters never share one.";
    int lines;
    char *out = wrap(hint, 40, "Hint 1 of 3: ", "  ", &lines);
    char *copy = strdup(hint), *words[64], *save = NULL;
    int nw = 0, nl = 0;
    (void)state;
    assert_true(lines >= 4);
    for (char *w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save))
        words[nw++] = w;
    {
        const char *p = out;
        int wi = 0;
        while (*p) {
            size_t n = strcspn(p, "\n");
            assert_true(cols(p, n) <= 40);
            if (nl == 0)
                assert_memory_equal(p, "Hint 1 of 3: ", 13);
            else
                assert_memory_equal(p, "  ", 2);
            /* the line's words are the next words of the hint */
            {
                char line[128];
                char *s2 = NULL;
                int skip = nl == 0 ? 13 : 2;
                snprintf(line, sizeof line, "%.*s", (int)n - skip, p + skip);
                for (char *w = strtok_r(line, " ", &s2); w; w = strtok_r(NULL, " ", &s2))
                    assert_string_equal(w, words[wi++]);
            }
            nl++;
            p += n + (p[n] == '\n');
        }
        assert_int_equal(wi, nw);
        assert_int_equal(nl, lines);
    }
    free(copy);
    free(out);
}

static void keeps_paragraphs_and_counts_utf8(void **state)
{
    int lines;
    char *out = wrap("café café café café\n\nnext", 20, NULL, NULL, &lines);
    (void)state;
    /* "café café café café" is 19 columns: one line, then a blank line. */
    assert_string_equal(out, "café café café café\n\nnext\n");
    assert_int_equal(lines, 3);
    free(out);
}

static void cuts_a_word_wider_than_the_line(void **state)
{
    int lines;
    char *out = wrap("see https://example.org/a/very/long/path/that/goes/on/and/on", 20, NULL, "", &lines);
    const char *p = out;
    (void)state;
    while (*p) {
        size_t n = strcspn(p, "\n");
        assert_true(cols(p, n) <= 20);
        p += n + (p[n] == '\n');
    }
    assert_non_null(strstr(out, "see\nhttps://example"));
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fills_without_splitting_words),
        cmocka_unit_test(keeps_paragraphs_and_counts_utf8),
        cmocka_unit_test(cuts_a_word_wider_than_the_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
