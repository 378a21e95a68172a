/* lessonterm.c: the terminal renderer of a lesson (lesson_render): walks the
 * cmark tree lesson.c parsed and writes it wrapped to the terminal's width:
 * styled inlines, links as `text <url>`, labelled and highlighted code
 * blocks, nested lists, quotes and callouts, pipe tables (mdtable.c).
 * Depends on lessonpriv.h, mdtable.h, term.h, libcmark and libc. */
#include "lesson.h"
#include "lessonpriv.h"

#include <stdlib.h>
#include <string.h>

#include "mdtable.h"
#include "term.h"

/* Style bits carried per byte of rendered inline text. */
enum {
    ST_BOLD = 1,
    ST_ITALIC = 2,
    ST_UNDER = 4,
    ST_CODE = 8,  /* inline code */
    ST_URL = 16,  /* a link's URL */
    ST_H2 = 32,   /* colour of level-2 headings */
    ST_H3 = 64,   /* colour of deeper headings */
    ST_DIM = 128, /* labels, rules, HTML leftovers */
};

/* Nesting deeper than this (quotes in lists in quotes...) is not shown: the
 * renderer recurses once per level, and 60,000 '>' overflowed the C stack
 * (fuzz regressions lesson/deep-quote.md, lesson/deep-list.md). */
#define LESSON_MAX_DEPTH 64

/* The renderer's state: the output, colour/width, the next block index, how
 * deep in nested blocks it is, and the callout label still to be taken off
 * the front of the next paragraph ("Pitfall:"; NULL when none). */
struct rend {
    const struct lesson *l;
    FILE *f;
    int color, width;
    size_t next;
    int depth;
    const char *strip;
};

/* A line prefix level (block quote bar, list marker), chained to its parent.
 * `first` is printed on the level's first line, `rest` after; both have the
 * same visible width. */
struct ctx {
    struct ctx *up;
    const char *first, *rest;
    int pending;
};

/* vis_width: columns taken by s[0..len): UTF-8 code points, ESC sequences
 * skipped. */
static int vis_width(const char *s, size_t len)
{
    int w = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '\033') {
            while (i + 1 < len && !(s[i + 1] >= '@' && s[i + 1] <= '~' && s[i + 1] != '['))
                i++;
            i++;
        } else if (((unsigned char)s[i] & 0xC0) != 0x80) {
            w++;
        }
    }
    return w;
}

/* avail: columns left for content after the prefixes of c (at least 10). */
static int avail(const struct rend *r, const struct ctx *c)
{
    int w = r->width;
    for (; c != NULL; c = c->up)
        w -= vis_width(c->rest, strlen(c->rest));
    return w < 10 ? 10 : w;
}

/* build_prefix: the prefix of one line into t; a non-blank line consumes
 * pending first markers, a blank one uses `rest` and is right-trimmed. */
static void build_prefix(struct ctx *c, struct lesson_buf *t, int blank)
{
    const char *m;
    if (c == NULL)
        return;
    build_prefix(c->up, t, blank);
    m = (c->pending && !blank) ? c->first : c->rest;
    if (!blank)
        c->pending = 0;
    lesson_buf_add(t, m, strlen(m), 0);
    while (blank && t->n > 0 && t->b[t->n - 1] == ' ')
        t->b[--t->n] = '\0';
}

/* put_prefix: writes the prefix of the next line. */
static void put_prefix(struct rend *r, struct ctx *c, int blank)
{
    struct lesson_buf t = {0};
    build_prefix(c, &t, blank);
    if (t.n > 0)
        fwrite(t.b, 1, t.n, r->f);
    lesson_buf_free(&t);
}

/* blank_line: an empty line inside the current containers. */
static void blank_line(struct rend *r, struct ctx *c)
{
    put_prefix(r, c, 1);
    fputc('\n', r->f);
}

/* put_sgr: switches the terminal from style *cur to style st. */
static void put_sgr(struct rend *r, int *cur, int st)
{
    static const struct {
        int bit;
        const char *sgr;
    } map[] = {{ST_BOLD, TERM_BOLD}, {ST_ITALIC, TERM_ITALIC}, {ST_UNDER, TERM_UNDERLINE},
               {ST_CODE, TERM_CYAN}, {ST_URL, TERM_BLUE},      {ST_H2, TERM_MAGENTA},
               {ST_H3, TERM_BLUE},   {ST_DIM, TERM_DIM}};
    if (st == *cur || !r->color) {
        *cur = st;
        return;
    }
    if (*cur != 0)
        fputs(TERM_RESET, r->f);
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (st & map[i].bit)
            fputs(map[i].sgr, r->f);
    *cur = st;
}

/* put_styled: writes bytes with their per-byte styles. */
static void put_styled(struct rend *r, int *cur, const char *b, const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        put_sgr(r, cur, s[i]);
        fputc(b[i], r->f);
    }
}

/* end_line: closes any open style and ends the line. */
static void end_line(struct rend *r, int *cur)
{
    put_sgr(r, cur, 0);
    fputc('\n', r->f);
}

/* ------------------------------------------------------------- wrapping */

/* A line being filled by wrap(): its column and whether it has begun. */
struct line {
    int col, started, cur, maxw;
};

/* put_word: writes one word, preceded by a space when the line already
 * holds something and the word fits after it, else on a line of its own.
 * A word is never split: one wider than the whole line (a long URL) is
 * written whole and overflows. */
static void put_word(struct rend *r, struct ctx *c, struct line *ln, const struct lesson_buf *t,
                     size_t i, size_t j)
{
    int w = vis_width(t->b + i, j - i);
    if (ln->started && ln->col + 1 + w > avail(r, c)) {
        end_line(r, &ln->cur);
        ln->started = 0;
    }
    if (!ln->started) {
        put_prefix(r, c, 0);
        ln->started = 1;
        ln->col = 0;
    } else {
        put_styled(r, &ln->cur, " ", t->sty + i - 1, 1);
        ln->col++;
    }
    put_styled(r, &ln->cur, t->b + i, t->sty + i, j - i);
    ln->col += w;
    ln->maxw = ln->col > ln->maxw ? ln->col : ln->maxw;
}

/* wrap: writes styled text word-wrapped to the room left by c. '\n' in the
 * text (a hard break) ends the line. Returns the widest line's width. */
static int wrap(struct rend *r, struct ctx *c, const struct lesson_buf *t)
{
    struct line ln = {0, 0, 0, 0};
    size_t i = 0, j;
    while (i < t->n) {
        if (t->b[i] == ' ') {
            i++;
        } else if (t->b[i] == '\n') {
            if (ln.started)
                end_line(r, &ln.cur);
            else if (i > 0) /* a hard break right after one: an empty line */
                blank_line(r, c);
            ln.started = 0;
            i++;
        } else {
            for (j = i; j < t->n && t->b[j] != ' ' && t->b[j] != '\n'; j++)
                ;
            put_word(r, c, &ln, t, i, j);
            i = j;
        }
    }
    if (ln.started)
        end_line(r, &ln.cur);
    return ln.maxw;
}

/* -------------------------------------------------------------- inlines */

static void inlines(struct rend *r, cmark_node *n, int st, struct lesson_buf *t);

/* link_inline: a link as its text then " <URL>", unless the URL is the text
 * itself (an autolink, or mailto: and the address); an image as
 * "[image: ALT] <URL>". The URL is shown once, beside the link. */
static void link_inline(struct rend *r, cmark_node *n, int st, struct lesson_buf *t)
{
    size_t start = t->n;
    const char *url = cmark_node_get_url(n), *shown = url;
    int image = cmark_node_get_type(n) == CMARK_NODE_IMAGE;
    if (image)
        lesson_buf_add(t, "[image", 6, st);
    if (image && cmark_node_first_child(n) != NULL)
        lesson_buf_add(t, ": ", 2, st);
    for (cmark_node *k = cmark_node_first_child(n); k; k = cmark_node_next(k))
        inlines(r, k, image ? st : st | ST_UNDER, t);
    if (image)
        lesson_buf_add(t, "]", 1, st);
    if (url == NULL || url[0] == '\0')
        return;
    if (strncmp(url, "mailto:", 7) == 0)
        shown = url + 7;
    if (!image && t->b != NULL && (strcmp(t->b + start, shown) == 0 || strcmp(t->b + start, url) == 0))
        return;
    lesson_buf_add(t, start < t->n ? " <" : "<", start < t->n ? 2 : 1, st & ~ST_UNDER);
    lesson_buf_text(t, url, (st & ~ST_UNDER) | ST_URL);
    lesson_buf_add(t, ">", 1, st & ~ST_UNDER);
}

/* inlines: appends the rendering of inline node n (and its children). */
static void inlines(struct rend *r, cmark_node *n, int st, struct lesson_buf *t)
{
    switch (cmark_node_get_type(n)) {
    case CMARK_NODE_TEXT:
        lesson_buf_text(t, cmark_node_get_literal(n), st);
        return;
    case CMARK_NODE_CODE:
        if (!r->color)
            lesson_buf_add(t, "`", 1, st);
        lesson_buf_text(t, cmark_node_get_literal(n), st | ST_CODE);
        if (!r->color)
            lesson_buf_add(t, "`", 1, st);
        return;
    case CMARK_NODE_SOFTBREAK:
        lesson_buf_add(t, " ", 1, st);
        return;
    case CMARK_NODE_LINEBREAK:
        lesson_buf_add(t, "\n", 1, st);
        return;
    case CMARK_NODE_LINK:
    case CMARK_NODE_IMAGE:
        link_inline(r, n, st, t);
        return;
    case CMARK_NODE_HTML_INLINE:
        return; /* tags are dropped; the text around them stays */
    case CMARK_NODE_EMPH:
        st |= ST_ITALIC;
        break;
    case CMARK_NODE_STRONG:
        st |= ST_BOLD;
        break;
    default:
        break;
    }
    for (cmark_node *k = cmark_node_first_child(n); k; k = cmark_node_next(k))
        inlines(r, k, st, t);
}

/* strip_label: takes a callout's "Label:" (and the blanks after it) off the
 * front of t: the callout's frame shows the label already. */
static void strip_label(struct lesson_buf *t, const char *label)
{
    size_t n = strlen(label), k;
    if (t->n < n + 1 || strncmp(t->b, label, n) != 0 || t->b[n] != ':')
        return;
    k = n + 1 + strspn(t->b + n + 1, " ");
    memmove(t->b, t->b + k, t->n - k + 1);
    memmove(t->sty, t->sty + k, t->n - k);
    t->n -= k;
}

/* text_block: renders the inline children of a paragraph or heading.
 * Returns the widest line's width. */
static int text_block(struct rend *r, cmark_node *n, struct ctx *c, int st)
{
    struct lesson_buf t = {0};
    int w;
    for (cmark_node *k = cmark_node_first_child(n); k; k = cmark_node_next(k))
        inlines(r, k, st, &t);
    if (r->strip != NULL && t.b != NULL)
        strip_label(&t, r->strip);
    r->strip = NULL;
    w = wrap(r, c, &t);
    lesson_buf_free(&t);
    return w;
}

/* ---------------------------------------------------------------- blocks */

/* table_block: renders paragraph n as an aligned table (mdtable.h) when its
 * source is a GFM pipe table; 0 when it isn't one, or memory ran out. */
static int table_block(struct rend *r, cmark_node *n, struct ctx *c)
{
    struct lesson_buf t = {0};
    struct mdtable *tb = NULL;
    char *out = NULL;
    lesson_para_source(r->l, n, &t);
    if (!t.oom && t.b != NULL && (tb = mdtable_parse(t.b, t.n)) != NULL)
        out = mdtable_render(tb, avail(r, c), r->color);
    mdtable_free(tb);
    lesson_buf_free(&t);
    if (out == NULL)
        return 0;
    for (const char *s = out, *e; *s; s = *e ? e + 1 : e) {
        e = s + strcspn(s, "\n");
        put_prefix(r, c, e == s && s != out);
        fwrite(s, 1, (size_t)(e - s), r->f);
        fputc('\n', r->f);
    }
    free(out);
    return 1;
}

/* rule: a line of `w` characters `ch`, in style `sgr` (dim for rules). */
static void rule(struct rend *r, struct ctx *c, int w, char ch, const char *sgr)
{
    put_prefix(r, c, 0);
    fputs(term_style(r->color, sgr), r->f);
    for (int i = 0; i < w; i++)
        fputc(ch, r->f);
    fputs(term_style(r->color, TERM_RESET), r->f);
    fputc('\n', r->f);
}

/* heading: level 1 bold+underlined, others bold and coloured; without colour
 * a heading is underlined instead, with '=' (level 1), '-' (2) or '~'. */
static void heading(struct rend *r, cmark_node *n, struct ctx *c)
{
    int level = cmark_node_get_heading_level(n);
    int st = ST_BOLD | (level == 1 ? ST_UNDER : level == 2 ? ST_H2 : ST_H3);
    int w = text_block(r, n, c, st);
    if (!r->color && w > 0)
        rule(r, c, w, level == 1 ? '=' : level == 2 ? '-' : '~', TERM_DIM);
}

/* The SGR sequence of each enum lesson_code_class; index 5 is code that is
 * not highlighted (not Lua): all cyan. */
static const char *const code_sgr[] = {"", TERM_BOLD TERM_MAGENTA, TERM_GREEN, TERM_YELLOW,
                                       TERM_DIM TERM_ITALIC, TERM_CYAN};
#define CODE_UNLIT 5

/* code_bytes: writes s[0..n) with per-byte classes cl, switching SGR only
 * where the class changes (*cur: the class in force, 0 for none). */
static void code_bytes(struct rend *r, const char *s, const unsigned char *cl, size_t n, int *cur)
{
    for (size_t i = 0; i < n; i++) {
        if (r->color && cl[i] != *cur) {
            if (*cur != 0)
                fputs(TERM_RESET, r->f);
            fputs(code_sgr[cl[i]], r->f);
            *cur = cl[i];
        }
        fputc(s[i], r->f);
    }
}

/* code_row: one screen row of a code line: the prefix, 4 blanks, and on a
 * continuation row the line's indentation (`lead` columns) and a dim "↪ ". */
static void code_row(struct rend *r, struct ctx *c, const struct lesson_buf *t, size_t from,
                     size_t to, int lead)
{
    int cur = 0;
    put_prefix(r, c, 0);
    fputs("    ", r->f);
    if (lead >= 0)
        fprintf(r->f, "%*s%s\xe2\x86\xaa %s", lead, "", term_style(r->color, TERM_DIM),
                term_style(r->color, TERM_RESET));
    code_bytes(r, t->b + from, t->sty + from, to - from, &cur);
    if (cur != 0)
        fputs(TERM_RESET, r->f);
    fputc('\n', r->f);
}

/* cut_at: the byte length of the longest prefix of s[0..n) that fits in
 * `cols` columns, ending at a blank when one lies past `keep` bytes (a code
 * line is broken between tokens where it can), else cut mid-token. Always
 * at least one code point. */
static size_t cut_at(const char *s, size_t n, int cols, size_t keep)
{
    size_t i = 0, blank = 0;
    int w = 0;
    while (i < n && w < cols) {
        if (s[i] == ' ' && i > keep)
            blank = i;
        i++;
        while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80)
            i++;
        w++;
    }
    if (i < n && s[i] == ' ')
        return i;
    if (i < n && blank > 0)
        return blank;
    return i > 0 ? i : (n > 0 ? 1 : 0);
}

/* code_line: one line of code (t, with classes as styles) wrapped to the
 * room left: a line too long is broken at a blank, its continuation rows
 * marked "↪" and indented as the line is, so nothing passes the width. */
static void code_line(struct rend *r, struct ctx *c, const struct lesson_buf *t)
{
    int room = avail(r, c) - 4, lead, contw;
    size_t i = 0, k;
    if (t->n == 0 || t->b == NULL) {
        blank_line(r, c);
        return;
    }
    lead = (int)strspn(t->b, " ");
    if (lead > room / 2)
        lead = room / 2;
    contw = room - lead - 2 < 4 ? 4 : room - lead - 2;
    k = cut_at(t->b, t->n, room, (size_t)lead);
    code_row(r, c, t, 0, k, -1);
    for (i = k; i < t->n; i = k) {
        i += strspn(t->b + i, " ");
        if (i >= t->n)
            break;
        k = i + cut_at(t->b + i, t->n - i, contw, 0);
        code_row(r, c, t, i, k, lead);
    }
}

/* block_label: "[N] lua" above a runnable block, dim; nothing for other
 * code blocks, nor in a fragment (lesson_load_text). Blocks come in reading order, so the search starts at next. */
static void block_label(struct rend *r, struct ctx *c, cmark_node *n)
{
    long i = lesson_block_index(r->l, n, r->next);
    if (i < 0)
        return; /* not a ```lua block */
    r->next = (size_t)i + 1;
    if (r->l->fragment)
        return; /* a quiz question's code: there is no `:run N` for it */
    put_prefix(r, c, 0);
    fprintf(r->f, "%s[%ld] lua%s%s\n", term_style(r->color, TERM_DIM), i + 1,
            r->l->blocks[i].pub.expect_error ? " (expects an error)" : "",
            term_style(r->color, TERM_RESET));
}

/* code_block: the label (lua blocks only), then the code line by line:
 * Lua highlighted when colour is on (lesson_code_classes), other code cyan;
 * tabs expanded to 4-column stops; control bytes shown as '?'. */
static void code_block(struct rend *r, cmark_node *n, struct ctx *c)
{
    const char *s = cmark_node_get_literal(n) ? cmark_node_get_literal(n) : "";
    size_t len = strlen(s);
    unsigned char *cl = NULL;
    struct lesson_buf line = {0};
    block_label(r, c, n);
    if (r->color && lesson_code_classes(cmark_node_get_fence_info(n), s, len, &cl) < 0)
        cl = NULL; /* out of memory: shown unhighlighted */
    for (size_t i = 0; i < len;) {
        size_t e = i + strcspn(s + i, "\n"), shown = e;
        while (shown > i && (s[shown - 1] == '\r' || s[shown - 1] == ' '))
            shown--;
        line.n = 0;
        for (size_t k = i; k < shown; k++) {
            unsigned char ch = (unsigned char)s[k];
            int st = cl ? cl[k] : CODE_UNLIT;
            if (ch == '\t')
                do
                    lesson_buf_add(&line, " ", 1, st);
                while (line.n % 4 != 0);
            else
                lesson_buf_add(&line, ch < 0x20 || ch == 0x7f ? "?" : (const char *)&s[k], 1, st);
        }
        if (line.b != NULL)
            line.b[line.n] = '\0';
        code_line(r, c, &line);
        i = e + (s[e] == '\n');
    }
    lesson_buf_free(&line);
    free(cl);
}

/* html_text: the text of an HTML block with its tags stripped and spaces
 * collapsed (so "<summary>Answer</summary>" shows as "Answer"). */
static void html_text(cmark_node *n, struct lesson_buf *t)
{
    int in_tag = 0;
    for (const char *s = cmark_node_get_literal(n); s && *s; s++) {
        if (*s == '<' || *s == '>')
            in_tag = *s == '<';
        else if (!in_tag && (*s != ' ' && *s != '\n' && *s != '\t' && *s != '\r'))
            lesson_buf_text(t, (char[2]){*s, '\0'}, ST_DIM | ST_ITALIC);
        else if (!in_tag && t->n > 0 && t->b[t->n - 1] != ' ')
            lesson_buf_add(t, " ", 1, ST_DIM | ST_ITALIC);
    }
}

/* html_block: renders what an HTML block says in words; returns 0 when it
 * says nothing (only tags), so no space is spent on it. */
static int html_block(struct rend *r, cmark_node *n, struct ctx *c, int dry)
{
    struct lesson_buf t = {0};
    int words;
    html_text(n, &t);
    words = t.n > strspn(t.b ? t.b : "", " ");
    if (words && !dry)
        wrap(r, c, &t);
    lesson_buf_free(&t);
    return words;
}

static void block(struct rend *r, cmark_node *n, struct ctx *c);

/* hidden_answer: what stands for a question's <details> answer: the answers
 * are quiz material (quiz.h), asked by `dojo quiz CONCEPT`. Returns the
 * node that closes the <details> (NULL when it is never closed). */
static cmark_node *hidden_answer(struct rend *r, cmark_node *k, struct ctx *c)
{
    struct lesson_buf t = {0};
    char line[200], concept[128];
    lesson_concept(r->l, concept, sizeof concept);
    snprintf(line, sizeof line, "(Answer hidden: check yourself with: dojo quiz %s)", concept);
    lesson_buf_text(&t, line, ST_DIM | ST_ITALIC);
    wrap(r, c, &t);
    lesson_buf_free(&t);
    while (k && !lesson_html_has(k, "</details>"))
        k = cmark_node_next(k);
    return k;
}

/* children: renders the blocks under n, a blank line between them unless
 * `tight`; blocks that show nothing take no space; a question's
 * <details> answer shows as one line pointing to `dojo quiz`. */
static void children(struct rend *r, cmark_node *n, struct ctx *c, int tight)
{
    int first = 1;
    for (cmark_node *k = cmark_node_first_child(n); k; k = cmark_node_next(k)) {
        if (lesson_html_has(k, "<details")) {
            if (!first && !tight)
                blank_line(r, c);
            first = 0;
            if ((k = hidden_answer(r, k, c)) == NULL)
                break;
            continue;
        }
        if (cmark_node_get_type(k) == CMARK_NODE_HTML_BLOCK && !html_block(r, k, c, 1))
            continue;
        if (!first && !tight)
            blank_line(r, c);
        block(r, k, c);
        first = 0;
    }
}

/* list: bullets ("-", then "*" and "+" for lists nested in lists) or
 * right-aligned "N. " numbers; each item's blocks indented under its
 * marker, so continuation paragraphs and code line up with the text. */
static void list(struct rend *r, cmark_node *n, struct ctx *c)
{
    static const char bullets[] = "-*+";
    int ordered = cmark_node_get_list_type(n) == CMARK_ORDERED_LIST;
    int tight = cmark_node_get_list_tight(n), num = cmark_node_get_list_start(n), items = 0;
    int level = 0;
    char delim = cmark_node_get_list_delim(n) == CMARK_PAREN_DELIM ? ')' : '.';
    char first[32], rest[32], top[16];
    for (cmark_node *p = cmark_node_parent(n); p != NULL; p = cmark_node_parent(p))
        level += cmark_node_get_type(p) == CMARK_NODE_LIST && !ordered &&
                 cmark_node_get_list_type(p) == CMARK_BULLET_LIST;
    for (cmark_node *k = cmark_node_first_child(n); k; k = cmark_node_next(k))
        items++;
    int digits = snprintf(top, sizeof top, "%d", num + items - 1);
    for (cmark_node *k = cmark_node_first_child(n); k; k = cmark_node_next(k), num++) {
        struct ctx item = {c, first, rest, 1};
        if (ordered)
            snprintf(first, sizeof first, "%*d%c ", digits, num, delim);
        else
            snprintf(first, sizeof first, "%c ", bullets[level % 3]);
        snprintf(rest, sizeof rest, "%*s", (int)strlen(first), "");
        if (k != cmark_node_first_child(n) && !tight)
            blank_line(r, c);
        children(r, k, &item, tight);
    }
}

/* callout_sgr: the colour of a callout's frame, by its label
 * (lesson_callout). */
static const char *callout_sgr(const char *label)
{
    switch (label[0]) {
    case 'P':
        return TERM_RED;
    case 'W':
        return TERM_YELLOW;
    case 'N':
        return TERM_BLUE;
    default:
        return TERM_GREEN;
    }
}

/* quote: a plain quote behind a dim "| " bar; a callout framed:
 * "+- Pitfall ---" above, "| " beside, "+---" below, in its colour. */
static void quote(struct rend *r, cmark_node *n, struct ctx *c)
{
    char bar[32];
    struct ctx q = {c, bar, bar, 1};
    const char *label = lesson_callout(n), *sgr = label ? callout_sgr(label) : TERM_DIM;
    int w = avail(r, c);
    snprintf(bar, sizeof bar, "%s|%s ", term_style(r->color, sgr), term_style(r->color, TERM_RESET));
    if (label == NULL) {
        children(r, n, &q, 0);
        return;
    }
    put_prefix(r, c, 0);
    fprintf(r->f, "%s+- %s%s%s%s ", term_style(r->color, sgr), term_style(r->color, TERM_BOLD),
            label, term_style(r->color, TERM_RESET), term_style(r->color, sgr));
    for (int i = 4 + (int)strlen(label); i < w; i++)
        fputc('-', r->f);
    fprintf(r->f, "%s\n", term_style(r->color, TERM_RESET));
    r->strip = label;
    children(r, n, &q, 0);
    r->strip = NULL;
    put_prefix(r, c, 0);
    fputs(term_style(r->color, sgr), r->f);
    fputc('+', r->f);
    for (int i = 1; i < w; i++)
        fputc('-', r->f);
    fprintf(r->f, "%s\n", term_style(r->color, TERM_RESET));
}

/* block: renders one block node. */
static void block(struct rend *r, cmark_node *n, struct ctx *c)
{
    if (r->depth >= LESSON_MAX_DEPTH) {
        put_prefix(r, c, 0);
        fputs("[nested too deeply to show]\n", r->f);
        return;
    }
    r->depth++;
    switch (cmark_node_get_type(n)) {
    case CMARK_NODE_PARAGRAPH:
        if (!table_block(r, n, c))
            text_block(r, n, c, 0);
        break;
    case CMARK_NODE_HEADING:
        heading(r, n, c);
        break;
    case CMARK_NODE_CODE_BLOCK:
        code_block(r, n, c);
        break;
    case CMARK_NODE_HTML_BLOCK:
        html_block(r, n, c, 0);
        break;
    case CMARK_NODE_THEMATIC_BREAK:
        rule(r, c, avail(r, c), '-', TERM_DIM);
        break;
    case CMARK_NODE_LIST:
        list(r, n, c);
        break;
    case CMARK_NODE_BLOCK_QUOTE:
        quote(r, n, c);
        break;
    default:
        children(r, n, c, 0);
        break;
    }
    r->strip = NULL; /* a label is taken only off the paragraph right after it */
    r->depth--;
}

int lesson_render(const struct lesson *l, FILE *out, int color, int width)
{
    struct rend r = {l, out, color != 0, width < 20 ? 20 : width, 0, 0, NULL};
    children(&r, l->doc, NULL, 0);
    return fflush(out) != 0 || ferror(out) ? -1 : 0;
}
