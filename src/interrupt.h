/* interrupt.h: stopping running Lua code from outside it, for Ctrl-C in the
 * REPL and for the grader's per-test deadline. Depends on Lua 5.4 and POSIX
 * signals.
 *
 * Design: nothing runs while no interrupt is pending (no count hook, so a
 * tight loop runs at full speed). When one is requested (from a signal
 * handler), a hook is set on the main thread, on the coroutine that is
 * running at that moment and on every coroutine waiting for a resume to
 * return (tracked by the resume/wrap functions that interrupt_install puts
 * into the `coroutine` table, since lua_sethook on the main thread does not
 * reach a coroutine that is already running). The hook is
 * "sticky", as Redis does after SCRIPT KILL: it raises an error on every
 * instruction until the host clears the interrupt, so no pcall loop, xpcall
 * handler or coroutine can swallow it. New coroutines inherit the hook from
 * the thread that creates them; a suspended one gets it when resumed.
 *
 * A deadline can also say where it stopped the code (a locator, called when
 * the hook first fires for a timeout), and can have a second stage for code
 * the hook never reaches (a loop inside a C function such as string.rep or
 * string.find): a watchdog called from the signal handler after a short
 * grace of CPU time past the deadline, when the stopped call has still not
 * returned.
 *
 * One process has one interrupt state (signals are process-wide). */
#ifndef DOJO_INTERRUPT_H
#define DOJO_INTERRUPT_H

#include <lua.h>

enum interrupt_reason {
    INTERRUPT_NONE = 0,
    INTERRUPT_SIGINT = 1,  /* Ctrl-C: "interrupted!" */
    INTERRUPT_TIMEOUT = 2, /* the deadline passed: "timeout" */
};

/* interrupt_install: [-0, +0, m] replaces coroutine.resume, coroutine.wrap
 * and coroutine.close in the table at stack index `coidx` (a coroutine
 * library table) by tracking versions that behave like the stock ones. When
 * an interrupt is pending as a resume returns, the resuming thread gets the
 * hook too, so no chain of coroutines outlives it. */
void interrupt_install(lua_State *L, int coidx);

/* interrupt_target: makes `L` (a main thread) the state that interrupts
 * stop, from now until another call or interrupt_forget(L). Call it before
 * running code that Ctrl-C or a deadline must reach. */
void interrupt_target(lua_State *L);

/* interrupt_forget: if `L` is the target, there is none any more. Call
 * before closing L (sandbox_close does), so no signal reaches freed memory. */
void interrupt_forget(lua_State *L);

/* interrupt_request: asks the running Lua code to stop for `reason`.
 * Async-signal-safe: call it from a signal handler. */
void interrupt_request(enum interrupt_reason reason);

/* interrupt_pending: the reason of the pending interrupt, or INTERRUPT_NONE. */
enum interrupt_reason interrupt_pending(void);

/* interrupt_clear: forgets the pending interrupt and removes the hook from
 * the main thread. Call from C, after the protected call that was stopped has
 * returned. Threads that still carry the hook drop it the next time it fires. */
void interrupt_clear(void);

/* interrupt_message: the error message raised for `reason` ("interrupted!",
 * "timeout"); a static string. */
const char *interrupt_message(enum interrupt_reason reason);

/* interrupt_arm: starts a wall-clock timer that requests INTERRUPT_TIMEOUT
 * after `seconds` (> 0), installing the SIGALRM handler on first use.
 * interrupt_disarm stops it. Both return 0, or -1 with errno set. */
int interrupt_arm(double seconds);
int interrupt_disarm(void);

/* interrupt_catch_sigint: installs (on != 0) or removes the SIGINT handler
 * that requests INTERRUPT_SIGINT, without SA_RESTART so a blocking read
 * returns EINTR. interrupt_sigint_seen() returns 1 once per SIGINT received
 * since the last call (for readline's prompt), else 0. */
void interrupt_catch_sigint(int on);
int interrupt_sigint_seen(void);

/* interrupt_set_locator: `fn` (NULL: none) is called when a timeout first
 * stops Lua code (from the hook, in ordinary context) or, stuck in C, from
 * the watchdog (in a signal handler, so it must only read the stack with
 * lua_getstack/lua_getinfo "Sln" and copy bytes). It gets the thread the code
 * runs in, then each coroutine that resumed it, innermost first, then the
 * main thread, until it returns non-zero. Called at most once per request. */
void interrupt_set_locator(int (*fn)(lua_State *thread, void *ud), void *ud);

/* interrupt_set_watchdog: when `fn` is set, a timer armed with
 * interrupt_arm fires a second time once the process has used `grace`
 * seconds (> 0) of CPU time after the deadline (or 20 x `grace` of wall
 * clock, for C blocked without spinning), if interrupt_disarm has not been
 * called by then, which means the stopped code is stuck where no hook
 * runs. CPU time, so a machine under load does not make a slow C call
 * (a full collection at the memory cap) look stuck. `fn` is then called from
 * the SIGALRM handler (after the locator, if it had not run): it must be
 * async-signal-safe and should not return (the grader's child writes what
 * it knows and calls _exit). NULL: no second stage (the default). */
void interrupt_set_watchdog(double grace, void (*fn)(void *ud), void *ud);

/* interrupt_resume: [-(nargs), +(nres or 1), -] resumes `co` from `from` like
 * lua_resume, but keeps the running-thread record up to date so an interrupt
 * reaches code inside `co`. Same return values as lua_resume. */
int interrupt_resume(lua_State *from, lua_State *co, int nargs, int *nres);

#endif
