/* test_grade.c: the grading child's limits do not depend on the parent's
 * size. The parent here maps 3 GiB it never touches (as a grader that holds
 * many reports grows); a child whose address-space limit counted that (an
 * absolute RLIMIT_AS of the memory cap plus a margin) could allocate nothing
 * and every test would crash. Each test below must still pass, with the Lua
 * memory cap (64 MiB) still enforced. Depends on cmocka, grade.h, POSIX. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "grade.h"
#include "util.h"

static char dir[64];

static const char spec[] =
    "local big = require('big')\n"
    "describe('big', function()\n"
    "  it('builds 16 MiB', function() assert.are.equal(16 * 1024 * 1024, #big(16)) end)\n"
    "  it('is stopped at the cap', function()\n"
    "    assert.has_error(function() big(512) end)\n"
    "  end)\n"
    "end)\n";

static const char solution[] = "return function(mib) return ('x'):rep(mib * 1024 * 1024) end\n";

static int setup(void **state)
{
    char path[128];
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/dojo-test-grade-XXXXXX");
    if (mkdtemp(dir) == NULL)
        return -1;
    snprintf(path, sizeof path, "%s/big_spec.lua", dir);
    if (util_write_file_atomic(path, spec, strlen(spec)) != 0)
        return -1;
    snprintf(path, sizeof path, "%s/big.lua", dir);
    return util_write_file_atomic(path, solution, strlen(solution));
}

static int teardown(void **state)
{
    char cmd[128];
    (void)state;
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static void test_big_parent(void **state)
{
    size_t huge = (size_t)3 << 30;
    void *map = mmap(NULL, huge, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    struct spec_job job;
    struct report_run run;
    char path[128], err[256];
    int pass = 0;
    (void)state;
    assert_true(map != MAP_FAILED);
    snprintf(path, sizeof path, "%s/big_spec.lua", dir);
    memset(&job, 0, sizeof job);
    job.spec_path = path;
    job.solution_dir = dir;
    job.limits.timeout = 10;
    job.limits.memory = (size_t)64 << 20;
    job.limits.output = 1 << 20;
    report_run_init(&run, "big");
    assert_int_equal(grade_spec(&job, &run, err, sizeof err), 0);
    report_counts(&run, &pass, NULL, NULL, NULL);
    for (size_t i = 0; i < run.ncases; i++)
        if (run.cases[i].verdict != VERDICT_PASS)
            print_message("%s: %s %s\n", run.cases[i].name, verdict_name(run.cases[i].verdict),
                          run.cases[i].message);
    assert_int_equal(run.ncases, 2);
    assert_int_equal(pass, 2);
    report_run_free(&run);
    munmap(map, huge);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_big_parent),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
