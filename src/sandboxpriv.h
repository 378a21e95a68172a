/* sandboxpriv.h: what sandbox.c and sandboxio.c share and nothing else
 * uses: the per-state bookkeeping, the capture buffer, path confinement
 * and the io library of a sandboxed environment. Depends on Lua 5.4,
 * sandbox.h, util.h (struct sbuf). */
#ifndef DOJO_SANDBOXPRIV_H
#define DOJO_SANDBOXPRIV_H

#include <lua.h>
#include <stddef.h>

#include "sandbox.h"
#include "util.h"

/* Per-state bookkeeping, the allocator's `ud`. */
struct sandbox_info {
    size_t used;      /* bytes held by the state */
    size_t peak;      /* most bytes held since the last peak reset */
    size_t limit;     /* cap in bytes, 0 = none */
    int memory_hit;   /* an allocation was refused */
    int syntax_hit;   /* a solution module failed to compile */
    struct sbuf out;  /* captured print output */
    size_t out_limit; /* cap in bytes, 0 = none */
    int out_overflow; /* print hit the cap */
    char *forbidden;  /* realpath of the spec file a solution may not read */
};

/* sandbox_info_of: the bookkeeping of state L (its allocator's ud). Can't
 * fail. */
struct sandbox_info *sandbox_info_of(lua_State *L);

/* sandbox_capture_add: appends n bytes to the capture buffer; raises (a Lua
 * error) past the output cap or when memory runs out. */
void sandbox_capture_add(lua_State *L, struct sandbox_info *info, const char *s, size_t n);

/* sandbox_confine: resolves `path` (relative to dirs[0]; absolute allowed)
 * with realpath(3), every symlink and ".." followed first, into `out`
 * (PATH_MAX bytes), then checks the result lies in one of the n folders
 * `dirs` (real paths; NULL entries are skipped). With `no_specs`, spec
 * files are refused as well: by name (spec.lua, *_spec.lua, before and
 * after resolving) and the state's forbidden spec (sandbox_forbid).
 * Raises nothing. */
enum sandbox_confine sandbox_confine(lua_State *L, const char *const *dirs, int n,
                                     const char *path, int no_specs, char *out);

/* sandbox_push_io: [-0, +1, e] the io table over `dir1`/`dir2` (stack
 * indices of real paths or nil); `no_specs` as in sandbox_confine.
 * Reading only, except for the spec's world (no_specs 0): its
 * io.open(path, "w"/"a") writes a file kept in memory (never on disk: the
 * grading child may write nothing), which both worlds' io.open/io.lines
 * then read before the disk's, and `env`.os.remove (env a stack index)
 * removes such a file. */
void sandbox_push_io(lua_State *L, int dir1, int dir2, int no_specs, int env);

#endif
