/* reference.h: the plain-C core of the `optional-args` kata's reference:
 * the two decisions of a decorator with optional arguments (decorate this
 * argument, or read it as options? which option does this key name?), with
 * no Lua, so tests/test_optional_args.c can test them without a Lua state.
 * The Lua binding lives in reference.c. Depends on the C library only. */
#ifndef DOJO_KATA_OPTIONAL_ARGS_REFERENCE_H
#define DOJO_KATA_OPTIONAL_ARGS_REFERENCE_H

#include <stdbool.h>
#include <stddef.h>

/* The defaults of the two options. */
#define OPTIONAL_ARGS_DEFAULT_LEVEL "info"
#define OPTIONAL_ARGS_DEFAULT_NAME "?"

/* A value's type, as far as the decision needs it. */
enum optional_args_type {
    OPTIONAL_ARGS_TYPE_FUNCTION, /* type(v) == "function" */
    OPTIONAL_ARGS_TYPE_TABLE,    /* type(v) == "table" */
    OPTIONAL_ARGS_TYPE_OTHER,    /* nil, boolean, number, string, userdata, thread */
};

/* What log_calls was given. */
enum optional_args_kind {
    OPTIONAL_ARGS_CALLABLE, /* decorate it now, with the default options */
    OPTIONAL_ARGS_OPTIONS,  /* a table of options: return a decorator */
    OPTIONAL_ARGS_INVALID,  /* neither: a "bad argument" error */
};

/* The options log_calls{...} knows. */
enum optional_args_option {
    OPTIONAL_ARGS_LEVEL,   /* "level" */
    OPTIONAL_ARGS_NAME,    /* "name" */
    OPTIONAL_ARGS_UNKNOWN, /* any other key */
};

/* optional_args_classify: what a value of type `type` means as the argument
 * of log_calls. `has_call` is true when the value's metatable has a non-nil
 * __call field (whatever its type: Lua calls such a value like a function).
 * Callable (a function, or any value with __call) wins over table, so a
 * callable table is decorated, not read as options; a table without __call
 * is options; anything else is invalid. Can't fail. */
enum optional_args_kind optional_args_classify(enum optional_args_type type, bool has_call);

/* optional_args_option: which option the key `key` of `len` bytes names
 * (the bytes are compared exactly, so a key with an embedded '\0' is
 * unknown). `key` is borrowed, read only during the call; NULL (for a key
 * that isn't a string) gives OPTIONAL_ARGS_UNKNOWN. Can't fail. */
enum optional_args_option optional_args_option(const char *key, size_t len);

#endif
