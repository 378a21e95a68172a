/* reference.h: the plain-C core of the `descriptor` kata's reference:
 * descriptor objects that hold a check and no data, behind a static const
 * table of operations (a vtable), and the private key under which an
 * instance keeps a descriptor's value. No Lua in it, so
 * tests/test_descriptor.c can test it without a Lua state. The Lua binding
 * lives in reference.c. */
#ifndef DOJO_KATA_DESCRIPTOR_REFERENCE_H
#define DOJO_KATA_DESCRIPTOR_REFERENCE_H

#include <stdbool.h>
#include <stddef.h>

/* A value to check, as the caller sees it: its Lua type name, whether it
 * is a number and which, and how a message shows it after "got "
 * ("number 0", "string \"9\"", "table"). Strings are borrowed. */
struct desc_value {
    const char *type_name;
    bool is_number;
    double number;
    const char *shown;
};

struct descriptor;

/* The operations of one kind of descriptor (positive, typed). Static
 * data, shared by every descriptor of that kind. */
struct descriptor_ops {
    const char *kind;
    /* expects: what a message says is expected ("positive number"). */
    const char *(*expects)(const struct descriptor *d);
    /* accepts: may v be stored? */
    bool (*accepts)(const struct descriptor *d, const struct desc_value *v);
};

/* A descriptor: its operations and its settings, never a value of any
 * instance. One descriptor may serve any number of attributes of any
 * number of classes. Plain data: copy it, embed it, no destructor. */
struct descriptor {
    const struct descriptor_ops *ops;
    char type_name[16]; /* typed: the type() name it accepts */
};

extern const struct descriptor_ops desc_positive_ops;
extern const struct descriptor_ops desc_typed_ops;

/* desc_init_positive: d accepts positive, finite numbers. Can't fail. */
void desc_init_positive(struct descriptor *d);

/* desc_init_typed: d accepts values whose type() is type_name, one of
 * Lua's eight type names. Returns 0, or -1 for any other name, with d
 * untouched. */
int desc_init_typed(struct descriptor *d, const char *type_name);

/* desc_check: what d's set does before it stores: 0 when v may be stored
 * as attribute `name`; otherwise -1 and msg (cap bytes, NUL-terminated,
 * truncated if need be) says "price: positive number expected, got number
 * 0". */
int desc_check(const struct descriptor *d, const char *name, const struct desc_value *v,
               char *msg, size_t cap);

/* desc_private_key: writes "_" followed by name into buf, the key under
 * which an instance keeps the value (Python keeps it in the instance's
 * __dict__ under a private name too). Returns the key's length, or -1 if
 * it does not fit in cap bytes (buf is then an empty string if cap > 0). */
int desc_private_key(const char *name, char *buf, size_t cap);

#endif
