/* lessonhtml.c: writes a lesson as one self-contained HTML5 page
 * (lesson_render_html), for a browser or an LMS: inline CSS, no script, no
 * external asset. Walks the cmark tree lesson.c parsed; every byte of the
 * lesson is escaped, and of its raw HTML only <details>/<summary> survive.
 * Depends on lessonpriv.h, mdtable.h, libcmark and libc. */
#include "lesson.h"
#include "lessonpriv.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mdtable.h"

/* The writer's state: the output, the next ```lua block index, how deep it
 * is, and how many bytes of a callout's "Label:" are still to be taken off
 * the front of the text (the <aside> shows the label already). */
struct html {
    const struct lesson *l;
    FILE *f;
    size_t next;
    int depth;
    size_t strip;
    int strip_blanks; /* after the label: skip the blanks that follow it */
    int in_link;      /* inside an <a>: an image in it gets no <a> of its own */
    uint64_t *seen;        /* hashes of the heading slugs used (seen_add) */
    size_t nseen, capseen; /* entries, slots (a power of two) */
    size_t headings;       /* headings written so far */
};

/* As deep as lessonterm.c goes (LESSON_MAX_DEPTH there): the writer
 * recurses once per level of nesting. */
#define HTML_MAX_DEPTH 64

static const char css[] =
    "body{margin:0;background:#fafafa;color:#1f2328;font:17px/1.6 system-ui,-apple-system,"
    "'Segoe UI',Roboto,sans-serif}\n"
    "main{max-width:46rem;margin:0 auto;padding:1.5rem 1.25rem 4rem;background:#fff;"
    "overflow-wrap:break-word}\n"
    "h1,h2,h3,h4,h5,h6{line-height:1.25;margin:1.6em 0 .5em}\n"
    "h1{font-size:2rem;border-bottom:2px solid #d0d7de;padding-bottom:.3em}\n"
    "h2{font-size:1.5rem;border-bottom:1px solid #d8dee4;padding-bottom:.2em}\n"
    "code,pre{font-family:ui-monospace,'DejaVu Sans Mono',Menlo,Consolas,monospace;"
    "font-size:.9em}\n"
    ":not(pre)>code{background:#eff1f3;border-radius:4px;padding:.1em .3em}\n"
    "pre{background:#f6f8fa;border:1px solid #d0d7de;border-radius:6px;padding:.8em 1em;"
    "overflow-x:auto;line-height:1.45}\n"
    ".block{margin:1em 0}.block pre{margin:0}\n"
    ".label{font:600 .8rem/1.8 system-ui,sans-serif;color:#57606a}\n"
    ".k{color:#a626a4;font-weight:600}.s{color:#50a14f}.n{color:#986801}"
    ".c{color:#6a737d;font-style:italic}\n"
    "blockquote{margin:1em 0;padding:.1em 1em;border-left:4px solid #d0d7de;color:#57606a}\n"
    ".callout{margin:1.2em 0;padding:.2em 1em .4em;border-left:5px solid;border-radius:4px}\n"
    ".callout>.callout-label{font-weight:700;margin:.5em 0 .2em}\n"
    ".pitfall{background:#fdecea;border-color:#d1242f}.warning{background:#fff8c5;"
    "border-color:#bf8700}\n"
    ".note{background:#ddf4ff;border-color:#0969da}.tip{background:#dafbe1;"
    "border-color:#1a7f37}\n"
    "table{border-collapse:collapse;margin:1em 0;display:block;overflow-x:auto}\n"
    "th,td{border:1px solid #d0d7de;padding:.35em .7em;vertical-align:top}\n"
    "th{background:#f6f8fa;text-align:left}\n"
    "details{margin:1em 0;padding:.5em 1em;border:1px solid #d0d7de;border-radius:6px;"
    "background:#f6f8fa}\n"
    "summary{cursor:pointer;font-weight:600}\n"
    "hr{border:0;border-top:1px solid #d0d7de;margin:2em 0}\n"
    ".html{color:#57606a;font-style:italic}\n"
    "a{color:#0969da}\n"
    "@media print{body{background:#fff}details{border:0}}\n";

/* esc: writes s[0..n) escaped for HTML text and attribute values; control
 * bytes other than tab and newline (not allowed in HTML) become '?'. */
static void esc(struct html *h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '&':
            fputs("&amp;", h->f);
            break;
        case '<':
            fputs("&lt;", h->f);
            break;
        case '>':
            fputs("&gt;", h->f);
            break;
        case '"':
            fputs("&quot;", h->f);
            break;
        case '\'':
            fputs("&#39;", h->f);
            break;
        default:
            fputc((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f ? '?' : c, h->f);
        }
    }
}

/* esc_str: esc() of a NUL-terminated string (NULL: nothing). */
static void esc_str(struct html *h, const char *s)
{
    if (s != NULL)
        esc(h, s, strlen(s));
}

/* safe_url: 0 for a URL whose scheme may run code or read local files when
 * clicked (javascript:, vbscript:, data:, file:; blanks and case ignored
 * as browsers ignore them), else 1. */
static int safe_url(const char *url)
{
    static const char *const bad[] = {"javascript:", "vbscript:", "data:", "file:"};
    char scheme[16];
    size_t n = 0;
    for (const char *p = url; *p && n < sizeof scheme - 1; p++)
        if ((unsigned char)*p > ' ')
            scheme[n++] = (char)((*p >= 'A' && *p <= 'Z') ? *p + 32 : *p);
    scheme[n] = '\0';
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        if (strncmp(scheme, bad[i], strlen(bad[i])) == 0)
            return 0;
    return 1;
}

/* ---------------------------------------------------------------- inlines */

static void inlines(struct html *h, cmark_node *n);

/* text: a text node, less what is left of a callout's label. */
static void text(struct html *h, const char *s)
{
    size_t n = s ? strlen(s) : 0, k = h->strip < n ? h->strip : n;
    h->strip -= k;
    if (h->strip == 0 && h->strip_blanks) {
        while (k < n && s[k] == ' ')
            k++;
        h->strip_blanks = k >= n;
    }
    esc(h, s + k, n - k);
}

/* link: <a href> around the text; an image is never fetched: it shows as a
 * link "[image: ALT]" to its URL. A URL with an unsafe scheme is dropped
 * (the text stays). */
static void link(struct html *h, cmark_node *n)
{
    const char *url = cmark_node_get_url(n), *title = cmark_node_get_title(n);
    int image = cmark_node_get_type(n) == CMARK_NODE_IMAGE;
    int a = url != NULL && url[0] != '\0' && safe_url(url) && !h->in_link;
    if (a) {
        fputs("<a href=\"", h->f);
        esc_str(h, url);
        fputc('"', h->f);
        if (title != NULL && title[0] != '\0') {
            fputs(" title=\"", h->f);
            esc_str(h, title);
            fputc('"', h->f);
        }
        fputc('>', h->f);
    }
    if (image)
        fputs(cmark_node_first_child(n) ? "[image: " : "[image", h->f);
    h->in_link += a;
    for (cmark_node *k = cmark_node_first_child(n); k; k = cmark_node_next(k))
        inlines(h, k);
    h->in_link -= a;
    if (image)
        fputc(']', h->f);
    if (a)
        fputs("</a>", h->f);
}

/* wrapped: children of n inside <tag>...</tag>. */
static void wrapped(struct html *h, cmark_node *n, const char *tag)
{
    fprintf(h->f, "<%s>", tag);
    for (cmark_node *k = cmark_node_first_child(n); k; k = cmark_node_next(k))
        inlines(h, k);
    fprintf(h->f, "</%s>", tag);
}

/* inlines: writes inline node n and its children. Inline HTML is dropped
 * (the text around it stays). */
static void inlines(struct html *h, cmark_node *n)
{
    switch (cmark_node_get_type(n)) {
    case CMARK_NODE_TEXT:
        text(h, cmark_node_get_literal(n));
        break;
    case CMARK_NODE_CODE:
        fputs("<code>", h->f);
        esc_str(h, cmark_node_get_literal(n));
        fputs("</code>", h->f);
        break;
    case CMARK_NODE_SOFTBREAK:
        fputc('\n', h->f);
        break;
    case CMARK_NODE_LINEBREAK:
        fputs("<br>\n", h->f);
        break;
    case CMARK_NODE_LINK:
    case CMARK_NODE_IMAGE:
        link(h, n);
        break;
    case CMARK_NODE_EMPH:
        wrapped(h, n, "em");
        break;
    case CMARK_NODE_STRONG:
        wrapped(h, n, "strong");
        break;
    case CMARK_NODE_HTML_INLINE:
        break;
    default:
        for (cmark_node *k = cmark_node_first_child(n); k; k = cmark_node_next(k))
            inlines(h, k);
    }
}

/* ----------------------------------------------------------------- tables */

/* cell: one table cell's Markdown source as inline HTML (parsed by cmark
 * as a one-paragraph document). */
static void cell(struct html *h, const char *src)
{
    cmark_node *doc = cmark_parse_document(src, strlen(src), CMARK_OPT_DEFAULT);
    cmark_node *p = doc ? cmark_node_first_child(doc) : NULL;
    if (p != NULL && cmark_node_get_type(p) == CMARK_NODE_PARAGRAPH)
        for (cmark_node *k = cmark_node_first_child(p); k; k = cmark_node_next(k))
            inlines(h, k);
    else
        esc_str(h, src);
    if (doc != NULL)
        cmark_node_free(doc);
}

/* table: paragraph n as a <table> when its source is a GFM pipe table
 * (mdtable.h); 0 when it is not one (or memory ran out). */
static int table(struct html *h, cmark_node *n)
{
    static const char *const align[] = {"", " style=\"text-align:center\"",
                                        " style=\"text-align:right\""};
    struct lesson_buf t = {0};
    struct mdtable *tb = NULL;
    lesson_para_source(h->l, n, &t);
    if (!t.oom && t.b != NULL)
        tb = mdtable_parse(t.b, t.n);
    lesson_buf_free(&t);
    if (tb == NULL)
        return 0;
    fputs("<table>\n<thead>\n", h->f);
    for (size_t r = 0; r < tb->rows; r++) {
        const char *tag = r == 0 ? "th" : "td";
        fputs("<tr>", h->f);
        for (size_t c = 0; c < tb->cols; c++) {
            fprintf(h->f, "<%s%s>", tag, align[tb->align[c]]);
            cell(h, tb->cell[r * tb->cols + c]);
            fprintf(h->f, "</%s>", tag);
        }
        fputs(r == 0 ? "</tr>\n</thead>\n<tbody>\n" : "</tr>\n", h->f);
    }
    fputs("</tbody>\n</table>\n", h->f);
    mdtable_free(tb);
    return 1;
}

/* ------------------------------------------------------------------- code */

/* code: a code block as <pre><code>, Lua highlighted with one <span> per
 * run of a class (lesson_code_classes); a ```lua block gets its "[N] lua"
 * label above, as in the terminal. */
static void code(struct html *h, cmark_node *n)
{
    static const char *const cls[] = {NULL, "k", "s", "n", "c"};
    const char *s = cmark_node_get_literal(n) ? cmark_node_get_literal(n) : "";
    const char *info = cmark_node_get_fence_info(n);
    size_t len = strlen(s);
    unsigned char *cl = NULL;
    long b = lesson_block_index(h->l, n, h->next);
    fputs("<div class=\"block\">", h->f);
    if (b >= 0) {
        fprintf(h->f, "<div class=\"label\">[%ld] lua%s</div>", b + 1,
                h->l->blocks[b].pub.expect_error ? " (expects an error)" : "");
        h->next = (size_t)b + 1;
    }
    if (lesson_code_classes(info, s, len, &cl) < 0)
        cl = NULL;
    fputs("<pre><code", h->f);
    if (info != NULL && info[strspn(info, " \t")] != '\0') {
        const char *w = info + strspn(info, " \t");
        fputs(" class=\"language-", h->f);
        esc(h, w, strcspn(w, " \t"));
        fputc('"', h->f);
    }
    fputc('>', h->f);
    for (size_t i = 0; i < len;) {
        size_t j = i + 1;
        int c = cl ? cl[i] : 0;
        while (j < len && (cl ? cl[j] : 0) == c)
            j++;
        if (cls[c] != NULL)
            fprintf(h->f, "<span class=\"%s\">", cls[c]);
        esc(h, s + i, j - i);
        if (cls[c] != NULL)
            fputs("</span>", h->f);
        i = j;
    }
    fputs("</code></pre></div>\n", h->f);
    free(cl);
}

/* ------------------------------------------------------------- raw HTML */

/* The <details> nesting of one container: opened by the lesson's HTML,
 * closed by it, or at the container's end (so tags always balance). */
struct det {
    int open;       /* <details> open in this container */
    int in_summary; /* inside <summary> */
    int in_text;    /* a <p class="html"> of dropped tags' text is open */
};

/* tag_is: s (just after '<') names `tag`, ended by '>', '/' or a blank. */
static int tag_is(const char *s, const char *tag)
{
    size_t n = strlen(tag);
    return strncasecmp(s, tag, n) == 0 && (s[n] == '>' || s[n] == ' ' || s[n] == '/' ||
                                           s[n] == '\t' || s[n] == '\n' || s[n] == '\0');
}

/* html_text: text between two tags of a raw HTML block: inside a <summary>
 * as is, elsewhere in a dim paragraph that runs on across dropped tags
 * ("Some <b>bold</b> words" stays one paragraph). Blank text is skipped. */
static void html_text(struct html *h, struct det *d, const char *s, size_t n)
{
    if (!d->in_text && !d->in_summary) {
        while (n > 0 && strchr(" \t\r\n", s[0]) != NULL)
            s++, n--;
        if (n == 0)
            return;
        fputs("<p class=\"html\">", h->f);
        d->in_text = 1;
    }
    esc(h, s, n);
}

/* end_text: closes the dim paragraph html_text opened, if any. */
static void end_text(struct html *h, struct det *d)
{
    if (d->in_text)
        fputs("</p>\n", h->f);
    d->in_text = 0;
}

/* raw_html: an HTML block of the lesson: <details>, <summary> and their
 * closing tags are kept (balanced: a close without an open is dropped, a
 * <summary> only inside a <details>), every other tag is dropped and the
 * text between tags is escaped. */
static void raw_html(struct html *h, cmark_node *n, struct det *d)
{
    const char *s = cmark_node_get_literal(n), *lt;
    while (s != NULL && *s) {
        int details = 0, closing = 0, summary = 0;
        if ((lt = strchr(s, '<')) == NULL)
            lt = s + strlen(s);
        html_text(h, d, s, (size_t)(lt - s));
        if (*lt == '\0')
            break;
        details = tag_is(lt + 1, "details") || (closing = tag_is(lt + 1, "/details"));
        if (!details)
            summary = tag_is(lt + 1, "summary") || (closing = tag_is(lt + 1, "/summary"));
        if (details || summary)
            end_text(h, d);
        if (details && d->in_summary) {
            fputs("</summary>\n", h->f);
            d->in_summary = 0;
        }
        if (details && !closing) {
            fputs("<details>\n", h->f);
            d->open++;
        } else if (details && d->open > 0) {
            fputs("</details>\n", h->f);
            d->open--;
        } else if (summary && !closing && d->open > 0 && !d->in_summary) {
            fputs("<summary>", h->f);
            d->in_summary = 1;
        } else if (summary && closing && d->in_summary) {
            fputs("</summary>\n", h->f);
            d->in_summary = 0;
        }
        s = strchr(lt, '>');
        s = s ? s + 1 : NULL;
    }
    end_text(h, d);
    if (d->in_summary) { /* a summary ends with its block */
        fputs("</summary>\n", h->f);
        d->in_summary = 0;
    }
}

/* ------------------------------------------------------------- headings */

/* slug: heading n's anchor into out (cap >= 16): its text in lower case,
 * each run of other than ASCII letters and digits one '-', at most 48
 * bytes; "section" when nothing is left. */
static void slug(cmark_node *n, char *out, size_t cap)
{
    cmark_iter *it = cmark_iter_new(n);
    cmark_event_type ev;
    size_t k = 0, max = cap - 8 < 48 ? cap - 8 : 48;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE && k < max) {
        cmark_node *t = cmark_iter_get_node(it);
        const char *s = cmark_node_get_literal(t);
        cmark_node_type ty = cmark_node_get_type(t);
        if (ev != CMARK_EVENT_ENTER || (ty != CMARK_NODE_TEXT && ty != CMARK_NODE_CODE) || !s)
            continue;
        for (; *s && k < max; s++) {
            char c = *s >= 'A' && *s <= 'Z' ? (char)(*s + 32) : *s;
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
                out[k++] = c;
            else if (k > 0 && out[k - 1] != '-')
                out[k++] = '-';
        }
    }
    cmark_iter_free(it);
    while (k > 0 && out[k - 1] == '-')
        k--;
    out[k] = '\0';
    if (k == 0)
        snprintf(out, cap, "section");
}

/* seen_add: adds slug s to the set of ids used (h->seen, open addressing
 * on FNV-1a hashes); returns 1 when it (or a slug of the same hash) was
 * there already, 0 when new, -1 when memory ran out. */
static int seen_add(struct html *h, const char *s)
{
    uint64_t x = 1469598103934665603ULL;
    size_t i;
    for (; *s; s++)
        x = (x ^ (unsigned char)*s) * 1099511628211ULL;
    x |= 1; /* 0 marks an empty slot */
    if (2 * (h->nseen + 1) > h->capseen) {
        size_t cap = h->capseen ? h->capseen * 2 : 64;
        uint64_t *t = calloc(cap, sizeof *t);
        if (t == NULL)
            return -1;
        for (size_t k = 0; k < h->capseen; k++)
            if (h->seen[k] != 0) {
                for (i = h->seen[k] & (cap - 1); t[i] != 0; i = (i + 1) & (cap - 1))
                    ;
                t[i] = h->seen[k];
            }
        free(h->seen);
        h->seen = t;
        h->capseen = cap;
    }
    for (i = x & (h->capseen - 1); h->seen[i] != 0; i = (i + 1) & (h->capseen - 1))
        if (h->seen[i] == x)
            return 1;
    h->seen[i] = x;
    h->nseen++;
    return 0;
}

/* heading_id: heading n's slug, or when that is taken already (or memory
 * ran out) the slug with "_N" added, N the heading's number on the page: a
 * slug never holds '_', and N is unique, so every id is. */
static void heading_id(struct html *h, cmark_node *n, char *out, size_t cap)
{
    slug(n, out, cap);
    h->headings++;
    if (seen_add(h, out) != 0)
        snprintf(out + strlen(out), cap - strlen(out), "_%zu", h->headings);
}

/* ----------------------------------------------------------------- blocks */

static void block(struct html *h, cmark_node *n, int tight);

/* children: the blocks under n; <details> still open at the end close. */
static void children(struct html *h, cmark_node *n, int tight)
{
    struct det d = {0, 0, 0};
    for (cmark_node *k = cmark_node_first_child(n); k; k = cmark_node_next(k)) {
        if (cmark_node_get_type(k) == CMARK_NODE_HTML_BLOCK && h->depth < HTML_MAX_DEPTH)
            raw_html(h, k, &d);
        else
            block(h, k, tight);
    }
    while (d.open-- > 0)
        fputs("</details>\n", h->f);
}

/* quote: a callout as <aside class="callout LABEL"> with the label on top
 * (taken off the text), any other quote as <blockquote>. */
static void quote(struct html *h, cmark_node *n)
{
    const char *label = lesson_callout(n);
    if (label == NULL) {
        fputs("<blockquote>\n", h->f);
        children(h, n, 0);
        fputs("</blockquote>\n", h->f);
        return;
    }
    fprintf(h->f, "<aside class=\"callout ");
    for (const char *c = label; *c; c++)
        fputc(*c >= 'A' && *c <= 'Z' ? *c + 32 : *c, h->f);
    fprintf(h->f, "\"><p class=\"callout-label\">%s</p>\n", label);
    h->strip = strlen(label) + 1;
    h->strip_blanks = 1;
    children(h, n, 0);
    h->strip = 0;
    h->strip_blanks = 0;
    fputs("</aside>\n", h->f);
}

/* list: <ul> or <ol start>; in a tight list an item's paragraphs are bare
 * text, as cmark's own HTML writer does. */
static void list(struct html *h, cmark_node *n)
{
    int ordered = cmark_node_get_list_type(n) == CMARK_ORDERED_LIST;
    int start = cmark_node_get_list_start(n), tight = cmark_node_get_list_tight(n);
    if (ordered && start != 1)
        fprintf(h->f, "<ol start=\"%d\">\n", start);
    else
        fputs(ordered ? "<ol>\n" : "<ul>\n", h->f);
    for (cmark_node *k = cmark_node_first_child(n); k; k = cmark_node_next(k)) {
        fputs("<li>", h->f);
        children(h, k, tight);
        fputs("</li>\n", h->f);
    }
    fputs(ordered ? "</ol>\n" : "</ul>\n", h->f);
}

/* para_inlines: the inline children of n. */
static void para_inlines(struct html *h, cmark_node *n)
{
    for (cmark_node *k = cmark_node_first_child(n); k; k = cmark_node_next(k))
        inlines(h, k);
    h->strip = 0;
    h->strip_blanks = 0;
}

/* block: writes one block node; `tight`: a paragraph of a tight list item
 * goes without <p>. */
static void block(struct html *h, cmark_node *n, int tight)
{
    if (h->depth >= HTML_MAX_DEPTH) {
        fputs("<p>[nested too deeply to show]</p>\n", h->f);
        return;
    }
    h->depth++;
    switch (cmark_node_get_type(n)) {
    case CMARK_NODE_PARAGRAPH:
        if (table(h, n))
            break;
        fputs(tight ? "" : "<p>", h->f);
        para_inlines(h, n);
        fputs(tight ? "\n" : "</p>\n", h->f);
        break;
    case CMARK_NODE_HEADING: {
        int level = cmark_node_get_heading_level(n);
        char id[96];
        heading_id(h, n, id, sizeof id);
        fprintf(h->f, "<h%d id=\"%s\">", level, id);
        para_inlines(h, n);
        fprintf(h->f, "</h%d>\n", level);
        break;
    }
    case CMARK_NODE_CODE_BLOCK:
        code(h, n);
        break;
    case CMARK_NODE_THEMATIC_BREAK:
        fputs("<hr>\n", h->f);
        break;
    case CMARK_NODE_LIST:
        list(h, n);
        break;
    case CMARK_NODE_BLOCK_QUOTE:
        quote(h, n);
        break;
    case CMARK_NODE_HTML_BLOCK: /* reached past the depth cap only */
        break;
    default:
        children(h, n, 0);
        break;
    }
    h->depth--;
}

int lesson_render_html(const struct lesson *l, FILE *out)
{
    struct html h = {l, out, 0, 0, 0, 0, 0, NULL, 0, 0, 0};
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
          "<meta name=\"generator\" content=\"dojo\">\n<title>",
          out);
    esc_str(&h, l->title);
    fprintf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<main>\n", css);
    children(&h, l->doc, 0);
    fputs("</main>\n</body>\n</html>\n", out);
    free(h.seen);
    return fflush(out) != 0 || ferror(out) ? -1 : 0;
}
