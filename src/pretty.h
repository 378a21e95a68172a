/* pretty.h: the value printer the REPL, the spec runner's failure messages and
 * the reports share. Readable, deterministic text for any Lua value: tables
 * with keys sorted (array part first), nested and depth-capped, cycle-safe,
 * functions shown with where they were defined. Depends on Lua 5.4 and term.h. */
#ifndef DOJO_PRETTY_H
#define DOJO_PRETTY_H

#include <lua.h>

struct pretty_opts {
    int max_depth;  /* tables nested deeper than this print as {…}; default 4 */
    int max_items;  /* entries shown per table before "… N more"; default 50 */
    int width;      /* columns; a table that fits stays on one line; default 80 */
    int color;      /* non-zero: ANSI colours for strings, numbers, keywords */
    int quote_top;  /* non-zero: a top-level string prints quoted ("a\n" escaped) */
    int pack;       /* non-zero: a table that takes several lines packs its
                       single-line array items several to a line (the REPL);
                       default 0: one item per line */
};

/* pretty_defaults: fills *o with the defaults above (color 0, quote_top 1,
 * pack 0).
 * Can't fail. */
void pretty_defaults(struct pretty_opts *o);

/* pretty_push: [-0, +1, m] pushes a string rendering the value at stack index
 * `idx`. Never calls Lua code it does not trust to return: __tostring and
 * __name are honoured, but a __tostring that raises or returns a non-string
 * prints as `<table: __tostring failed: MSG>`, and __pairs/__index are never
 * invoked (raw access only). Raises only on memory errors. `opts` may be NULL
 * for the defaults. */
void pretty_push(lua_State *L, int idx, const struct pretty_opts *opts);

/* luaopen_dojo_pretty: [-0, +1, m] pushes a module table
 * { show = function(v [, opts]) -> string } for Lua code (the spec runner). */
int luaopen_dojo_pretty(lua_State *L);

#endif
