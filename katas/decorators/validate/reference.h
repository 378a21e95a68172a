/* reference.h: the plain-C core of the `validate` kata's reference: parsing
 * a type such as "integer?", deciding whether a kind of value fits it, and
 * writing the error messages, with no Lua in it, so tests/test_validate.c
 * can test it without a Lua state. The Lua binding lives in reference.c.
 * Depends on the C standard library only. */
#ifndef DOJO_KATA_VALIDATE_REFERENCE_H
#define DOJO_KATA_VALIDATE_REFERENCE_H

#include <stdbool.h>
#include <stddef.h>

/* The type names a signature may use (before an optional '?'). */
enum validate_base {
    VALIDATE_ANY,      /* "any": anything but nil */
    VALIDATE_NIL,      /* "nil" */
    VALIDATE_BOOLEAN,  /* "boolean" */
    VALIDATE_NUMBER,   /* "number": integer or float */
    VALIDATE_INTEGER,  /* "integer": a number with an integer value */
    VALIDATE_STRING,   /* "string" */
    VALIDATE_TABLE,    /* "table" */
    VALIDATE_FUNCTION, /* "function" */
    VALIDATE_THREAD,   /* "thread" */
    VALIDATE_USERDATA, /* "userdata" (full or light) */
};

/* One entry of a signature: a base type, and whether nil is allowed too
 * (a trailing '?'). A plain value: copy it freely. */
struct validate_type {
    enum validate_base base;
    bool optional;
};

/* What a value is, as far as the checks need to know: Lua's type(), with
 * numbers split by whether they have an integer value. */
enum validate_kind {
    VALIDATE_KIND_NIL,      /* nil, or a missing value */
    VALIDATE_KIND_BOOLEAN,
    VALIDATE_KIND_INTEGRAL, /* an integer, or a float with an integer value (3.0) */
    VALIDATE_KIND_FLOAT,    /* any other float: 3.5, inf, nan */
    VALIDATE_KIND_STRING,
    VALIDATE_KIND_TABLE,
    VALIDATE_KIND_FUNCTION,
    VALIDATE_KIND_THREAD,
    VALIDATE_KIND_USERDATA,
};

/* A value that doesn't fit its entry: everything its message names. The
 * strings are borrowed: they must stay valid during the format call. */
struct validate_mismatch {
    bool is_return;            /* a result of the function, or an argument */
    int index;                 /* its position, from 1 */
    const char *value_name;    /* the entry's name, or NULL for an unnamed entry */
    const char *function_name; /* the function's name ("?" when it has none) */
    struct validate_type expected;
    enum validate_kind got;
};

/* validate_parse_type: parses the `len` bytes at `text` (which need not be
 * NUL-terminated) as a type: one of the base names (any, nil, boolean,
 * number, integer, string, table, function, thread, userdata), optionally
 * followed by one '?'. On success stores it in *out and returns true; on
 * failure ("strng", "", "?", "string??") leaves *out alone and returns
 * false. Borrows `text` during the call only. */
bool validate_parse_type(const char *text, size_t len, struct validate_type *out);

/* validate_fits: true when a value of kind `got` fits `expected`: nil fits
 * an optional type and "nil"; otherwise "any" takes anything, "number"
 * both kinds of number, "integer" only INTEGRAL, and every other base
 * exactly its kind. Can't fail. */
bool validate_fits(struct validate_type expected, enum validate_kind got);

/* validate_base_name: the name of `base` as a signature spells it ("any",
 * "integer", ...): a static string, never NULL. */
const char *validate_base_name(enum validate_base base);

/* validate_got_name: how a message names a value of kind `got` that failed
 * `expected`: Lua's type() name ("number" for both kinds of number), except
 * "float" for a FLOAT that failed an "integer" entry. A static string,
 * never NULL. */
const char *validate_got_name(struct validate_type expected, enum validate_kind got);

/* validate_format_mismatch: writes the message for `m`, such as
 *   bad argument #2 'times' to 'greet' (integer expected, got float)
 *   bad return value #1 from 'greet' (number expected, got string)
 * into buf (cap bytes, NUL-terminated, truncated if too small) with
 * snprintf's contract: returns the length of the whole message, not
 * counting the NUL, whatever cap is (so buf = NULL, cap = 0 measures it),
 * or a negative number on an encoding error. */
int validate_format_mismatch(char *buf, size_t cap, const struct validate_mismatch *m);

/* validate_format_count: writes the message for `got` values where at most
 * `max` were allowed, such as
 *   too many arguments to 'greet' (expected at most 2, got 3)
 *   too many return values from 'greet' (expected at most 1, got 2)
 * with the same buffer contract as validate_format_mismatch.
 * `function_name` is borrowed during the call. */
int validate_format_count(char *buf, size_t cap, bool is_return, const char *function_name,
                          int max, int got);

#endif
