/* test_interrupt.c: deadlines as a learner meets them (interrupt.c through
 * the spec runner): a timeout names the solution's line, also from inside a
 * coroutine, and never luassert's or the spec's; an outer coroutine that
 * keeps resuming fresh inner ones is stopped too; two tests in a row timing
 * out at one line stop the rest; the spec file's own deadline; the watchdog
 * that ends a test stuck in a C function (in a forked child, as the grader
 * runs it), whose grace is CPU time: a process that sleeps (or waits for
 * the CPU on a loaded machine) past its deadline is not called stuck, one
 * that spins is. Each test writes a spec and a solution into a fresh
 * folder. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "report/report.h"
#include "deadline.h"
#include "interrupt.h"
#include "spec.h"
#include "util.h"

#include "spec_fixture.h"

/* The solution every test loads as require("sol"); line numbers matter. */
static const char solution[] =
    "local M = {}\n"                                              /* 1 */
    "function M.spin() while true do end end\n"                   /* 2 */
    "function M.spin2()\n"                                        /* 3 */
    "  local n = 0\n"                                             /* 4 */
    "  while true do n = n + 1 end\n"                             /* 5 */
    "end\n"                                                       /* 6 */
    "function M.in_coroutine()\n"                                 /* 7 */
    "  local co = coroutine.wrap(function() M.spin2() end)\n"     /* 8 */
    "  return co()\n"                                             /* 9 */
    "end\n"                                                       /* 10 */
    "function M.c_spin() return #string.rep('', 1 << 50) end\n"   /* 11 */
    "function M.ok() return 1 end\n"                              /* 12 */
    "return M\n";

/* run_spec: writes sol.lua and spec.lua and runs the spec in this process. */
static void run_spec(struct fixture *f, const char *spec, double timeout, double file_timeout)
{
    char path[512], err[512];
    struct spec_job job;
    struct spec_sink sink = {NULL, spec_collect_finish, &f->run};
    write_file(f, "sol.lua", solution);
    write_file(f, "spec.lua", spec);
    util_path_join(path, sizeof path, f->dir, "spec.lua");
    memset(&job, 0, sizeof job);
    job.spec_path = path;
    job.solution_dir = f->dir;
    job.limits.timeout = timeout;
    job.limits.file_timeout = file_timeout;
    job.limits.output = 4096;
    assert_int_equal(spec_run(&job, &sink, err, sizeof err), 0);
}

static const struct report_case *case_named(struct fixture *f, const char *name)
{
    for (size_t i = 0; i < f->run.ncases; i++)
        if (strcmp(f->run.cases[i].name, name) == 0)
            return &f->run.cases[i];
    fail_msg("no case named '%s' (%zu cases)", name, f->run.ncases);
    return NULL;
}

static void assert_timeout(struct fixture *f, const char *name, const char *message)
{
    const struct report_case *c = case_named(f, name);
    assert_int_equal(c->verdict, VERDICT_ERROR);
    assert_int_equal(c->kind, ERRKIND_TIMEOUT);
    assert_string_equal(c->message, message);
}

static void names_the_solution_line(void **state)
{
    struct fixture *f = *state;
    run_spec(f,
             "local sol = require('sol')\n"
             "it('plain', function() assert.are.equal(1, sol.spin()) end)\n"
             "it('in a coroutine', function() sol.in_coroutine() end)\n"
             "it('under luassert', function() assert.has_no.errors(sol.spin) end)\n"
             "it('the spec loops', function() while true do end end)\n"
             "it('fine', function() assert.are.equal(1, sol.ok()) end)\n",
             0.2, 0);
    assert_timeout(f, "plain", "sol.lua:2: your code ran past the time limit (0.2 s)");
    assert_int_equal(case_named(f, "plain")->line, 2); /* the spec's line stays */
    assert_timeout(f, "in a coroutine", "sol.lua:5: your code ran past the time limit (0.2 s)");
    assert_timeout(f, "under luassert", "sol.lua:2: your code ran past the time limit (0.2 s)");
    assert_timeout(f, "the spec loops", "the test ran past the time limit (0.2 s)");
    assert_int_equal(case_named(f, "fine")->verdict, VERDICT_PASS);
}

static void two_in_a_row_stop_the_rest(void **state)
{
    struct fixture *f = *state;
    double t0 = util_now();
    run_spec(f,
             "local sol = require('sol')\n"
             "it('one', function() sol.spin() end)\n"
             "it('passes between', function() assert.are.equal(1, sol.ok()) end)\n"
             "it('two', function() sol.spin() end)\n"
             "it('elsewhere', function() sol.spin2() end)\n"
             "it('three', function() sol.spin2() end)\n"
             "pending('later')\n"
             "describe('block', function()\n"
             "  it('four', function() print('ran') assert.are.equal(1, sol.ok()) end)\n"
             "end)\n",
             0.2, 0);
    /* A pass ends a streak, another line starts a new one, pending is neutral. */
    assert_timeout(f, "one", "sol.lua:2: your code ran past the time limit (0.2 s)");
    assert_int_equal(case_named(f, "passes between")->verdict, VERDICT_PASS);
    assert_timeout(f, "two", "sol.lua:2: your code ran past the time limit (0.2 s)");
    assert_timeout(f, "elsewhere", "sol.lua:5: your code ran past the time limit (0.2 s)");
    assert_timeout(f, "three", "sol.lua:5: your code ran past the time limit (0.2 s)");
    assert_int_equal(case_named(f, "later")->verdict, VERDICT_PENDING);
    assert_timeout(f, "block four", "not run: two tests in a row before it timed out at sol.lua:5");
    assert_string_equal(case_named(f, "block four")->output, "");
    assert_true(util_now() - t0 < 4.0); /* four timeouts, not five */
}

static void the_spec_file_has_its_own_deadline(void **state)
{
    struct fixture *f = *state;
    run_spec(f,
             "local sol = require('sol')\n"
             "it('a', function() sol.spin() end)\n"
             "it('b', function() sol.spin2() end)\n"
             "it('c', function() sol.spin() end)\n"
             "describe('later', function()\n"
             "  it('d', function() assert.are.equal(1, sol.ok()) end)\n"
             "end)\n",
             0.2, 0.5);
    assert_timeout(f, "a", "sol.lua:2: your code ran past the time limit (0.2 s)");
    assert_timeout(f, "b", "sol.lua:5: your code ran past the time limit (0.2 s)");
    assert_timeout(f, "c", "sol.lua:2: your code ran past the spec file's time limit (0.5 s)");
    /* The describe body still ran, so its test is listed, but not run. */
    assert_timeout(f, "later d", "not run: the spec file's time limit (0.5 s) was used up");
}

/* stuck_fails: a watchdog that must not be needed: ends the test binary. */
static void stuck_fails(void *ud, const char *message, int streak, const char *at)
{
    (void)ud;
    (void)streak;
    (void)at;
    if (write(2, message, strlen(message)) < 0)
        _exit(6);
    _exit(5);
}

static void outer_coroutine_cannot_evade_the_hook(void **state)
{
    struct fixture *f = *state;
    deadline_on_stuck(stuck_fails, NULL);
    run_spec(f,
             "it('evades', function()\n"
             "  local outer = coroutine.wrap(function()\n"
             "    while true do\n"
             "      coroutine.resume(coroutine.create(function() while true do end end))\n"
             "    end\n"
             "  end)\n"
             "  outer()\n"
             "end)\n",
             0.2, 0);
    deadline_on_stuck(NULL, NULL);
    assert_timeout(f, "evades", "the test ran past the time limit (0.2 s)");
}

/* In the child: the watchdog's report goes down the pipe in `fd`. */
static int stuck_fd = -1;
static void stuck_to_pipe(void *ud, const char *message, int streak, const char *at)
{
    char buf[1200];
    int n = snprintf(buf, sizeof buf, "%d|%s|%s", streak, at, message);
    (void)ud;
    if (write(stuck_fd, buf, (size_t)n) != n)
        _exit(3);
    _exit(0);
}

static void watchdog_ends_a_c_spin(void **state)
{
    struct fixture *f = *state;
    int fds[2], status;
    char got[1300];
    ssize_t n;
    double t0 = util_now();
    pid_t pid;
    assert_int_equal(pipe(fds), 0);
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        stuck_fd = fds[1];
        deadline_on_stuck(stuck_to_pipe, NULL);
        run_spec(f,
                 "local sol = require('sol')\n"
                 "it('spins', function() sol.spin() end)\n"
                 "it('in C', function() sol.c_spin() end)\n",
                 0.2, 0);
        _exit(4); /* the watchdog should have ended the process */
    }
    close(fds[1]);
    n = read(fds[0], got, sizeof got - 1);
    close(fds[0]);
    assert_true(n > 0);
    got[n] = '\0';
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    assert_string_equal(got, "1|sol.lua:11|sol.lua:11: your code ran past the time limit (0.2 s), "
                             "stuck inside the C function 'rep'");
    assert_true(util_now() - t0 < 3.0);
}

static volatile int watchdog_calls;

static void count_watchdog(void *ud)
{
    (void)ud;
    watchdog_calls++;
}

/* watchdog_grace_is_cpu_time: 0.6 s asleep after a 0.05 s deadline is not
 * stuck (the 0.25 s grace is CPU time); spinning after it is, well within
 * 10 s of wall clock. */
static void watchdog_grace_is_cpu_time(void **state)
{
    struct timespec nap = {0, 600 * 1000 * 1000};
    volatile unsigned long spins = 0;
    double start;
    (void)state;
    watchdog_calls = 0;
    interrupt_clear();
    interrupt_set_watchdog(0.25, count_watchdog, NULL);
    assert_int_equal(interrupt_arm(0.05), 0);
    nanosleep(&nap, NULL);
    nanosleep(&nap, NULL); /* again, if a signal cut the first one short */
    assert_int_equal(interrupt_pending(), INTERRUPT_TIMEOUT);
    assert_int_equal(watchdog_calls, 0);
    start = util_now();
    while (watchdog_calls == 0 && util_now() - start < 10)
        spins++;
    assert_int_equal(watchdog_calls, 1);
    assert_int_equal(interrupt_disarm(), 0);
    interrupt_set_watchdog(0.25, NULL, NULL);
    interrupt_clear();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(names_the_solution_line, setup, teardown),
        cmocka_unit_test_setup_teardown(two_in_a_row_stop_the_rest, setup, teardown),
        cmocka_unit_test_setup_teardown(the_spec_file_has_its_own_deadline, setup, teardown),
        cmocka_unit_test_setup_teardown(outer_coroutine_cannot_evade_the_hook, setup, teardown),
        cmocka_unit_test_setup_teardown(watchdog_ends_a_c_spin, setup, teardown),
        cmocka_unit_test(watchdog_grace_is_cpu_time),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
