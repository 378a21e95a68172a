/* spec.h: the busted-compatible spec runner. Runs one spec file in a fresh
 * sandbox state: the spec's world (describe/it/hooks, luassert's assert, spy,
 * mock, stub, match) apart from the solution's environment, every test under
 * the time, memory and output limits, each result handed to a sink as soon as
 * the test ends. The Lua half is src/runner.lua, compiled in.
 * Trust: the spec runs in a world of its own (sandbox_push_spec_env: no
 * host io/os/debug/package), where require gives dojo's modules (luassert,
 * say, async, http) from the host, never a file of the submission; the
 * job's module and the submission's other modules load into the solution
 * environment; helper modules (in the spec's folder when that is not the
 * submission's, or in a shared folder a file that itself requires luassert,
 * say or busted) load into the spec's world.
 * Depends on Lua 5.4, sandbox.h, interrupt.h, report/report.h. */
#ifndef DOJO_SPEC_H
#define DOJO_SPEC_H

#include <lua.h>
#include <stddef.h>

#include "report/report.h"

struct spec_limits {
    double timeout;  /* seconds per test (hooks included); 0 = none */
    size_t memory;   /* bytes for the whole state; 0 = none */
    size_t output;   /* bytes of captured output per test; 0 = none */
    double file_timeout; /* seconds for the whole spec file, every test and
                            hook of it, across the children that resume
                            after a crash; 0 = none */
};

/* The defaults: 5 s per test, 256 MiB per spec file, 1 MiB of output; the
 * spec file's total is 4 times the per-test limit, at least 5 s and at most
 * 60 s, but never less than two tests' worth (spec_default_file_timeout). */
#define SPEC_DEFAULT_TIMEOUT 5.0
#define SPEC_FILE_TIMEOUT_FACTOR 4.0
#define SPEC_FILE_TIMEOUT_MIN 5.0
#define SPEC_FILE_TIMEOUT_MAX 60.0
#define SPEC_DEFAULT_MEMORY_MIB 256
#define SPEC_DEFAULT_OUTPUT (1u << 20)

struct spec_job {
    const char *spec_path;     /* the spec file to run */
    const char *spec_name;     /* its name in reports and error messages
                                  (relative to the kata, pack or submission,
                                  never an absolute kata path); NULL: spec_path */
    const char *solution_dir;  /* where require() finds solution modules */
    const char *module;        /* module name the next two fields provide, or NULL */
    const char *solution_file; /* file that provides `module`, or NULL */
    lua_CFunction reference;   /* C reference that provides `module`, or NULL */
    struct spec_limits limits;
    int skip_through;          /* tests numbered up to this one are not run
                                  again (resuming after a crash); 0 = none */
    int server;                /* non-zero: the spec wants the loopback fixture
                                  server (kata manifest `server = true`) */
    const char *server_url;    /* its URL, set by the grader; NULL: none. The
                                  spec sees it as dojo.server_url, and HTTP
                                  may reach nothing else */
    double file_deadline;      /* util_now() seconds when the spec file's
                                  time is up (set by the grader from
                                  limits.file_timeout, kept when it resumes
                                  after a crash); 0 = limits.file_timeout from
                                  the start of this run, or none */
    int timeout_streak;        /* tests in a row, just before skip_through,
                                  that timed out at `timeout_at` (resuming
                                  after a test stuck in C); 0 = none */
    const char *timeout_at;    /* "file.lua:LINE" of those timeouts, or NULL */
    const char *given_dir;     /* the kata folder holding `given`, or NULL */
    char *const *given;        /* the kata's editor files (manifest `editor`):
                                  modules the solution may require when its
                                  own folder lacks them (sandbox_give_modules) */
    int ngiven;
    double submission_timeout; /* seconds for the whole submission: every
                                  spec file of it (a batch's jobs with the same
                                  solution_dir, next to each other); 0 = none */
    double submission_deadline; /* util_now() seconds when that is up (set
                                  by the grader when the submission's first
                                  spec file starts); 0 = none */
    int list_only;             /* non-zero: tests are reported as passed
                                  without running them or any hook (the
                                  test list, made with a stub module);
                                  describe bodies still run */
};

/* spec_shown: the name a job's spec goes by in reports (spec_name, else
 * spec_path). Never NULL when spec_path is not. */
const char *spec_shown(const struct spec_job *job);

/* The repeated-timeout rule: once this many tests in a row time out at the
 * same line of the solution, the rest of the spec file is reported as
 * `timeout` without being run. */
#define SPEC_TIMEOUT_STREAK 2

/* Where results go. `start` is called when a test (or a block that failed)
 * begins, `finish` when it has a verdict; the case and its strings are only
 * valid during the call. Either callback may be NULL. */
struct spec_sink {
    void (*start)(void *ud, int id, const char *name, int line);
    void (*finish)(void *ud, const struct report_case *c);
    void *ud;
};

/* spec_default_file_timeout: the spec file's total limit in seconds for a
 * per-test limit of `timeout` seconds (0 for none: then none either). */
double spec_default_file_timeout(double timeout);

/* spec_run: runs job->spec_path in a new state in this process and reports
 * every result to `sink`. A spec that can't be read or compiled, or whose
 * top level raises, is reported as one error case named "(file)".
 * Returns 0 when the spec ran (whatever its verdicts), -1 when the runner
 * itself could not start (no memory, luassert missing), with a one-line
 * message in `err`. The state is closed before it returns. Arms SIGALRM
 * (interrupt.h) while tests run. The grader uses spec_prepare and
 * spec_run_prepared instead, in a child it ends with _exit. */
int spec_run(const struct spec_job *job, const struct spec_sink *sink, char *err, size_t errcap);

/* spec_prepare: the part of a runner state that no job changes: the
 * standard library, luassert and its friends loaded, runner.lua compiled.
 * The grader makes one in the parent and forks a child per spec file, so
 * each child starts with it for free (copy-on-write). Returns a state to
 * pass to spec_run_prepared (close with sandbox_close), or NULL with a
 * one-line message in `err` (no memory, luassert not installed). */
lua_State *spec_prepare(char *err, size_t errcap);

/* spec_run_prepared: spec_run on a state from spec_prepare, which is used up
 * (run at most one job on it); the caller still owns it. Returns 0 or -1 as
 * spec_run. */
int spec_run_prepared(lua_State *L, const struct spec_job *job, const struct spec_sink *sink,
                      char *err, size_t errcap);

/* spec_collect_finish: a `finish` callback that appends a copy of every case
 * to the struct report_run pointed to by `ud`. */
void spec_collect_finish(void *ud, const struct report_case *c);

#endif
