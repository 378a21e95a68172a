/* replvars.h: the REPL's session locals: `local x = 1` typed at the prompt
 * (or in a block :run runs) stays visible to the lines after it, as one
 * variable shared with the closures that captured it. Lua's own REPL
 * forgets them (each line is its own chunk); dojo keeps them, as Python's
 * REPL does. Depends on Lua 5.4.
 *
 * How: the cells live in the registry (a table name -> {closure, upvalue
 * index}); replvars_compile wraps a chunk so that the names it mentions are
 * upvalues joined to those cells, and its own top-level locals are captured
 * when it ends normally (a chunk that raises keeps nothing new). */
#ifndef DOJO_REPLVARS_H
#define DOJO_REPLVARS_H

#include <lua.h>
#include <stddef.h>

/* replvars_compile: [-0, +(0|1), m] compiles `len` bytes of `src` (chunk
 * name `name`) for the session: first as "return SRC" (unless `stmt_only`),
 * then as statements, keeping its top-level locals. Pushes the function and
 * returns 0; pushes nothing and returns -1 when the wrapped chunk does not
 * compile (the caller then compiles it plainly, for the error message). */
int replvars_compile(lua_State *L, const char *src, size_t len, const char *name, int stmt_only);

/* replvars_declared: [-0, +0, m] the top-level locals `src` declares, as
 * "a, b, f" in `out` (capacity cap; cut at a name when it does not fit).
 * Returns how many. */
int replvars_declared(lua_State *L, const char *src, size_t len, char *out, size_t cap);

/* replvars_reset: [-0, +0, m] forgets every session local. */
void replvars_reset(lua_State *L);

/* replvars_names: calls fn(name, ud) for every session local (completion).
 * The name is valid during the call only. [-0, +0, -] */
void replvars_names(lua_State *L, void (*fn)(const char *name, void *ud), void *ud);

/* replvars_push: [-0, +(0|1), -] pushes the value of session local `name`
 * and returns 1, or pushes nothing and returns 0. */
int replvars_push(lua_State *L, const char *name);

#endif
