/* record.h: the record protocol between a grading child and its parent.
 * The child frames each result as a bounded binary record in a fixed buffer
 * (no allocation) and writes it whole or dies; the parent validates every
 * record (type, lengths, test ids in order, verdict and kind known) and caps
 * every string where it reads it, with a note of how much was cut.
 * Depends on report/report.h and util.h. */
#ifndef DOJO_RECORD_H
#define DOJO_RECORD_H

#include <stddef.h>

#include "report/report.h"
#include "util.h"

/* Caps on what one string field may carry, in bytes (the child cuts to
 * these; the parent refuses longer ones and cuts again to its budget). */
#define RECORD_NAME_MAX 512u   /* test name, suite */
#define RECORD_TEXT_MAX 2048u  /* message, output, expected, actual */
#define RECORD_CODE_MAX 4096u  /* the test's source (from the spec file) */
#define RECORD_LINE_MAX 160u   /* the failing spec line's text; a helper's "file:line" */

/* Learner text (message, output, expected, actual) one run may keep, in
 * weighted bytes (a byte that a format escapes counts as 6): once spent,
 * each further field keeps RECORD_TEXT_SPENT at most. Bounds a report's size
 * whatever the number of failing tests. */
#define RECORD_RUN_BUDGET (16u << 10)
#define RECORD_TEXT_SPENT 128u

/* Test source (from the spec, for Exercism's test_code) one run may keep;
 * past it a case keeps none. */
#define RECORD_CODE_BUDGET (64u << 10)

/* Cases one run may hold; more is a protocol error. With the caps above a
 * run stays under about 25 MB however the child behaves (10000 cases of at
 * most 2.5 KB once the budgets are spent). */
#define RECORD_MAX_CASES 10000

/* The largest payload a valid record has (an 'F' with every field full). */
#define RECORD_PAYLOAD_MAX (64u + 9u * 8u + 2u * RECORD_NAME_MAX + 4u * RECORD_TEXT_MAX + RECORD_CODE_MAX + \
                            2u * RECORD_LINE_MAX)

/* Exit status of a grading child whose record could not go out whole. */
#define RECORD_EXIT_WRITE 3

/* --- child side: each returns 0, or -1 when the write failed (the record
 * may be partly written: the caller must _exit, never write again). Strings
 * longer than their cap are cut (at a UTF-8 boundary) and sent with their
 * full length. `c->file`, `score`, `max_score`, `hidden`, `task_id` are not
 * sent (the parent knows or computes them). */
int record_send_start(int fd, int id, const char *name, int line);
int record_send_case(int fd, const struct report_case *c);
int record_send_error(int fd, const char *message);
int record_send_done(int fd);

/* --- parent side ------------------------------------------------------ */
struct record_reader {
    struct sbuf buf;      /* bytes read, not yet decoded (< one record + a chunk) */
    int skip_through;     /* the child does not report tests up to this id */
    int last_id;          /* id of the last test that finished, or skip_through */
    int started_id;       /* the test in progress, 0 = none */
    char started_name[RECORD_NAME_MAX + 64];
    int started_line;
    int done;             /* 'D' seen */
    char *fatal;          /* 'E' message (malloc'ed, capped), or NULL */
    int broken;           /* a malformed record was seen; nothing more is read */
    char why[160];        /* ... and what was wrong with it */
    int lost;             /* a case could not be stored (no memory): the run is marked errored */
    size_t output_limit;  /* bytes of output a test may print (0: unknown): an
                             output-limit error says it in the learner's words */
};

/* record_reader_init: an empty reader for a child that skips tests up to
 * `skip_through`. Can't fail. */
void record_reader_init(struct record_reader *rd, int skip_through);

/* record_reader_free: frees what the reader holds; init before reuse. */
void record_reader_free(struct record_reader *rd);

/* record_feed: takes n bytes the child wrote, decodes every whole record in
 * them and appends each finished test to `run` (its cases' file is `file`).
 * Returns 0, or -1 when a record is malformed (rd->broken and rd->why set:
 * the caller kills the child and reports a crash of rd->started_id). Once
 * broken, every call returns -1. Memory: rd->buf never holds more than one
 * record plus n bytes; every string kept is capped (see above). When a case
 * can't be stored for lack of memory the run is marked errored (report_add
 * does it) and rd->lost is set: a result is never dropped silently. */
int record_feed(struct record_reader *rd, const void *bytes, size_t n, struct report_run *run,
                const char *file);

/* record_cap: a malloc'ed copy of the n bytes at s, cut so that its weight
 * (bytes, a byte that formats escape counting 6) stays within `cap`, at a
 * UTF-8 boundary; when anything was cut (or `full` > n: the sender cut it
 * already), `note` is appended, formatted with the full length and the
 * bytes kept ("%zu", "%zu" in that order). NULL when memory runs out.
 * *weight (may be NULL) gets the weight kept. */
char *record_cap(const char *s, size_t n, size_t full, size_t cap, const char *note, size_t *weight);

#endif
