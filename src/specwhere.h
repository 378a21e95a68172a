/* specwhere.h: where in the spec a failure happened and what the learner is
 * told about it: the stack walk of the runner's message handler (the failing
 * test's line, the helper's, the solution's), the spec's text (a test's code,
 * the failing line), the solution folder cut out of messages, and the note
 * about a module that gave the spec no table. spec.c's helpers.
 * Depends on Lua 5.4, spec.h, sandbox.h, util.h. */
#ifndef DOJO_SPECWHERE_H
#define DOJO_SPECWHERE_H

#include <limits.h>
#include <lua.h>
#include <stddef.h>

#include "spec.h"

/* Bytes of a "file:line" and of a spec line's text (before "..."). */
#define SPEC_WHERE_MAX 160
#define SPEC_LINE_MAX 120

/* What the message handler found about the last error, and what it needs
 * to know. Set up once per spec file (specwhere_init); `called` before
 * every protected call. No allocation: the handler runs at the memory cap. */
struct spec_where {
    char source[4200];                /* the spec's chunk name, "@shown" */
    char prefix[2][PATH_MAX + 1];     /* the solution folder, as given (when
                                         absolute) and real, with a trailing
                                         '/' ("" unset) */
    const void *called;               /* the function the call runs */
    int line;                         /* the spec line: in `called` when it is
                                         the spec's (a test's body), else the
                                         innermost spec frame; 0 unknown */
    char helper[SPEC_WHERE_MAX];      /* "file:line" of the spec helper it
                                         was raised in, "" for none */
    char raised[SPEC_WHERE_MAX];      /* "file:line" (relative to the solution
                                         folder) of the solution's code it
                                         came out of, "" for none */
};

/* specwhere_init: fills *w for job (chunk name, solution prefixes). */
void specwhere_init(struct spec_where *w, const struct spec_job *job);

/* specwhere_clear: forgets the last error's findings; `called` is the
 * function about to run (lua_topointer), or NULL. */
void specwhere_clear(struct spec_where *w, const void *called);

/* specwhere_find: [-0, +0, -] from inside a message handler: walks L's stack
 * (its top 64 levels and its bottom 64, never the whole of a runaway
 * recursion) and fills w->line, w->helper, w->raised. Runs no Lua code and
 * allocates nothing (getinfo "f" pushes and pops one value). */
void specwhere_find(lua_State *L, struct spec_where *w);

/* specwhere_strip: [-1, +1, e] the string on the top without the solution
 * folder's path wherever it occurs ("/home/me/dojo/counter/counter.lua:7:"
 * becomes "counter.lua:7:"); anything else left as it is. May raise a
 * memory error: call it under the limits. */
void specwhere_strip(lua_State *L, const struct spec_where *w);

/* The spec file's text, read on first need, with an index of its lines
 * (built once: a spec of n tests costs O(n), not O(n^2)). Zero it to start;
 * spec_text_free releases it. */
struct spec_text {
    const char *path;   /* the spec file */
    char *text;         /* its bytes, NUL-terminated, or NULL */
    size_t *line_at;    /* offsets where line i+1 starts, or NULL */
    int nlines;         /* entries in line_at */
};

/* spec_text_read: the spec's text (read once); NULL when it can't be read.
 * Owned by t. */
const char *spec_text_read(struct spec_text *t);

/* spec_text_code: lines first..last (at most 201), malloc'ed (caller
 * frees); NULL when unknown or out of memory. */
char *spec_text_code(struct spec_text *t, int first, int last);

/* spec_text_line: line `line`'s text into buf (cap bytes), blanks trimmed,
 * cut at a UTF-8 boundary with "..." past SPEC_LINE_MAX; "" when unknown. */
void spec_text_line(struct spec_text *t, int line, char *buf, size_t cap);

/* spec_text_free: frees what t holds; it may be read again after. */
void spec_text_free(struct spec_text *t);

/* specwhere_module_note: [-0, +(0|1), e] the value at index `v` is what
 * solution module `name` gave the spec's require. A table or userdata:
 * pushes nothing, returns 0. Anything else (the file forgot `return M`, is
 * empty, returns a number, or a function where a table may be wanted):
 * pushes { type = TYPE NAME, long = the one line saying what is wrong and
 * what to add, short = a reference to it } and returns 1; runner.lua uses
 * it only for the tests that then fail indexing (or calling) such a value. Reads the module's file to name its
 * table (`local counter = {}` gives "return counter"). */
int specwhere_module_note(lua_State *L, const struct spec_where *w, const struct spec_job *job,
                          const char *name, int v);

#endif
