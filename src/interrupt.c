/* interrupt.c: the sticky interrupt hook, the running-coroutine record, and
 * the signal handlers (SIGALRM for deadlines, SIGINT for Ctrl-C) that request
 * an interrupt. The coroutine functions follow lcorolib.c of Lua 5.4 (MIT
 * licence, PUC-Rio) so scripts see no difference. Depends on Lua and POSIX. */
#include "interrupt.h"

#include <errno.h>
#include <lauxlib.h>
#include <signal.h>
#include <string.h>
#include <sys/time.h>

static lua_State *volatile main_state;
static lua_State *volatile running;
static volatile sig_atomic_t pending;
static volatile sig_atomic_t sigint_seen;

/* The coroutines resumed through interrupt_resume and not yet back,
 * outermost first: a request hooks them all, and a locator looks past the
 * one a deadline stopped. Only the first CHAIN_MAX are kept. */
#define CHAIN_MAX 64
static lua_State *volatile chain[CHAIN_MAX];
static volatile int chain_n;

/* Where a timeout stopped the code, and the watchdog for code stuck in C.
 * `located`: the locator ran for this deadline; `stage`: 0 before the
 * deadline, 1 after it (the grace timer runs), 2 the watchdog was called. */
static int (*locator)(lua_State *thread, void *ud);
static void *locator_ud;
static void (*watchdog)(void *ud);
static void *watchdog_ud;
static double watchdog_grace;
static volatile sig_atomic_t located;
static volatile sig_atomic_t stage;

#define HOOK_MASK (LUA_MASKCALL | LUA_MASKRET | LUA_MASKLINE | LUA_MASKCOUNT)

/* locate_all: runs the locator on `L`, then on the threads that resumed
 * it, innermost first, then on the main thread, until it says found. Reads
 * stacks only, so the watchdog may call it from a signal handler. */
static void locate_all(lua_State *L)
{
    int n = chain_n;
    if (locator == NULL)
        return;
    if (L != NULL && locator(L, locator_ud))
        return;
    for (int i = (n < CHAIN_MAX ? n : CHAIN_MAX) - 1; i >= 0; i--)
        if (chain[i] != L && locator(chain[i], locator_ud))
            return;
    if (main_state != NULL && main_state != L)
        locator(main_state, locator_ud);
}

/* interrupt_hook: fires on every instruction once armed; raises the pending
 * interrupt's message, or removes itself when nothing is pending. The first
 * time it stops code for a timeout, the locator records where. */
static void interrupt_hook(lua_State *L, lua_Debug *ar)
{
    enum interrupt_reason r = (enum interrupt_reason)pending;
    (void)ar;
    if (r == INTERRUPT_NONE) {
        lua_sethook(L, NULL, 0, 0);
        return;
    }
    if (r == INTERRUPT_TIMEOUT && !located) {
        located = 1;
        locate_all(L);
    }
    lua_sethook(L, interrupt_hook, HOOK_MASK, 1);
    luaL_error(L, "%s", interrupt_message(r));
}

void interrupt_request(enum interrupt_reason reason)
{
    lua_State *m = main_state, *r = running;
    int n = chain_n;
    pending = reason;
    if (m != NULL)
        lua_sethook(m, interrupt_hook, HOOK_MASK, 1);
    if (r != NULL)
        lua_sethook(r, interrupt_hook, HOOK_MASK, 1);
    /* Every coroutine waiting on a resume too: an outer one that catches its
     * inner one's error and resumes a fresh one would otherwise run on. */
    for (int i = 0; i < n && i < CHAIN_MAX; i++)
        lua_sethook(chain[i], interrupt_hook, HOOK_MASK, 1);
}

enum interrupt_reason interrupt_pending(void)
{
    return (enum interrupt_reason)pending;
}

void interrupt_clear(void)
{
    pending = INTERRUPT_NONE;
    located = 0;
    stage = 0;
    if (main_state != NULL)
        lua_sethook(main_state, NULL, 0, 0);
}

const char *interrupt_message(enum interrupt_reason reason)
{
    switch (reason) {
    case INTERRUPT_SIGINT:
        return "interrupted!";
    case INTERRUPT_TIMEOUT:
        return "timeout";
    default:
        return "no interrupt";
    }
}

int interrupt_resume(lua_State *from, lua_State *co, int nargs, int *nres)
{
    lua_State *prev = running;
    int status, depth = chain_n;
    if (pending != INTERRUPT_NONE)
        lua_sethook(co, interrupt_hook, HOOK_MASK, 1);
    if (depth < CHAIN_MAX)
        chain[depth] = co;
    chain_n = depth + 1;
    running = co;
    status = lua_resume(co, from, nargs, nres);
    running = prev;
    chain_n = depth;
    /* The signal may have come while `co` ran: it hooked `co` (and the main
     * thread), not the coroutine that resumed it, which could go on
     * resuming fresh coroutines forever. Pass the hook up the chain. */
    if (pending != INTERRUPT_NONE)
        lua_sethook(from, interrupt_hook, HOOK_MASK, 1);
    return status;
}

/* --- coroutine.resume / coroutine.wrap, after lcorolib.c --------------- */

enum { COS_RUN, COS_DEAD, COS_YIELD, COS_NORM };
static const char *const statname[] = {"running", "dead", "suspended", "normal"};

/* co_status: the status of `co` as seen from `L` (lcorolib.c's auxstatus). */
static int co_status(lua_State *L, lua_State *co)
{
    lua_Debug ar;
    if (L == co)
        return COS_RUN;
    switch (lua_status(co)) {
    case LUA_YIELD:
        return COS_YIELD;
    case LUA_OK:
        if (lua_getstack(co, 0, &ar))
            return COS_NORM;
        return lua_gettop(co) == 0 ? COS_DEAD : COS_YIELD;
    default:
        return COS_DEAD;
    }
}

/* co_resume_aux: [-narg, +(nres|1), -] resumes co with `narg` values from L's
 * top; returns the number of results moved to L, or -1 with the error
 * message on L's top. */
static int co_resume_aux(lua_State *L, lua_State *co, int narg)
{
    int status, nres;
    if (co_status(L, co) != COS_YIELD) {
        lua_pushfstring(L, "cannot resume %s coroutine", statname[co_status(L, co)]);
        return -1;
    }
    if (!lua_checkstack(co, narg)) {
        lua_pushliteral(L, "too many arguments to resume");
        return -1;
    }
    lua_xmove(L, co, narg);
    status = interrupt_resume(L, co, narg, &nres);
    if (status == LUA_OK || status == LUA_YIELD) {
        if (!lua_checkstack(L, nres + 1)) {
            lua_pop(co, nres);
            lua_pushliteral(L, "too many results to resume");
            return -1;
        }
        lua_xmove(co, L, nres);
        return nres;
    }
    lua_xmove(co, L, 1);
    return -1;
}

/* co_resume: coroutine.resume(co, ...) -> true, ... | false, err. */
static int co_resume(lua_State *L)
{
    lua_State *co = lua_tothread(L, 1);
    int r;
    luaL_argexpected(L, co, 1, "coroutine");
    r = co_resume_aux(L, co, lua_gettop(L) - 1);
    if (r < 0) {
        lua_pushboolean(L, 0);
        lua_insert(L, -2);
        return 2;
    }
    lua_pushboolean(L, 1);
    lua_insert(L, -(r + 1));
    return r + 1;
}

/* co_wrap_call: the function coroutine.wrap returns; raises on error after
 * closing the coroutine, adding position information to string errors. */
static int co_wrap_call(lua_State *L)
{
    lua_State *co = lua_tothread(L, lua_upvalueindex(1));
    int r = co_resume_aux(L, co, lua_gettop(L));
    if (r < 0) {
        int stat = lua_status(co);
        if (stat != LUA_OK && stat != LUA_YIELD) {
#if LUA_VERSION_RELEASE_NUM >= 50406
            stat = lua_closethread(co, L);
#else
            stat = lua_resetthread(co);
#endif
            lua_xmove(co, L, 1);
        }
        if (stat != LUA_ERRMEM && lua_type(L, -1) == LUA_TSTRING) {
            luaL_where(L, 1);
            lua_insert(L, -2);
            lua_concat(L, 2);
        }
        return lua_error(L);
    }
    return r;
}

/* co_wrap: coroutine.wrap(f) -> function. */
static int co_wrap(lua_State *L)
{
    lua_State *co;
    luaL_checktype(L, 1, LUA_TFUNCTION);
    co = lua_newthread(L);
    lua_pushvalue(L, 1);
    lua_xmove(L, co, 1);
    lua_pushcclosure(L, co_wrap_call, 1);
    return 1;
}

/* co_close: coroutine.close(co), after lcorolib.c's luaB_close: closing a
 * suspended coroutine runs its pending to-be-closed variables' __close
 * methods, so they run with the record and the hook like a resume. */
static int co_close(lua_State *L)
{
    lua_State *co = lua_tothread(L, 1);
    int status;
    luaL_argexpected(L, co, 1, "coroutine");
    status = co_status(L, co);
    if (status != COS_DEAD && status != COS_YIELD)
        return luaL_error(L, "cannot close a %s coroutine", statname[status]);
    {
        lua_State *prev = running;
        if (pending != INTERRUPT_NONE)
            lua_sethook(co, interrupt_hook, HOOK_MASK, 1);
        running = co;
#if LUA_VERSION_RELEASE_NUM >= 50406
        status = lua_closethread(co, L);
#else
        status = lua_resetthread(co);
#endif
        running = prev;
        if (pending != INTERRUPT_NONE)
            lua_sethook(L, interrupt_hook, HOOK_MASK, 1);
    }
    if (status == LUA_OK) {
        lua_pushboolean(L, 1);
        return 1;
    }
    lua_pushboolean(L, 0);
    lua_xmove(co, L, 1);
    return 2;
}

void interrupt_target(lua_State *L)
{
    main_state = L;
    running = NULL;
    chain_n = 0;
}

void interrupt_forget(lua_State *L)
{
    if (main_state == L) {
        main_state = NULL;
        running = NULL;
        chain_n = 0;
    }
}

void interrupt_set_locator(int (*fn)(lua_State *thread, void *ud), void *ud)
{
    locator = fn;
    locator_ud = ud;
}

void interrupt_set_watchdog(double grace, void (*fn)(void *ud), void *ud)
{
    watchdog_grace = grace > 0 ? grace : 0.25;
    watchdog_ud = ud;
    watchdog = fn;
}

void interrupt_install(lua_State *L, int coidx)
{
    coidx = lua_absindex(L, coidx);
    lua_pushcfunction(L, co_resume);
    lua_setfield(L, coidx, "resume");
    lua_pushcfunction(L, co_wrap);
    lua_setfield(L, coidx, "wrap");
    lua_pushcfunction(L, co_close);
    lua_setfield(L, coidx, "close");
}

/* --- signals ----------------------------------------------------------- */

/* set_timer: one shot of `which` (ITIMER_REAL, ITIMER_PROF) after
 * `seconds`; 0 or -1 (errno). */
static int set_timer_of(int which, double seconds)
{
    struct itimerval it;
    memset(&it, 0, sizeof it);
    if (seconds < 1e-6)
        seconds = 1e-6;
    it.it_value.tv_sec = (time_t)seconds;
    it.it_value.tv_usec = (suseconds_t)((seconds - (double)(time_t)seconds) * 1e6);
    if (it.it_value.tv_sec == 0 && it.it_value.tv_usec == 0)
        it.it_value.tv_usec = 1;
    return setitimer(which, &it, NULL);
}

static int set_timer(double seconds)
{
    return set_timer_of(ITIMER_REAL, seconds);
}

/* The grace is counted in this process's CPU time (ITIMER_PROF): code
 * stuck in C spins and uses it up at once, while on a loaded machine a C
 * function that is merely slow (a collection of a heap at its cap) is not
 * judged stuck because other processes had the CPU. A wall-clock backstop
 * of WATCHDOG_WALL times the grace covers C blocked without using CPU. */
#define WATCHDOG_WALL 20

/* on_alarm: the deadline: request the interrupt and, with a watchdog, start
 * the grace timers. A second shot (SIGPROF: the grace's CPU time, or
 * SIGALRM: the backstop) means no hook stopped the code: find where it is
 * stuck (the stack is still: it runs C) and call the watchdog. */
static void on_alarm(int sig)
{
    int saved = errno;
    if (stage == 1 && watchdog != NULL && pending == INTERRUPT_TIMEOUT) {
        stage = 2;
        if (!located) {
            located = 1;
            locate_all(running != NULL ? running : main_state);
        }
        watchdog(watchdog_ud);
        errno = saved;
        return;
    }
    if (sig == SIGPROF)
        goto done; /* a grace shot left over from an earlier deadline */
    interrupt_request(INTERRUPT_TIMEOUT);
    if (watchdog != NULL && stage == 0) {
        stage = 1;
        set_timer_of(ITIMER_PROF, watchdog_grace);
        set_timer(watchdog_grace * WATCHDOG_WALL);
    }
done:
    errno = saved;
}

static void on_sigint(int sig)
{
    (void)sig;
    sigint_seen = 1;
    interrupt_request(INTERRUPT_SIGINT);
}

int interrupt_arm(double seconds)
{
    static int installed;
    if (!installed) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_alarm;
        sigemptyset(&sa.sa_mask);
        sigaddset(&sa.sa_mask, SIGALRM);
        sigaddset(&sa.sa_mask, SIGPROF);
        if (sigaction(SIGALRM, &sa, NULL) != 0 || sigaction(SIGPROF, &sa, NULL) != 0)
            return -1;
        installed = 1;
    }
    located = 0;
    stage = 0;
    return set_timer(seconds);
}

int interrupt_disarm(void)
{
    struct itimerval it;
    int rc;
    memset(&it, 0, sizeof it);
    rc = setitimer(ITIMER_REAL, &it, NULL);
    if (setitimer(ITIMER_PROF, &it, NULL) != 0)
        rc = -1;
    stage = 0;
    return rc;
}

void interrupt_catch_sigint(int on)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on ? on_sigint : SIG_DFL;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
}

int interrupt_sigint_seen(void)
{
    int s = sigint_seen;
    sigint_seen = 0;
    return s;
}
