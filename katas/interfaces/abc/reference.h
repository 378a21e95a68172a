/* reference.h: the plain-C core of the `abc` kata's reference: which
 * abstract methods a class still lacks, over classes the checker reads
 * only through a vtable, so tests/test_abc.c can test it without Lua.
 * The Lua binding lives in reference.c. Depends on the C standard library. */
#ifndef DOJO_KATA_ABC_REFERENCE_H
#define DOJO_KATA_ABC_REFERENCE_H

#include <stddef.h>

/* The longest chain of classes (a class, its parent, ...) the checker
 * walks; a longer one, or a cycle, is an error. */
#define ABC_MAX_DEPTH 32

/* What a class itself (not its ancestors) holds under a method name. */
enum abc_slot {
    ABC_ABSENT,   /* nothing: look in the parent */
    ABC_FUNCTION, /* an implementation */
    ABC_OTHER,    /* something that is not a function: hides the parent's */
};

/* How the checker reads a class it knows nothing about: a vtable, one
 * static const instance per representation of classes (abc_static_ops
 * below for C data; the Lua binding has one for Lua tables). `cls` is the
 * representation's own pointer. Names returned stay owned by the class and
 * must stay valid while the check runs. None of these may fail. */
struct abc_class_ops {
    const void *(*base)(const void *cls);                 /* the parent, NULL at the root */
    const char *(*name)(const void *cls);                 /* for messages */
    size_t (*nabstract)(const void *cls);                 /* names this class itself declares */
    const char *(*abstract_at)(const void *cls, size_t i); /* the i-th, 0-based */
    enum abc_slot (*slot)(const void *cls, const char *method);
};

/* abc_declared: the number of abstract declarations along the chain from
 * `cls` up (a name declared twice counts twice): enough room for
 * abc_missing's `out`. Returns -1 when the chain is longer than
 * ABC_MAX_DEPTH (or loops). */
long abc_declared(const struct abc_class_ops *ops, const void *cls);

/* abc_missing: the names declared abstract anywhere on the chain from `cls`
 * up that `cls` does not implement: walking from `cls` towards the root,
 * the first class whose slot is not ABC_ABSENT decides, and only
 * ABC_FUNCTION implements. Writes them to out[0..n), sorted by strcmp, each
 * once, and returns n. The strings belong to the classes. Returns -1 when
 * the chain is too long or loops, -2 when `cap` < n; `out` is then
 * unspecified. abc_declared() gives a `cap` that is always enough. */
long abc_missing(const struct abc_class_ops *ops, const void *cls, const char **out, size_t cap);

/* abc_message: writes "can't instantiate NAME: missing method 'a'" (or
 * "missing methods 'a', 'b'") for the n >= 1 names in `missing` into buf,
 * truncated to len - 1 bytes and NUL-terminated when len > 0. Returns the
 * length of the whole message (as snprintf does), so a caller can size a
 * buffer with a first call of len 0. Can't fail. */
size_t abc_message(char *buf, size_t len, const char *name, const char *const *missing,
                   size_t n);

/* ---- Classes as static const C data ----------------------------------- */

/* A method a C class defines: a name and a function pointer. fn NULL
 * stands for a field that is not a function. */
struct abc_method {
    const char *name;
    void (*fn)(void);
};

/* A class as static const data, like CPython's static PyTypeObject. All
 * pointers are borrowed: the arrays live as long as the class. */
struct abc_static_class {
    const char *name;
    const struct abc_static_class *base; /* NULL at the root */
    const char *const *abstract;         /* NULL-terminated, or NULL */
    const struct abc_method *methods;    /* ends with {NULL, NULL}, or NULL */
};

/* The vtable reading struct abc_static_class. */
extern const struct abc_class_ops abc_static_ops;

/* abc_static_find: dispatch: the function implementing `method` for
 * `cls`, found on the class or the nearest ancestor that has the name, or
 * NULL when none has it or the nearest one's field is not a function.
 * Can't fail. */
void (*abc_static_find(const struct abc_static_class *cls, const char *method))(void);

#endif
