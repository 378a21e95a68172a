/* test_lazylib.c: lazylib, the on-first-use loader of libcurl and
 * libmicrohttpd: a library is not mapped until loaded, loading fills the
 * function slots, a missing library or function gives one sticky line.
 * Also proves assert() is compiled into dojocore in this build (issue 9,
 * section 6: RelWithDebInfo used to add -DNDEBUG everywhere). */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <fcntl.h>

#include <cmocka.h>

#include "lazylib.h"

/* This file's own asserts: NDEBUG must not be defined in test builds. */
static void ndebug_is_not_defined(void **state)
{
    (void)state;
#ifdef NDEBUG
    fail_msg("NDEBUG is defined: assert() is compiled out of this build (DOJO_ASSERTS)");
#endif
}

/* dojocore's asserts fire: lazylib_load(NULL) breaks its precondition, so
 * a child calling it must die of SIGABRT (assert), not SIGSEGV (the NULL
 * dereference an NDEBUG build would reach). */
static void library_asserts_fire(void **state)
{
    int status = 0;
    pid_t pid;
    (void)state;
    fflush(NULL);
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        int devnull = open("/dev/null", O_WRONLY);
        char err[64];
        if (devnull >= 0)
            dup2(devnull, 2); /* the assert message is expected */
        /* cmocka's handlers would catch the fault and go on with the next
         * test in this child: let the signal kill it instead. */
        signal(SIGABRT, SIG_DFL);
        signal(SIGSEGV, SIG_DFL);
        signal(SIGBUS, SIG_DFL);
        alarm(10);
        lazylib_load(NULL, err, sizeof err);
        _exit(0);
    }
    assert_int_equal(pid, waitpid(pid, &status, 0));
    assert_true(WIFSIGNALED(status));
    assert_int_equal(SIGABRT, WTERMSIG(status));
}

/* curl_version's type, declared here: this test does not include curl.h. */
typedef const char *(*version_fn)(void);

static void loads_on_first_use(void **state)
{
    version_fn version = NULL;
    struct lazylib_sym syms[] = {{"curl_version", (void **)&version}};
    struct lazylib lib = {"libcurl.so.4", "libcurl4", syms, 1, 0, ""};
    char err[300] = "";
    (void)state;
    assert_int_equal(1, lazylib_is_mapped("libc.so")); /* control: maps are read */
    assert_int_equal(0, lazylib_is_mapped("libcurl.so"));
    assert_int_equal(0, lazylib_load(&lib, err, sizeof err));
    assert_string_equal("", err);
    assert_non_null(version);
    assert_memory_equal("libcurl/", version(), 8);
    assert_int_equal(1, lazylib_is_mapped("libcurl.so"));
    version = NULL;
    assert_int_equal(0, lazylib_load(&lib, err, sizeof err)); /* once: slots kept */
    assert_null(version);
}

static void missing_library_is_one_sticky_line(void **state)
{
    void *fn = NULL;
    struct lazylib_sym syms[] = {{"f", &fn}};
    struct lazylib lib = {"libdojo-no-such.so.1", "dojo-no-such", syms, 1, 0, ""};
    char err[300] = "", again[300] = "";
    (void)state;
    assert_int_equal(-1, lazylib_load(&lib, err, sizeof err));
    assert_non_null(strstr(err, "libdojo-no-such.so.1 could not be loaded (apt-get install dojo-no-such): "));
    assert_null(strchr(err, '\n'));
    assert_null(fn);
    assert_int_equal(-1, lazylib_load(&lib, again, sizeof again));
    assert_string_equal(err, again);
    assert_int_equal(-1, lazylib_load(&lib, NULL, 0)); /* err may be NULL */
}

static void missing_function_fails_whole(void **state)
{
    void *a = NULL, *b = NULL;
    struct lazylib_sym syms[] = {{"curl_version", &a}, {"curl_no_such_function", &b}};
    struct lazylib lib = {"libcurl.so.4", "libcurl4", syms, 2, 0, ""};
    char err[300] = "";
    (void)state;
    assert_int_equal(-1, lazylib_load(&lib, err, sizeof err));
    assert_non_null(strstr(err, "libcurl.so.4 has no curl_no_such_function"));
    assert_null(b);
}

/* A message longer than err is cut, still NUL-terminated. */
static void short_err_buffer_is_cut(void **state)
{
    struct lazylib lib = {"libdojo-no-such.so.2", "x", NULL, 0, 0, ""};
    char err[8];
    (void)state;
    memset(err, 'z', sizeof err);
    assert_int_equal(-1, lazylib_load(&lib, err, sizeof err));
    assert_string_equal("libdojo", err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ndebug_is_not_defined),
        cmocka_unit_test(library_asserts_fire),
        cmocka_unit_test(loads_on_first_use),
        cmocka_unit_test(missing_library_is_one_sticky_line),
        cmocka_unit_test(missing_function_fails_whole),
        cmocka_unit_test(short_err_buffer_is_cut),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
