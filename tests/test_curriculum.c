/* test_curriculum.c: the built-in pack's path: concepts in lesson order,
 * each concept's katas easiest first; statuses from a fresh progress store
 * (started, failing after an attempt, passed); `next` skips passed katas
 * and wraps around. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "app.h"
#include "curriculum.h"
#include "report/report.h"

static struct app app;

static void path_order(void **state)
{
    struct curriculum c;
    char err[512];
    (void)state;
    assert_int_equal(curriculum_load(&app, &c, err, sizeof err), 0);
    assert_true(c.n >= 10);
    assert_string_equal(c.katas[0].concept, "closures"); /* lesson 01 */
    for (size_t i = 1; i < c.n; i++) {
        assert_false(c.katas[i].broken);
        if (strcmp(c.katas[i].concept, c.katas[i - 1].concept) == 0)
            assert_true(c.katas[i - 1].difficulty <= c.katas[i].difficulty);
        else /* a concept's katas are together: it never comes back */
            for (size_t j = 0; j < i; j++)
                assert_string_not_equal(c.katas[j].concept, c.katas[i].concept);
    }
    assert_int_equal(c.passed, 0);
    assert_ptr_equal(curriculum_next(&c, NULL), &c.katas[0]);
    assert_ptr_equal(curriculum_next(&c, c.katas[0].id), &c.katas[1]);
    assert_ptr_equal(curriculum_next(&c, c.katas[c.n - 1].id), &c.katas[0]); /* wraps */
    assert_null(curriculum_find(&c, "no-such-kata"));
    curriculum_free(&c);
}

static void statuses_from_the_store(void **state)
{
    struct curriculum c;
    struct report_run run;
    char err[512], key[200];
    const char *first, *second;
    (void)state;
    assert_int_equal(curriculum_load(&app, &c, err, sizeof err), 0);
    first = strdup(c.katas[0].id);
    second = strdup(c.katas[1].id);
    curriculum_free(&c);

    snprintf(key, sizeof key, "passed.%s", first);
    assert_int_equal(app_state_set(&app, key, "1"), 0);
    snprintf(key, sizeof key, "passed.%s", second);
    assert_int_equal(app_state_set(&app, key, "0"), 0);
    assert_int_equal(curriculum_load(&app, &c, err, sizeof err), 0);
    assert_int_equal(curriculum_find(&c, first)->status, CURRICULUM_PASSED);
    assert_int_equal(curriculum_find(&c, second)->status, CURRICULUM_STARTED);
    assert_int_equal(c.passed, 1);
    assert_string_equal(curriculum_next(&c, NULL)->id, second); /* the passed one is skipped */
    curriculum_free(&c);

    /* A failing attempt: started becomes failing. */
    report_run_init(&run, "x");
    {
        struct report_case one;
        memset(&one, 0, sizeof one);
        one.name = "a test";
        one.verdict = VERDICT_FAIL;
        one.message = "expected 1";
        assert_non_null(report_add(&run, &one));
    }
    assert_int_equal(app_record_attempt(&app, second, &run), 0);
    report_run_free(&run);
    assert_int_equal(curriculum_load(&app, &c, err, sizeof err), 0);
    assert_int_equal(curriculum_find(&c, second)->status, CURRICULUM_FAILING);
    assert_string_equal(curriculum_status_name(CURRICULUM_FAILING), "failing");
    curriculum_free(&c);
    free((void *)first);
    free((void *)second);
}

int main(void)
{
    char dir[] = "/tmp/dojo-curriculum-XXXXXX", db[128];
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(path_order),
        cmocka_unit_test(statuses_from_the_store),
    };
    int rc;
    if (mkdtemp(dir) == NULL)
        return 1;
    snprintf(db, sizeof db, "%s/progress.db", dir);
    setenv("DOJO_DB", db, 1);
    setenv("DOJO_HOME", dir, 1);
    setenv("XDG_STATE_HOME", dir, 1); /* no old text store to import */
    unsetenv("DOJO_PACK");
    app_init(&app);
    rc = cmocka_run_group_tests(tests, NULL, NULL);
    {
        char cmd[200];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
        if (system(cmd) != 0)
            rc = 1;
    }
    return rc;
}
