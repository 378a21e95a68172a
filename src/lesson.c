/* lesson.c: the lesson model: finds a lesson file, loads it (one CommonMark
 * file) with libcmark, collects its title and runnable ```lua blocks, and
 * offers the helpers its two renderers share (lessonpriv.h): lessonterm.c
 * for the terminal, lessonhtml.c for a web page.
 * Depends on libcmark, lualex.h (highlighting) and libc/POSIX (dirent). */
#include "lesson.h"
#include "lessonpriv.h"

#include <cmark.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "lualex.h"


/* ------------------------------------------------------------------ buffers */

void lesson_buf_add(struct lesson_buf *t, const char *s, size_t len, int st)
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

void lesson_buf_text(struct lesson_buf *t, const char *s, int st)
{
    for (; s && *s; s++) {
        char c = *s;
        if (c == '\t' || c == '\n' || c == '\r')
            c = ' ';
        else if ((unsigned char)c < 0x20 || c == 0x7f)
            c = '?';
        lesson_buf_add(t, &c, 1, st);
    }
}

void lesson_buf_free(struct lesson_buf *t)
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
    struct lesson_buf t = {0};
    cmark_iter *it = cmark_iter_new(h);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        cmark_node_type ty = cmark_node_get_type(n);
        if (ev != CMARK_EVENT_ENTER)
            continue;
        if (ty == CMARK_NODE_TEXT || ty == CMARK_NODE_CODE)
            lesson_buf_text(&t, cmark_node_get_literal(n), 0);
        else if (ty == CMARK_NODE_SOFTBREAK || ty == CMARK_NODE_LINEBREAK)
            lesson_buf_add(&t, " ", 1, 0);
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
    if (rc == 0 && l->title == NULL && l->fragment)
        l->title = strdup(""); /* a fragment (lesson_load_text) needs none */
    if (rc == 0 && l->title == NULL) {
        fmt_err(err, cap, "%s:1: lesson has no '# Title' heading", l->path);
        rc = -1;
    }
    return rc;
}

/* load_src: the lesson parsed from `src` (len bytes, malloc'ed; owned by
 * the lesson from here on, freed on failure too), named `path`. */
static int load_src(const char *path, char *src, size_t len, int fragment, struct lesson **out, char *err,
                    size_t errcap)
{
    struct lesson *l = calloc(1, sizeof *l);
    if (l != NULL)
        l->fragment = fragment;
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

int lesson_load(const char *path, struct lesson **out, char *err, size_t errcap)
{
    size_t len = 0;
    char *src;
    *out = NULL;
    if ((src = read_file(path, &len)) == NULL) {
        fmt_err(err, errcap, "%s:1: cannot read lesson: %s", path, strerror(errno));
        return -1;
    }
    return load_src(path, src, len, 0, out, err, errcap);
}

int lesson_load_text(const char *name, const char *text, size_t len, struct lesson **out, char *err,
                     size_t errcap)
{
    char *src = malloc(len + 1);
    *out = NULL;
    if (src == NULL) {
        fmt_err(err, errcap, "%s:1: out of memory", name);
        return -1;
    }
    memcpy(src, text, len);
    src[len] = '\0';
    return load_src(name, src, len, 1, out, err, errcap);
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

/* ------------------------------------------- helpers the renderers share */

void lesson_para_source(const struct lesson *l, cmark_node *n, struct lesson_buf *t)
{
    int start = cmark_node_get_start_line(n), end = cmark_node_get_end_line(n);
    size_t col = (size_t)cmark_node_get_start_column(n), len = 0, i;
    const char *s = src_line(l->src, start, &len);
    for (int k = start; s != NULL && k <= end; k++) {
        i = k == start ? (col > 0 && col <= len ? col - 1 : 0) : strspn(s, " \t>");
        lesson_buf_add(t, s + i, i < len ? len - i : 0, 0);
        lesson_buf_add(t, "\n", 1, 0);
        s = s[len] == '\n' ? s + len + 1 : NULL;
        len = s ? strcspn(s, "\n") : 0;
    }
}

long lesson_block_index(const struct lesson *l, cmark_node *n, size_t from)
{
    for (size_t i = from; i < l->nblocks; i++)
        if (l->blocks[i].node == n)
            return (long)i;
    return -1;
}

int lesson_html_has(cmark_node *n, const char *tag)
{
    const char *lit = cmark_node_get_type(n) == CMARK_NODE_HTML_BLOCK ? cmark_node_get_literal(n)
                                                                       : NULL;
    return lit && strstr(lit, tag) != NULL;
}

void lesson_concept(const struct lesson *l, char *out, size_t cap)
{
    const char *base = strrchr(l->path, '/') ? strrchr(l->path, '/') + 1 : l->path;
    const char *concept = base + strspn(base, "0123456789");
    concept += *concept == '-';
    snprintf(out, cap, "%.*s", (int)strcspn(concept, "."), concept);
}

/* is_lua_info: the first word of a fence's info string is exactly "lua". */
static int is_lua_info(const char *info)
{
    info += strspn(info, " \t");
    return strncmp(info, "lua", 3) == 0 && (info[3] == '\0' || info[3] == ' ' || info[3] == '\t');
}

/* mark_comments: the bytes between two tokens hold blanks, comments and
 * bytes lualex skipped as errors; when the first non-blank starts "--",
 * everything from there to the gap's last non-blank is comments. */
static void mark_comments(const char *code, size_t from, size_t to, unsigned char *cl)
{
    while (from < to && strchr(" \t\r\n\v\f", code[from]) != NULL)
        from++;
    while (to > from && strchr(" \t\r\n\v\f", code[to - 1]) != NULL)
        to--;
    if (to - from >= 2 && code[from] == '-' && code[from + 1] == '-')
        memset(cl + from, LESSON_CL_COMMENT, to - from);
}

int lesson_code_classes(const char *info, const char *code, size_t len, unsigned char **out)
{
    struct lualex_result lx;
    unsigned char *cl;
    size_t gap = 0;
    int lua = info != NULL && info[strspn(info, " \t")] != '\0';
    *out = NULL;
    if (lua && !is_lua_info(info))
        return 0;
    if (lualex_run(code, len, &lx) != 0)
        return -1;
    if (!lua && lx.nerrors > 0) {
        lualex_free(&lx);
        return 0;
    }
    if ((cl = calloc(len + 1, 1)) == NULL) {
        lualex_free(&lx);
        return -1;
    }
    for (size_t i = 0; i < lx.ntokens; i++) {
        const struct lualex_token *t = &lx.tokens[i];
        int c = t->code;
        mark_comments(code, gap, t->pos, cl);
        if (c == LX_STRING)
            memset(cl + t->pos, LESSON_CL_STRING, t->len);
        else if (c == LX_NUMBER)
            memset(cl + t->pos, LESSON_CL_NUMBER, t->len);
        else if (c >= LX_AND && c <= LX_WHILE)
            memset(cl + t->pos, LESSON_CL_KEYWORD, t->len);
        gap = t->pos + t->len;
    }
    mark_comments(code, gap, len, cl);
    lualex_free(&lx);
    *out = cl;
    return 1;
}

const char *lesson_callout(cmark_node *n)
{
    static const char *const labels[] = {"Pitfall", "Warning", "Note", "Tip"};
    char head[24] = "";
    size_t used = 0;
    cmark_node *p = cmark_node_first_child(n);
    cmark_iter *it;
    cmark_event_type ev;
    if (p == NULL || cmark_node_get_type(p) != CMARK_NODE_PARAGRAPH)
        return NULL;
    it = cmark_iter_new(p);
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE && used < sizeof head - 1) {
        cmark_node *k = cmark_iter_get_node(it);
        cmark_node_type ty = cmark_node_get_type(k);
        if (ev == CMARK_EVENT_ENTER && ty == CMARK_NODE_TEXT)
            used += (size_t)snprintf(head + used, sizeof head - used, "%s", cmark_node_get_literal(k));
        else if (ev == CMARK_EVENT_ENTER && ty != CMARK_NODE_EMPH && ty != CMARK_NODE_STRONG && k != p)
            break;
    }
    cmark_iter_free(it);
    for (size_t i = 0; i < sizeof labels / sizeof *labels; i++) {
        size_t len = strlen(labels[i]);
        if (strncmp(head, labels[i], len) == 0 && head[len] == ':')
            return labels[i];
    }
    return NULL;
}
