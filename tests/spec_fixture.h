/* spec_fixture.h: the cmocka fixture shared by the spec-runner tests
 * (test_spec.c, test_interrupt.c): a fresh temporary folder and an empty
 * report run per test, removed afterwards. Header-only (static inline), so
 * each test binary keeps its own copy. Depends on cmocka, report.h, util.h. */
#ifndef DOJO_SPEC_FIXTURE_H
#define DOJO_SPEC_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"
#include "util.h"

struct fixture {
    char dir[256];
    struct report_run run;
};

/* setup: cmocka setup; *state becomes a fixture with a new folder under /tmp. */
static inline int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    snprintf(f->dir, sizeof f->dir, "/tmp/dojo-test-spec-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    report_run_init(&f->run, "t");
    *state = f;
    return 0;
}

/* teardown: frees the run and removes the folder with everything in it. */
static inline int teardown(void **state)
{
    struct fixture *f = *state;
    char cmd[300];
    report_run_free(&f->run);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    assert_int_equal(system(cmd), 0);
    free(f);
    return 0;
}

/* write_file: writes text to `name` inside the fixture's folder, or fails the test. */
static inline void write_file(struct fixture *f, const char *name, const char *text)
{
    char path[512];
    util_path_join(path, sizeof path, f->dir, name);
    assert_int_equal(util_write_file_atomic(path, text, strlen(text)), 0);
}

#endif
