/* reference.h: the plain-C core of the `suppress` kata's reference:
 * Python's `with` statement as a C function over a context-manager vtable
 * (cm_with), a context manager that suppresses listed error codes, and the
 * plain substring search the Lua binding matches messages with. No Lua
 * here, so that tests/test_suppress.c can test it alone.
 * Depends on the C standard library only. */
#ifndef DOJO_KATA_SUPPRESS_REFERENCE_H
#define DOJO_KATA_SUPPRESS_REFERENCE_H

#include <stdbool.h>
#include <stddef.h>

/* A context manager in C: a static const vtable plus the object it works
 * on. Error codes are ints: 0 means none, negative values are errors.
 * - enter(cm): sets up; returns 0 or an error (then nothing was set up);
 * - exit(cm, err, &suppress): tears down after a block that ended with
 *   `err` (0 if it succeeded); sets *suppress to true to swallow `err`
 *   (ignored when err is 0); returns 0, or an error of its own, which
 *   replaces `err`. *suppress starts false. */
struct cm_ops {
    int (*enter)(void *cm);
    int (*exit)(void *cm, int err, bool *suppress);
};

/* The block run inside cm_with: returns 0 or a negative error. */
typedef int (*cm_body)(void *arg);

/* cm_with: runs `body(arg)` between ops->enter(cm) and ops->exit(cm, ...),
 * with Python's rules (PEP 343): when enter fails, its error is returned
 * and neither body nor exit runs; otherwise exit always runs and gets
 * body's result; an error from exit is returned in place of body's; a
 * body error that exit suppressed becomes 0. Returns 0 or an error. */
int cm_with(const struct cm_ops *ops, void *cm, cm_body body, void *arg);

/* A suppress context manager: swallows the error codes in codes[0..n-1].
 * The array is borrowed and must outlive it. Use it with suppress_ops. */
struct suppress_cm {
    const int *codes;
    size_t n;
};

/* The vtable of struct suppress_cm: enter does nothing; exit suppresses an
 * error found in the list and never fails. */
extern const struct cm_ops suppress_ops;

/* suppress_text_contains: true when needle[0..nlen) occurs in
 * text[0..len) as plain bytes (no patterns; zero bytes allowed). An empty
 * needle occurs everywhere. Can't fail. */
bool suppress_text_contains(const char *text, size_t len, const char *needle, size_t nlen);

#endif
