/* grade.c: a child process per spec file, rlimits, the wall-clock kill, the
 * page where a child's watchdog says which test was stuck in C, and the two
 * ends of the record protocol (record.h: the child sends each result whole
 * or dies; the parent validates and caps what it reads). Depends on spec.h,
 * deadline.h, record.h, report/report.h, util.h and POSIX (fork, pipe, poll,
 * setrlimit, mmap). */
#include "grade.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "deadline.h"
#include "http.h"
#include "httpd.h"
#include "panic.h"
#include "record.h"
#include "util.h"

/* How long past a test's deadline the parent waits before SIGKILL: the
 * child's own timer ends Lua code at the deadline; this catches C code. */
#define KILL_GRACE(t) ((t) < 1.0 ? 1.0 : (t) > 2.0 ? 2.0 : (t))

/* Address space a grading child may add to what it has mapped at the time
 * of fork, beyond the Lua heap cap: the C runner, luassert's strings,
 * libc. Generous: the allocator's cap is the real bound on learner code. */
#define CHILD_AS_MARGIN ((rlim_t)512 << 20)

/* What the child's watchdog leaves for the parent when a test is stuck in
 * a C function: a page shared between them (mmap before fork), written in
 * the child's signal handler, read by the parent once the child is gone.
 * The learner's code has no way to reach it (no FFI in the sandbox). */
struct stuck_page {
    volatile sig_atomic_t set; /* 1: the fields below are whole */
    int streak;                /* the repeated-timeout streak, this test counted */
    char at[256];              /* where those timeouts stopped the code */
    char msg[700];             /* the test's timeout message */
};

/* The child's context: the pipe first (the record writers read the sink's
 * ud as an int *), then its stuck page (NULL: no watchdog). */
struct child_ctx {
    int fd;
    struct stuck_page *page;
};

/* Why the parent killed a child. */
enum kill_reason { KILL_NONE = 0, KILL_TEST, KILL_FILE };

#if defined(__SANITIZE_ADDRESS__)
#define DOJO_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define DOJO_ASAN 1
#endif
#endif

/* The child's records (record.h): a record that can't go out whole ends the
 * child, which the parent reports as a crash of the test it was in. */
static void child_start(void *ud, int id, const char *name, int line)
{
    if (record_send_start(*(int *)ud, id, name, line) != 0)
        _exit(RECORD_EXIT_WRITE);
}

static void child_finish(void *ud, const struct report_case *c)
{
    if (record_send_case(*(int *)ud, c) != 0)
        _exit(RECORD_EXIT_WRITE);
}

static void child_send_error(int fd, const char *msg)
{
    if (record_send_error(fd, msg) != 0)
        _exit(RECORD_EXIT_WRITE);
}

#ifndef DOJO_ASAN
/* mapped_bytes: the address space this process has mapped now
 * (/proc/self/statm, first field, in pages), or 0 when unknown. */
static rlim_t mapped_bytes(void)
{
    unsigned long pages = 0;
    long pagesize = sysconf(_SC_PAGESIZE);
    FILE *f = fopen("/proc/self/statm", "r");
    if (f == NULL)
        return 0;
    if (fscanf(f, "%lu", &pages) != 1)
        pages = 0;
    fclose(f);
    return pagesize > 0 ? (rlim_t)pages * (rlim_t)pagesize : 0;
}
#endif

/* child_limits: rlimits for the grading child: no core files, no files
 * written, few open files and processes, bounded address space (except
 * under AddressSanitizer, which reserves terabytes) and CPU seconds. */
static void child_limits(const struct spec_job *job)
{
    struct rlimit rl;
    rl.rlim_cur = rl.rlim_max = 0;
    setrlimit(RLIMIT_CORE, &rl);
    rl.rlim_cur = rl.rlim_max = 0;
    setrlimit(RLIMIT_FSIZE, &rl);
    rl.rlim_cur = rl.rlim_max = 64;
    setrlimit(RLIMIT_NOFILE, &rl);
    rl.rlim_cur = rl.rlim_max = 16;
    setrlimit(RLIMIT_NPROC, &rl);
#ifndef DOJO_ASAN
    if (job->limits.memory > 0) {
        /* The allocator enforces the Lua cap; this bounds everything else.
         * Counted from what this child has mapped now, not a fixed total:
         * the parent's size (which grows with each report it holds) must
         * not eat into the child's room. */
        rlim_t base = mapped_bytes();
        if (base == 0)
            base = (rlim_t)1 << 30;
        rl.rlim_cur = rl.rlim_max = base + (rlim_t)job->limits.memory + CHILD_AS_MARGIN;
        setrlimit(RLIMIT_AS, &rl);
    }
#endif
    if (job->limits.timeout > 0) {
        rl.rlim_cur = (rlim_t)(job->limits.timeout * 50 + 10);
        rl.rlim_max = rl.rlim_cur + 1;
        setrlimit(RLIMIT_CPU, &rl);
    }
}

/* The prepared runner state every child inherits (see spec_prepare); made
 * once per process, never run in the parent. */
static lua_State *prepared;
static char prepare_err[512];

/* copy_bytes: a NUL-terminated copy of s into dst[cap]. Signal-safe. */
static void copy_bytes(char *dst, size_t cap, const char *s)
{
    size_t n = 0;
    while (s[n] && n + 1 < cap) {
        dst[n] = s[n];
        n++;
    }
    dst[n] = '\0';
}

/* child_stuck: the child's deadline_on_stuck handler, in the SIGALRM
 * handler: leaves the message and streak on the shared page and ends the
 * child. The parent reports the test it was in and resumes after it. */
static void child_stuck(void *ud, const char *message, int streak, const char *at)
{
    struct stuck_page *page = ((struct child_ctx *)ud)->page;
    copy_bytes(page->msg, sizeof page->msg, message);
    copy_bytes(page->at, sizeof page->at, at);
    page->streak = streak;
    page->set = 1;
    _exit(0);
}

/* child_main: the child's whole life; never returns. A job that wants the
 * loopback fixture server gets one of its own, started here, in the child,
 * before the rlimits: it ends with the child, so no state (/flaky counts,
 * rate limits) leaks from one spec to another, and the parent never forks
 * while server threads run (a fork then can copy a lock some thread held). */
static void child_main(const struct spec_job *job, int fd, struct stuck_page *page, pid_t parent)
{
    struct child_ctx ctx = {fd, page};
    struct spec_sink sink = {child_start, child_finish, &ctx};
    struct spec_job with_server;
    struct httpd *server = NULL;
    char err[512];
    int devnull = open("/dev/null", O_RDWR), rc;
    /* Ctrl-C is the parent's to act on (it kills this child); a child whose
     * parent died goes too. */
    signal(SIGINT, SIG_IGN);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent)
        _exit(0);
    if (devnull >= 0) {
        dup2(devnull, 0);
        dup2(devnull, 1);
        dup2(devnull, 2);
    }
    if (job->server) {
        /* The server's threads inherit a mask without SIGALRM, so the
         * deadline (and the watchdog reading this thread's Lua stack) always
         * runs on the thread that runs Lua. */
        sigset_t alarm, old;
        sigemptyset(&alarm);
        sigaddset(&alarm, SIGALRM);
        pthread_sigmask(SIG_BLOCK, &alarm, &old);
        rc = httpd_start(0, &server, err, sizeof err);
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        if (rc != 0) {
            child_send_error(fd, err);
            _exit(0);
        }
        with_server = *job;
        with_server.server_url = httpd_url(server);
        job = &with_server;
    }
    /* HTTP from the sandbox reaches the job's fixture server or nothing. */
    char origin[160];
    if ((size_t)snprintf(origin, sizeof origin, "%s/",
                         job->server_url ? job->server_url : "http://127.0.0.1:0") >= sizeof origin)
        snprintf(origin, sizeof origin, "http://127.0.0.1:0/"); /* reaches nothing */
    http_restrict(origin);
    if (page != NULL)
        deadline_on_stuck(child_stuck, &ctx);
    child_limits(job);
    if (prepared == NULL)
        child_send_error(fd, prepare_err);
    else if (spec_run_prepared(prepared, job, &sink, err, sizeof err) != 0)
        child_send_error(fd, err);
    else if (record_send_done(fd) != 0)
        _exit(RECORD_EXIT_WRITE);
    /* No lua_close: a finalizer could spin, and __gc runs with hooks off. */
    _exit(0);
}

/* describe_death: a one-line account of how the child ended. */
static void describe_death(const struct record_reader *rd, int status, enum kill_reason killed,
                           const struct spec_job *job, char *out, size_t cap)
{
    double timeout = job->limits.timeout;
    if (rd->broken)
        snprintf(out, cap, "the test process sent a malformed result (%s), so it was stopped and "
                           "nothing more it sent was trusted", rd->why);
    else if (killed == KILL_FILE && job->submission_deadline > 0 && job->file_deadline >= job->submission_deadline)
        snprintf(out, cap, "the test ran past the submission's time limit (%g s), so it was stopped",
                 job->submission_timeout);
    else if (killed == KILL_FILE)
        snprintf(out, cap, "the test ran past the spec file's time limit (%g s), so it was stopped",
                 job->limits.file_timeout);
    else if (killed)
        snprintf(out, cap, "timeout: still running %.1f s after the deadline, so it was killed "
                           "(a loop inside a C function, or in a __gc finalizer?)",
                 timeout > 0 ? KILL_GRACE(timeout) : 0.0);
    else if (WIFSIGNALED(status) && WTERMSIG(status) == SIGXCPU)
        snprintf(out, cap, "timeout: the CPU time limit was reached");
    else if (WIFSIGNALED(status))
        snprintf(out, cap, "the test process crashed: signal %d (%s)", WTERMSIG(status),
                 strsignal(WTERMSIG(status)));
    else if (WIFEXITED(status) && WEXITSTATUS(status) == PANIC_EXIT)
        snprintf(out, cap, "the test process hit an internal error (a Lua error outside a "
                           "protected call) and ended");
    else if (WIFEXITED(status) && WEXITSTATUS(status) == RECORD_EXIT_WRITE)
        snprintf(out, cap, "the test process could not send its result whole (out of memory?), "
                           "so it ended");
    else if (WIFEXITED(status))
        snprintf(out, cap, "the test process exited with status %d before the test ended",
                 WEXITSTATUS(status));
    else
        snprintf(out, cap, "the test process ended unexpectedly");
}

/* add_death: the case for a child that did not finish cleanly. */
static void add_death(struct record_reader *rd, struct report_run *run, const struct spec_job *job,
                      int status, enum kill_reason killed, const struct stuck_page *page)
{
    struct report_case c;
    char msg[sizeof page->msg];
    int xcpu = !rd->broken && WIFSIGNALED(status) && WTERMSIG(status) == SIGXCPU;
    killed = rd->broken ? KILL_NONE : killed;
    if (!rd->broken && page != NULL && page->set) {
        copy_bytes(msg, sizeof msg, page->msg);
        killed = KILL_TEST; /* stuck in C: the watchdog ended it, a timeout */
    } else {
        describe_death(rd, status, killed, job, msg, sizeof msg);
    }
    memset(&c, 0, sizeof c);
    c.id = rd->started_id;
    c.name = rd->started_id ? rd->started_name : "(file)";
    c.line = rd->started_id ? rd->started_line : 0;
    c.file = (char *)spec_shown(job);
    c.verdict = VERDICT_ERROR;
    c.kind = (killed || xcpu) ? ERRKIND_TIMEOUT : ERRKIND_CRASH;
    c.message = msg;
    report_add(run, &c);
}

/* --- the scheduler: up to N children at once, one poll loop ------------ */

struct slot {
    int busy;
    pid_t pid;
    int fd;
    struct record_reader rd;
    double last;              /* util_now() of the last record */
    enum kill_reason killed;
    size_t job;               /* index into the batch */
    struct spec_job current;  /* the job as this child runs it (skip_through,
                                 file_deadline, timeout streak) */
    double started;           /* util_now() at spawn */
    struct stuck_page *page;  /* shared with the child; NULL if mmap failed */
    char streak_at[256];      /* current.timeout_at points here */
    int respawns;             /* children started to resume this job */
};

/* A job whose children keep dying is resumed at most this many times; then
 * the rest of its tests are not run. Each resume forks and walks the spec
 * again, so without a bound a spec of thousands of crashing (or malformed)
 * tests would keep the grader busy for minutes. */
#define MAX_RESPAWNS 64

/* spawn: starts a child for `job` in slot `sl`. 0, or -1 with `err`. */
static int spawn(struct slot *sl, const struct spec_job *job, size_t index, char *err,
                 size_t errcap)
{
    int fds[2];
    pid_t parent = getpid();
    if (prepared == NULL)
        prepared = spec_prepare(prepare_err, sizeof prepare_err);
    if (sl->page == NULL) {
        void *p = mmap(NULL, sizeof *sl->page, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
        sl->page = p == MAP_FAILED ? NULL : p;
    }
    if (sl->page != NULL)
        memset(sl->page, 0, sizeof *sl->page);
    if (job != &sl->current)
        sl->current = *job;
    if (sl->current.file_deadline <= 0 && sl->current.limits.file_timeout > 0)
        sl->current.file_deadline = util_now() + sl->current.limits.file_timeout;
    if (sl->current.submission_timeout > 0 && sl->current.submission_deadline <= 0)
        sl->current.submission_deadline = util_now() + sl->current.submission_timeout;
    if (sl->current.submission_deadline > 0 &&
        (sl->current.file_deadline <= 0 || sl->current.submission_deadline < sl->current.file_deadline))
        sl->current.file_deadline = sl->current.submission_deadline;
    if (pipe(fds) != 0) {
        snprintf(err, errcap, "cannot create a pipe: %s", strerror(errno));
        return -1;
    }
    fflush(NULL);
    sl->pid = fork();
    if (sl->pid < 0) {
        snprintf(err, errcap, "cannot fork: %s", strerror(errno));
        close(fds[0]);
        close(fds[1]);
        return -1;
    }
    if (sl->pid == 0) {
        close(fds[0]);
        child_main(&sl->current, fds[1], sl->page, parent);
    }
    close(fds[1]);
    fcntl(fds[0], F_SETFD, FD_CLOEXEC);
    record_reader_init(&sl->rd, job->skip_through);
    sl->rd.output_limit = job->limits.output;
    sl->fd = fds[0];
    sl->busy = 1;
    sl->killed = 0;
    sl->last = util_now();
    sl->job = index;
    sl->started = util_now();
    return 0;
}

/* quiet_limit: seconds a child may send nothing before it is killed. */
static double quiet_limit(const struct spec_job *job)
{
    return job->limits.timeout > 0 ? job->limits.timeout + KILL_GRACE(job->limits.timeout) : 0;
}

/* kill_time: util_now() seconds when the parent kills the child in `sl`
 * (0: never), and why: no record for the quiet limit, or the spec file's
 * time past by the kill grace and a second (a child started after that
 * deadline, to list the tests not run, gets the grace from its start). */
static double kill_time(const struct slot *sl, enum kill_reason *why)
{
    double q = quiet_limit(&sl->current), t = q > 0 ? sl->last + q : 0;
    double fd = sl->current.file_deadline;
    *why = KILL_TEST;
    if (fd > 0) {
        double f = (fd > sl->started ? fd : sl->started) + KILL_GRACE(sl->current.limits.timeout) + 1.0;
        if (t == 0 || f < t) {
            t = f;
            *why = KILL_FILE;
        }
    }
    return t;
}

/* reap: the child in `sl` closed its pipe: collect it and its verdicts.
 * Returns the id of the test it died in, to resume after, or 0. */
static int reap(struct slot *sl, struct report_run *run)
{
    int status = 0, resume = 0;
    close(sl->fd);
    while (waitpid(sl->pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (sl->rd.fatal && !sl->rd.broken) {
        report_set_error(run, ERRKIND_LOAD, sl->rd.fatal);
    } else if (!sl->rd.done || sl->killed || sl->rd.broken) {
        int stuck = !sl->rd.broken && sl->page != NULL && sl->page->set;
        add_death(&sl->rd, run, &sl->current, status, sl->killed, sl->page);
        resume = sl->rd.started_id > sl->current.skip_through ? sl->rd.started_id : 0;
        /* The next child carries the repeated-timeout streak on. */
        sl->current.timeout_streak = stuck ? sl->page->streak : 0;
        copy_bytes(sl->streak_at, sizeof sl->streak_at, stuck ? sl->page->at : "");
        sl->current.timeout_at = sl->streak_at;
    }
    record_reader_free(&sl->rd);
    sl->busy = 0;
    run->duration += util_now() - sl->started;
    return resume;
}

/* feed: reads what the child in `sl` wrote. Returns 1 at end of file. */
static int feed(struct slot *sl, struct report_run *run)
{
    char chunk[65536];
    ssize_t r = read(sl->fd, chunk, sizeof chunk);
    if (r < 0 && (errno == EINTR || errno == EAGAIN))
        return 0;
    if (r <= 0)
        return 1;
    if (record_feed(&sl->rd, chunk, (size_t)r, run, spec_shown(&sl->current)) != 0) {
        kill(sl->pid, SIGKILL); /* a malformed record: nothing more is read */
        return 1;
    }
    sl->last = util_now();
    return 0;
}

/* notify: tells `w` what changed in `run` since it had `ncases` cases and
 * the child in `sl` had started test `started`. */
static void notify(const struct grade_watch *w, const struct slot *sl, const struct report_run *run,
                   size_t ncases, int started)
{
    if (w == NULL)
        return;
    for (size_t i = ncases; i < run->ncases; i++)
        if (w->finished)
            w->finished(w->ud, &run->cases[i]);
    if (sl->busy && sl->rd.started_id != started && sl->rd.started_id != 0 && w->started)
        w->started(w->ud, sl->rd.started_id, sl->rd.started_name);
}

/* poll_slots: waits for output from any busy slot (or its deadline, or the
 * watcher's next tick) and handles it; finished slots are reaped, and a
 * crashed job is respawned to resume after the test it died in. Returns -1
 * when a respawn failed. */
static int poll_slots(struct slot *slots, int n, struct report_run *runs,
                      void (*done)(size_t, void *), void *ud, const struct grade_watch *w,
                      char *err, size_t errcap)
{
    struct pollfd pfd[64];
    int map[64], k = 0, wait_ms = w && w->tick ? 100 : -1;
    double now = util_now();
    for (int i = 0; i < n; i++) {
        enum kill_reason why;
        double at;
        if (!slots[i].busy)
            continue;
        at = kill_time(&slots[i], &why);
        if (at > 0) {
            double left = at - now;
            if (left <= 0 && !slots[i].killed) {
                kill(slots[i].pid, SIGKILL);
                slots[i].killed = why;
            }
            int ms = left <= 0 ? 0 : (int)(left * 1000) + 1;
            if (wait_ms < 0 || ms < wait_ms)
                wait_ms = ms;
        }
        pfd[k].fd = slots[i].fd;
        pfd[k].events = POLLIN;
        map[k++] = i;
    }
    if (k == 0)
        return 0;
    if (poll(pfd, (nfds_t)k, wait_ms) < 0)
        return errno == EINTR ? 0 : -1;
    for (int j = 0; j < k; j++) {
        struct slot *sl = &slots[map[j]];
        struct report_run *run = &runs[sl->job];
        size_t ncases = run->ncases;
        int started = sl->rd.started_id, resume;
        if (!(pfd[j].revents & (POLLIN | POLLHUP | POLLERR)))
            continue;
        if (!feed(sl, run)) {
            notify(w, sl, run, ncases, started);
            continue;
        }
        resume = reap(sl, run);
        notify(w, sl, run, ncases, started);
        if (resume > 0 && (run->ncases >= RECORD_MAX_CASES || sl->respawns >= MAX_RESPAWNS)) {
            report_set_error(run, ERRKIND_CRASH,
                             run->ncases >= RECORD_MAX_CASES
                                 ? "the spec has more tests than dojo grades in one file; the rest were not run"
                                 : "the test process died too many times; the rest of the tests were not run");
            resume = 0;
        }
        if (resume > 0) {
            struct spec_job again = sl->current;
            again.skip_through = resume;
            sl->respawns++;
            if (spawn(sl, &again, sl->job, err, errcap) != 0)
                return -1;
        } else if (done) {
            done(sl->job, ud);
        }
    }
    return 0;
}

/* stop_all: kills and reaps every busy child (the watcher stopped the run). */
static void stop_all(struct slot *slots, int n)
{
    for (int i = 0; i < n; i++) {
        if (!slots[i].busy)
            continue;
        kill(slots[i].pid, SIGKILL);
        close(slots[i].fd);
        while (waitpid(slots[i].pid, NULL, 0) < 0 && errno == EINTR)
            ;
        record_reader_free(&slots[i].rd);
        slots[i].busy = 0;
    }
}

/* same_submission: job `i` of a batch, about to start as *job: when it is
 * another spec file of the submission started last (the same solution_dir
 * as job i-1, both with a submission limit), it shares that submission's
 * deadline `*shared`; else *shared is reset. */
static void same_submission(const struct spec_job *jobs, size_t i, struct spec_job *job, double *shared)
{
    if (i > 0 && *shared > 0 && job->submission_timeout > 0 && jobs[i - 1].submission_timeout > 0 &&
        job->solution_dir && jobs[i - 1].solution_dir && strcmp(job->solution_dir, jobs[i - 1].solution_dir) == 0)
        job->submission_deadline = *shared;
    else
        *shared = 0;
}

/* run_batch: grade_batch with a watcher (may be NULL). 0, 1 when the
 * watcher stopped it, or -1 with `err`. */
static int run_batch(const struct spec_job *jobs, struct report_run *runs, size_t n, int parallel,
                     void (*done)(size_t index, void *ud), void *ud, const struct grade_watch *w,
                     char *err, size_t errcap)
{
    struct slot slots[64];
    size_t next = 0;
    int busy, rc = 0;
    double shared = 0; /* the submission deadline of the job started last */
    if (parallel < 1)
        parallel = 1;
    if (parallel > 64)
        parallel = 64;
    memset(slots, 0, sizeof slots);
    for (;;) {
        for (int i = 0; i < parallel && next < n; i++) {
            if (jobs[next].spec_path == NULL) { /* nothing to run: the caller said why */
                if (done)
                    done(next, ud);
                next++;
                i--;
                continue;
            }
            if (!slots[i].busy) {
                struct spec_job job = jobs[next];
                same_submission(jobs, next, &job, &shared);
                slots[i].respawns = 0;
                if (spawn(&slots[i], &job, next, err, errcap) != 0)
                    continue;
                shared = slots[i].current.submission_deadline;
                next++;
            }
        }
        busy = 0;
        for (int i = 0; i < parallel; i++)
            busy += slots[i].busy;
        if (busy == 0) {
            rc = next >= n ? 0 : -1; /* -1: could not spawn anything: err is set */
            break;
        }
        if (w && w->tick && w->tick(w->ud)) {
            stop_all(slots, parallel);
            rc = 1;
            break;
        }
        if (poll_slots(slots, parallel, runs, done, ud, w, err, errcap) != 0) {
            stop_all(slots, parallel);
            rc = -1;
            break;
        }
    }
    for (int i = 0; i < parallel; i++)
        if (slots[i].page != NULL)
            munmap(slots[i].page, sizeof *slots[i].page);
    return rc;
}

int grade_batch(const struct spec_job *jobs, struct report_run *runs, size_t n, int parallel,
                void (*done)(size_t index, void *ud), void *ud, char *err, size_t errcap)
{
    return run_batch(jobs, runs, n, parallel, done, ud, NULL, err, errcap);
}

int grade_spec(const struct spec_job *job, struct report_run *run, char *err, size_t errcap)
{
    return run_batch(job, run, 1, 1, NULL, NULL, NULL, err, errcap);
}

int grade_spec_watched(const struct spec_job *job, struct report_run *run,
                       const struct grade_watch *w, char *err, size_t errcap)
{
    return run_batch(job, run, 1, 1, NULL, NULL, w, err, errcap);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int grade_find_specs(const char *dir, char ***out, char *err, size_t errcap)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char **list = NULL, path[4096];
    int n = 0, cap = 0, rc = 0;
    *out = NULL;
    if (d == NULL) {
        snprintf(err, errcap, "%s: cannot read folder: %s", dir, strerror(errno));
        return -1;
    }
    while (rc == 0 && (e = readdir(d)) != NULL) {
        if (!util_ends_with(e->d_name, "_spec.lua"))
            continue;
        if (n == cap) {
            char **bigger = realloc(list, (size_t)(cap ? cap * 2 : 8) * sizeof *list);
            if (bigger == NULL) {
                rc = -1;
                break;
            }
            list = bigger;
            cap = cap ? cap * 2 : 8;
        }
        if (util_path_join(path, sizeof path, dir, e->d_name) != 0 ||
            (list[n] = util_strdup(path)) == NULL)
            rc = -1;
        else
            n++;
    }
    closedir(d);
    if (rc == 0 && n == 0 && util_path_join(path, sizeof path, dir, "spec.lua") == 0 &&
        util_is_file(path)) {
        if ((list = malloc(sizeof *list)) == NULL || (list[0] = util_strdup(path)) == NULL)
            rc = -1;
        else
            n = 1;
    }
    if (rc != 0) {
        snprintf(err, errcap, "%s: out of memory or a path too long listing its spec files", dir);
        for (int i = 0; i < n; i++)
            free(list[i]);
        free(list);
        return -1;
    }
    if (n > 1)
        qsort(list, (size_t)n, sizeof *list, cmp_str);
    *out = list;
    return n;
}
