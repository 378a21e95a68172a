/* mdtable.h: GitHub-flavoured pipe tables (GFM spec, "Tables (extension)",
 * https://github.github.com/gfm/#tables-extension-) for the terminal, since
 * libcmark 0.30 parses them as plain paragraphs. lesson.c hands a paragraph's
 * source here; a table comes back as aligned, wrapped text. Depends on term.h.
 *
 * Ownership: a struct mdtable owns its cell strings until mdtable_free(). */
#ifndef DOJO_MDTABLE_H
#define DOJO_MDTABLE_H

#include <stddef.h>

enum mdtable_align { MDTABLE_LEFT, MDTABLE_CENTER, MDTABLE_RIGHT };

struct mdtable {
    size_t cols;              /* columns: the header row's cell count, >= 1 */
    size_t rows;              /* rows, the header (row 0) included, >= 1 */
    enum mdtable_align *align; /* cols entries, from the delimiter row */
    char **cell;              /* rows * cols cell sources, row r column c at
                                 [r * cols + c]: trimmed, `\|` turned into `|`,
                                 "" where a short row was padded */
};

/* mdtable_parse: parses text[0..len), lines separated by '\n' (container
 * prefixes such as "> " already removed), as a pipe table: every line starts
 * with '|' after optional blanks, the second line is a delimiter row
 * (`|---|:-:|--:|`) with as many cells as the first (the header). Cells are
 * split on '|' that is neither backslash-escaped nor inside a `code span`;
 * body rows are padded with empty cells or cut to the header's width.
 * Returns a new table (free with mdtable_free), or NULL when the text is not
 * a table or memory ran out. */
struct mdtable *mdtable_parse(const char *text, size_t len);

/* mdtable_free: frees a table and its cells. NULL is allowed. */
void mdtable_free(struct mdtable *t);

/* mdtable_render: lays the table out for `width` columns: the header row
 * (bold when `color`), a rule of '-' under each column, then the body rows;
 * columns two spaces apart, aligned as the delimiter row says, each as wide
 * as its widest cell (counted in UTF-8 code points). When that is too wide
 * the widest columns shrink first, down to their longest word and then
 * further, and cells wrap inside their column (a word longer than its column
 * is split), with a blank line between body rows once any of them wraps; so
 * no line is wider than `width` unless the columns can't each get 1 column.
 * Cell text: backslash escapes resolved; inline code in cyan when `color`,
 * else kept in backticks (as lesson.c shows it); `*`/`**`/`_`/`__` emphasis
 * markers dropped, the text italic/bold when `color`; anything else (links,
 * HTML) shown as written. Control bytes show as '?', so with `color` zero
 * there is no escape byte. Returns a new string of '\n'-terminated lines
 * without trailing blanks (the caller frees it), or NULL when out of memory. */
char *mdtable_render(const struct mdtable *t, int width, int color);

#endif
