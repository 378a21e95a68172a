/* reference.h: the plain-C core of the `log-to-db` capstone's reference:
 * the log-line parser, the bookkeeping of a fixed pool of writers sharing
 * one source of batches, and a guard that closes a connection exactly
 * once. No Lua in it, so tests/test_log_to_db.c can test it without a Lua
 * state. Lines are cut by the streaming splitter of the `log-pipeline`
 * kata (katas/generators/log-pipeline/reference.h), reused as it is. The
 * Lua binding lives in reference.c. */
#ifndef DOJO_KATA_LOG_TO_DB_REFERENCE_H
#define DOJO_KATA_LOG_TO_DB_REFERENCE_H

#include <stdbool.h>
#include <stddef.h>

/* A part of a line: borrowed, valid as long as the line is. */
struct log_to_db_field {
    const char *start;
    size_t len;
};

/* One record: "user action payload...". */
struct log_to_db_record {
    struct log_to_db_field user;    /* non-space bytes, >= 1 */
    struct log_to_db_field action;  /* non-space bytes, >= 1 */
    struct log_to_db_field payload; /* what follows one space; may be empty */
};

/* log_to_db_parse: parses line (len bytes, no '\n') as Lua's pattern
 * "^(%S+) (%S+)(.*)$" whose rest is empty or starts with a space; the
 * payload is the rest without that space. Space means C's isspace in the
 * "C" locale, as Lua's %s. Returns true and fills *rec, or false for any
 * other line (rec unspecified). Can't fail otherwise. */
bool log_to_db_parse(const char *line, size_t len, struct log_to_db_record *rec);

/* The bookkeeping of `limit` writers that share one source of batches:
 * each takes a batch (take), writes it (begin, then done), and stops when
 * the source has ended, which the first writer to see it reports (end) so
 * that no writer asks the source again. The struct is the caller's. */
struct log_to_db_pool {
    size_t limit;         /* the number of writers */
    size_t running;       /* writes begun and not yet done */
    size_t max_running;   /* the most writes ever running at once */
    size_t batches;       /* writes done */
    size_t items;         /* items in the batches done */
    bool ended;           /* the source has ended */
};

/* log_to_db_pool_init: a pool of `limit` writers, nothing written. Returns
 * 0, or -1 when limit is 0. */
int log_to_db_pool_init(struct log_to_db_pool *p, size_t limit);

/* log_to_db_pool_take: may a writer ask the source for another batch?
 * False once the source has ended. Can't fail. */
bool log_to_db_pool_take(const struct log_to_db_pool *p);

/* log_to_db_pool_end: the source said it has no more batches. Idempotent. */
void log_to_db_pool_end(struct log_to_db_pool *p);

/* log_to_db_pool_begin: a write of a batch begins. Returns 0, or -1 when
 * all `limit` writers are already writing (a bug in the caller). */
int log_to_db_pool_begin(struct log_to_db_pool *p);

/* log_to_db_pool_done: a write of a batch of `items` items ended well.
 * Returns 0, or -1 when no write was running (a bug in the caller). */
int log_to_db_pool_done(struct log_to_db_pool *p, size_t items);

/* A connection's guard, the C spelling of a context manager: opened once,
 * closed exactly once, whatever path leaves the scope. */
enum log_to_db_conn { LOG_TO_DB_UNOPENED, LOG_TO_DB_OPEN, LOG_TO_DB_CLOSED };
struct log_to_db_guard {
    enum log_to_db_conn state;
};

/* log_to_db_guard_opened: the connection is open now. */
void log_to_db_guard_opened(struct log_to_db_guard *g);

/* log_to_db_guard_close: true when the caller must close the connection
 * now (it is open), false when there is nothing to close (never opened, or
 * closed already). Marks it closed. Can't fail. */
bool log_to_db_guard_close(struct log_to_db_guard *g);

#endif
