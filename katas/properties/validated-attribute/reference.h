/* reference.h: the plain-C core of the `validated-attribute` kata's
 * reference: property specs in the style of GObject's GParamSpec (a name,
 * a value type, a range, a default) and the check a setter runs against
 * one, with no Lua in it, so tests/test_validated_attribute.c can test it
 * without a Lua state. The Lua binding lives in reference.c. */
#ifndef DOJO_KATA_VALIDATED_ATTRIBUTE_REFERENCE_H
#define DOJO_KATA_VALIDATED_ATTRIBUTE_REFERENCE_H

#include <stdbool.h>
#include <stddef.h>

/* The value types a spec can ask for ("string", "number", ...). */
enum prop_type {
    PROP_STRING,
    PROP_NUMBER,
    PROP_INTEGER,
    PROP_BOOLEAN,
    PROP_TABLE,
    PROP_FUNCTION,
};

/* One property spec, GParamSpec's counterpart. `min_text`/`max_text` are
 * the bounds as the messages print them (Lua's tostring: "0", "1.5"), kept
 * beside the numbers so that the core never guesses how to print a number.
 * Ownership: name and the texts are borrowed; whoever fills the struct
 * keeps them alive as long as the spec is used. */
struct prop_spec {
    const char *name;
    enum prop_type type;
    bool optional; /* nil is allowed */
    bool has_min, has_max;
    double min, max;
    const char *min_text, *max_text;
};

/* What a Lua value is, as far as a check is concerned. */
enum prop_kind {
    PROP_KIND_NIL,
    PROP_KIND_BOOLEAN,
    PROP_KIND_INTEGER,  /* an integer, or a float with an integral value */
    PROP_KIND_FLOAT,    /* any other float: 3.5, inf, nan */
    PROP_KIND_STRING,
    PROP_KIND_TABLE,
    PROP_KIND_FUNCTION,
    PROP_KIND_OTHER,    /* thread, userdata */
};

/* A value to check. `number` is set for the two number kinds; `text` is
 * what tostring gives for numbers and booleans, the raw bytes (`len` of
 * them) for a string, unused otherwise; `type_name` is Lua's type(v).
 * Borrowed, like the spec's strings. */
struct prop_value {
    enum prop_kind kind;
    double number;
    const char *text;
    size_t len;
    const char *type_name;
};

/* prop_parse_type: reads a type name ("integer") into *out. Returns false
 * for an unknown name, leaving *out alone. Can't fail otherwise. */
bool prop_parse_type(const char *name, enum prop_type *out);

/* prop_type_name: the name of a type, "?" for a value out of range. */
const char *prop_type_name(enum prop_type type);

/* prop_validate: checks v against spec, as a setter does before it stores.
 * Returns 0 when v may be stored. Otherwise returns -1 and writes the
 * message into msg (cap bytes, always NUL-terminated when cap > 0,
 * truncated if need be), one of:
 *   "age: integer expected, got string \"x\""   (type; nil not optional)
 *   "age: -1 is below the minimum 0"            (also NaN: not >= min)
 *   "age: 200 is above the maximum 150"
 * The value shows as "<type> <text>" for numbers and booleans, "string"
 * and the text quoted as Lua's %q quotes it, and its type alone for the
 * rest. Never reads past v->len bytes of a string. */
int prop_validate(const struct prop_spec *spec, const struct prop_value *v, char *msg, size_t cap);

/* prop_spec_check: checks a spec itself, as class-making time does:
 * returns -1 and writes "min 10 is above max 5" into msg when the range is
 * empty, else 0. */
int prop_spec_check(const struct prop_spec *spec, char *msg, size_t cap);

/* prop_lookup: the spec named `name` among specs[0 .. n-1], else NULL
 * (g_object_class_find_property's job). Linear: classes have a handful. */
const struct prop_spec *prop_lookup(const struct prop_spec *specs, size_t n, const char *name);

#endif
