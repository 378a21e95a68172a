/* validate.h: what validate.c (the command, the kata checks) and
 * validate_lesson.c (lessons, links, quizzes) share: the list of check
 * records and how one is added. Internal to `dojo validate`.
 * Depends on app.h, util.h.
 *
 * Ownership: a validate_ctx owns its records and their strings. */
#ifndef DOJO_VALIDATE_H
#define DOJO_VALIDATE_H

#include <stddef.h>

#include "app.h"
#include "util.h"

/* One check: what was checked (`target`, "kata counter", "lesson
 * 01-closures.md"), which check, whether it held, where the fault is (file
 * "" and line 0 when unknown) and what is wrong (or a note when ok). */
struct validate_check {
    char *target, *check, *file, *message;
    int line, ok;
};

struct validate_ctx {
    struct app *a;
    char pack[4400];         /* the pack root of the target: links resolve there */
    int json;                /* 1: keep the records for one JSON object at the end */
    int whole_pack;          /* 1: a whole pack, so ids must be unique */
    struct validate_check *checks; /* kept only with json */
    size_t n, cap;
    int pass, fail;
    struct sbuf ids; /* "\nID\n..." of the katas seen so far */
};

/* validate_add: records one check (message printf-style, NULL for none):
 * printed at once as "ok - TARGET: CHECK[: MESSAGE]" or "not ok - TARGET:
 * CHECK: FILE:LINE: MESSAGE" in human mode, kept for write_json otherwise.
 * Can't fail: out of memory, the record is dropped but still counted. */
void validate_add(struct validate_ctx *v, int ok, const char *target, const char *check,
                  const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

/* validate_split_error: splits "FILE:LINE: message" (kata_load's, lesson_load's
 * and quiz_parse's errors) into file (capacity cap), *line and *msg (into
 * err). Returns 1, or 0 when err has no such prefix (*msg = err, line 0). */
int validate_split_error(const char *err, char *file, size_t cap, int *line, const char **msg);

/* validate_text_line: the 1-based line of the first `needle` in text, 0
 * when absent (or text is NULL). */
int validate_text_line(const char *text, const char *needle);

/* validate_kata: every check of the kata in folder `dir` (kata_list's
 * callback; ud is the validate_ctx). */
void validate_kata(const char *dir, void *ud);

/* validate_lesson_file: the checks of one lesson file (validate_lesson.c):
 * it loads, its ```lua blocks run (or fail with the error they show), its
 * mentions of katas resolve in v->pack, its quiz questions hold. */
void validate_lesson_file(struct validate_ctx *v, const char *path);

/* validate_lessons: validate_lesson_file for every .md file in pack/lessons. */
void validate_lessons(struct validate_ctx *v, const char *pack);

#endif
