/* lesson.h: the lesson model. A lesson is one CommonMark file,
 * lessons/NN-<concept>.md, parsed with cmark into a title, its ```lua code
 * blocks (numbered from 1 in reading order, the numbers `:run N` uses) and a
 * terminal rendering. Depends on cmark and term.h.
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
 * wide: headings, emphasis, strong, inline code, code blocks (each ```lua
 * block labelled with its number for `:run N`), block quotes, bullet and
 * ordered lists, links (text then URL), thematic breaks, GFM pipe tables
 * (aligned and wrapped by mdtable.c). With `color` zero
 * the output holds no escape sequence at all. Returns 0, or -1 on a write
 * error. */
int lesson_render(const struct lesson *l, FILE *out, int color, int width);

#endif
