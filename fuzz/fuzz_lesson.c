/* fuzz_lesson.c: libFuzzer target for the lesson pipeline: the input is a
 * lesson's Markdown; lesson_load parses it (cmark, then dojo's lesson model:
 * title, ```lua blocks, info strings, fences), lesson_render (lessonterm.c)
 * lays it out at several widths with and without colour, lesson_render_html
 * (lessonhtml.c) writes it as a page whose tags must balance, and the same
 * text goes straight to the pipe-table parser and renderer (mdtable.c).
 * Depends on lesson.h, mdtable.h and fuzz_common.h. */
#define _GNU_SOURCE /* open_memstream on older libcs */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "lesson.h"
#include "mdtable.h"

/* Widths a terminal may have: below lesson_render's floor of 20, narrow,
 * ordinary and wide. */
static const int widths[] = {1, 20, 33, 80, 200};

/* no_escape: 1 when s[0..n) holds no ESC byte: with colour off, the
 * renderers promise no escape sequence at all (a hostile lesson must not
 * drive the learner's terminal). */
static int no_escape(const char *s, size_t n)
{
    return memchr(s, '\033', n) == NULL;
}

/* render_lesson: renders at one width, picked by the input's size so every
 * width gets its share of inputs (each render of a 30 KiB lesson costs
 * milliseconds under ASan), with and without colour. */
static void render_lesson(const struct lesson *l, size_t size)
{
    int width = widths[size % (sizeof widths / sizeof *widths)];
    for (int color = 0; color <= 1; color++) {
        char *out = NULL;
        size_t n = 0;
        FILE *f = open_memstream(&out, &n);
        fuzz_check(f != NULL, "open_memstream");
        fuzz_check(lesson_render(l, f, color, width) == 0, "lesson_render succeeds");
        fclose(f);
        if (!color)
            fuzz_check(no_escape(out, n), "lesson_render without colour writes no ESC");
        free(out);
    }
    for (size_t i = 1; i <= lesson_block_count(l); i++) {
        const struct lesson_block *b = lesson_block(l, i);
        fuzz_check(b != NULL && b->code != NULL && b->line >= 1, "each lua block has code and a line");
    }
    fuzz_check(lesson_block(l, lesson_block_count(l) + 1) == NULL, "no block past the count");
}

/* tags_balance: 1 when every tag of the page s[0..n) is closed in order
 * (void elements br, hr, meta aside; "<!DOCTYPE" skipped). The writer
 * escapes every '<' of the lesson, so each '<' in its output is its own
 * tag: a lesson must not be able to open an element it does not close, or
 * close one of the page's. */
static int tags_balance(const char *s, size_t n)
{
    static const char *const voids[] = {"br", "hr", "meta"};
    char stack[256][16];
    size_t depth = 0;
    for (size_t i = 0; i < n; i++) {
        char name[16];
        size_t k = 0, j = i + 1;
        int close;
        if (s[i] != '<')
            continue;
        if (j < n && s[j] == '!')
            continue;
        close = j < n && s[j] == '/';
        j += close;
        while (j < n && k < sizeof name - 1 && ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= '0' && s[j] <= '9')))
            name[k++] = s[j++];
        name[k] = '\0';
        if (k == 0 || j >= n || (s[j] != '>' && s[j] != ' '))
            return 0;
        int is_void = 0;
        for (size_t v = 0; v < sizeof voids / sizeof *voids; v++)
            is_void |= strcmp(name, voids[v]) == 0;
        if (is_void)
            continue;
        if (close) {
            if (depth == 0 || strcmp(stack[depth - 1], name) != 0)
                return 0;
            depth--;
        } else if (depth < sizeof stack / sizeof *stack) {
            memcpy(stack[depth++], name, sizeof name);
        } else {
            return 1; /* deeper than this check follows: not a finding */
        }
    }
    return depth == 0;
}

/* render_html: the page, whose tags balance and which holds no escape
 * byte and no <script>. */
static void render_html(const struct lesson *l)
{
    char *out = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&out, &n);
    fuzz_check(f != NULL, "open_memstream");
    fuzz_check(lesson_render_html(l, f) == 0, "lesson_render_html succeeds");
    fclose(f);
    fuzz_check(no_escape(out, n), "lesson_render_html writes no ESC");
    fuzz_check(strstr(out, "<script") == NULL, "lesson_render_html writes no <script");
    fuzz_check(tags_balance(out, n), "lesson_render_html's tags balance");
    free(out);
}

static void render_table(const uint8_t *data, size_t size)
{
    struct mdtable *t = mdtable_parse((const char *)data, size);
    if (t == NULL)
        return;
    fuzz_check(t->cols >= 1 && t->rows >= 1, "a table has a header row and a column");
    for (size_t w = 0; w < sizeof widths / sizeof *widths; w++)
        for (int color = 0; color <= 1; color++) {
            char *s = mdtable_render(t, widths[w], color);
            fuzz_check(s != NULL, "mdtable_render succeeds");
            if (!color)
                fuzz_check(no_escape(s, strlen(s)), "mdtable_render without colour writes no ESC");
            free(s);
        }
    mdtable_free(t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[1024] = "", path[4200];
    struct lesson *l = NULL;
    const char *dir = fuzz_scratch_file("01-fuzz.md", data, size);
    double t0 = fuzz_cpu_seconds();
    snprintf(path, sizeof path, "%s/01-fuzz.md", dir);
    if (lesson_load(path, &l, err, sizeof err) == 0) {
        fuzz_check(l != NULL && lesson_title(l) != NULL, "a loaded lesson has a title");
        render_lesson(l, size);
        render_html(l);
        lesson_free(l);
    } else {
        fuzz_check(l == NULL, "a failed lesson_load leaves *out NULL");
        fuzz_check(strncmp(err, path, strlen(path)) == 0 && err[strlen(path)] == ':',
                   "the message starts FILE:");
    }
    render_table(data, size);
    fuzz_check(fuzz_cpu_seconds() - t0 < FUZZ_CPU_LIMIT, "loading and rendering use under 5 s of CPU");
    return 0;
}
