/* deadline.c: the words and rules of a timeout (see deadline.h): the locator
 * that finds the solution's line when interrupt.c stops the code, the
 * messages, the spec file's deadline, the repeated-timeout rule and the
 * watchdog's report. The locator and the watchdog run in a signal handler
 * when the code is stuck in C, so what they touch is copied byte by byte.
 * Depends on Lua 5.4, interrupt.h, spec.h, report/report.h, util.h. */
#include "deadline.h"

#include <stdio.h>
#include <string.h>

#include "interrupt.h"
#include "util.h"

/* Seconds after a deadline before the watchdog ends a test stuck in C. */
#define STUCK_GRACE 0.25

/* Seconds a describe body gets to register its tests once the rest of the
 * file is not run (at most the per-test limit). */
#define SKIP_ALLOWANCE 1.0

static void (*stuck_fn)(void *ud, const char *message, int streak, const char *at);
static void *stuck_ud;

/* sappend: appends s to the C string in buf[cap], truncating. Plain byte
 * copying, safe in a signal handler. */
static void sappend(char *buf, size_t cap, const char *s)
{
    size_t n = strlen(buf);
    while (*s && n + 1 < cap)
        buf[n++] = *s++;
    buf[n] = '\0';
}

/* sappend_int: appends the decimal form of v (>= 0). Signal-safe. */
static void sappend_int(char *buf, size_t cap, int v)
{
    char tmp[16];
    int i = (int)sizeof tmp - 1;
    tmp[i] = '\0';
    do {
        tmp[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v > 0 && i > 0);
    sappend(buf, cap, tmp + i);
}

int deadline_stack_depth(lua_State *L)
{
    lua_Debug ar;
    int lo = 1, hi = 1;
    while (lua_getstack(L, hi, &ar)) {
        lo = hi;
        hi *= 2;
    }
    while (lo < hi - 1) {
        int mid = lo + (hi - lo) / 2;
        if (lua_getstack(L, mid, &ar))
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* solution_name: the name to show for chunk `source` when it is the
 * solution's code (its file, or a file in the solution folder that is not a
 * spec), relative to the solution folder; NULL for anything else (the spec,
 * luassert, the runner, strings given to load). Signal-safe. */
static const char *solution_name(const struct deadline *d, const char *source)
{
    const char *path = source + 1, *dir = d->job->solution_dir, *file = d->job->solution_file;
    size_t n = dir ? strlen(dir) : 0;
    int in_dir;
    if (source[0] != '@')
        return NULL;
    in_dir = n > 0 && strncmp(path, dir, n) == 0 && (dir[n - 1] == '/' || path[n] == '/');
    if (file != NULL && strcmp(path, file) == 0) {
        const char *slash = strrchr(path, '/');
        return in_dir ? path + n + (dir[n - 1] != '/') : slash ? slash + 1 : path;
    }
    if (!in_dir || strcmp(source, d->spec_source) == 0 || util_ends_with(path, "_spec.lua") ||
        util_ends_with(path, "/spec.lua"))
        return NULL;
    return path + n + (dir[n - 1] != '/');
}

/* frame_is_solution: 1 (and records d->where) when stack level `level` of
 * L runs the solution's code. Signal-safe (reads the stack only). */
static int frame_is_solution(lua_State *L, struct deadline *d, int level)
{
    lua_Debug ar;
    const char *name;
    if (!lua_getstack(L, level, &ar) || !lua_getinfo(L, "Sl", &ar) || ar.currentline <= 0)
        return 0;
    if ((name = solution_name(d, ar.source)) == NULL)
        return 0;
    d->where[0] = '\0';
    sappend(d->where, sizeof d->where, name);
    sappend(d->where, sizeof d->where, ":");
    sappend_int(d->where, sizeof d->where, ar.currentline);
    return 1;
}

/* locate: interrupt.h's locator: finds the innermost frame of `thread` that
 * runs the solution's code (the top 200 levels, then the bottom 64 of a
 * deeper stack) and, on the first thread asked, the C function on top. */
static int locate(lua_State *thread, void *ud)
{
    struct deadline *d = ud;
    lua_Debug ar;
    int level, depth;
    if (d->cfunc[0] == '\0' && lua_getstack(thread, 0, &ar) && lua_getinfo(thread, "Sn", &ar) &&
        ar.what[0] == 'C' && ar.name != NULL)
        sappend(d->cfunc, sizeof d->cfunc, ar.name);
    for (level = 0; level < 200; level++)
        if (frame_is_solution(thread, d, level))
            return 1;
    if (!lua_getstack(thread, level, &ar))
        return 0;
    depth = deadline_stack_depth(thread);
    for (level = depth - 64 > level ? depth - 64 : level; level <= depth; level++)
        if (frame_is_solution(thread, d, level))
            return 1;
    return 0;
}

/* timeout_text: the message of a test stopped at its deadline, into buf:
 * "countdown.lua:7: your code ran past the time limit (5 s)", and, when it
 * was stuck in C, which function. Signal-safe. */
static void timeout_text(const struct deadline *d, int stuck, char *buf, size_t cap)
{
    buf[0] = '\0';
    if (d->where[0]) {
        sappend(buf, cap, d->where);
        sappend(buf, cap, ": your code ran past ");
    } else {
        sappend(buf, cap, "the test ran past ");
    }
    sappend(buf, cap, d->limit_text);
    if (stuck && d->cfunc[0]) {
        sappend(buf, cap, ", stuck inside the C function '");
        sappend(buf, cap, d->cfunc);
        sappend(buf, cap, "'");
    } else if (stuck) {
        sappend(buf, cap, ", and it would not stop");
    }
}

/* streak_after: the repeated-timeout streak if the current test timed out
 * at `at` ("" unknown: no change). Signal-safe. */
static int streak_after(const struct deadline *d, const char *at)
{
    if (at[0] == '\0')
        return d->streak;
    return d->streak > 0 && strcmp(at, d->streak_at) == 0 ? d->streak + 1 : 1;
}

/* set_streak_skip: once the streak is long enough, the rest is not run. */
static void set_streak_skip(struct deadline *d)
{
    if (d->streak >= SPEC_TIMEOUT_STREAK && d->skip[0] == '\0')
        snprintf(d->skip, sizeof d->skip, "not run: %s tests in a row before it timed out at %s",
                 d->streak == 2 ? "two" : "several", d->streak_at);
}

/* on_stuck: interrupt.h's watchdog, in the SIGALRM handler: the test is
 * stuck where no hook runs (inside a C function). Hands the message and the
 * streak to the handler deadline_on_stuck set, which ends the process. */
static void on_stuck(void *ud)
{
    struct deadline *d = ud;
    const char *at = d->test_where[0] ? d->test_where : d->where;
    timeout_text(d, 1, d->stuck_msg, sizeof d->stuck_msg);
    stuck_fn(stuck_ud, d->stuck_msg, streak_after(d, at), at);
}

void deadline_on_stuck(void (*fn)(void *ud, const char *message, int streak, const char *at), void *ud)
{
    stuck_fn = fn;
    stuck_ud = ud;
}

void deadline_start(struct deadline *d, const struct spec_job *job, const char *spec_source)
{
    memset(d, 0, sizeof *d);
    d->job = job;
    d->spec_source = spec_source;
    d->file_deadline = job->file_deadline > 0            ? job->file_deadline
                       : job->limits.file_timeout > 0    ? util_now() + job->limits.file_timeout
                                                         : 0;
    if (job->submission_deadline > 0 && (d->file_deadline == 0 || job->submission_deadline < d->file_deadline))
        d->file_deadline = job->submission_deadline;
    if (job->timeout_streak > 0 && job->timeout_at != NULL) {
        d->streak = job->timeout_streak;
        snprintf(d->streak_at, sizeof d->streak_at, "%s", job->timeout_at);
        set_streak_skip(d);
    }
    interrupt_set_locator(locate, d);
    interrupt_set_watchdog(STUCK_GRACE, stuck_fn ? on_stuck : NULL, d);
}

void deadline_stop(struct deadline *d)
{
    (void)d;
    interrupt_set_watchdog(STUCK_GRACE, NULL, NULL);
    interrupt_set_locator(NULL, NULL);
}

/* file_limit: the deadline of the whole file in words: "the spec file's
 * time limit (N s)", or "the submission's time limit (N s)" when that one
 * ends first (a static buffer: the caller copies it at once). */
static const char *file_limit(const struct deadline *d)
{
    static char text[96];
    const struct spec_job *job = d->job;
    if (job->submission_deadline > 0 && d->file_deadline >= job->submission_deadline)
        snprintf(text, sizeof text, "the submission's time limit (%g s)", job->submission_timeout);
    else
        snprintf(text, sizeof text, "the spec file's time limit (%g s)", job->limits.file_timeout);
    return text;
}

const char *deadline_begin(struct deadline *d, double *when)
{
    double t = d->job->limits.timeout, now = util_now();
    d->test_where[0] = '\0';
    if (d->skip[0] == '\0' && d->file_deadline > 0 && now >= d->file_deadline)
        snprintf(d->skip, sizeof d->skip, "not run: %s was used up", file_limit(d));
    if (d->skip[0]) {
        double allow = t > 0 && t < SKIP_ALLOWANCE ? t : SKIP_ALLOWANCE;
        *when = now + allow;
        snprintf(d->limit_text, sizeof d->limit_text, "the time left to list the tests (%g s)", allow);
        return d->skip;
    }
    *when = t > 0 ? now + t : 0;
    snprintf(d->limit_text, sizeof d->limit_text, "the time limit (%g s)", t);
    if (d->file_deadline > 0 && (*when == 0 || d->file_deadline < *when)) {
        *when = d->file_deadline;
        snprintf(d->limit_text, sizeof d->limit_text, "%s", file_limit(d));
    }
    return NULL;
}

const char *deadline_skipping(const struct deadline *d)
{
    return d->skip[0] ? d->skip : NULL;
}

void deadline_call(struct deadline *d)
{
    d->where[0] = d->cfunc[0] = '\0';
}

void deadline_timed_out(lua_State *L, struct deadline *d)
{
    char msg[sizeof d->where + sizeof d->limit_text + 64];
    timeout_text(d, 0, msg, sizeof msg);
    lua_pushstring(L, msg);
    if (d->test_where[0] == '\0')
        memcpy(d->test_where, d->where, sizeof d->where);
}

void deadline_used_up(lua_State *L, const struct deadline *d)
{
    lua_pushfstring(L, "%s was used up before it could run", d->limit_text);
}

void deadline_note(struct deadline *d, const struct report_case *c)
{
    if (c->verdict == VERDICT_PENDING)
        return;
    if (c->verdict == VERDICT_ERROR && c->kind == ERRKIND_TIMEOUT) {
        if (d->test_where[0] == '\0')
            return;
        d->streak = streak_after(d, d->test_where);
        if (d->streak == 1)
            memcpy(d->streak_at, d->test_where, sizeof d->streak_at);
        set_streak_skip(d);
        return;
    }
    d->streak = 0;
}

char *deadline_limit_text(struct deadline *d, size_t *cap)
{
    *cap = sizeof d->limit_text;
    return d->limit_text;
}
