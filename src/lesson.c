/* lesson.c: loads a lesson (one CommonMark file) with libcmark, collects its
 * runnable ```lua blocks, and renders it for a terminal: wrapped paragraphs,
 * styled inlines, labelled code blocks, lists and quotes with prefixes.
 * Depends on libcmark, term.h and libc/POSIX (dirent) only. */
#include "lesson.h"

#include <cmark.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "mdtable.h"
#include "term.h"

/* A block as the lesson stores it: the public part plus the cmark node it came
 * from, so the renderer can put the right number on it. */
struct block_priv {
    struct lesson_block pub;
    cmark_node *node;
};

struct lesson {
    char *path;
    char *title;
    char *src; /* the file's text: the renderer reads pipe tables from it */
    cmark_node *doc;
    struct block_priv *blocks;
    size_t nblocks;
};

/* ------------------------------------------------------------------ buffers */

/* A growable byte buffer; `sty`, when used, holds one style mask per byte. */
struct buf {
    char *b;
    unsigned char *sty;
    size_t n, cap;
    int oom;
};

/* buf_add: appends `len` bytes of `s`, each with style mask `st`. Sets oom on
 * allocation failure (the text is then truncated, never corrupted). */
static void buf_add(struct buf *t, const char *s, size_t len, int st)
{
    if (t->n + len + 1 > t->cap) {
        size_t cap = (t->n + len + 1) * 2;
        char *b = realloc(t->b, cap);
        unsigned char *y = b ? realloc(t->sty, cap) : NULL;
        if (b)
            t->b = b;
        if (!b || !y) {
            t->oom = 1;
            return;
        }
        t->sty = y;
        t->cap = cap;
    }
    memcpy(t->b + t->n, s, len);
    memset(t->sty + t->n, st, len);
    t->n += len;
    t->b[t->n] = '\0';
}

/* buf_text: appends text, turning tabs/newlines into spaces and other control
 * bytes (ESC included) into '?', so the source can't inject escapes. */
static void buf_text(struct buf *t, const char *s, int st)
{
    for (; s && *s; s++) {
        char c = *s;
        if (c == '\t' || c == '\n' || c == '\r')
            c = ' ';
        else if ((unsigned char)c < 0x20 || c == 0x7f)
            c = '?';
        buf_add(t, &c, 1, st);
    }
}

static void buf_free(struct buf *t)
{
    free(t->b);
    free(t->sty);
}

/* fmt_err: snprintf into err when there is room for it. */
static void fmt_err(char *err, size_t errcap, const char *fmt, ...)
{
    va_list ap;
    if (err == NULL || errcap == 0)
        return;
    va_start(ap, fmt);
    vsnprintf(err, errcap, fmt, ap);
    va_end(ap);
}

/* ------------------------------------------------------------- lesson_find */

/* is_lesson_file: "NN-name.md" with at least one digit and a non-empty name. */
static int is_lesson_file(const char *f)
{
    size_t n = strlen(f), i = 0;
    while (f[i] >= '0' && f[i] <= '9')
        i++;
    return i > 0 && f[i] == '-' && n > i + 4 && strcmp(f + n - 3, ".md") == 0;
}

/* matches: does lesson file `f` answer to `name` (full, stem, concept, number)? */
static int matches(const char *f, const char *name)
{
    const char *concept = strchr(f, '-') + 1;
    size_t n = strlen(name), flen = strlen(f), clen = strlen(concept) - 3;
    if (n == 0)
        return 0;
    if (strcmp(f, name) == 0 || (n == flen - 3 && strncmp(f, name, n) == 0))
        return 1;
    if (n == clen && strncmp(concept, name, n) == 0)
        return 1;
    if (strspn(name, "0123456789") == n && n < 10)
        return atoi(name) == atoi(f);
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* list_lessons: the sorted lesson file names in `dir`; NULL with errno set
 * when the folder can't be read. *count receives the number of names. */
static char **list_lessons(const char *dir, size_t *count)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char **v = NULL;
    size_t n = 0;
    if (d == NULL)
        return NULL;
    while ((e = readdir(d)) != NULL) {
        char **nv;
        if (!is_lesson_file(e->d_name))
            continue;
        nv = realloc(v, (n + 2) * sizeof *v);
        if (nv == NULL || (nv[n] = strdup(e->d_name)) == NULL) {
            v = nv ? nv : v;
            break;
        }
        v = nv;
        n++;
    }
    closedir(d);
    if (v == NULL)
        v = calloc(1, sizeof *v);
    if (v != NULL)
        qsort(v, n, sizeof *v, cmp_str);
    *count = n;
    return v;
}

static void free_list(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

/* join_names: writes "a, b, c" (concept names for `concepts`, else file names)
 * of the listed lessons into out. */
static void join_names(char **v, size_t n, int concepts, char *out, size_t cap)
{
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n && used < cap; i++) {
        const char *s = concepts ? strchr(v[i], '-') + 1 : v[i];
        int len = concepts ? (int)strlen(s) - 3 : (int)strlen(s);
        int w = snprintf(out + used, cap - used, "%s%.*s", i ? ", " : "", len, s);
        used += w > 0 ? (size_t)w : 0;
    }
    if (n == 0)
        snprintf(out, cap, "the folder holds no NN-name.md files");
}

int lesson_find(const char *dir, const char *name, char *path, size_t cap, char *err,
                size_t errcap)
{
    size_t n = 0, hits = 0, hit = 0;
    char names[512];
    char **v = list_lessons(dir, &n);
    if (v == NULL) {
        fmt_err(err, errcap, "cannot read lessons folder %s: %s", dir, strerror(errno));
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        if (matches(v[i], name) && hits++ == 0)
            hit = i;
    if (hits != 1) {
        join_names(v, n, 1, names, sizeof names);
        if (hits == 0)
            fmt_err(err, errcap, "no lesson named '%s' in %s (try: %s)", name, dir, names);
        else
            fmt_err(err, errcap, "lesson '%s' is ambiguous in %s (lessons: %s)", name, dir, names);
    } else if ((size_t)snprintf(path, cap, "%s/%s", dir, v[hit]) >= cap) {
        fmt_err(err, errcap, "path of lesson '%s' is too long", v[hit]);
        hits = 0;
    }
    free_list(v, n);
    return hits == 1 ? 0 : -1;
}

/* ------------------------------------------------------------- lesson_load */

/* read_file: the whole file, NUL-terminated, or NULL with errno set. */
static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *b = NULL, *nb;
    size_t n = 0, cap = 0, got;
    if (f == NULL)
        return NULL;
    do {
        if (n + 4096 + 1 > cap) {
            cap = (n + 4096 + 1) * 2;
            if ((nb = realloc(b, cap)) == NULL) {
                free(b);
                fclose(f);
                errno = ENOMEM;
                return NULL;
            }
            b = nb;
        }
        got = fread(b + n, 1, 4096, f);
        n += got;
    } while (got > 0);
    if (ferror(f)) {
        free(b);
        b = NULL;
        errno = EIO;
    } else {
        b[n] = '\0';
        *len = n;
    }
    fclose(f);
    return b;
}

/* src_line: pointer to the start of 1-based line `k` of src (NULL past the
 * end); *len receives its length without the newline. */
static const char *src_line(const char *src, int k, size_t *len)
{
    for (int i = 1; i < k && src; i++) {
        src = strchr(src, '\n');
        src = src ? src + 1 : NULL;
    }
    if (src == NULL || (*src == '\0' && k > 1))
        return NULL;
    *len = strcspn(src, "\n");
    return src;
}

/* fence_run: if s (after up to 3 spaces) starts a run of 3 or more fence
 * chars (`*ch`, or either of ` and ~ when *ch is 0), returns the run's length
 * and stores its char in *ch; else 0. */
static size_t fence_run(const char *s, size_t len, char *ch)
{
    size_t i = 0, k;
    while (i < len && i < 3 && s[i] == ' ')
        i++;
    if (i >= len || (s[i] != '`' && s[i] != '~') || (*ch && s[i] != *ch))
        return 0;
    for (k = i; k < len && s[k] == s[i]; k++)
        ;
    *ch = s[i];
    return k - i >= 3 ? k - i : 0;
}

/* fence_unclosed: 1 when node is a fenced code block whose closing fence is
 * missing (cmark then silently runs it to the end of its container). The
 * closing line may carry container prefixes ("> ", list indentation). */
static int fence_unclosed(const char *src, cmark_node *node)
{
    size_t len, clen, n, i;
    char ch = 0;
    int start = cmark_node_get_start_line(node), end = cmark_node_get_end_line(node);
    int col = cmark_node_get_start_column(node) - 1;
    const char *s = src_line(src, start, &len), *close, *lit = cmark_node_get_literal(node);
    if (s == NULL || col < 0 || (size_t)col > len || (n = fence_run(s + col, len - col, &ch)) == 0)
        return 0; /* an indented code block */
    if (lit && strncmp(lit, s + col, len - col) == 0 && lit[len - col] == '\n')
        return 0; /* an indented block whose first line merely looks like a fence */
    close = end > start ? src_line(src, end, &clen) : NULL;
    if (close == NULL)
        return 1;
    i = strspn(close, " \t>");
    if (i >= clen || fence_run(close + i, clen - i, &ch) < n)
        return 1;
    for (i += fence_run(close + i, clen - i, &ch); i < clen; i++)
        if (close[i] != ' ' && close[i] != '\t' && close[i] != '\r')
            return 1;
    return 0;
}

/* parse_quoted: reads a '"' or '\'' quoted, non-empty value at *p into a new
 * string; advances *p past it. NULL when malformed or out of memory. */
static char *parse_quoted(const char **p)
{
    char q = **p;
    const char *end;
    char *v;
    if (q != '"' && q != '\'')
        return NULL;
    end = strchr(*p + 1, q);
    if (end == NULL || end == *p + 1 || (end[1] && end[1] != ' ' && end[1] != '\t'))
        return NULL;
    v = strndup(*p + 1, (size_t)(end - *p - 1));
    *p = end + 1;
    return v;
}

/* parse_info: classifies an info string. Returns 1 for a ```lua block (with
 * *expect set to a new string or NULL), 0 for anything else, -1 for a lua
 * block with a bad attribute (message in msg). */
static int parse_info(const char *info, char **expect, char *msg, size_t cap)
{
    const char *p = info + strspn(info, " \t");
    *expect = NULL;
    if (strncmp(p, "lua", 3) != 0 || (p[3] && p[3] != ' ' && p[3] != '\t'))
        return 0;
    for (p += 3;; ) {
        p += strspn(p, " \t");
        if (*p == '\0')
            return 1;
        if (strncmp(p, "error=", 6) != 0) {
            snprintf(msg, cap,
                     "unknown attribute '%.*s' on a ```lua block (only error=\"...\" is allowed)",
                     (int)strcspn(p, " \t="), p);
            break;
        }
        p += 6;
        if (*expect != NULL || (*expect = parse_quoted(&p)) == NULL) {
            snprintf(msg, cap, "malformed error= attribute: expected error=\"substring\" once, "
                               "with a non-empty quoted substring");
            break;
        }
    }
    free(*expect);
    *expect = NULL;
    return -1;
}

/* heading_text: the plain text of a heading (inline code and breaks
 * included), as a new string. */
static char *heading_text(cmark_node *h)
{
    struct buf t = {0};
    cmark_iter *it = cmark_iter_new(h);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        cmark_node_type ty = cmark_node_get_type(n);
        if (ev != CMARK_EVENT_ENTER)
            continue;
        if (ty == CMARK_NODE_TEXT || ty == CMARK_NODE_CODE)
            buf_text(&t, cmark_node_get_literal(n), 0);
        else if (ty == CMARK_NODE_SOFTBREAK || ty == CMARK_NODE_LINEBREAK)
            buf_add(&t, " ", 1, 0);
    }
    cmark_iter_free(it);
    free(t.sty);
    return t.b ? t.b : strdup("");
}

/* add_block: records a ```lua block. Returns -1 when out of memory. */
static int add_block(struct lesson *l, cmark_node *node, char *expect)
{
    struct block_priv *nb = realloc(l->blocks, (l->nblocks + 1) * sizeof *nb);
    char *code = strdup(cmark_node_get_literal(node) ? cmark_node_get_literal(node) : "");
    if (nb != NULL)
        l->blocks = nb;
    if (nb == NULL || code == NULL) {
        free(code);
        free(expect);
        return -1;
    }
    nb[l->nblocks].pub.code = code;
    nb[l->nblocks].pub.line = cmark_node_get_start_line(node);
    nb[l->nblocks].pub.expect_error = expect;
    nb[l->nblocks].node = node;
    l->nblocks++;
    return 0;
}

/* visit_code: checks one code block and records it if it's lua; -1 with a
 * "FILE:LINE: message" in err on a problem. */
static int visit_code(struct lesson *l, const char *src, cmark_node *n, char *err, size_t cap)
{
    char msg[256], *expect;
    int line = cmark_node_get_start_line(n), kind;
    const char *info = cmark_node_get_fence_info(n);
    if (fence_unclosed(src, n)) {
        fmt_err(err, cap, "%s:%d: code fence opened here is never closed", l->path, line);
        return -1;
    }
    kind = parse_info(info ? info : "", &expect, msg, sizeof msg);
    if (kind < 0)
        fmt_err(err, cap, "%s:%d: %s", l->path, line, msg);
    else if (kind == 1 && add_block(l, n, expect) != 0)
        fmt_err(err, cap, "%s:%d: out of memory", l->path, line);
    else
        return 0;
    return -1;
}

/* visit_heading: takes the first level-1 heading as the title. */
static int visit_heading(struct lesson *l, cmark_node *n, char *err, size_t cap)
{
    if (l->title != NULL || cmark_node_get_heading_level(n) != 1)
        return 0;
    l->title = heading_text(n);
    if (l->title == NULL)
        fmt_err(err, cap, "%s:%d: out of memory", l->path, cmark_node_get_start_line(n));
    else if (l->title[strspn(l->title, " ")] == '\0')
        fmt_err(err, cap, "%s:%d: the '# Title' heading is empty", l->path,
                cmark_node_get_start_line(n));
    else
        return 0;
    return -1;
}

/* scan: walks the document once, collecting the title and the lua blocks. */
static int scan(struct lesson *l, const char *src, char *err, size_t cap)
{
    cmark_iter *it = cmark_iter_new(l->doc);
    cmark_event_type ev;
    int rc = 0;
    while (rc == 0 && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        if (ev != CMARK_EVENT_ENTER)
            continue;
        if (cmark_node_get_type(n) == CMARK_NODE_CODE_BLOCK)
            rc = visit_code(l, src, n, err, cap);
        else if (cmark_node_get_type(n) == CMARK_NODE_HEADING)
            rc = visit_heading(l, n, err, cap);
    }
    cmark_iter_free(it);
    if (rc == 0 && l->title == NULL) {
        fmt_err(err, cap, "%s:1: lesson has no '# Title' heading", l->path);
        rc = -1;
    }
    return rc;
}

int lesson_load(const char *path, struct lesson **out, char *err, size_t errcap)
{
    size_t len = 0;
    char *src;
    struct lesson *l;
    *out = NULL;
    if ((src = read_file(path, &len)) == NULL) {
        fmt_err(err, errcap, "%s:1: cannot read lesson: %s", path, strerror(errno));
        return -1;
    }
    l = calloc(1, sizeof *l);
    if (l == NULL || (l->path = strdup(path)) == NULL ||
        (l->doc = cmark_parse_document(src, len, CMARK_OPT_DEFAULT)) == NULL) {
        fmt_err(err, errcap, "%s:1: out of memory", path);
        free(src);
        lesson_free(l);
        return -1;
    }
    l->src = src;
    if (scan(l, src, err, errcap) != 0) {
        lesson_free(l);
        return -1;
    }
    *out = l;
    return 0;
}

void lesson_free(struct lesson *l)
{
    if (l == NULL)
        return;
    for (size_t i = 0; i < l->nblocks; i++) {
        free((char *)l->blocks[i].pub.code);
        free((char *)l->blocks[i].pub.expect_error);
    }
    free(l->blocks);
    if (l->doc != NULL)
        cmark_node_free(l->doc);
    free(l->title);
    free(l->path);
    free(l->src);
    free(l);
}

const char *lesson_title(const struct lesson *l)
{
    return l->title;
}

const char *lesson_path(const struct lesson *l)
{
    return l->path;
}

size_t lesson_block_count(const struct lesson *l)
{
    return l->nblocks;
}

const struct lesson_block *lesson_block(const struct lesson *l, size_t n)
{
    return n >= 1 && n <= l->nblocks ? &l->blocks[n - 1].pub : NULL;
}

/* ----------------------------------------------------------- lesson_render */

/* Style bits carried per byte of rendered inline text. */
enum {
    ST_BOLD = 1,
    ST_ITALIC = 2,
    ST_UNDER = 4,
    ST_CODE = 8,   /* inline code and code blocks */
    ST_URL = 16,   /* a link's URL */
    ST_H2 = 32,    /* colour of level-2 headings */
    ST_H3 = 64,    /* colour of deeper headings */
    ST_DIM = 128,  /* labels, rules, HTML leftovers */
};

/* The renderer's state: the output, colour/width, the next block index, and
 * how deep in nested blocks it is. */
struct rend {
    const struct lesson *l;
    FILE *f;
    int color, width;
    size_t next;
    int depth;
};

/* Nesting deeper than this (quotes in lists in quotes...) is not shown: the
 * renderer recurses once per level, and 60,000 '>' overflowed the C stack
 * (fuzz regressions lesson/deep-quote.md, lesson/deep-list.md). */
#define LESSON_MAX_DEPTH 64

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
static void build_prefix(struct ctx *c, struct buf *t, int blank)
{
    const char *m;
    if (c == NULL)
        return;
    build_prefix(c->up, t, blank);
    m = (c->pending && !blank) ? c->first : c->rest;
    if (!blank)
        c->pending = 0;
    buf_add(t, m, strlen(m), 0);
    while (blank && t->n > 0 && t->b[t->n - 1] == ' ')
        t->b[--t->n] = '\0';
}

/* put_prefix: writes the prefix of the next line. */
static void put_prefix(struct rend *r, struct ctx *c, int blank)
{
    struct buf t = {0};
    build_prefix(c, &t, blank);
    if (t.n > 0)
        fwrite(t.b, 1, t.n, r->f);
    buf_free(&t);
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
    } map[] = {{ST_BOLD, TERM_BOLD},   {ST_ITALIC, TERM_ITALIC}, {ST_UNDER, TERM_UNDERLINE},
               {ST_CODE, TERM_CYAN},   {ST_URL, TERM_BLUE},      {ST_H2, TERM_MAGENTA},
               {ST_H3, TERM_BLUE},     {ST_DIM, TERM_DIM}};
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
static void put_styled(struct rend *r, int *cur, const char *b, const unsigned char *s,
                       size_t n)
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

/* utf8_cut: bytes of s[0..n) that fit in `cols` columns (at least one code
 * point, so progress is always made). */
static size_t utf8_cut(const char *s, size_t n, int cols)
{
    size_t i = 0;
    int w = 0;
    while (i < n && (w < cols || i == 0)) {
        i++;
        while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80)
            i++;
        w++;
    }
    return i;
}

/* A line being filled by wrap(): its column and whether it has begun. */
struct line {
    int col, started, cur, maxw;
};

/* put_word: writes one word (splitting it when it can't fit on any line),
 * preceded by a space when the line already holds something. */
static void put_word(struct rend *r, struct ctx *c, struct line *ln, const struct buf *t,
                     size_t i, size_t j)
{
    int w = vis_width(t->b + i, j - i), room = avail(r, c);
    if (ln->started && ln->col + 1 + w > room) {
        end_line(r, &ln->cur);
        ln->started = 0;
    }
    while (i < j) {
        size_t k = utf8_cut(t->b + i, j - i, ln->started ? room - ln->col - 1 : room);
        if (!ln->started) {
            put_prefix(r, c, 0);
            ln->started = 1;
            ln->col = 0;
        } else {
            put_styled(r, &ln->cur, " ", t->sty + i - 1, 1);
            ln->col++;
        }
        put_styled(r, &ln->cur, t->b + i, t->sty + i, k);
        ln->col += vis_width(t->b + i, k);
        ln->maxw = ln->col > ln->maxw ? ln->col : ln->maxw;
        if ((i += k) < j) {
            end_line(r, &ln->cur);
            ln->started = 0;
        }
    }
}

/* wrap: writes styled text word-wrapped to the room left by c. '\n' in the
 * text forces a break. Returns the widest line's width. */
static int wrap(struct rend *r, struct ctx *c, const struct buf *t)
{
    struct line ln = {0, 0, 0, 0};
    size_t i = 0, j;
    while (i < t->n) {
        if (t->b[i] == ' ') {
            i++;
        } else if (t->b[i] == '\n') {
            if (ln.started)
                end_line(r, &ln.cur);
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

static void inlines(struct rend *r, cmark_node *n, int st, struct buf *t);

/* link_inline: a link or image: its text, then " (URL)" unless the URL is
 * the text itself (an autolink). */
static void link_inline(struct rend *r, cmark_node *n, int st, struct buf *t)
{
    size_t start = t->n;
    const char *url = cmark_node_get_url(n);
    const char *shown = url;
    for (cmark_node *k = cmark_node_first_child(n); k; k = cmark_node_next(k))
        inlines(r, k, st, t);
    if (url == NULL || url[0] == '\0')
        return;
    if (strncmp(url, "mailto:", 7) == 0)
        shown = url + 7;
    if (t->b != NULL && strcmp(t->b + start, shown) == 0)
        return;
    buf_add(t, " (", 2, st);
    buf_text(t, url, st | ST_URL);
    buf_add(t, ")", 1, st);
}

/* inlines: appends the rendering of inline node n (and its children). */
static void inlines(struct rend *r, cmark_node *n, int st, struct buf *t)
{
    switch (cmark_node_get_type(n)) {
    case CMARK_NODE_TEXT:
        buf_text(t, cmark_node_get_literal(n), st);
        return;
    case CMARK_NODE_CODE:
        if (!r->color)
            buf_add(t, "`", 1, st);
        buf_text(t, cmark_node_get_literal(n), st | ST_CODE);
        if (!r->color)
            buf_add(t, "`", 1, st);
        return;
    case CMARK_NODE_SOFTBREAK:
        buf_add(t, " ", 1, st);
        return;
    case CMARK_NODE_LINEBREAK:
        buf_add(t, "\n", 1, st);
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

/* text_block: renders the inline children of a paragraph or heading. */
static int text_block(struct rend *r, cmark_node *n, struct ctx *c, int st)
{
    struct buf t = {0};
    int w;
    for (cmark_node *k = cmark_node_first_child(n); k; k = cmark_node_next(k))
        inlines(r, k, st, &t);
    w = wrap(r, c, &t);
    buf_free(&t);
    return w;
}

/* para_source: the source lines of paragraph n, '\n'-terminated, into t,
 * without their container prefixes: the first line from the paragraph's
 * column, the others without leading blanks and '>' (a paragraph line can't
 * start with '>', that would open a block quote). */
static void para_source(const char *src, cmark_node *n, struct buf *t)
{
    int start = cmark_node_get_start_line(n), end = cmark_node_get_end_line(n);
    size_t col = (size_t)cmark_node_get_start_column(n), len, i;
    const char *s = src_line(src, start, &len);
    for (int k = start; s != NULL && k <= end; k++) {
        i = k == start ? (col > 0 && col <= len ? col - 1 : 0) : strspn(s, " \t>");
        buf_add(t, s + i, i < len ? len - i : 0, 0);
        buf_add(t, "\n", 1, 0);
        s = s[len] == '\n' ? s + len + 1 : NULL;
        len = s ? strcspn(s, "\n") : 0;
    }
}

/* table_block: renders paragraph n as an aligned table (mdtable.h) when its
 * source is a GFM pipe table; 0 when it isn't one, or memory ran out. */
static int table_block(struct rend *r, cmark_node *n, struct ctx *c)
{
    struct buf t = {0};
    struct mdtable *tb = NULL;
    char *out = NULL;
    para_source(r->l->src, n, &t);
    if (!t.oom && t.b != NULL && (tb = mdtable_parse(t.b, t.n)) != NULL)
        out = mdtable_render(tb, avail(r, c), r->color);
    mdtable_free(tb);
    buf_free(&t);
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

/* rule: a line of `w` characters `ch`, dim. */
static void rule(struct rend *r, struct ctx *c, int w, char ch)
{
    put_prefix(r, c, 0);
    fputs(term_style(r->color, TERM_DIM), r->f);
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
        rule(r, c, w, level == 1 ? '=' : level == 2 ? '-' : '~');
}

/* code_line: one line of a code block, indented 4 and coloured; control
 * bytes other than tab become '?'. */
static void code_line(struct rend *r, struct ctx *c, const char *s, size_t len)
{
    if (len == 0) {
        blank_line(r, c);
        return;
    }
    put_prefix(r, c, 0);
    fputs("    ", r->f);
    fputs(term_style(r->color, TERM_CYAN), r->f);
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)s[i];
        fputc((ch < 0x20 && ch != '\t') || ch == 0x7f ? '?' : ch, r->f);
    }
    fputs(term_style(r->color, TERM_RESET), r->f);
    fputc('\n', r->f);
}

/* block_label: "[N] lua" above a runnable block, dim; nothing for other
 * code blocks. Blocks come in reading order, so the search starts at next. */
static void block_label(struct rend *r, struct ctx *c, cmark_node *n)
{
    size_t i = r->next;
    while (i < r->l->nblocks && r->l->blocks[i].node != n)
        i++;
    if (i >= r->l->nblocks)
        return; /* not a ```lua block */
    put_prefix(r, c, 0);
    fprintf(r->f, "%s[%zu] lua%s%s\n", term_style(r->color, TERM_DIM), i + 1,
            r->l->blocks[i].pub.expect_error ? " (expects an error)" : "",
            term_style(r->color, TERM_RESET));
    r->next = i + 1;
}

/* code_block: the label (lua blocks only), then the code, line by line. */
static void code_block(struct rend *r, cmark_node *n, struct ctx *c)
{
    const char *s = cmark_node_get_literal(n);
    block_label(r, c, n);
    while (s && *s) {
        size_t len = strcspn(s, "\n");
        size_t shown = len;
        while (shown > 0 && (s[shown - 1] == '\r' || s[shown - 1] == ' '))
            shown--;
        code_line(r, c, s, shown);
        s += len + (s[len] == '\n');
    }
}

/* html_text: the text of an HTML block with its tags stripped and spaces
 * collapsed (so "<summary>Answer</summary>" shows as "Answer"). */
static void html_text(cmark_node *n, struct buf *t)
{
    int in_tag = 0;
    for (const char *s = cmark_node_get_literal(n); s && *s; s++) {
        if (*s == '<' || *s == '>')
            in_tag = *s == '<';
        else if (!in_tag && (*s != ' ' && *s != '\n' && *s != '\t' && *s != '\r'))
            buf_text(t, (char[2]){*s, '\0'}, ST_DIM | ST_ITALIC);
        else if (!in_tag && t->n > 0 && t->b[t->n - 1] != ' ')
            buf_add(t, " ", 1, ST_DIM | ST_ITALIC);
    }
}

/* html_block: renders what an HTML block says in words; returns 0 when it
 * says nothing (only tags), so no space is spent on it. */
static int html_block(struct rend *r, cmark_node *n, struct ctx *c, int dry)
{
    struct buf t = {0};
    int words;
    html_text(n, &t);
    words = t.n > strspn(t.b ? t.b : "", " ");
    if (words && !dry)
        wrap(r, c, &t);
    buf_free(&t);
    return words;
}

static void block(struct rend *r, cmark_node *n, struct ctx *c);

/* html_has: 1 when n is an HTML block whose text contains `tag`. */
static int html_has(cmark_node *n, const char *tag)
{
    const char *lit = cmark_node_get_type(n) == CMARK_NODE_HTML_BLOCK ? cmark_node_get_literal(n) : NULL;
    return lit && strstr(lit, tag) != NULL;
}

/* hidden_answer: what stands for a question's <details> answer: the answers
 * are quiz material (quiz.h), asked by `dojo quiz CONCEPT`. Returns the
 * node that closes the <details> (NULL when it is never closed). */
static cmark_node *hidden_answer(struct rend *r, cmark_node *k, struct ctx *c)
{
    struct buf t = {0};
    char line[200];
    const char *base = strrchr(r->l->path, '/') ? strrchr(r->l->path, '/') + 1 : r->l->path;
    const char *concept = base + strspn(base, "0123456789");
    concept += *concept == '-';
    snprintf(line, sizeof line, "(Answer hidden: check yourself with: dojo quiz %.*s)",
             (int)strcspn(concept, "."), concept);
    buf_text(&t, line, ST_DIM | ST_ITALIC);
    wrap(r, c, &t);
    buf_free(&t);
    while (k && !html_has(k, "</details>"))
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
        if (html_has(k, "<details")) {
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

/* list: "- " bullets or right-aligned "N. " numbers; each item's blocks
 * indented under its marker. */
static void list(struct rend *r, cmark_node *n, struct ctx *c)
{
    int ordered = cmark_node_get_list_type(n) == CMARK_ORDERED_LIST;
    int tight = cmark_node_get_list_tight(n), num = cmark_node_get_list_start(n), items = 0;
    char delim = cmark_node_get_list_delim(n) == CMARK_PAREN_DELIM ? ')' : '.';
    char first[32], rest[32], top[16];
    for (cmark_node *k = cmark_node_first_child(n); k; k = cmark_node_next(k))
        items++;
    int digits = snprintf(top, sizeof top, "%d", num + items - 1);
    for (cmark_node *k = cmark_node_first_child(n); k; k = cmark_node_next(k), num++) {
        struct ctx item = {c, first, rest, 1};
        if (ordered)
            snprintf(first, sizeof first, "%*d%c ", digits, num, delim);
        else
            snprintf(first, sizeof first, "- ");
        snprintf(rest, sizeof rest, "%*s", (int)strlen(first), "");
        if (k != cmark_node_first_child(n) && !tight)
            blank_line(r, c);
        children(r, k, &item, tight);
    }
}

/* block: renders one block node. */
static void block(struct rend *r, cmark_node *n, struct ctx *c)
{
    char bar[32];
    struct ctx quote = {c, bar, bar, 1};
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
        rule(r, c, avail(r, c), '-');
        break;
    case CMARK_NODE_LIST:
        list(r, n, c);
        break;
    case CMARK_NODE_BLOCK_QUOTE:
        snprintf(bar, sizeof bar, "%s|%s ", term_style(r->color, TERM_DIM),
                 term_style(r->color, TERM_RESET));
        children(r, n, &quote, 0);
        break;
    default:
        children(r, n, c, 0);
        break;
    }
    r->depth--;
}

int lesson_render(const struct lesson *l, FILE *out, int color, int width)
{
    struct rend r = {l, out, color != 0, width < 20 ? 20 : width, 0, 0};
    children(&r, l->doc, NULL, 0);
    return fflush(out) != 0 || ferror(out) ? -1 : 0;
}
