/* bytecode.h: Lua modules of the spec runner's trusted world (luassert and
 * say) compiled to bytecode at build time (cmake/bytecode.c) and embedded,
 * so that a fresh `dojo grade` does not parse ~4,000 lines of luassert on
 * every run. Only the trusted runner state installs the searcher; learner
 * code still can't load bytecode. Depends on Lua 5.4. */
#ifndef DOJO_BYTECODE_H
#define DOJO_BYTECODE_H

#include <lua.h>
#include <stddef.h>

/* One embedded module: its require name, the file it was compiled from,
 * that file's size (bytes) and mtime (seconds) at build time, and the
 * bytecode (debug info kept: messages name the original file and line). */
struct bytecode_module {
    const char *name;
    const char *path;
    const unsigned char *code;
    size_t len;
    long long size;
    long long mtime;
};

/* The generated table (gen/bytecode_modules.c), ended by a NULL name; may
 * be empty when luassert was not installed at build time. */
extern const struct bytecode_module bytecode_modules[];

/* bytecode_install_searcher: [-0, +0, m] puts a searcher in front of Lua's
 * file searcher in package.searchers of L: for an embedded name whose file
 * is still the one found by package.searchpath(name, package.path) with the
 * recorded size and mtime, it loads the bytecode and returns it with that
 * file name (as the file searcher would); otherwise it defers to the next
 * searcher, so a changed or shadowed installation is loaded from source. */
void bytecode_install_searcher(lua_State *L);

#endif
