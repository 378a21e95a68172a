/* lessonpriv.h: the inside of a lesson, shared by the three files that make
 * up the lesson module and by nothing else: lesson.c (find, load, the model),
 * lessonterm.c (the terminal renderer) and lessonhtml.c (the HTML writer).
 * Depends on cmark and lesson.h.
 *
 * Ownership: everything here belongs to the struct lesson it hangs from
 * (freed by lesson_free); a struct lesson_buf belongs to whoever declared it
 * and is freed with lesson_buf_free. */
#ifndef DOJO_LESSONPRIV_H
#define DOJO_LESSONPRIV_H

#include <cmark.h>
#include <stddef.h>

#include "lesson.h"

/* A ```lua block as the lesson stores it: the public part plus the cmark node
 * it came from, so a renderer can put the right number on it. */
struct block_priv {
    struct lesson_block pub;
    cmark_node *node;
};

struct lesson {
    char *path;
    char *title;
    char *src; /* the file's text: renderers read pipe tables from it */
    cmark_node *doc;
    struct block_priv *blocks; /* in reading order */
    size_t nblocks;
    int fragment; /* loaded by lesson_load_text: no title required */
};

/* A growable byte buffer; `sty` holds one style byte per byte of text (the
 * renderers' own style bits). `b` is NUL-terminated whenever n > 0. */
struct lesson_buf {
    char *b;
    unsigned char *sty;
    size_t n, cap;
    int oom; /* set once an allocation failed: the text is then truncated,
                never corrupted */
};

/* lesson_buf_add: appends `len` bytes of `s`, each with style `st`. On
 * allocation failure sets oom and appends nothing. */
void lesson_buf_add(struct lesson_buf *t, const char *s, size_t len, int st);

/* lesson_buf_text: appends NUL-terminated `s` (NULL allowed: nothing),
 * turning tab/CR/LF into spaces and other control bytes (ESC included) into
 * '?', so a lesson can't put escape sequences on the learner's terminal. */
void lesson_buf_text(struct lesson_buf *t, const char *s, int st);

/* lesson_buf_free: frees the buffer's storage (not the struct). */
void lesson_buf_free(struct lesson_buf *t);

/* lesson_para_source: the source lines of paragraph n, each '\n'-terminated,
 * appended to t without their container prefixes: the first line from the
 * paragraph's column, the others without leading blanks and '>' (a
 * paragraph's line can't start with '>', that would open a block quote).
 * Used to find pipe tables, which libcmark 0.30 parses as paragraphs. */
void lesson_para_source(const struct lesson *l, cmark_node *n, struct lesson_buf *t);

/* lesson_block_index: the 0-based index of the ```lua block made from code
 * block node n, searching from index `from` on (renderers walk in reading
 * order); -1 when n is not a ```lua block. */
long lesson_block_index(const struct lesson *l, cmark_node *n, size_t from);

/* lesson_html_has: 1 when n is an HTML block whose text contains `tag`
 * (e.g. "<details"), else 0. */
int lesson_html_has(cmark_node *n, const char *tag);

/* Token classes of highlighted code, one per byte (lesson_code_classes). */
enum lesson_code_class {
    LESSON_CL_PLAIN = 0, /* names, operators, blanks */
    LESSON_CL_KEYWORD,   /* and break do ... while, nil, true, false */
    LESSON_CL_STRING,    /* quoted and long strings */
    LESSON_CL_NUMBER,
    LESSON_CL_COMMENT,   /* -- to the line's end, --[[ long ]] comments */
};

/* lesson_code_classes: highlights a code block whose fence info string is
 * `info` (NULL or "" when unlabelled): a block whose first info word is
 * `lua`, or an unlabelled one that lexes as Lua without an error (lualex.h),
 * gets one enum lesson_code_class per byte of code[0..len) in a new array
 * stored in *out (the caller frees it) and the call returns 1. Any other
 * block is not highlighted: returns 0 with *out NULL. Returns -1 (and *out
 * NULL) when memory runs out. */
int lesson_code_classes(const char *info, const char *code, size_t len, unsigned char **out);

/* lesson_callout: when block quote n is a callout, its label: "Pitfall",
 * "Warning", "Note" or "Tip" (a static string); else NULL. A callout's
 * first paragraph starts with the label and a colon, in its text or through
 * emphasis ("> **Note:** ..."). */
const char *lesson_callout(cmark_node *n);

/* lesson_concept: the concept part of the lesson's file name
 * ("lessons/01-closures.md" -> "closures") into out (capacity cap). */
void lesson_concept(const struct lesson *l, char *out, size_t cap);

#endif
