/* refbuild.h: builds the C reference of a kata that is not compiled into
 * dojo (a pack in DOJO_PATH or DOJO_PACK, a fresh `dojo new kata`): its
 * reference.c is compiled with the system C compiler into a shared object in
 * a cache and dlopen'ed, resolving Lua's API against dojo's own exported
 * symbols. Used by `dojo validate`. Depends on kata.h, util.h, libdl. */
#ifndef DOJO_REFBUILD_H
#define DOJO_REFBUILD_H

#include <stddef.h>

#include "kata.h"

/* refbuild_open: kata k's luaopen_ function (luaopen_NAME, NAME the kata
 * folder's name with every '-' turned into '_'), from k->dir/reference.c compiled by $CC (default
 * "cc") with `-shared -fPIC -std=c11 -I<Lua's headers> -I<kata folder>` into
 * $XDG_CACHE_HOME/dojo/references/NAME-HASH.so (~/.cache when unset), where
 * HASH covers reference.c, the folder's *.h files and the command: an
 * unchanged reference is not compiled again. The object stays loaded until
 * the process ends. Returns NULL with one line in err (capacity cap) when
 * there is no reference.c, the compiler is missing or fails (its first
 * error, "reference.c:LINE:COL: ..."), or the symbol is not defined; *line
 * gets the compiler's line (0 when none). The code is the pack's: it runs
 * inside dojo, so only a pack the caller trusts may be built. */
lua_CFunction refbuild_open(const struct kata *k, int *line, char *err, size_t cap);

/* refbuild_in_builtin_pack: 1 when folder `dir` is under the source tree's
 * katas/ (DOJO_SOURCE_DIR), whose reference.c files are compiled into this
 * dojo (cmake/references.cmake); else 0 (also when a path can't be
 * resolved). */
int refbuild_in_builtin_pack(const char *dir);

/* refbuild_reference: the luaopen_ function that grades kata k's
 * reference.c: the one compiled into dojo when k is in the built-in pack
 * and was compiled in (*built = 0), else refbuild_open's, which is then
 * registered with kata_reference_set(k->id, ...) so that graders (and the
 * children they fork) find it (*built = 1). A kata of another pack never
 * gets a compiled-in reference of the same id. Returns NULL with err and
 * *line as refbuild_open. Same trust as refbuild_open: the pack's C code
 * runs inside dojo. */
lua_CFunction refbuild_reference(const struct kata *k, int *built, int *line, char *err, size_t cap);

#endif
