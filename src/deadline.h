/* deadline.h: what a learner is told when a test runs out of time, and the
 * rules that keep a looping solution from costing minutes: the message names
 * the solution's line where the code was stopped; a spec file has a total
 * deadline beside the per-test one; once tests keep timing out at one line,
 * the rest are not run; and a test stuck inside a C function is ended by a
 * watchdog. The spec runner (spec.c) keeps one struct deadline per run.
 * Depends on Lua 5.4, interrupt.h, spec.h, report/report.h. */
#ifndef DOJO_DEADLINE_H
#define DOJO_DEADLINE_H

#include <lua.h>

#include "report/report.h"
#include "spec.h"

/* One run's deadline state. Strings are NUL-terminated, cut to fit. */
struct deadline {
    const struct spec_job *job;
    const char *spec_source; /* the spec's chunkname, "@path" (the caller's) */
    double file_deadline;    /* util_now() seconds; 0 = none */
    char limit_text[96];     /* "the time limit (5 s)": the deadline in force */
    char where[256];         /* "file.lua:LINE" where a timeout stopped the
                                solution's code ("" unknown) */
    char cfunc[64];          /* the C function on top of the stack then */
    char test_where[256];    /* where the current test first timed out */
    int streak;              /* tests in a row that timed out at streak_at */
    char streak_at[256];
    char skip[400];          /* non-empty: the rest is not run; says why */
    char stuck_msg[700];     /* the watchdog's message (built in a handler) */
};

/* deadline_start: readies `d` for a run of `job` whose spec chunk is named
 * `spec_source` (both must outlive the run): the spec file's deadline
 * (job->file_deadline, else limits.file_timeout from now), the streak a
 * resumed run carries on, and the interrupt locator and watchdog (the
 * watchdog only when deadline_on_stuck set a handler). Can't fail.
 * deadline_stop removes the locator and watchdog again. */
void deadline_start(struct deadline *d, const struct spec_job *job, const char *spec_source);
void deadline_stop(struct deadline *d);

/* deadline_begin: a test (or block) starts: stores in *when the util_now()
 * seconds it must end by (0 = none): the per-test limit, or what is left of
 * the file's when that ends first. Returns NULL, or why the rest is not run
 * (a static string in `d`): then *when is a short allowance for a block to
 * list its tests. */
const char *deadline_begin(struct deadline *d, double *when);

/* deadline_skipping: why the rest is not run, or NULL. */
const char *deadline_skipping(const struct deadline *d);

/* deadline_call: a guarded call starts (forget where the last one stopped). */
void deadline_call(struct deadline *d);

/* deadline_timed_out: [-0, +1, m] the guarded call was stopped at its
 * deadline: pushes its message ("countdown.lua:7: your code ran past the
 * time limit (5 s)", or "the test ran past ..." when no solution frame was
 * on the stack) and remembers where, for the repeated-timeout rule. */
void deadline_timed_out(lua_State *L, struct deadline *d);

/* deadline_used_up: [-0, +1, m] pushes the message of a call that could not
 * start because the deadline had passed. */
void deadline_used_up(lua_State *L, const struct deadline *d);

/* deadline_note: a test (not a block) ended with case `c`: the
 * repeated-timeout rule. A timeout where the solution was stopped extends the
 * streak (or starts one); a timeout elsewhere and a pending test change
 * nothing; any other verdict ends it. SPEC_TIMEOUT_STREAK in a row: the rest
 * is not run. */
void deadline_note(struct deadline *d, const struct report_case *c);

/* deadline_limit_text: the words for the deadline in force ("the time limit
 * (5 s)"); a caller that sets its own deadline for a while (the runner
 * showing an error value) swaps them with this, then back. */
char *deadline_limit_text(struct deadline *d, size_t *cap);

/* deadline_on_stuck: sets (fn NULL: removes) what the runs of this process
 * do with a test stuck where no hook stops it (a loop inside a C function):
 * without it, such a test runs on until the caller kills the process. With
 * it, `fn` is called from the SIGALRM handler a quarter second after the
 * test's deadline, with the test's timeout message ("countdown.lua:7: your
 * code ran past the time limit (5 s), stuck inside the C function 'rep'")
 * and the repeated-timeout streak counting this test (`streak` tests in a
 * row stopped at `at`, "" when unknown). `fn` must be async-signal-safe and
 * not return (the grader's child hands these to its parent and _exits). */
void deadline_on_stuck(void (*fn)(void *ud, const char *message, int streak, const char *at), void *ud);

/* deadline_stack_depth: [-0, +0, -] the number of levels on L's stack
 * (1 for an empty one), found by doubling and bisection as luaL_traceback
 * does, since lua_getstack costs O(level). Can't fail; runs no Lua code. */
int deadline_stack_depth(lua_State *L);

#endif
