/* test_progress.c: cmocka tests of the SQLite progress store
 * (src/progress.c): settings, lessons, attempts (a pass stays passed),
 * reviews and cards, migrations from every earlier schema version and from
 * the old text store, paths a learner may get wrong (a folder, a read-only
 * file, a file that is not a database, another program's database, a
 * corrupt one, one from a newer dojo: each refused, the file unchanged),
 * a second writer waiting on the busy timeout, and the kill -9 loop (200
 * SIGKILLs of a recording child at random points: integrity_check ok and
 * every record the child reported committed still there). Each test works
 * in its own mkdtemp() folder. Depends on cmocka, sqlite3, progress.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "progress.h"
#include "util.h"

struct fx {
    char dir[256];
    char db[300];
};

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "%s/dojo-progress.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (f == NULL || mkdtemp(f->dir) == NULL)
        return -1;
    snprintf(f->db, sizeof f->db, "%s/sub/progress.db", f->dir);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    char cmd[700];
    snprintf(cmd, sizeof cmd, "chmod -R u+w '%s' && rm -rf '%s'", f->dir, f->dir);
    if (system(cmd) != 0)
        return -1;
    free(f);
    return 0;
}

static struct progress *open_ok(const char *path, const char *legacy)
{
    struct progress *p = NULL;
    char err[512] = "";
    if (progress_open(path, legacy, &p, err, sizeof err) != 0)
        fail_msg("progress_open: %s", err);
    return p;
}

/* sql_int: one integer from a raw SQLite query on the file. */
static int64_t sql_int(const char *path, const char *sql)
{
    sqlite3 *db;
    sqlite3_stmt *st;
    int64_t v = -999;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    if (sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

static void sql_text(const char *path, const char *sql, char *out, size_t cap)
{
    sqlite3 *db;
    sqlite3_stmt *st;
    out[0] = '\0';
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    if (sqlite3_step(st) == SQLITE_ROW)
        snprintf(out, cap, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(db);
}

static void write_file(const char *path, const char *text, size_t n)
{
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(text, 1, n, fp), n);
    fclose(fp);
}

static void creates_file_in_wal_mode(void **state)
{
    struct fx *f = *state;
    struct progress *p = open_ok(f->db, NULL);
    char mode[32];
    assert_int_equal(progress_version(p), PROGRESS_SCHEMA_VERSION);
    progress_close(p);
    sql_text(f->db, "PRAGMA journal_mode", mode, sizeof mode);
    assert_string_equal(mode, "wal");
    assert_int_equal(sql_int(f->db, "PRAGMA application_id"), 0x646f6a6f);
}

/* A commit removes the cache derived from the store (the REPL greeting),
 * whether it comes from this connection or another; reads leave it. */
static void commit_drops_derived_cache(void **state)
{
    struct fx *f = *state;
    struct progress *p = open_ok(f->db, NULL), *q;
    char cache[400], v[16];
    struct stat st;
    assert_int_equal(progress_derived_path(f->db, cache, sizeof cache), 0);
    assert_true(strlen(cache) > strlen(f->db));
    write_file(cache, "x", 1);
    assert_int_equal(progress_get(p, "kata", v, sizeof v), 0);
    assert_int_equal(stat(cache, &st), 0);
    assert_int_equal(progress_set(p, "kata", "counter"), 0);
    assert_int_not_equal(stat(cache, &st), 0);
    write_file(cache, "x", 1);
    q = open_ok(f->db, NULL);
    assert_int_equal(progress_kata_start(q, "limiter", 1), 0);
    assert_int_not_equal(stat(cache, &st), 0);
    progress_close(q);
    progress_close(p);
    assert_int_equal(progress_derived_path(f->db, cache, 4), -1);
}

static void settings_and_lessons(void **state)
{
    struct fx *f = *state;
    struct progress *p = open_ok(f->db, NULL);
    char v[64];
    assert_int_equal(progress_get(p, "lesson", v, sizeof v), 0);
    assert_string_equal(v, "");
    assert_int_equal(progress_set(p, "lesson", "01-closures.md"), 0);
    assert_int_equal(progress_set(p, "lesson", "02-decorators.md"), 0);
    assert_int_equal(progress_get(p, "lesson", v, sizeof v), 1);
    assert_string_equal(v, "02-decorators.md");
    assert_int_equal(progress_lesson_read(p, "01-closures.md"), 0);
    assert_int_equal(progress_lesson_visit(p, "01-closures.md", 100), 0);
    assert_int_equal(progress_lesson_visit(p, "01-closures.md", 200), 0);
    assert_int_equal(progress_lesson_read(p, "01-closures.md"), 1);
    progress_close(p);
    assert_int_equal(sql_int(f->db, "SELECT visits FROM lessons WHERE name = '01-closures.md'"), 2);
    assert_int_equal(sql_int(f->db, "SELECT first_read FROM lessons"), 100);
    assert_int_equal(sql_int(f->db, "SELECT last_read FROM lessons"), 200);
}

/* A failing attempt after a pass is recorded as an attempt and the kata
 * stays passed (the bug of the old text store). */
static void pass_stays_passed(void **state)
{
    struct fx *f = *state;
    struct progress *p = open_ok(f->db, NULL);
    struct progress_attempt fail1 = {"limiter", 1000, 3, 2, 1, 0.25, 0, 0};
    struct progress_attempt pass = {"limiter", 2000, 6, 0, 0, 0.5, 1, 1};
    struct progress_attempt fail2 = {"limiter", 3000, 0, 0, 6, 0.1, 2, 0};
    assert_int_equal(progress_kata_status(p, "limiter"), PROGRESS_NEW);
    assert_int_equal(progress_kata_start(p, "limiter", 500), 0);
    assert_int_equal(progress_kata_status(p, "limiter"), PROGRESS_STARTED);
    assert_true(progress_record_attempt(p, &fail1) > 0);
    assert_int_equal(progress_kata_status(p, "limiter"), PROGRESS_STARTED);
    assert_true(progress_record_attempt(p, &pass) > 0);
    assert_int_equal(progress_kata_status(p, "limiter"), PROGRESS_PASSED);
    assert_true(progress_record_attempt(p, &fail2) > 0);
    assert_int_equal(progress_kata_start(p, "limiter", 4000), 0);
    assert_int_equal(progress_kata_status(p, "limiter"), PROGRESS_PASSED);
    assert_int_equal(progress_attempt_count(p, "limiter"), 3);
    assert_int_equal(progress_attempt_count(p, "counter"), 0);
    assert_int_equal(progress_set_kata_hints(p, "limiter", 2), 0);
    assert_int_equal(progress_kata_hints(p, "limiter"), 2);
    assert_int_equal(progress_kata_hints(p, "counter"), 0);
    progress_close(p);
    assert_int_equal(sql_int(f->db, "SELECT passed FROM katas WHERE id = 'limiter'"), 2000);
    assert_int_equal(sql_int(f->db, "SELECT started FROM katas WHERE id = 'limiter'"), 500);
    assert_int_equal(sql_int(f->db, "SELECT errors FROM attempts WHERE at = 3000"), 6);
    assert_int_equal(sql_int(f->db, "SELECT hints FROM attempts WHERE at = 2000"), 1);
}

static void reviews_and_cards(void **state)
{
    struct fx *f = *state;
    struct progress *p = open_ok(f->db, NULL);
    struct fsrs_card c = {FSRS_REVIEW, -1, 3.5, 5.25, 10 * 86400, 86400}, back;
    struct progress_quiz_stats s;
    int rev[3], att[3];
    assert_int_equal(progress_card(p, "closures/Q1", &back), 0);
    assert_true(progress_record_review(p, "closures/Q1", "closures", 3, &c, 86400) > 0);
    c.due = 2 * 86400;
    assert_true(progress_record_review(p, "closures/Q2", "closures", 1, &c, 86400 + 5) > 0);
    assert_true(progress_record_review(p, "generators/Q1", "generators", 4, &c, 86400 + 9) > 0);
    assert_int_equal(progress_card(p, "closures/Q1", &back), 1);
    assert_int_equal(back.state, FSRS_REVIEW);
    assert_int_equal(back.step, -1);
    assert_float_equal(back.stability, 3.5, 0.0);
    assert_float_equal(back.difficulty, 5.25, 0.0);
    assert_int_equal(back.due, 10 * 86400);
    assert_int_equal(progress_quiz_stats(p, "closures", 3 * 86400, 20, &s), 0);
    assert_int_equal(s.cards, 2);
    assert_int_equal(s.due, 1);
    assert_int_equal(s.learned, 2);
    assert_int_equal(s.recent, 2);
    assert_int_equal(s.good, 1);
    assert_int_equal(s.next_due, 10 * 86400);
    assert_int_equal(progress_quiz_stats(p, "closures", 3 * 86400, 1, &s), 0);
    assert_int_equal(s.recent, 1);
    assert_int_equal(s.good, 0); /* the latest was Again */
    assert_int_equal(progress_quiz_stats(p, "closures", 3 * 86400, 0, &s), 0);
    assert_int_equal(s.due, 1);
    assert_int_equal(s.recent, 0);
    struct progress_attempt a = {"limiter", 2 * 86400 + 7, 1, 0, 0, 0.1, 0, 1};
    assert_true(progress_record_attempt(p, &a) > 0);
    assert_int_equal(progress_daily(p, 2 * 86400 + 100, 3, rev, att), 0);
    assert_int_equal(rev[1], 3);
    assert_int_equal(rev[2], 0);
    assert_int_equal(att[2], 1);
    assert_int_equal(att[0] + att[1], 0);
    progress_close(p);
}

/* The old text store is imported on first run, whole, and left in place. */
static void imports_text_store(void **state)
{
    struct fx *f = *state;
    static const char text[] = "lesson 01-closures.md\nkata limiter\npassed.limiter 1\n"
                               "passed.counter 0\nhints.counter 2\ncolor auto\nlesson 02-decorators.md\n";
    char legacy[400], v[64];
    struct progress *p;
    size_t n;
    char *after;
    snprintf(legacy, sizeof legacy, "%s/progress", f->dir);
    write_file(legacy, text, sizeof text - 1);
    p = open_ok(f->db, legacy);
    assert_int_equal(progress_get(p, "kata", v, sizeof v), 1);
    assert_string_equal(v, "limiter");
    assert_int_equal(progress_get(p, "lesson", v, sizeof v), 1);
    assert_string_equal(v, "02-decorators.md");
    assert_int_equal(progress_get(p, "color", v, sizeof v), 1);
    assert_string_equal(v, "auto");
    assert_int_equal(progress_lesson_read(p, "01-closures.md"), 1);
    assert_int_equal(progress_lesson_read(p, "02-decorators.md"), 1);
    assert_int_equal(progress_kata_status(p, "limiter"), PROGRESS_PASSED);
    assert_int_equal(progress_kata_status(p, "counter"), PROGRESS_STARTED);
    assert_int_equal(progress_kata_hints(p, "counter"), 2);
    /* Imported once: a second open does not import again. */
    assert_int_equal(progress_set(p, "kata", "counter"), 0);
    progress_close(p);
    p = open_ok(f->db, legacy);
    assert_int_equal(progress_get(p, "kata", v, sizeof v), 1);
    assert_string_equal(v, "counter");
    progress_close(p);
    after = util_read_file(legacy, &n);
    assert_non_null(after);
    assert_int_equal(n, sizeof text - 1);
    assert_memory_equal(after, text, n);
    free(after);
}

/* From each earlier version: 0 (an empty file) and 1 (before the quiz). */
static void migrates_from_every_version(void **state)
{
    struct fx *f = *state;
    struct progress *p = NULL;
    char err[512], v[32];
    struct fsrs_card c = {FSRS_REVIEW, -1, 2, 5, 100, 50};
    struct progress_attempt a = {"counter", 10, 8, 0, 0, 0.2, 0, 1};
    /* version 0: an empty file the learner created */
    assert_int_equal(util_mkdirs(f->dir), 0);
    snprintf(f->db, sizeof f->db, "%s/empty.db", f->dir);
    write_file(f->db, "", 0);
    p = open_ok(f->db, NULL);
    assert_int_equal(progress_version(p), 2);
    progress_close(p);
    /* version 1, with data */
    snprintf(f->db, sizeof f->db, "%s/v1.db", f->dir);
    assert_int_equal(progress_open_version(f->db, NULL, 1, &p, err, sizeof err), 0);
    assert_int_equal(progress_version(p), 1);
    assert_true(progress_record_attempt(p, &a) > 0);
    assert_int_equal(progress_set(p, "lesson", "01-closures.md"), 0);
    assert_int_equal(progress_card(p, "q", &c), -1); /* no cards table yet */
    progress_close(p);
    assert_int_equal(sql_int(f->db, "PRAGMA user_version"), 1);
    p = open_ok(f->db, NULL);
    assert_int_equal(progress_version(p), 2);
    assert_int_equal(progress_kata_status(p, "counter"), PROGRESS_PASSED);
    assert_int_equal(progress_attempt_count(p, "counter"), 1);
    assert_int_equal(progress_get(p, "lesson", v, sizeof v), 1);
    assert_string_equal(v, "01-closures.md");
    assert_true(progress_record_review(p, "q", "closures", 3, &c, 60) > 0);
    assert_int_equal(progress_card(p, "q", &c), 1);
    progress_close(p);
    assert_int_equal(sql_int(f->db, "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check = 'ok'"), 1);
}

/* open_fails: progress_open refuses `path`, says `why`, and the file's
 * bytes (when it is a file) are as before. */
static void open_fails(const char *path, const char *why)
{
    struct progress *p = (struct progress *)1;
    char err[512] = "";
    size_t n0 = 0, n1 = 0;
    char *before = util_is_file(path) ? util_read_file(path, &n0) : NULL;
    char *after;
    assert_int_equal(progress_open(path, NULL, &p, err, sizeof err), -1);
    assert_null(p);
    if (strstr(err, why) == NULL || strstr(err, path) == NULL)
        fail_msg("expected '%s' naming %s, got '%s'", why, path, err);
    assert_null(strchr(err, '\n'));
    if (before) {
        after = util_read_file(path, &n1);
        assert_non_null(after);
        assert_int_equal(n0, n1);
        assert_memory_equal(before, after, n0);
        free(after);
        free(before);
    }
}

static void refuses_paths_it_must_not_use(void **state)
{
    struct fx *f = *state;
    char path[400];
    static const char notes[] = "my notes, not a database\n";
    sqlite3 *db;
    struct progress *p;
    /* a folder */
    assert_int_equal(util_mkdirs(f->dir), 0);
    open_fails(f->dir, "is a folder");
    /* a text file */
    snprintf(path, sizeof path, "%s/notes.txt", f->dir);
    write_file(path, notes, sizeof notes - 1);
    open_fails(path, "not a database");
    /* a read-only dojo database */
    snprintf(path, sizeof path, "%s/ro.db", f->dir);
    p = open_ok(path, NULL);
    progress_close(p);
    assert_int_equal(chmod(path, 0444), 0);
    open_fails(path, "read-only");
    /* another program's database */
    snprintf(path, sizeof path, "%s/other.db", f->dir);
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "CREATE TABLE mine(x); INSERT INTO mine VALUES(42)", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    open_fails(path, "another program");
    /* one written by a newer dojo */
    snprintf(path, sizeof path, "%s/newer.db", f->dir);
    p = open_ok(path, NULL);
    progress_close(p);
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    open_fails(path, "newer dojo");
}

/* A dojo database whose first page (the schema) is overwritten with junk:
 * refused as corrupt, never repaired or replaced. */
static void refuses_corrupt_file(void **state)
{
    struct fx *f = *state;
    struct progress *p = open_ok(f->db, NULL);
    struct progress_attempt a = {"limiter", 1, 1, 0, 0, 0.1, 0, 1};
    int fd;
    char junk[3000];
    assert_true(progress_record_attempt(p, &a) > 0);
    progress_close(p);
    memset(junk, 0x5a, sizeof junk);
    fd = open(f->db, O_WRONLY);
    assert_true(fd >= 0);
    assert_int_equal(pwrite(fd, junk, sizeof junk, 100), (ssize_t)sizeof junk);
    close(fd);
    open_fails(f->db, "malformed");
}

/* A second connection holding the write lock for 300 ms: the first waits
 * (busy timeout) and then records. */
static void second_writer_waits(void **state)
{
    struct fx *f = *state;
    struct progress *p = open_ok(f->db, NULL);
    struct progress_attempt a = {"limiter", 1, 1, 0, 0, 0.1, 0, 1};
    int ready[2];
    char c;
    pid_t pid;
    int status;
    assert_int_equal(pipe(ready), 0);
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        sqlite3 *db;
        if (sqlite3_open(f->db, &db) != SQLITE_OK ||
            sqlite3_exec(db, "BEGIN IMMEDIATE; INSERT INTO settings VALUES('holder', 'x')", NULL, NULL, NULL) != SQLITE_OK)
            _exit(1);
        if (write(ready[1], "r", 1) != 1)
            _exit(1);
        usleep(300 * 1000);
        _exit(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK ? 0 : 1);
    }
    assert_int_equal(read(ready[0], &c, 1), 1);
    assert_true(progress_record_attempt(p, &a) > 0);
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    assert_int_equal(progress_get(p, "holder", &c, 1), 1);
    progress_close(p);
    close(ready[0]);
    close(ready[1]);
}

/* recorder: the child of the kill loop: records attempts and reviews
 * tagged `round`, writing each sequence number to `fd` once committed. */
static void recorder(const char *path, int fd, int round)
{
    struct progress *p = NULL;
    char err[512], kata[32];
    if (progress_open(path, NULL, &p, err, sizeof err) != 0)
        _exit(3);
    snprintf(kata, sizeof kata, "round%d", round);
    for (uint32_t seq = 0;; seq++) {
        int64_t id;
        if (seq % 2 == 0) {
            struct progress_attempt a = {kata, seq, (int)seq, 0, 0, 0.01, 0, 0};
            id = progress_record_attempt(p, &a);
        } else {
            struct fsrs_card c = {FSRS_REVIEW, -1, 1, 5, seq, seq};
            id = progress_record_review(p, kata, "kill", 3, &c, seq);
        }
        if (id <= 0 || write(fd, &seq, sizeof seq) != sizeof seq)
            _exit(4);
    }
}

static void kill_loop_loses_nothing(void **state)
{
    struct fx *f = *state;
    struct progress *p = open_ok(f->db, NULL);
    unsigned seed = (unsigned)time(NULL);
    int64_t total = 0;
    int mid_run = 0; /* rounds killed after some records were confirmed */
    progress_close(p);
    srand(seed);
    for (int round = 0; round < 200; round++) {
        int fds[2], status;
        uint32_t seq;
        int64_t confirmed = 0;
        char sql[200];
        pid_t pid;
        assert_int_equal(pipe(fds), 0);
        pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            close(fds[0]);
            recorder(f->db, fds[1], round);
        }
        close(fds[1]);
        /* Nine rounds in ten wait for the first committed record, so the
         * kill lands inside the recording loop however loaded the machine
         * is; the tenth may land while the child opens the file. */
        if (round % 10 != 9) {
            if (read(fds[0], &seq, sizeof seq) != sizeof seq)
                fail_msg("round %d: the recorder died before recording", round);
            confirmed = (int64_t)seq + 1;
        }
        usleep((useconds_t)(rand() % 3000));
        kill(pid, SIGKILL);
        assert_int_equal(waitpid(pid, &status, 0), pid);
        if (!(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL))
            fail_msg("round %d (seed %u): the recorder ended by itself, status %d", round, seed, status);
        while (read(fds[0], &seq, sizeof seq) == sizeof seq)
            confirmed = (int64_t)seq + 1;
        close(fds[0]);
        /* Everything reported committed is there (a record committed but
         * not yet reported may be there too). */
        snprintf(sql, sizeof sql,
                 "SELECT (SELECT count(*) FROM attempts WHERE kata = 'round%d')"
                 " + (SELECT count(*) FROM reviews WHERE qid = 'round%d')",
                 round, round);
        int64_t have = sql_int(f->db, sql);
        if (have < confirmed || have > confirmed + 1)
            fail_msg("round %d (seed %u): %lld records confirmed, %lld in the file", round, seed,
                     (long long)confirmed, (long long)have);
        total += have;
        mid_run += confirmed > 0;
    }
    char ok[32];
    sql_text(f->db, "PRAGMA integrity_check", ok, sizeof ok);
    assert_string_equal(ok, "ok");
    assert_int_equal(sql_int(f->db, "SELECT count(*) FROM attempts") +
                         sql_int(f->db, "SELECT count(*) FROM reviews"),
                     total);
    print_message("kill loop: 200 SIGKILLs, %d mid-run, %lld records checked (seed %u)\n", mid_run,
                  (long long)total, seed);
    assert_true(mid_run >= 180);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(creates_file_in_wal_mode, setup, teardown),
        cmocka_unit_test_setup_teardown(settings_and_lessons, setup, teardown),
        cmocka_unit_test_setup_teardown(commit_drops_derived_cache, setup, teardown),
        cmocka_unit_test_setup_teardown(pass_stays_passed, setup, teardown),
        cmocka_unit_test_setup_teardown(reviews_and_cards, setup, teardown),
        cmocka_unit_test_setup_teardown(imports_text_store, setup, teardown),
        cmocka_unit_test_setup_teardown(migrates_from_every_version, setup, teardown),
        cmocka_unit_test_setup_teardown(refuses_paths_it_must_not_use, setup, teardown),
        cmocka_unit_test_setup_teardown(refuses_corrupt_file, setup, teardown),
        cmocka_unit_test_setup_teardown(second_writer_waits, setup, teardown),
        cmocka_unit_test_setup_teardown(kill_loop_loses_nothing, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
