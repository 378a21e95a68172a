/* mdtable.c: parses GitHub-flavoured pipe tables and lays them out as aligned,
 * wrapped columns for the terminal (libcmark 0.30 has no table extension).
 * Follows the GFM spec's "Tables (extension)" section,
 * https://github.github.com/gfm/#tables-extension-, except that a '|' inside
 * a `code span` needn't be escaped. Depends on term.h and libc only. */
#include "mdtable.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "term.h"

/* ------------------------------------------------------------------ parsing */

/* run_len: length of the run of s[i] characters starting at s[i]. */
static size_t run_len(const char *s, size_t n, size_t i)
{
    size_t j = i;
    while (j < n && s[j] == s[i])
        j++;
    return j - i;
}

/* code_close: start of the first run of exactly k backticks in s[i..n), the
 * end of a code span opened by k backticks; n when there is none. */
static size_t code_close(const char *s, size_t n, size_t i, size_t k)
{
    while (i < n) {
        size_t r = s[i] == '`' ? run_len(s, n, i) : 1;
        if (s[i] == '`' && r == k)
            return i;
        i += r;
    }
    return n;
}

/* skip_code: when the backticks at s[i] open a code span, the index just
 * past it; else the index past the backticks, which are then literal. */
static size_t skip_code(const char *s, size_t n, size_t i)
{
    size_t k = run_len(s, n, i), c = code_close(s, n, i + k, k);
    return c < n ? c + k : i + k;
}

/* next_pipe: index of the next cell separator in s[i..n): a '|' neither
 * escaped nor inside a code span; n when there is none. */
static size_t next_pipe(const char *s, size_t n, size_t i)
{
    while (i < n && s[i] != '|') {
        if (s[i] == '\\' && i + 1 < n)
            i += 2;
        else if (s[i] == '`')
            i = skip_code(s, n, i);
        else
            i++;
    }
    return i < n ? i : n;
}

/* trim: narrows s[0..*n) to drop blanks (and '\r') at both ends. */
static const char *trim(const char *s, size_t *n)
{
    while (*n > 0 && (s[*n - 1] == ' ' || s[*n - 1] == '\t' || s[*n - 1] == '\r'))
        (*n)--;
    while (*n > 0 && (*s == ' ' || *s == '\t')) {
        s++;
        (*n)--;
    }
    return s;
}

/* cell_text: a new string holding cell s[0..n) trimmed, `\|` made `|`. */
static char *cell_text(const char *s, size_t n)
{
    char *c, *o;
    s = trim(s, &n);
    if ((c = o = malloc(n + 1)) == NULL)
        return NULL;
    for (size_t i = 0; i < n; i++)
        if (!(s[i] == '\\' && i + 1 < n && s[i + 1] == '|'))
            *o++ = s[i];
    *o = '\0';
    return c;
}

/* split_row: splits one table line into cells, storing the first `max` of
 * them as new strings in cells[] (when cells is not NULL). Returns how many
 * cells the line has; sets *oom when a copy failed. */
static size_t split_row(const char *s, size_t n, char **cells, size_t max, int *oom)
{
    size_t count = 0, i, end;
    s = trim(s, &n);
    for (i = n > 0 && s[0] == '|'; i < n; i = end + 1, count++) {
        end = next_pipe(s, n, i);
        if (cells != NULL && count < max && (cells[count] = cell_text(s + i, end - i)) == NULL)
            *oom = 1;
    }
    return count;
}

/* delim_cell: the alignment a delimiter-row cell (`---`, `:--`, `:-:`,
 * `--:`) asks for, or -1 when the cell is something else. */
static int delim_cell(const char *c)
{
    size_t n = strlen(c), lead = c[0] == ':', trail = n > lead && c[n - 1] == ':';
    if (n <= lead + trail || strspn(c + lead, "-") != n - lead - trail)
        return -1;
    return lead && trail ? MDTABLE_CENTER : trail ? MDTABLE_RIGHT : MDTABLE_LEFT;
}

/* line_at: start of the k-th (0-based) line of text[0..len); *n its length. */
static const char *line_at(const char *text, size_t len, size_t k, size_t *n)
{
    const char *s = text, *end = text + len, *nl;
    for (; k > 0; k--)
        s = (const char *)memchr(s, '\n', (size_t)(end - s)) + 1;
    nl = memchr(s, '\n', (size_t)(end - s));
    *n = nl ? (size_t)(nl - s) : (size_t)(end - s);
    return s;
}

/* count_lines: lines in text[0..len) when each starts with '|' after blanks
 * (a final '\n' ends the last line); 0 when one doesn't. */
static size_t count_lines(const char *text, size_t len)
{
    size_t lines = 0, n, b;
    for (size_t off = 0; off < len; off += n + 1, lines++) {
        const char *s = line_at(text + off, len - off, 0, &n);
        for (b = 0; b < n && (s[b] == ' ' || s[b] == '\t'); b++)
            ;
        if (b == n || s[b] != '|')
            return 0;
    }
    return lines;
}

/* parse_delims: reads the delimiter row into t->align; -1 when it isn't one
 * or its cell count differs from the header's. */
static int parse_delims(struct mdtable *t, const char *s, size_t n)
{
    int oom = 0, a, rc = 0;
    char **cells = calloc(t->cols, sizeof *cells);
    if (cells == NULL || split_row(s, n, cells, t->cols, &oom) != t->cols || oom)
        rc = -1;
    for (size_t c = 0; c < t->cols && cells; c++) {
        if (rc == 0 && (a = delim_cell(cells[c])) >= 0)
            t->align[c] = (enum mdtable_align)a;
        else
            rc = -1;
        free(cells[c]);
    }
    free(cells);
    return rc;
}

struct mdtable *mdtable_parse(const char *text, size_t len)
{
    size_t lines = count_lines(text, len), n, cols;
    struct mdtable *t;
    const char *s;
    int oom = 0;
    if (lines < 2)
        return NULL;
    s = line_at(text, len, 0, &n);
    if ((cols = split_row(s, n, NULL, 0, &oom)) == 0)
        return NULL;
    if ((t = calloc(1, sizeof *t)) == NULL)
        return NULL;
    t->cols = cols;
    t->rows = lines - 1;
    t->align = calloc(cols, sizeof *t->align);
    t->cell = calloc(t->rows * cols, sizeof *t->cell);
    s = line_at(text, len, 1, &n);
    if (t->align == NULL || t->cell == NULL || parse_delims(t, s, n) != 0) {
        mdtable_free(t);
        return NULL;
    }
    for (size_t r = 0; r < t->rows; r++) {
        s = line_at(text, len, r == 0 ? 0 : r + 1, &n);
        split_row(s, n, t->cell + r * cols, cols, &oom);
        for (size_t c = 0; c < cols; c++)
            if (t->cell[r * cols + c] == NULL && (t->cell[r * cols + c] = strdup("")) == NULL)
                oom = 1;
    }
    if (oom) {
        mdtable_free(t);
        return NULL;
    }
    return t;
}

void mdtable_free(struct mdtable *t)
{
    if (t == NULL)
        return;
    for (size_t i = 0; t->cell != NULL && i < t->rows * t->cols; i++)
        free(t->cell[i]);
    free(t->cell);
    free(t->align);
    free(t);
}

/* ------------------------------------------------------------- cell inlines */

/* Style bits of rendered cell text, one mask per byte. */
enum { S_BOLD = 1, S_ITALIC = 2, S_CODE = 4, S_DIM = 8 };

/* A growable styled string: bytes b[0..n) with styles st[0..n). */
struct sstr {
    char *b;
    unsigned char *st;
    size_t n, cap;
    int oom;
};

/* ss_raw: appends len bytes of p, each styled `st` (st NULL: style 0). */
static void ss_raw(struct sstr *s, const char *p, size_t len, const unsigned char *st)
{
    if (s->n + len + 1 > s->cap) {
        size_t cap = (s->n + len + 1) * 2;
        char *b = realloc(s->b, cap);
        unsigned char *y = b ? realloc(s->st, cap) : NULL;
        if (b)
            s->b = b;
        if (!b || !y) {
            s->oom = 1;
            return;
        }
        s->st = y;
        s->cap = cap;
    }
    memcpy(s->b + s->n, p, len);
    if (st)
        memcpy(s->st + s->n, st, len);
    else
        memset(s->st + s->n, 0, len);
    s->n += len;
    s->b[s->n] = '\0';
}

/* ss_text: appends text styled `st`; blanks become spaces and other control
 * bytes (ESC included) '?', so cell text can't inject escapes. */
static void ss_text(struct sstr *s, const char *p, size_t len, int st)
{
    unsigned char y = (unsigned char)st;
    for (size_t i = 0; i < len; i++) {
        char c = p[i];
        if (c == '\t' || c == '\n' || c == '\r')
            c = ' ';
        else if ((unsigned char)c < 0x20 || c == 0x7f)
            c = '?';
        ss_raw(s, &c, 1, &y);
    }
}

static void inline_text(struct sstr *o, const char *s, size_t n, int st, int color,
                        int depth);

/* code_span: appends the code span opening at s[i] (or its backticks, when
 * it is never closed); returns the index past it. Without colour the code
 * keeps one backtick each side, as lesson.c renders inline code. */
static size_t code_span(struct sstr *o, const char *s, size_t n, size_t i, int st, int color)
{
    size_t k = run_len(s, n, i), c = code_close(s, n, i + k, k), len;
    const char *p = s + i + k;
    if (c >= n) {
        ss_text(o, s + i, k, st);
        return i + k;
    }
    len = c - i - k;
    if (len >= 2 && p[0] == ' ' && p[len - 1] == ' ' && strspn(p, " ") < len) {
        p++;
        len -= 2;
    }
    if (!color)
        ss_text(o, "`", 1, st);
    ss_text(o, p, len, st | S_CODE);
    if (!color)
        ss_text(o, "`", 1, st);
    return c + k;
}

/* word_char: a letter or digit, which `_` emphasis can't touch (snake_case). */
static int word_char(char c)
{
    return isalnum((unsigned char)c) || (unsigned char)c >= 0x80;
}

/* opens_emph: can the run of k `*` or `_` at s[i] open emphasis? Only runs
 * of 1 or 2 followed by a non-blank, and `_` not inside a word. */
static int opens_emph(const char *s, size_t n, size_t i, size_t k)
{
    return k <= 2 && i + k < n && s[i + k] != ' ' &&
           !(s[i] == '_' && i > 0 && word_char(s[i - 1]));
}

/* emph_close: start of the first run of exactly k `ch` in s[i..n) that can
 * close emphasis (after a non-blank; `_` not followed by a word character),
 * outside code spans and escapes; 0 when there is none. */
static size_t emph_close(const char *s, size_t n, size_t i, char ch, size_t k)
{
    for (size_t j = i, r; j < n; j += r) {
        r = s[j] == ch ? run_len(s, n, j) : 1;
        if (s[j] == '\\')
            r = 2;
        else if (s[j] == '`')
            r = skip_code(s, n, j) - j;
        else if (s[j] == ch && r == k && s[j - 1] != ' ' &&
                 (ch == '*' || j + r >= n || !word_char(s[j + r])))
            return j;
    }
    return 0;
}

/* Emphasis nests at most this deep; deeper markers show as written. */
#define EMPH_DEPTH 4

/* emph: when the `*`/`_` run at s[i] opens emphasis that is closed later,
 * appends its text (markers dropped, styled italic or bold) and returns the
 * index past it; else returns i. *unclosed collects the marker kinds (char
 * and run length) found to have no closer, so each is looked for once. */
static size_t emph(struct sstr *o, const char *s, size_t n, size_t i, int st, int color,
                   int depth, unsigned *unclosed)
{
    size_t k = run_len(s, n, i), c;
    unsigned kind = 1u << ((s[i] == '_') * 2 + (k == 2));
    if (depth >= EMPH_DEPTH || !opens_emph(s, n, i, k) || (*unclosed & kind))
        return i;
    if ((c = emph_close(s, n, i + k, s[i], k)) == 0) {
        *unclosed |= kind;
        return i;
    }
    inline_text(o, s + i + k, c - i - k, st | (k == 2 ? S_BOLD : S_ITALIC), color, depth + 1);
    return c + k;
}

/* inline_text: appends cell source s[0..n) rendered, styled `st`, inside
 * `depth` emphases: escapes resolved, code spans and emphasis as
 * mdtable_render describes. */
static void inline_text(struct sstr *o, const char *s, size_t n, int st, int color, int depth)
{
    size_t i = 0, j, k;
    unsigned unclosed = 0;
    while (i < n) {
        int marker = s[i] == '*' || s[i] == '_';
        if (s[i] == '\\' && i + 1 < n && ispunct((unsigned char)s[i + 1])) {
            ss_text(o, s + i + 1, 1, st);
            i += 2;
        } else if (s[i] == '`') {
            i = code_span(o, s, n, i, st, color);
        } else if (marker && (j = emph(o, s, n, i, st, color, depth, &unclosed)) > i) {
            i = j;
        } else {
            k = marker ? run_len(s, n, i) : 1;
            ss_text(o, s + i, k, st);
            i += k;
        }
    }
}

/* ------------------------------------------------------------------- layout */

/* cps: display columns of s[0..n): its UTF-8 code points. */
static int cps(const char *s, size_t n)
{
    int w = 0;
    for (size_t i = 0; i < n; i++)
        w += ((unsigned char)s[i] & 0xC0) != 0x80;
    return w;
}

/* cp_bytes: bytes of s[0..n) up to its (cols + 1)-th code point, i.e. the
 * first `cols` columns as cps() counts them. */
static size_t cp_bytes(const char *s, size_t n, int cols)
{
    size_t i = 0;
    for (int w = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80 && w++ == cols)
            break;
    return i;
}

/* unit_end: the end of the unit starting at s->b[i]: the next space where a
 * line may break; with `words` any space, else only one outside code spans,
 * so that `x = 1` stays on one line when it can. */
static size_t unit_end(const struct sstr *s, size_t i, int words)
{
    while (i < s->n && !(s->b[i] == ' ' && (words || !(s->st[i] & S_CODE))))
        i++;
    return i;
}

/* measure: the width of cell s on one line, blank runs between units
 * collapsed (*whole), and of its longest word (*word); each only grows. */
static void measure(const struct sstr *s, int *whole, int *word)
{
    int total = 0, units = 0, w;
    for (size_t i = 0, j; i < s->n; i = j + 1)
        if ((j = unit_end(s, i, 0)) > i)
            total += cps(s->b + i, j - i) + (units++ > 0);
    for (size_t i = 0, j; i < s->n; i = j + 1)
        if ((j = unit_end(s, i, 1)) > i && (w = cps(s->b + i, j - i)) > *word)
            *word = w;
    *whole = total > *whole ? total : *whole;
}

/* shrink: narrows the widest column still above its floor (floor[c], or 1
 * when floor is NULL) by one; 0 when every column is at its floor. */
static int shrink(int *w, const int *floor, size_t cols)
{
    size_t best = cols;
    for (size_t c = 0; c < cols; c++)
        if (w[c] > (floor ? floor[c] : 1) && (best == cols || w[c] > w[best]))
            best = c;
    if (best == cols)
        return 0;
    w[best]--;
    return 1;
}

/* fit: cuts column widths w[] (natural widths on entry) to fit `width`, two
 * columns between columns: the widest first, down to each column's longest
 * word (word[c]), then down to 1. */
static void fit(int *w, const int *word, size_t cols, int width)
{
    long total = 2 * (long)(cols - 1);
    for (size_t c = 0; c < cols; c++)
        total += w[c];
    while (total > width && shrink(w, word, cols))
        total--;
    while (total > width && shrink(w, NULL, cols))
        total--;
}

/* flow: appends the units (or with `words` the words) of s[i..end) to o,
 * one space apart, wrapped at w columns; *col is the width of the line so
 * far. A unit too wide for a line flows word by word, a word too wide is
 * split. */
static void flow(const struct sstr *s, size_t i, size_t end, int w, int words, int *col,
                 struct sstr *o)
{
    for (size_t j, cut; i < end; i = j + 1) {
        int ww;
        if ((j = unit_end(s, i, words)) == i)
            continue;
        ww = cps(s->b + i, j - i);
        if (!words && ww > w) {
            flow(s, i, j, w, 1, col, o);
            continue;
        }
        if (*col > 0 && *col + 1 + ww <= w) {
            ss_raw(o, " ", 1, s->st + i - 1);
            (*col)++;
        } else if (*col > 0) {
            ss_raw(o, "\n", 1, NULL);
            *col = 0;
        }
        for (; *col + ww > w; ww -= w, i += cut) {
            cut = cp_bytes(s->b + i, j - i, w);
            ss_raw(o, s->b + i, cut, s->st + i);
            ss_raw(o, "\n", 1, NULL);
        }
        ss_raw(o, s->b + i, j - i, s->st + i);
        *col += ww;
    }
}

/* wrap_cell: cell s flowed into lines at most w columns wide, '\n' between
 * them. */
static void wrap_cell(const struct sstr *s, int w, struct sstr *o)
{
    int col = 0;
    ss_raw(o, "", 0, NULL); /* so o->b is never NULL */
    flow(s, 0, s->n, w, 0, &col, o);
}

/* put_sgr: switches the output from style *cur to st (nothing without
 * colour). */
static void put_sgr(struct sstr *o, int *cur, int st, int color)
{
    static const struct {
        int bit;
        const char *sgr;
    } map[] = {{S_BOLD, TERM_BOLD}, {S_ITALIC, TERM_ITALIC}, {S_CODE, TERM_CYAN},
               {S_DIM, TERM_DIM}};
    if (st != *cur && color) {
        if (*cur != 0)
            ss_raw(o, TERM_RESET, strlen(TERM_RESET), NULL);
        for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
            if (st & map[i].bit)
                ss_raw(o, map[i].sgr, strlen(map[i].sgr), NULL);
    }
    *cur = st;
}

/* put_cell_line: one line of a cell, s[0..n) with styles st, padded to w
 * columns as `al` says; styles are closed before the padding after it. */
static void put_cell_line(struct sstr *o, const char *s, const unsigned char *st, size_t n,
                          int w, enum mdtable_align al, int color)
{
    int pad = w - cps(s, n), cur = 0;
    int left = al == MDTABLE_RIGHT ? pad : al == MDTABLE_CENTER ? pad / 2 : 0;
    for (int i = 0; i < left; i++)
        ss_raw(o, " ", 1, NULL);
    for (size_t i = 0; i < n; i++) {
        put_sgr(o, &cur, st[i], color);
        ss_raw(o, s + i, 1, NULL);
    }
    put_sgr(o, &cur, 0, color);
    for (int i = left > 0 ? left : 0; i < pad; i++)
        ss_raw(o, " ", 1, NULL);
}

/* end_line: drops the line's trailing spaces and ends it. */
static void end_line(struct sstr *o)
{
    while (o->n > 0 && o->b[o->n - 1] == ' ')
        o->n--;
    ss_raw(o, "\n", 1, NULL);
}

/* put_row: the lines of one row, its cells already wrapped (cell[c] for
 * column c); at[] is scratch space for one cursor per column. */
static void put_row(struct sstr *o, const struct sstr *cell, const int *w, size_t *at,
                    const struct mdtable *t, int color)
{
    int more = 1;
    memset(at, 0, t->cols * sizeof *at);
    while (more) {
        more = 0;
        for (size_t c = 0; c < t->cols; c++) {
            const struct sstr *s = &cell[c];
            size_t len = strcspn(s->b + at[c], "\n");
            if (c > 0)
                ss_raw(o, "  ", 2, NULL);
            put_cell_line(o, s->b + at[c], s->st + at[c], len, w[c], t->align[c], color);
            at[c] += len + (s->b[at[c] + len] == '\n');
            more |= s->b[at[c]] != '\0';
        }
        end_line(o);
    }
}

/* put_rule: a dim line of '-' under each column, two spaces between. */
static void put_rule(struct sstr *o, const int *w, size_t cols, int color)
{
    int cur = 0;
    put_sgr(o, &cur, S_DIM, color);
    for (size_t c = 0; c < cols; c++) {
        if (c > 0)
            ss_raw(o, "  ", 2, NULL);
        for (int i = 0; i < w[c]; i++)
            ss_raw(o, "-", 1, NULL);
    }
    put_sgr(o, &cur, 0, color);
    end_line(o);
}

/* The scratch space of one mdtable_render call. */
struct layout {
    struct sstr *text;  /* rows * cols rendered cells */
    struct sstr *wrap;  /* the same, wrapped to their column widths */
    int *w, *word;      /* per column: width, longest word */
    size_t *at;         /* per column: put_row's cursors */
};

/* lay_out: renders, measures, fits and wraps every cell into lo; 0, or -1
 * when memory ran out. */
static int lay_out(const struct mdtable *t, struct layout *lo, int width, int color)
{
    size_t cols = t->cols, n = t->rows * cols;
    int oom = 0;
    for (size_t i = 0; i < n; i++) {
        const char *s = t->cell[i];
        inline_text(&lo->text[i], s, strlen(s), i < cols ? S_BOLD : 0, color, 0);
        lo->w[i % cols] = lo->w[i % cols] > 1 ? lo->w[i % cols] : 1;
        measure(&lo->text[i], &lo->w[i % cols], &lo->word[i % cols]);
    }
    fit(lo->w, lo->word, cols, width);
    for (size_t i = 0; i < n; i++) {
        wrap_cell(&lo->text[i], lo->w[i % cols], &lo->wrap[i]);
        oom |= lo->text[i].oom | lo->wrap[i].oom;
    }
    return oom ? -1 : 0;
}

/* put_table: the header, the rule and the body rows, a blank line between
 * body rows when any of them takes more than one line. */
static void put_table(struct sstr *o, const struct mdtable *t, const struct layout *lo,
                      int color)
{
    size_t cols = t->cols;
    int spaced = 0;
    for (size_t i = cols; i < t->rows * cols; i++)
        spaced |= strchr(lo->wrap[i].b, '\n') != NULL;
    put_row(o, lo->wrap, lo->w, lo->at, t, color);
    put_rule(o, lo->w, cols, color);
    for (size_t r = 1; r < t->rows; r++) {
        if (spaced && r > 1)
            ss_raw(o, "\n", 1, NULL);
        put_row(o, lo->wrap + r * cols, lo->w, lo->at, t, color);
    }
}

char *mdtable_render(const struct mdtable *t, int width, int color)
{
    size_t n = t->rows * t->cols;
    struct sstr o = {0};
    struct layout lo = {calloc(n, sizeof *lo.text), calloc(n, sizeof *lo.wrap),
                        calloc(t->cols, sizeof *lo.w), calloc(t->cols, sizeof *lo.word),
                        calloc(t->cols, sizeof *lo.at)};
    int ok = lo.text && lo.wrap && lo.w && lo.word && lo.at;
    if (ok && lay_out(t, &lo, width, color) == 0) {
        ss_raw(&o, "", 0, NULL);
        put_table(&o, t, &lo, color);
    }
    for (size_t i = 0; ok && i < n; i++) {
        free(lo.text[i].b);
        free(lo.text[i].st);
        free(lo.wrap[i].b);
        free(lo.wrap[i].st);
    }
    free(lo.text);
    free(lo.wrap);
    free(lo.w);
    free(lo.word);
    free(lo.at);
    free(o.st);
    if (o.oom || !ok) {
        free(o.b);
        return NULL;
    }
    return o.b;
}
