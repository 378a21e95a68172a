/* sandbox.h: the Lua state factory. A sandbox state has a memory cap enforced
 * by its allocator, the interrupt machinery installed (interrupt.h), and can
 * build sandboxed environments (the solution's, the spec's): tables holding
 * only the safe standard library, with print captured, a read-only io and
 * require confined to folders by real path.
 * Depends on Lua 5.4, interrupt.h, pretty.h and util.h. */
#ifndef DOJO_SANDBOX_H
#define DOJO_SANDBOX_H

#include <lua.h>
#include <stddef.h>

/* sandbox_new: a new state with every standard library open (the host's own
 * code — the REPL, the spec runner — needs them all), `dojo.pretty` in
 * package.preload, and coroutine.resume/wrap replaced by interrupt.h's
 * tracking versions. `memory_limit` is in bytes, 0 for no limit; past it,
 * allocations fail and Lua raises "not enough memory". Returns NULL when the
 * state can't be made. Close with lua_close (or let _exit end the process). */
lua_State *sandbox_new(size_t memory_limit);

/* sandbox_close: closes a state made by sandbox_new and frees its
 * bookkeeping. NULL is allowed. */
void sandbox_close(lua_State *L);

/* sandbox_syntax_hit: 1 if a solution module failed to compile since the
 * last call (which resets it), else 0: lets the runner say `syntax`. */
int sandbox_syntax_hit(lua_State *L);

/* sandbox_set_memory_limit: changes the cap (bytes, 0 = none) of a state made
 * by sandbox_new. sandbox_memory_used: the bytes it holds now. */
void sandbox_set_memory_limit(lua_State *L, size_t memory_limit);
size_t sandbox_memory_used(lua_State *L);

/* sandbox_memory_peak: the most bytes the state held since the last reset;
 * with `reset` non-zero, starts a new measurement from what it holds now. */
size_t sandbox_memory_peak(lua_State *L, int reset);

/* sandbox_memory_hit: 1 if an allocation was refused since the last call
 * (which resets it), else 0. */
int sandbox_memory_hit(lua_State *L);

/* Captured output: the solution's print writes here, not to stdout. */
struct sandbox_capture;

/* sandbox_push_solution_env: [-0, +1, m] pushes a new solution environment:
 *  - base functions without dofile, loadfile; collectgarbage with only
 *    "collect", "count" and "step"; load in text mode only (precompiled
 *    bytecode is refused);
 *  - copies of string (no string.dump), table, math, utf8, coroutine, and
 *    os.clock/time/date/difftime, debug.traceback, so changing them changes
 *    nothing outside;
 *  - print, io.write, io.stdout and io.stderr writing into the state's
 *    capture buffer (see sandbox_take_output);
 *  - a read-only io (open in modes "r"/"rb", lines, close, type; files are
 *    proxies with read/lines/seek/close) whose paths, relative to `dir`, must
 *    resolve inside `dir` after every symlink, and never to a spec file;
 *  - require(name) finding name.lua or name/init.lua, or either under
 *    src/ (dots become '/'; a leading "./" is dropped) in `dir` only, by real path (a link out of `dir` or to a spec
 *    is refused), loaded as text into this same environment, cached per
 *    environment; a module
 *    named `module` (may be NULL) comes from `module_file` when that is not
 *    NULL, or from the C function `module_open` when that is not NULL.
 * Also seals the string metatable once per state: its __index becomes a
 * private copy of the string library without dump, and getmetatable("")
 * returns a decoy, so no string method reaches the host's string table.
 * Strings are copied; `dir` may be NULL (require then finds nothing). */
void sandbox_push_solution_env(lua_State *L, const char *dir, const char *module,
                               const char *module_file, lua_CFunction module_open);

/* sandbox_push_spec_env: [-0, +1, e] pushes a new environment for the
 * spec's world: the same safe library as a solution environment (copies of
 * its own), print and io.write captured, and a read-only io whose paths
 * (relative ones from `spec_dir`) must resolve, after every symlink, inside
 * `spec_dir` or `solution_dir` (either may be NULL); io.open in modes "w"
 * and "a" writes files kept in memory (both worlds read them first; never
 * on disk), which os.remove removes. No require, no package, no
 * os.execute, debug.traceback only: spec.c adds the spec's require and
 * runner.lua the rest of the spec's world. */
void sandbox_push_spec_env(lua_State *L, const char *spec_dir, const char *solution_dir);

/* sandbox_give_modules: [-0, +0, m] modules solution code in L may
 * require although its folder lacks them: a kata's `editor` files, which
 * the learner is given and a class's submissions leave out. Each of the n
 * names is a path relative to `dir` ("words.lua", "lib/x.lua": modules
 * "words", "lib.x"); the solution folder's own file of that name wins.
 * A name not ending in .lua, or whose file does not resolve (links
 * followed) inside `dir`, is skipped. `dir` NULL or n 0: none. */
void sandbox_give_modules(lua_State *L, const char *dir, char *const *names, int n);

/* sandbox_forbid: [-0, +0, -] solution code in L may neither read nor
 * require the file `spec_path` (compared by real path), besides every file
 * named spec.lua or *_spec.lua, which is always refused. NULL clears it. */
void sandbox_forbid(lua_State *L, const char *spec_path);

/* What confining a path found. */
enum sandbox_confine {
    CONFINE_OK = 0,       /* inside the folder: the real path is stored */
    CONFINE_MISSING = -1, /* no such file (or the path is too long) */
    CONFINE_OUTSIDE = -2, /* it resolves outside the folder (.., a link) */
    CONFINE_SPEC = -3,    /* a spec file, refused to solution code */
};

/* sandbox_find_module: the real path of module `name` ("a.b" -> a/b.lua,
 * else a/b/init.lua) in folder `dir` into `out` (PATH_MAX bytes),
 * resolving links first. Returns
 * CONFINE_OK, CONFINE_MISSING (no such regular file, a bad name, NULL dir)
 * or CONFINE_OUTSIDE. Raises nothing. */
enum sandbox_confine sandbox_find_module(lua_State *L, const char *dir, const char *name,
                                         char *out);

/* sandbox_solution_require: [-1, +1, e] the require function of the solution
 * environment on the top of the stack, replacing the environment. The spec's
 * world uses it so the spec and the solution share one module cache. */
void sandbox_solution_require(lua_State *L);

/* sandbox_set_output_limit: caps captured output at `bytes` (0 = none). Past
 * the cap, print raises "output limit exceeded" and
 * sandbox_output_overflowed() returns 1 until the next take. */
void sandbox_set_output_limit(lua_State *L, size_t bytes);

/* sandbox_take_output: [-0, +1, m] pushes the output captured since the last
 * take as a string, and empties the buffer. */
void sandbox_take_output(lua_State *L);

/* sandbox_output_overflowed: 1 when print hit the cap since the last take. */
int sandbox_output_overflowed(lua_State *L);

#endif
