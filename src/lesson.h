/* lesson.h: the lesson model. A lesson is one CommonMark file,
 * lessons/NN-<concept>.md, parsed with cmark into a title, its ```lua code
 * blocks (numbered from 1 in reading order, the numbers `:run N` uses), a
 * terminal rendering (lessonterm.c) and an HTML page (lessonhtml.c).
 * Depends on cmark, term.h and lualex.h (highlighting).
 *
 * Ownership: a struct lesson owns every string it hands out; they live until
 * lesson_free(). */
#ifndef DOJO_LESSON_H
#define DOJO_LESSON_H

#include <stddef.h>
#include <stdio.h>

struct lesson;

struct lesson_block {
    const char *code;   /* the block's text, NUL-terminated, owned by the lesson */
    int line;           /* 1-based line of the opening fence in the .md file */
    const char *expect_error; /* NULL: the block must run cleanly; otherwise the
                                 substring its error message must contain
                                 (info string `lua error="..."`) */
};

/* lesson_find: resolves `name` to a lesson file under `dir` (the lessons
 * folder). Accepts "closures", "01-closures", "01-closures.md" or "1".
 * On success writes the path into `path` (capacity `cap` bytes) and returns 0;
 * returns -1 and writes a one-line message into `err` (capacity `errcap`) when
 * no lesson matches or the folder can't be read. */
int lesson_find(const char *dir, const char *name, char *path, size_t cap, char *err,
                size_t errcap);

/* lesson_load: reads and parses the lesson at `path`. On success stores a new
 * lesson in *out (caller frees with lesson_free) and returns 0. On failure
 * returns -1, leaves *out NULL and writes "FILE:LINE: message" into `err`
 * (e.g. unreadable file, no level-1 heading, an unterminated fence, a bad
 * `error=` attribute).
 *
 * Info strings: a fenced block is a runnable ```lua block when the first word
 * of its info string is exactly `lua`; any other language ("python", "text",
 * none) is shown but not numbered. After `lua` the only attribute allowed is
 * error="substring" (or error='substring'), non-empty, at most once; anything
 * else on a ```lua fence (a typo such as `eror=`) is a load error, so a
 * misspelt expectation can't silently turn into a block that must run. */
int lesson_load(const char *path, struct lesson **out, char *err, size_t errcap);

/* lesson_load_text: lesson_load from `len` bytes of Markdown at `text`
 * (copied) instead of a file; `name` stands for the path in messages and
 * lesson_path. For Markdown that lives inside another file, such as a quiz
 * question's body: a fragment, so no '# Title' heading is needed (the
 * title is then "", and lesson_render labels no block "[N] lua": no
 * `:run N` reaches it). Otherwise the results and errors of lesson_load. */
int lesson_load_text(const char *name, const char *text, size_t len, struct lesson **out, char *err,
                     size_t errcap);

/* lesson_free: frees a lesson and everything it owns. NULL is allowed. */
void lesson_free(struct lesson *l);

/* lesson_title: the text of the first level-1 heading. Owned by the lesson. */
const char *lesson_title(const struct lesson *l);

/* lesson_path: the file the lesson was loaded from. Owned by the lesson. */
const char *lesson_path(const struct lesson *l);

/* lesson_block_count: how many ```lua blocks the lesson has (0 or more). */
size_t lesson_block_count(const struct lesson *l);

/* lesson_block: the n-th ```lua block, n from 1; NULL when out of range. */
const struct lesson_block *lesson_block(const struct lesson *l, size_t n);

/* lesson_render: writes the lesson to `out` for a terminal `width` columns
 * wide (lessonterm.c). Every CommonMark construct cmark parses is shown:
 * headings (no colour: underlined with '=', '-', '~'), emphasis, strong,
 * inline code, hard and soft breaks, thematic breaks; links as `text <url>`
 * (the URL once, left out when it is the text itself), images as
 * `[image: alt] <url>`; code blocks indented 4, each ```lua block labelled
 * "[N] lua" for `:run N`, Lua (```lua, or unlabelled code that lexes as
 * Lua) highlighted when `color` is on; bullet and ordered lists nested to
 * any depth, their continuation paragraphs and code indented under the
 * item's text; block quotes behind a "| " bar, and those starting
 * "Pitfall:", "Warning:", "Note:" or "Tip:" framed as callouts with the
 * label on top; GFM pipe tables (mdtable.c, aligned, narrowed and wrapped
 * to fit). HTML: inline tags are dropped (their text stays), an HTML
 * block shows its text without the tags, dim; a question's
 * <details> answer is hidden behind a pointer to `dojo quiz CONCEPT`.
 * Paragraphs wrap between words, never inside one, and no line passes
 * `width` (minimum 20) except for a single word longer than a whole line
 * (a long URL); code lines too long are broken at a blank and continue on
 * a row marked "↪". With `color` zero the output holds no escape sequence
 * at all, and a lesson's own control bytes never reach `out` (shown as
 * '?'). Returns 0, or -1 on a write error. */
int lesson_render(const struct lesson *l, FILE *out, int color, int width);

/* lesson_render_html: writes the lesson to `out` as one self-contained
 * HTML5 page for a browser or an LMS (lessonhtml.c): inline CSS, no script,
 * nothing fetched from elsewhere (an image shows as a link to it, as in the
 * terminal). Headings (each with an id for links: its text in lower case,
 * other characters as '-', "_N" added when repeated), lists, quotes and
 * callouts (<aside>), tables, code with Lua highlighted in
 * <span class="k|s|n|c"> (keyword, string, number, comment) and each ```lua block labelled "[N] lua"; a question's answer
 * (<details><summary>..</summary> .. </details> in the Markdown) as a
 * collapsed <details>. Every text and attribute is escaped; the lesson's
 * own HTML is never passed through: only <details>/<summary> are kept,
 * other tags are dropped and their text shown. Links keep their URL unless
 * its scheme is javascript:, vbscript:, data: or file:. Returns 0, or -1
 * on a write error. */
int lesson_render_html(const struct lesson *l, FILE *out);

#endif
