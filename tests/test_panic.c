/* test_panic.c: an error raised outside any protected call is reported, not
 * an abort(): in the process that set a recovery point it jumps back there;
 * in any other (a forked grading child) it ends the process with PANIC_EXIT
 * after one line on stderr. Depends on cmocka, panic.h, sandbox.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <lauxlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "panic.h"
#include "sandbox.h"

static jmp_buf recover;

/* In the process that set the recovery point: back to it, not abort(). */
static void test_recovers_in_main(void **state)
{
    static lua_State *L;
    static volatile int raised;
    (void)state;
    raised = 0;
    L = sandbox_new(0);
    assert_non_null(L);
    if (setjmp(recover) == 0) {
        panic_set_recovery(&recover);
        raised = 1;
        lua_pushliteral(L, "raised on purpose");
        lua_error(L); /* unprotected */
        fail_msg("lua_error returned");
    }
    panic_set_recovery(NULL);
    assert_int_equal(raised, 1);
    /* The state is abandoned after a panic (main exits); not closed here. */
}

/* In a forked child: one line on stderr and _exit(PANIC_EXIT), even when
 * the parent's recovery point was inherited. */
static void test_child_exits(void **state)
{
    int err[2], status = 0;
    char buf[512] = "";
    ssize_t n;
    pid_t pid;
    (void)state;
    assert_int_equal(pipe(err), 0);
    panic_set_recovery(&recover);
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        lua_State *L = sandbox_new(0);
        dup2(err[1], 2);
        if (L == NULL)
            _exit(1);
        lua_pushliteral(L, "raised in the child");
        lua_error(L);
        _exit(0); /* not reached */
    }
    close(err[1]);
    n = read(err[0], buf, sizeof buf - 1);
    buf[n > 0 ? n : 0] = '\0';
    close(err[0]);
    assert_int_equal(waitpid(pid, &status, 0), pid);
    panic_set_recovery(NULL);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), PANIC_EXIT);
    assert_non_null(strstr(buf, "internal error"));
    assert_non_null(strstr(buf, "raised in the child"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_recovers_in_main),
        cmocka_unit_test(test_child_exits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
