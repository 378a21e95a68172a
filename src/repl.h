/* repl.h: the Lua REPL and the non-interactive runners that print as it
 * does (dojo -e, dojo FILE.lua, Lua piped on stdin). Depends on Lua 5.4,
 * readline, app.h, learner.h, interrupt.h, lesson.h, pretty.h, sandbox.h. */
#ifndef DOJO_REPL_H
#define DOJO_REPL_H

#include <lua.h>
#include <stddef.h>
#include <stdio.h>

#include "app.h"

enum repl_parse {
    REPL_PARSE_OK,         /* a function is on the stack */
    REPL_PARSE_INCOMPLETE, /* the input ends early: read another line */
    REPL_PARSE_ERROR,      /* a syntax error message is on the stack */
};

/* repl_compile: [-0, +1, m] compiles `len` bytes of `src` as lua.c does:
 * first as "return <src>" (so an expression prints its values), then as a
 * statement. Incomplete input is told by Lua's "<eof>" syntax error.
 * Pushes the function (OK) or the message (INCOMPLETE, ERROR). `name` is the
 * chunkname ("=stdin"). */
enum repl_parse repl_compile(lua_State *L, const char *src, size_t len, const char *name);

/* repl_new_state: a state for the learner's own experiments: the whole
 * standard library, no memory cap, interrupts installed. NULL on failure. */
lua_State *repl_new_state(void);

/* repl_exec: [-1, +0, -] calls the function on the top with a traceback
 * handler and Ctrl-C armed, then prints its results (pretty, tab-separated)
 * to `out`, or the error and a short traceback to `err`. Returns 0 if the
 * call succeeded, 1 if it raised. */
int repl_exec(lua_State *L, FILE *out, FILE *err, int color);

/* repl_interactive: the REPL on a terminal, with readline, history in
 * app->state/history (this session's lines appended under flock on exit, so
 * two REPLs keep both), completion (replcomplete.h), :commands, session
 * locals (replvars.h), the learner's kata folders on package.path, and
 * values taller than the terminal paged (pager.h). `lesson_path` (may be
 * NULL) is the lesson :run uses. Returns the exit status (0). */
int repl_interactive(struct app *a, const char *lesson_path);

/* repl_eval_string: `dojo -e CHUNK`: compiles and runs CHUNK as one input.
 * repl_run_file: `dojo FILE.lua`: runs the file as one chunk, printing what
 * it returns. repl_run_stream: reads Lua from `in` line by line, exactly as
 * the REPL would (session locals kept), without prompts or paging. Each returns 0, 1 when Lua raised, 2
 * when the file can't be read. */
int repl_eval_string(const char *chunk);
int repl_run_file(const char *path, int argc, char **argv);
int repl_run_stream(FILE *in);

#endif
