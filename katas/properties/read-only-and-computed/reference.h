/* reference.h: the plain-C core of the `read-only-and-computed` kata's
 * reference: a rectangle object with GObject-style properties, one static
 * table of property specs (name, id, READABLE/WRITABLE flags) and the two
 * accessors get_property/set_property that switch on the id, with no Lua
 * in it, so tests/test_read_only_and_computed.c can test it without a Lua
 * state. The Lua binding lives in reference.c. */
#ifndef DOJO_KATA_READ_ONLY_AND_COMPUTED_REFERENCE_H
#define DOJO_KATA_READ_ONLY_AND_COMPUTED_REFERENCE_H

#include <stdbool.h>
#include <stddef.h>

/* Property flags, GParamFlags' G_PARAM_READABLE and G_PARAM_WRITABLE. */
enum { RECT_READABLE = 1, RECT_WRITABLE = 2 };

/* Property ids, as a GObject class numbers its properties from 1. */
enum rect_prop_id {
    RECT_PROP_ID = 1,
    RECT_PROP_WIDTH,
    RECT_PROP_HEIGHT,
    RECT_PROP_AREA,
    RECT_PROP_PERIMETER,
    RECT_PROP_IS_SQUARE,
};

/* One installed property. Static data: nothing to free. */
struct rect_pspec {
    const char *name;
    enum rect_prop_id id;
    unsigned flags;
};

/* The instance's private data: only what is stored. The area, perimeter
 * and is_square are not here: they are computed on every read. */
struct rect {
    long long id;
    double width, height; /* positive and finite, always */
};

/* A property's value: id is an integer, is_square a boolean, the rest
 * numbers. */
enum rect_kind { RECT_INTEGER, RECT_NUMBER, RECT_BOOLEAN };
struct rect_value {
    enum rect_kind kind;
    long long integer;
    double number;
    bool boolean;
};

/* A value to set, as the caller sees it: whether it is a number, the
 * number, and how a message shows it after "got " ("number 0",
 * "string \"5\"", "nil"); `shown` is borrowed. */
struct rect_arg {
    bool is_number;
    double number;
    const char *shown;
};

/* The installed properties, in a fixed order, and how many there are. */
extern const struct rect_pspec rect_properties[];
extern const size_t rect_n_properties;

/* rect_find_property: the spec named `name`, or NULL (what
 * g_object_class_find_property does). Can't fail otherwise. */
const struct rect_pspec *rect_find_property(const char *name);

/* rect_get_property: the value of property `id` of r, computed now for
 * the computed ones. Every property is readable. Can't fail; an unknown
 * id gives the integer 0. */
struct rect_value rect_get_property(const struct rect *r, enum rect_prop_id id);

/* rect_set_property: sets the property `pspec` of r to v. Returns 0, or
 * -1 with the message in msg (cap bytes, NUL-terminated, truncated if need
 * be) and r unchanged:
 *   "'area' is read-only"                             (not WRITABLE)
 *   "width: positive number expected, got number 0"   (not > 0, NaN, inf)
 */
int rect_set_property(struct rect *r, const struct rect_pspec *pspec, const struct rect_arg *v,
                      char *msg, size_t cap);

/* rect_init: a new rectangle with this id: width, then height, checked as
 * rect_set_property checks them. Returns 0, or -1 with the message of the
 * first bad one (and *r unspecified). */
int rect_init(struct rect *r, long long id, const struct rect_arg *width,
              const struct rect_arg *height, char *msg, size_t cap);

#endif
