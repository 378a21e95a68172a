/* progress.h: the learner's progress store, one SQLite file: lessons read,
 * kata attempts (time, verdict counts, duration, hints), katas passed, quiz
 * cards (FSRS state) and every review, plus a few key/value settings.
 * WAL mode, a busy timeout and one short transaction per record, so a
 * `dojo watch` beside the REPL can write too. Depends on sqlite3, fsrs.h.
 *
 * Ownership: a struct progress owns its database connection until
 * progress_close. Strings passed in are copied by SQLite; strings handed out
 * are copied into caller buffers. Every function returns a negative value
 * (or 0 for "not found") on error and writes nothing through its out
 * pointers then; none of them exits, and none deletes or rewrites a file
 * that is not a dojo database. */
#ifndef DOJO_PROGRESS_H
#define DOJO_PROGRESS_H

#include <stddef.h>
#include <stdint.h>

#include "fsrs.h"

/* Schema versions (PRAGMA user_version): 0 empty file; 1 settings, lessons,
 * katas, attempts (and the old text store imported); 2 quiz cards and
 * reviews. progress_open migrates any earlier version to the latest. */
#define PROGRESS_SCHEMA_VERSION 2

struct progress;

enum progress_kata { PROGRESS_NEW = 0, PROGRESS_STARTED = 1, PROGRESS_PASSED = 2 };

/* progress_open: opens (creating it and its folder if missing) the store at
 * `path` and migrates it to PROGRESS_SCHEMA_VERSION. When the file is new
 * (version 0) and `legacy` names a readable text store of "key value" lines
 * (app.c's old $STATE/dojo/progress), its entries are imported in the same
 * transaction as the first migration; the text file is left as it was.
 * Returns 0 with *out set (free with progress_close), or -1 with *out NULL
 * and a one-line reason in `err` (capacity errcap): the path is a folder, is
 * read-only, is not a database, is corrupt, or was written by a newer dojo.
 * The file is never truncated, replaced or deleted on failure. */
int progress_open(const char *path, const char *legacy, struct progress **out, char *err,
                  size_t errcap);

/* progress_open_version: progress_open, migrating only up to `version`
 * (1..PROGRESS_SCHEMA_VERSION). For the migration tests. */
int progress_open_version(const char *path, const char *legacy, int version,
                          struct progress **out, char *err, size_t errcap);

/* progress_close: closes the connection (checkpointing the WAL). NULL is
 * allowed. */
void progress_close(struct progress *p);

/* progress_derived_path: the path of the cache kept beside the store at
 * `path` ("PATH-greeting": text computed from the store, such as the REPL's
 * greeting) into out (capacity cap). Every commit to the store removes that
 * file, so a cache that exists is never older than the store's last write.
 * 0, or -1 when the path does not fit. */
int progress_derived_path(const char *path, char *out, size_t cap);

/* progress_error: the last error's message (owned by p, valid until the next
 * call), "" when there was none. */
const char *progress_error(const struct progress *p);

/* progress_version: the file's PRAGMA user_version, or -1 on error. */
int progress_version(struct progress *p);

/* progress_get: the setting under `key` copied into out (capacity cap,
 * truncated to fit). 1 found, 0 not found (out = ""), -1 error. */
int progress_get(struct progress *p, const char *key, char *out, size_t cap);

/* progress_set: stores `value` under `key`. 0 or -1. */
int progress_set(struct progress *p, const char *key, const char *value);

/* progress_lesson_visit: records that lesson `name` (its file name, e.g.
 * "01-closures.md") was read at `now` (Unix seconds). 0 or -1. */
int progress_lesson_visit(struct progress *p, const char *name, int64_t now);

/* progress_lesson_read: 1 when lesson `name` was ever read, 0 if not, -1. */
int progress_lesson_read(struct progress *p, const char *name);

/* progress_kata_start: marks kata `id` started at `now` (a passed kata stays
 * passed). 0 or -1. */
int progress_kata_start(struct progress *p, const char *id, int64_t now);

/* progress_kata_status: PROGRESS_NEW, _STARTED or _PASSED, or -1. */
int progress_kata_status(struct progress *p, const char *id);

/* progress_each_kata / progress_each_lesson: calls fn for every kata with
 * a record (its id and PROGRESS_STARTED or _PASSED) / every lesson read
 * (its name), in one query. 0 or -1. */
int progress_each_kata(struct progress *p, void (*fn)(void *ud, const char *id, int status), void *ud);
int progress_each_lesson(struct progress *p, void (*fn)(void *ud, const char *name, int status), void *ud);

/* progress_kata_hints / progress_set_kata_hints: how many hints of kata `id`
 * were shown (0 when none, -1 on error); sets that count (0 or -1). */
int progress_kata_hints(struct progress *p, const char *id);
int progress_set_kata_hints(struct progress *p, const char *id, int n);

/* One graded attempt at a kata. */
struct progress_attempt {
    const char *kata;  /* kata id */
    int64_t at;        /* Unix seconds */
    int passed, failed, errors; /* test counts by verdict */
    double duration;   /* seconds, wall clock */
    int hints;         /* hints shown before this attempt */
    int ok;            /* non-zero: every test passed */
};

/* progress_record_attempt: appends the attempt and, when it passed, marks
 * the kata passed for good (a later failing attempt is only an attempt).
 * One transaction. Returns the attempt's row id (> 0) or -1. */
int64_t progress_record_attempt(struct progress *p, const struct progress_attempt *a);

/* progress_attempt_count: attempts recorded for kata `id` (NULL: all), -1. */
int64_t progress_attempt_count(struct progress *p, const char *id);

/* progress_card: the FSRS card of question `qid` into *card. 1 found, 0 no
 * card yet (never reviewed), -1 error. */
int progress_card(struct progress *p, const char *qid, struct fsrs_card *card);

/* progress_record_review: stores review `rating` (1..4) of question `qid`
 * (of `concept`) at `at`, and the card's state after it, in one
 * transaction. Returns the review's row id (> 0) or -1. */
int64_t progress_record_review(struct progress *p, const char *qid, const char *concept,
                               int rating, const struct fsrs_card *after, int64_t at);

/* Per-concept quiz figures. */
struct progress_quiz_stats {
    int cards;      /* questions reviewed at least once */
    int due;        /* of those, due at `now` */
    int learned;    /* of those, in FSRS's Review state (past the learning steps) */
    int recent;     /* reviews among the last `window` */
    int good;       /* of those, rated Good or Easy */
    int64_t next_due; /* earliest due time of a card not yet due, 0 if none */
};

/* progress_quiz_stats: the figures for `concept` at `now`, retention taken
 * over its last `window` reviews (window 0: not asked, recent and good stay
 * 0). 0 or -1. */
int progress_quiz_stats(struct progress *p, const char *concept, int64_t now, int window,
                        struct progress_quiz_stats *out);

/* progress_daily: how many reviews and kata attempts fell on each of the
 * `days` days ending with the day of `now` (UTC days; index days-1 is
 * today). Arrays of `days` ints, zeroed first. 0 or -1. */
int progress_daily(struct progress *p, int64_t now, int days, int *reviews, int *attempts);

#endif
