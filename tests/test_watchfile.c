/* test_watchfile.c: watchfile.c as `dojo watch` meets editors: a save in
 * place, a save by rename (write a temporary file, rename it over), a save
 * by delete and create, a burst of writes debounced into one change, a
 * chmod and another file in the folder ignored, a key from a pipe, a
 * timeout, and the same saves noticed by the polling fallback. */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "watchfile.h"

static char dir[256];
static char file[300];

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/dojo-watch-XXXXXX");
    assert_non_null(mkdtemp(dir));
    snprintf(file, sizeof file, "%s/counter.lua", dir);
    write_file(file, "return {}\n");
    return 0;
}

static int teardown(void **state)
{
    char cmd[400];
    (void)state;
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static struct watchfile *open_watch(void)
{
    struct watchfile *w = NULL;
    char err[256];
    assert_int_equal(watchfile_open(file, &w, err, sizeof err), 0);
    assert_non_null(w);
    return w;
}

/* A child that runs `fn` after `delay_us`, so the parent is already waiting. */
static pid_t later(void (*fn)(void), useconds_t delay_us)
{
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        usleep(delay_us);
        fn();
        _exit(0);
    }
    return pid;
}

static void reap(pid_t pid)
{
    int st;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

static void save_in_place(void) { write_file(file, "return { n = 1 }\n"); }

static void save_by_rename(void)
{
    char tmp[320];
    snprintf(tmp, sizeof tmp, "%s/.counter.lua.swp", dir);
    write_file(tmp, "return { n = 2 }\n");
    if (rename(tmp, file) != 0)
        _exit(1);
}

static void save_by_delete_and_create(void)
{
    unlink(file);
    usleep(20000);
    write_file(file, "return { n = 3 }\n");
}

static void burst(void)
{
    for (int i = 0; i < 5; i++) {
        write_file(file, i % 2 ? "return { a = 1 }\n" : "return { bb = 22 }\n");
        usleep(5000);
    }
}

static void other_file_and_chmod(void)
{
    char other[320];
    snprintf(other, sizeof other, "%s/notes.txt", dir);
    write_file(other, "not the solution\n");
    chmod(file, 0600);
}

/* wait_one: one wait with a generous limit; returns what it saw. */
static enum watch_event wait_one(struct watchfile *w, int timeout_ms)
{
    int key = 0;
    return watchfile_wait(w, -1, timeout_ms, 60, &key);
}

static void each_save_style_is_one_change(void **state)
{
    void (*saves[])(void) = {save_in_place, save_by_rename, save_by_delete_and_create};
    struct watchfile *w = open_watch();
    (void)state;
    assert_int_equal(watchfile_polling(w), 0); /* inotify works here */
    for (size_t i = 0; i < sizeof saves / sizeof saves[0]; i++) {
        pid_t pid = later(saves[i], 50000);
        assert_int_equal(wait_one(w, 5000), WATCH_CHANGED);
        reap(pid);
        /* The save is over and reported once: nothing more comes. */
        assert_int_equal(wait_one(w, 300), WATCH_TIMEOUT);
    }
    watchfile_close(w);
}

static void a_burst_of_writes_is_one_change(void **state)
{
    struct watchfile *w = open_watch();
    pid_t pid;
    (void)state;
    pid = later(burst, 50000);
    assert_int_equal(wait_one(w, 5000), WATCH_CHANGED);
    reap(pid);
    assert_int_equal(wait_one(w, 300), WATCH_TIMEOUT);
    watchfile_close(w);
}

static void other_files_and_chmod_are_not_saves(void **state)
{
    struct watchfile *w = open_watch();
    pid_t pid;
    (void)state;
    pid = later(other_file_and_chmod, 20000);
    assert_int_equal(wait_one(w, 600), WATCH_TIMEOUT);
    reap(pid);
    assert_int_equal(watchfile_changed(w), 0);
    watchfile_close(w);
}

static void a_key_arrives(void **state)
{
    struct watchfile *w = open_watch();
    int p[2], key = 0;
    (void)state;
    assert_int_equal(pipe(p), 0);
    assert_int_equal(write(p[1], "h", 1), 1);
    assert_int_equal(watchfile_wait(w, p[0], 2000, 60, &key), WATCH_KEY);
    assert_int_equal(key, 'h');
    close(p[1]); /* end of input: keys stop, the wait times out */
    assert_int_equal(watchfile_wait(w, p[0], 200, 60, &key), WATCH_TIMEOUT);
    close(p[0]);
    watchfile_close(w);
}

static void polling_sees_saves_too(void **state)
{
    struct watchfile *w;
    pid_t pid;
    (void)state;
    /* No inotify instances left: the watcher falls back to polling. */
    setenv("DOJO_WATCH_POLL", "1", 1);
    w = open_watch();
    unsetenv("DOJO_WATCH_POLL");
    assert_int_equal(watchfile_polling(w), 1);
    pid = later(save_by_rename, 50000);
    assert_int_equal(wait_one(w, 5000), WATCH_CHANGED);
    reap(pid);
    assert_int_equal(wait_one(w, 600), WATCH_TIMEOUT);
    watchfile_close(w);
}

static void a_missing_folder_is_an_error(void **state)
{
    struct watchfile *w = NULL;
    char err[256];
    (void)state;
    assert_int_equal(watchfile_open("/nonexistent-dojo/x/counter.lua", &w, err, sizeof err), -1);
    assert_null(w);
    assert_non_null(strstr(err, "/nonexistent-dojo/x"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(each_save_style_is_one_change, setup, teardown),
        cmocka_unit_test_setup_teardown(a_burst_of_writes_is_one_change, setup, teardown),
        cmocka_unit_test_setup_teardown(other_files_and_chmod_are_not_saves, setup, teardown),
        cmocka_unit_test_setup_teardown(a_key_arrives, setup, teardown),
        cmocka_unit_test_setup_teardown(polling_sees_saves_too, setup, teardown),
        cmocka_unit_test(a_missing_folder_is_an_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
