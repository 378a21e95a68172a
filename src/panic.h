/* panic.h: what happens when Lua raises an error outside any protected call
 * (a bug in dojo's C, or memory running out where dojo did not expect it):
 * the handler says so on stderr instead of letting Lua abort(), then returns
 * to main's recovery point (exit status 2), or, in a grading child, ends the
 * child (the parent reports a crash of the test it was in).
 * Depends on Lua 5.4 and POSIX. */
#ifndef DOJO_PANIC_H
#define DOJO_PANIC_H

#include <lua.h>
#include <setjmp.h>

/* Exit status of a process (a grading child) ended by panic_handler. */
#define PANIC_EXIT 70

/* panic_handler: a lua_atpanic handler for every state dojo makes. Writes
 * "dojo: internal error: ..." with the error message to stderr, then
 * longjmps to the recovery point set by panic_set_recovery when called in
 * the process that set it, else _exits with PANIC_EXIT. Never returns. */
int panic_handler(lua_State *L);

/* panic_set_recovery: `jb` (set with setjmp by main) becomes the recovery
 * point of this process; NULL clears it. Forked children inherit it but
 * never use it (the handler checks the process id). */
void panic_set_recovery(jmp_buf *jb);

#endif
