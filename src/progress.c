/* progress.c: the SQLite progress store: opening (with the checks that keep
 * a learner's file safe), the schema and its migrations, and one short
 * transaction per record. SQL follows SQLite's own advice: WAL with
 * synchronous=NORMAL (a commit survives a killed process), a busy timeout
 * for a second dojo, BEGIN IMMEDIATE for writes. Depends on sqlite3 (loaded
 * by the first open: lazylib.h), util.h. */
#include "progress.h"

#include <errno.h>
#include <libgen.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lazylib.h"
#include "util.h"

/* libsqlite3, loaded by the first progress_open (lazylib.h), so that runs
 * which never open the store (dojo -e, grading) don't pay for mapping and
 * relocating it: every function this file calls, called as sq.NAME. */
static struct {
    __typeof__(sqlite3_bind_double) *sqlite3_bind_double;
    __typeof__(sqlite3_bind_int) *sqlite3_bind_int;
    __typeof__(sqlite3_bind_int64) *sqlite3_bind_int64;
    __typeof__(sqlite3_bind_text) *sqlite3_bind_text;
    __typeof__(sqlite3_busy_timeout) *sqlite3_busy_timeout;
    __typeof__(sqlite3_close_v2) *sqlite3_close_v2;
    __typeof__(sqlite3_column_double) *sqlite3_column_double;
    __typeof__(sqlite3_column_int) *sqlite3_column_int;
    __typeof__(sqlite3_column_int64) *sqlite3_column_int64;
    __typeof__(sqlite3_column_text) *sqlite3_column_text;
    __typeof__(sqlite3_commit_hook) *sqlite3_commit_hook;
    __typeof__(sqlite3_errcode) *sqlite3_errcode;
    __typeof__(sqlite3_errmsg) *sqlite3_errmsg;
    __typeof__(sqlite3_exec) *sqlite3_exec;
    __typeof__(sqlite3_finalize) *sqlite3_finalize;
    __typeof__(sqlite3_free) *sqlite3_free;
    __typeof__(sqlite3_last_insert_rowid) *sqlite3_last_insert_rowid;
    __typeof__(sqlite3_open_v2) *sqlite3_open_v2;
    __typeof__(sqlite3_prepare_v2) *sqlite3_prepare_v2;
    __typeof__(sqlite3_step) *sqlite3_step;
} sq;
#define SYM(f) {#f, (void **)&sq.f}
static const struct lazylib_sym sq_syms[] = {
    SYM(sqlite3_bind_double), SYM(sqlite3_bind_int), SYM(sqlite3_bind_int64),
    SYM(sqlite3_bind_text), SYM(sqlite3_busy_timeout), SYM(sqlite3_close_v2),
    SYM(sqlite3_column_double), SYM(sqlite3_column_int), SYM(sqlite3_column_int64),
    SYM(sqlite3_column_text), SYM(sqlite3_commit_hook), SYM(sqlite3_errcode), SYM(sqlite3_errmsg),
    SYM(sqlite3_exec), SYM(sqlite3_finalize), SYM(sqlite3_free),
    SYM(sqlite3_last_insert_rowid), SYM(sqlite3_open_v2), SYM(sqlite3_prepare_v2),
    SYM(sqlite3_step),
};
#undef SYM
static struct lazylib sq_lib = {"libsqlite3.so.0", "libsqlite3-0", sq_syms,
                                 sizeof sq_syms / sizeof sq_syms[0], 0, ""};

#define APPLICATION_ID 0x646f6a6f /* "dojo" */
#define BUSY_TIMEOUT_MS 3000

struct progress {
    sqlite3 *db;
    char err[512];
    char derived[4200]; /* progress_derived_path: dropped on every commit */
};

/* on_commit: sqlite3_commit_hook's callback. Whatever was computed from the
 * store and cached beside it (the REPL greeting) is out of date once this
 * commit lands, so the cache file is removed. Returns 0: the commit goes on. */
static int on_commit(void *ud)
{
    struct progress *p = ud;
    if (p->derived[0])
        unlink(p->derived);
    return 0;
}

/* The migrations: step N takes a file from user_version N-1 to N. Never
 * edit a step once released; add one. */
static const char *const migrations[PROGRESS_SCHEMA_VERSION] = {
    /* 1: settings, lessons, katas, attempts */
    "CREATE TABLE settings(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE lessons(name TEXT PRIMARY KEY, first_read INTEGER NOT NULL,"
    "  last_read INTEGER NOT NULL, visits INTEGER NOT NULL DEFAULT 1);"
    "CREATE TABLE katas(id TEXT PRIMARY KEY, started INTEGER, passed INTEGER,"
    "  hints INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE attempts(id INTEGER PRIMARY KEY, kata TEXT NOT NULL, at INTEGER NOT NULL,"
    "  passed INTEGER NOT NULL, failed INTEGER NOT NULL, errors INTEGER NOT NULL,"
    "  duration REAL NOT NULL, hints INTEGER NOT NULL, ok INTEGER NOT NULL);"
    "CREATE INDEX attempts_kata ON attempts(kata, at);",
    /* 2: quiz cards (FSRS state) and reviews */
    "CREATE TABLE cards(qid TEXT PRIMARY KEY, concept TEXT NOT NULL, state INTEGER NOT NULL,"
    "  step INTEGER NOT NULL, stability REAL NOT NULL, difficulty REAL NOT NULL,"
    "  due INTEGER NOT NULL, last_review INTEGER NOT NULL);"
    "CREATE INDEX cards_concept ON cards(concept, due);"
    "CREATE TABLE reviews(id INTEGER PRIMARY KEY, qid TEXT NOT NULL, concept TEXT NOT NULL,"
    "  at INTEGER NOT NULL, rating INTEGER NOT NULL CHECK(rating BETWEEN 1 AND 4),"
    "  state INTEGER NOT NULL, stability REAL NOT NULL, difficulty REAL NOT NULL,"
    "  due INTEGER NOT NULL);"
    "CREATE INDEX reviews_concept ON reviews(concept, at);",
};

static void set_err(struct progress *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void set_err(struct progress *p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->err, sizeof p->err, fmt, ap);
    va_end(ap);
}

/* db_fail: records SQLite's message for a failed call; returns -1. */
static int db_fail(struct progress *p, const char *what)
{
    set_err(p, "%s: %s", what, sq.sqlite3_errmsg(p->db));
    return -1;
}

const char *progress_error(const struct progress *p) { return p ? p->err : ""; }

/* exec: runs SQL without results. 0 or -1. */
static int exec(struct progress *p, const char *sql)
{
    char *msg = NULL;
    if (sq.sqlite3_exec(p->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        set_err(p, "%s", msg ? msg : sq.sqlite3_errmsg(p->db));
        sq.sqlite3_free(msg);
        return -1;
    }
    return 0;
}

/* prepare: a statement for sql, or NULL (error recorded). */
static sqlite3_stmt *prepare(struct progress *p, const char *sql)
{
    sqlite3_stmt *st = NULL;
    if (sq.sqlite3_prepare_v2(p->db, sql, -1, &st, NULL) != SQLITE_OK) {
        db_fail(p, "prepare");
        return NULL;
    }
    return st;
}

/* step_done: steps a statement that returns no row, then finalizes it. */
static int step_done(struct progress *p, sqlite3_stmt *st)
{
    int rc = st ? sq.sqlite3_step(st) : SQLITE_ERROR;
    if (st && rc != SQLITE_DONE)
        db_fail(p, "write");
    sq.sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* int_query: the first column of the first row of sql as an integer
 * (*out), 0; or -1. */
static int int_query(struct progress *p, const char *sql, int64_t *out)
{
    sqlite3_stmt *st = prepare(p, sql);
    int rc;
    if (st == NULL)
        return -1;
    rc = sq.sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *out = sq.sqlite3_column_int64(st, 0);
    else
        db_fail(p, "read");
    sq.sqlite3_finalize(st);
    return rc == SQLITE_ROW ? 0 : -1;
}

int progress_version(struct progress *p)
{
    int64_t v;
    return int_query(p, "PRAGMA user_version", &v) == 0 ? (int)v : -1;
}

/* begin / commit / rollback: one short write transaction. BEGIN IMMEDIATE
 * takes the write lock at once, so a busy database waits the busy timeout
 * here rather than failing half-way. */
static int begin(struct progress *p) { return exec(p, "BEGIN IMMEDIATE"); }

static int commit(struct progress *p) { return exec(p, "COMMIT"); }

static void rollback(struct progress *p)
{
    char keep[sizeof p->err];
    memcpy(keep, p->err, sizeof keep);
    sq.sqlite3_exec(p->db, "ROLLBACK", NULL, NULL, NULL);
    memcpy(p->err, keep, sizeof keep);
}

/* import_line: one "key value" line of the old text store. */
static int import_line(struct progress *p, const char *key, const char *value, int64_t now)
{
    sqlite3_stmt *st;
    if (strncmp(key, "passed.", 7) == 0 && key[7]) {
        st = prepare(p, "INSERT INTO katas(id, started, passed) VALUES(?1, ?2, ?3)"
                        " ON CONFLICT(id) DO UPDATE SET passed = COALESCE(passed, ?3)");
        if (st == NULL)
            return -1;
        sq.sqlite3_bind_text(st, 1, key + 7, -1, SQLITE_TRANSIENT);
        sq.sqlite3_bind_int64(st, 2, now);
        if (strcmp(value, "1") == 0)
            sq.sqlite3_bind_int64(st, 3, now);
        return step_done(p, st);
    }
    if (strncmp(key, "hints.", 6) == 0 && key[6]) {
        st = prepare(p, "INSERT INTO katas(id, hints) VALUES(?1, ?2)"
                        " ON CONFLICT(id) DO UPDATE SET hints = ?2");
        if (st == NULL)
            return -1;
        sq.sqlite3_bind_text(st, 1, key + 6, -1, SQLITE_TRANSIENT);
        sq.sqlite3_bind_int(st, 2, atoi(value));
        return step_done(p, st);
    }
    if (strcmp(key, "lesson") == 0 && progress_lesson_visit(p, value, now) != 0)
        return -1;
    return progress_set(p, key, value);
}

/* import_legacy: every line of the text store at `path` (missing: nothing
 * to do). Later lines win, as app_state_get read them. */
static int import_legacy(struct progress *p, const char *path)
{
    struct stat sb;
    char *text, *line, *save = NULL;
    int rc = 0;
    if (path == NULL || stat(path, &sb) != 0)
        return 0;
    if ((text = util_read_file(path, NULL)) == NULL) {
        set_err(p, "%s: %s", path, strerror(errno));
        return -1;
    }
    for (line = strtok_r(text, "\n", &save); line && rc == 0; line = strtok_r(NULL, "\n", &save)) {
        char *sp = strchr(line, ' ');
        if (sp == NULL || sp == line)
            continue;
        *sp = '\0';
        rc = import_line(p, line, sp + 1, (int64_t)sb.st_mtime);
    }
    free(text);
    return rc;
}

/* migrate: takes the file to `target` in one transaction, importing the
 * legacy text store when it starts from an empty file. */
static int migrate(struct progress *p, const char *legacy, int target)
{
    int64_t v, objects;
    char sql[64];
    if (begin(p) != 0)
        return -1;
    if (int_query(p, "PRAGMA user_version", &v) != 0 ||
        int_query(p, "SELECT count(*) FROM sqlite_master", &objects) != 0)
        goto out_rollback;
    if (v == 0 && objects > 0) {
        set_err(p, "is a SQLite database of another program (dojo leaves it alone)");
        goto out_rollback;
    }
    if (v > PROGRESS_SCHEMA_VERSION) {
        set_err(p, "was written by a newer dojo (schema %d, this dojo knows %d)", (int)v,
                PROGRESS_SCHEMA_VERSION);
        goto out_rollback;
    }
    for (int n = (int)v + 1; n <= target; n++) {
        if (exec(p, migrations[n - 1]) != 0)
            goto out_rollback;
        snprintf(sql, sizeof sql, "PRAGMA application_id = %d", APPLICATION_ID);
        if (n == 1 && (exec(p, sql) != 0 ||
                       import_legacy(p, legacy) != 0))
            goto out_rollback;
        snprintf(sql, sizeof sql, "PRAGMA user_version = %d", n);
        if (exec(p, sql) != 0)
            goto out_rollback;
    }
    return commit(p) == 0 ? 0 : (rollback(p), -1);
out_rollback:
    rollback(p);
    return -1;
}

/* check_path: refuses a folder and a file dojo may not write, before
 * SQLite sees it; creates the parent folder of a new file. */
static int check_path(const char *path, char *err, size_t errcap)
{
    struct stat sb;
    char dir[4096];
    if (stat(path, &sb) == 0) {
        if (S_ISDIR(sb.st_mode)) {
            snprintf(err, errcap, "%s: is a folder, not a progress database", path);
            return -1;
        }
        if (!S_ISREG(sb.st_mode)) {
            snprintf(err, errcap, "%s: is not a regular file", path);
            return -1;
        }
        /* The write bits too: root may write anything, but a learner who
         * made the file read-only meant it. */
        if (access(path, R_OK | W_OK) != 0 || (sb.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)) == 0) {
            snprintf(err, errcap, "%s: %s", path,
                     access(path, R_OK) == 0 ? "is read-only" : "cannot be read");
            return -1;
        }
        return 0;
    }
    snprintf(dir, sizeof dir, "%s", path);
    if (util_mkdirs(dirname(dir)) != 0) {
        snprintf(err, errcap, "%s: cannot create its folder: %s", path, strerror(errno));
        return -1;
    }
    return 0;
}

/* foreign: refuses a database dojo did not write (another application id,
 * or tables without a schema version) or one from a newer dojo, before any
 * PRAGMA could change a byte of it. 0 when dojo may use it, else -1. */
static int foreign(struct progress *p, int64_t appid, int64_t *version)
{
    int64_t v, objects;
    if (int_query(p, "PRAGMA user_version", &v) != 0 ||
        int_query(p, "SELECT count(*) FROM sqlite_master", &objects) != 0)
        return -1;
    if ((appid != 0 && appid != APPLICATION_ID) || (v == 0 && objects > 0)) {
        set_err(p, "is a SQLite database of another program (dojo leaves it alone)");
        return -1;
    }
    if (v > PROGRESS_SCHEMA_VERSION) {
        set_err(p, "was written by a newer dojo (schema %d, this dojo knows %d)", (int)v,
                PROGRESS_SCHEMA_VERSION);
        return -1;
    }
    *version = v;
    return 0;
}

int progress_open_version(const char *path, const char *legacy, int version,
                          struct progress **out, char *err, size_t errcap)
{
    struct progress *p;
    int64_t appid, have;
    *out = NULL;
    if (version < 1 || version > PROGRESS_SCHEMA_VERSION) {
        snprintf(err, errcap, "%s: no schema version %d", path, version);
        return -1;
    }
    if (check_path(path, err, errcap) != 0)
        return -1;
    if (lazylib_load(&sq_lib, err, errcap) != 0)
        return -1;
    if ((p = calloc(1, sizeof *p)) == NULL) {
        snprintf(err, errcap, "%s: out of memory", path);
        return -1;
    }
    if (sq.sqlite3_open_v2(path, &p->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
        goto out_fail;
    sq.sqlite3_busy_timeout(p->db, BUSY_TIMEOUT_MS);
    if (progress_derived_path(path, p->derived, sizeof p->derived) != 0)
        p->derived[0] = '\0';
    sq.sqlite3_commit_hook(p->db, on_commit, p);
    /* Reading the header first: a file that is not a database fails here,
     * before anything could be written to it. */
    if (int_query(p, "PRAGMA application_id", &appid) != 0) {
        set_err(p, "%s (dojo leaves it alone)",
                sq.sqlite3_errcode(p->db) == SQLITE_NOTADB ? "is not a database" : sq.sqlite3_errmsg(p->db));
        goto out_fail;
    }
    if (foreign(p, appid, &have) != 0)
        goto out_fail;
    /* WAL is a property of the file, set once when dojo creates it;
     * synchronous is per connection. The migration transaction only runs
     * when there is something to migrate: start-up stays cheap. */
    if ((have == 0 && exec(p, "PRAGMA journal_mode = WAL") != 0) ||
        exec(p, "PRAGMA synchronous = NORMAL") != 0 ||
        (have < version && migrate(p, legacy, version) != 0))
        goto out_fail;
    *out = p;
    return 0;
out_fail:
    snprintf(err, errcap, "%s: %s", path,
             p->err[0] ? p->err : p->db ? sq.sqlite3_errmsg(p->db) : "cannot open");
    progress_close(p);
    return -1;
}

int progress_derived_path(const char *path, char *out, size_t cap)
{
    int n = snprintf(out, cap, "%s-greeting", path);
    return n < 0 || (size_t)n >= cap ? -1 : 0;
}

int progress_open(const char *path, const char *legacy, struct progress **out, char *err,
                  size_t errcap)
{
    return progress_open_version(path, legacy, PROGRESS_SCHEMA_VERSION, out, err, errcap);
}

void progress_close(struct progress *p)
{
    if (p == NULL)
        return;
    sq.sqlite3_close_v2(p->db);
    free(p);
}

/* text_query: the first column of the first row as text into out. */
static int text_query(struct progress *p, sqlite3_stmt *st, char *out, size_t cap)
{
    int rc;
    out[0] = '\0';
    if (st == NULL)
        return -1;
    rc = sq.sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        const unsigned char *t = sq.sqlite3_column_text(st, 0);
        snprintf(out, cap, "%s", t ? (const char *)t : "");
    } else if (rc != SQLITE_DONE) {
        db_fail(p, "read");
    }
    sq.sqlite3_finalize(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int progress_get(struct progress *p, const char *key, char *out, size_t cap)
{
    sqlite3_stmt *st = prepare(p, "SELECT value FROM settings WHERE key = ?1");
    if (st)
        sq.sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
    return text_query(p, st, out, cap);
}

int progress_set(struct progress *p, const char *key, const char *value)
{
    sqlite3_stmt *st = prepare(p, "INSERT INTO settings(key, value) VALUES(?1, ?2)"
                                  " ON CONFLICT(key) DO UPDATE SET value = ?2");
    if (st == NULL)
        return -1;
    sq.sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
    sq.sqlite3_bind_text(st, 2, value, -1, SQLITE_TRANSIENT);
    return step_done(p, st);
}

int progress_lesson_visit(struct progress *p, const char *name, int64_t now)
{
    sqlite3_stmt *st = prepare(p, "INSERT INTO lessons(name, first_read, last_read) VALUES(?1, ?2, ?2)"
                                  " ON CONFLICT(name) DO UPDATE SET last_read = ?2, visits = visits + 1");
    if (st == NULL)
        return -1;
    sq.sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
    sq.sqlite3_bind_int64(st, 2, now);
    return step_done(p, st);
}

/* count_query: a count(*) with one text parameter (NULL binds nothing). */
static int64_t count_query(struct progress *p, const char *sql, const char *arg)
{
    sqlite3_stmt *st = prepare(p, sql);
    int64_t n = -1;
    if (st == NULL)
        return -1;
    if (arg)
        sq.sqlite3_bind_text(st, 1, arg, -1, SQLITE_TRANSIENT);
    if (sq.sqlite3_step(st) == SQLITE_ROW)
        n = sq.sqlite3_column_int64(st, 0);
    else
        db_fail(p, "read");
    sq.sqlite3_finalize(st);
    return n;
}

int progress_lesson_read(struct progress *p, const char *name)
{
    int64_t n = count_query(p, "SELECT count(*) FROM lessons WHERE name = ?1", name);
    return n < 0 ? -1 : n > 0;
}

int progress_kata_start(struct progress *p, const char *id, int64_t now)
{
    sqlite3_stmt *st = prepare(p, "INSERT INTO katas(id, started) VALUES(?1, ?2)"
                                  " ON CONFLICT(id) DO UPDATE SET started = COALESCE(started, ?2)");
    if (st == NULL)
        return -1;
    sq.sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
    sq.sqlite3_bind_int64(st, 2, now);
    return step_done(p, st);
}

int progress_kata_status(struct progress *p, const char *id)
{
    sqlite3_stmt *st = prepare(p, "SELECT passed IS NOT NULL, started IS NOT NULL FROM katas WHERE id = ?1");
    int rc, status = PROGRESS_NEW;
    if (st == NULL)
        return -1;
    sq.sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
    rc = sq.sqlite3_step(st);
    if (rc == SQLITE_ROW)
        status = sq.sqlite3_column_int(st, 0) ? PROGRESS_PASSED
                 : sq.sqlite3_column_int(st, 1) ? PROGRESS_STARTED
                                             : PROGRESS_NEW;
    else if (rc != SQLITE_DONE)
        status = db_fail(p, "read");
    sq.sqlite3_finalize(st);
    return status;
}

/* each_row: fn(ud, text column 0, int column 1) for every row of sql. */
static int each_row(struct progress *p, const char *sql, void (*fn)(void *, const char *, int), void *ud)
{
    sqlite3_stmt *st = prepare(p, sql);
    int rc;
    if (st == NULL)
        return -1;
    while ((rc = sq.sqlite3_step(st)) == SQLITE_ROW)
        fn(ud, (const char *)sq.sqlite3_column_text(st, 0), sq.sqlite3_column_int(st, 1));
    sq.sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : db_fail(p, "read");
}

int progress_each_kata(struct progress *p, void (*fn)(void *ud, const char *id, int status), void *ud)
{
    return each_row(p, "SELECT id, CASE WHEN passed IS NOT NULL THEN 2 WHEN started IS NOT NULL THEN 1"
                       " ELSE 0 END FROM katas", fn, ud);
}

int progress_each_lesson(struct progress *p, void (*fn)(void *ud, const char *name, int status), void *ud)
{
    return each_row(p, "SELECT name, 1 FROM lessons", fn, ud);
}

int progress_kata_hints(struct progress *p, const char *id)
{
    int64_t n = count_query(p, "SELECT COALESCE(max(hints), 0) FROM katas WHERE id = ?1", id);
    return (int)n;
}

int progress_set_kata_hints(struct progress *p, const char *id, int n)
{
    sqlite3_stmt *st = prepare(p, "INSERT INTO katas(id, hints) VALUES(?1, ?2)"
                                  " ON CONFLICT(id) DO UPDATE SET hints = ?2");
    if (st == NULL)
        return -1;
    sq.sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
    sq.sqlite3_bind_int(st, 2, n);
    return step_done(p, st);
}

int64_t progress_record_attempt(struct progress *p, const struct progress_attempt *a)
{
    sqlite3_stmt *st;
    int64_t id;
    if (begin(p) != 0)
        return -1;
    st = prepare(p, "INSERT INTO attempts(kata, at, passed, failed, errors, duration, hints, ok)"
                    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    if (st == NULL)
        goto out_rollback;
    sq.sqlite3_bind_text(st, 1, a->kata, -1, SQLITE_TRANSIENT);
    sq.sqlite3_bind_int64(st, 2, a->at);
    sq.sqlite3_bind_int(st, 3, a->passed);
    sq.sqlite3_bind_int(st, 4, a->failed);
    sq.sqlite3_bind_int(st, 5, a->errors);
    sq.sqlite3_bind_double(st, 6, a->duration);
    sq.sqlite3_bind_int(st, 7, a->hints);
    sq.sqlite3_bind_int(st, 8, a->ok != 0);
    if (step_done(p, st) != 0)
        goto out_rollback;
    id = sq.sqlite3_last_insert_rowid(p->db);
    /* A pass is for good: COALESCE keeps the first pass time. */
    st = prepare(p, "INSERT INTO katas(id, started, passed) VALUES(?1, ?2, ?3)"
                    " ON CONFLICT(id) DO UPDATE SET started = COALESCE(started, ?2),"
                    " passed = COALESCE(passed, ?3)");
    if (st == NULL)
        goto out_rollback;
    sq.sqlite3_bind_text(st, 1, a->kata, -1, SQLITE_TRANSIENT);
    sq.sqlite3_bind_int64(st, 2, a->at);
    if (a->ok)
        sq.sqlite3_bind_int64(st, 3, a->at);
    if (step_done(p, st) != 0 || commit(p) != 0)
        goto out_rollback;
    return id;
out_rollback:
    rollback(p);
    return -1;
}

int64_t progress_attempt_count(struct progress *p, const char *id)
{
    return id ? count_query(p, "SELECT count(*) FROM attempts WHERE kata = ?1", id)
              : count_query(p, "SELECT count(*) FROM attempts", NULL);
}

int progress_card(struct progress *p, const char *qid, struct fsrs_card *card)
{
    sqlite3_stmt *st = prepare(p, "SELECT state, step, stability, difficulty, due, last_review"
                                  " FROM cards WHERE qid = ?1");
    int rc;
    if (st == NULL)
        return -1;
    sq.sqlite3_bind_text(st, 1, qid, -1, SQLITE_TRANSIENT);
    rc = sq.sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        card->state = sq.sqlite3_column_int(st, 0);
        card->step = sq.sqlite3_column_int(st, 1);
        card->stability = sq.sqlite3_column_double(st, 2);
        card->difficulty = sq.sqlite3_column_double(st, 3);
        card->due = sq.sqlite3_column_int64(st, 4);
        card->last_review = sq.sqlite3_column_int64(st, 5);
    } else if (rc != SQLITE_DONE) {
        db_fail(p, "read");
    }
    sq.sqlite3_finalize(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int64_t progress_record_review(struct progress *p, const char *qid, const char *concept,
                               int rating, const struct fsrs_card *c, int64_t at)
{
    sqlite3_stmt *st;
    int64_t id;
    if (begin(p) != 0)
        return -1;
    st = prepare(p, "INSERT INTO reviews(qid, concept, at, rating, state, stability, difficulty, due)"
                    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    if (st == NULL)
        goto out_rollback;
    sq.sqlite3_bind_text(st, 1, qid, -1, SQLITE_TRANSIENT);
    sq.sqlite3_bind_text(st, 2, concept, -1, SQLITE_TRANSIENT);
    sq.sqlite3_bind_int64(st, 3, at);
    sq.sqlite3_bind_int(st, 4, rating);
    sq.sqlite3_bind_int(st, 5, c->state);
    sq.sqlite3_bind_double(st, 6, c->stability);
    sq.sqlite3_bind_double(st, 7, c->difficulty);
    sq.sqlite3_bind_int64(st, 8, c->due);
    if (step_done(p, st) != 0)
        goto out_rollback;
    id = sq.sqlite3_last_insert_rowid(p->db);
    st = prepare(p, "INSERT OR REPLACE INTO cards(qid, concept, state, step, stability, difficulty,"
                    " due, last_review) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    if (st == NULL)
        goto out_rollback;
    sq.sqlite3_bind_text(st, 1, qid, -1, SQLITE_TRANSIENT);
    sq.sqlite3_bind_text(st, 2, concept, -1, SQLITE_TRANSIENT);
    sq.sqlite3_bind_int(st, 3, c->state);
    sq.sqlite3_bind_int(st, 4, c->step);
    sq.sqlite3_bind_double(st, 5, c->stability);
    sq.sqlite3_bind_double(st, 6, c->difficulty);
    sq.sqlite3_bind_int64(st, 7, c->due);
    sq.sqlite3_bind_int64(st, 8, c->last_review);
    if (step_done(p, st) != 0 || commit(p) != 0)
        goto out_rollback;
    return id;
out_rollback:
    rollback(p);
    return -1;
}

int progress_quiz_stats(struct progress *p, const char *concept, int64_t now, int window,
                        struct progress_quiz_stats *out)
{
    sqlite3_stmt *st;
    int rc;
    memset(out, 0, sizeof *out);
    st = prepare(p, "SELECT count(*), COALESCE(sum(due <= ?2), 0),"
                    " COALESCE(min(CASE WHEN due > ?2 THEN due END), 0), COALESCE(sum(state = 2), 0)"
                    " FROM cards WHERE concept = ?1");
    if (st == NULL)
        return -1;
    sq.sqlite3_bind_text(st, 1, concept, -1, SQLITE_TRANSIENT);
    sq.sqlite3_bind_int64(st, 2, now);
    if ((rc = sq.sqlite3_step(st)) == SQLITE_ROW) {
        out->cards = sq.sqlite3_column_int(st, 0);
        out->due = sq.sqlite3_column_int(st, 1);
        out->next_due = sq.sqlite3_column_int64(st, 2);
        out->learned = sq.sqlite3_column_int(st, 3);
    }
    sq.sqlite3_finalize(st);
    if (rc != SQLITE_ROW)
        return db_fail(p, "read");
    if (window <= 0)
        return 0;
    st = prepare(p, "SELECT count(*), COALESCE(sum(rating >= 3), 0) FROM"
                    " (SELECT rating FROM reviews WHERE concept = ?1 ORDER BY at DESC, id DESC LIMIT ?2)");
    if (st == NULL)
        return -1;
    sq.sqlite3_bind_text(st, 1, concept, -1, SQLITE_TRANSIENT);
    sq.sqlite3_bind_int(st, 2, window);
    if ((rc = sq.sqlite3_step(st)) == SQLITE_ROW) {
        out->recent = sq.sqlite3_column_int(st, 0);
        out->good = sq.sqlite3_column_int(st, 1);
    }
    sq.sqlite3_finalize(st);
    return rc == SQLITE_ROW ? 0 : db_fail(p, "read");
}

/* daily_counts: adds rows of (day index, count) from sql into arr. */
static int daily_counts(struct progress *p, const char *sql, int64_t first_day, int days, int *arr)
{
    sqlite3_stmt *st = prepare(p, sql);
    int rc;
    if (st == NULL)
        return -1;
    sq.sqlite3_bind_int64(st, 1, first_day * 86400);
    while ((rc = sq.sqlite3_step(st)) == SQLITE_ROW) {
        int64_t d = sq.sqlite3_column_int64(st, 0) - first_day;
        if (d >= 0 && d < days)
            arr[d] += sq.sqlite3_column_int(st, 1);
    }
    sq.sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : db_fail(p, "read");
}

int progress_daily(struct progress *p, int64_t now, int days, int *reviews, int *attempts)
{
    int64_t first = now / 86400 - (days - 1);
    memset(reviews, 0, sizeof *reviews * (size_t)days);
    memset(attempts, 0, sizeof *attempts * (size_t)days);
    if (daily_counts(p, "SELECT at / 86400, count(*) FROM reviews WHERE at >= ?1 GROUP BY 1",
                     first, days, reviews) != 0)
        return -1;
    return daily_counts(p, "SELECT at / 86400, count(*) FROM attempts WHERE at >= ?1 GROUP BY 1",
                        first, days, attempts);
}
