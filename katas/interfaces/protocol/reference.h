/* reference.h: the plain-C core of the `protocol` kata's reference: the
 * rules that decide whether a value found under a method name fits a
 * protocol's method, and the words for a mismatch, with no Lua in them, so
 * tests/test_protocol.c can test them without a Lua state.
 * The Lua binding lives in reference.c. Depends on the C standard library. */
#ifndef DOJO_KATA_PROTOCOL_REFERENCE_H
#define DOJO_KATA_PROTOCOL_REFERENCE_H

#include <stdbool.h>
#include <stddef.h>

/* One method of a protocol: a name and the number of arguments it takes
 * after self. A protocol in C is a static const array of these. */
struct protocol_method {
    const char *name;
    unsigned arity;
};

/* What an object holds under a method name. */
enum protocol_kind {
    PROTOCOL_MISSING,      /* nothing (nil) */
    PROTOCOL_NOT_FUNCTION, /* a value of type `type_name` */
    PROTOCOL_FUNCTION,     /* a function: see has_arity */
};

/* A description of the value found; strings are borrowed. */
struct protocol_found {
    enum protocol_kind kind;
    const char *type_name; /* NOT_FUNCTION: "number", "string", ... */
    bool has_arity;        /* FUNCTION: nparams and vararg are known */
    unsigned nparams;      /* named parameters, self included */
    bool vararg;           /* ends with `...` */
};

/* protocol_fits: whether a function of `nparams` named parameters (and
 * `...` when vararg) fits a method taking `arity` arguments after self:
 * nparams == arity + 1, or, with `...`, nparams <= arity + 1. Can't fail. */
bool protocol_fits(unsigned arity, unsigned nparams, bool vararg);

/* protocol_explain: the problem with `found` as method `m` of the protocol
 * named `proto`, written into buf (truncated to len - 1 bytes and
 * NUL-terminated when len > 0). Returns the length of the whole message,
 * as snprintf does, or 0, writing "" when len > 0, when the value fits (a
 * function whose arity is unknown fits). The messages:
 *   missing method 'close'
 *   'close' is not a function (got number)
 *   'read' takes [at least ]3 parameters; Reader wants 2 (self + 1)
 * Can't fail. */
size_t protocol_explain(char *buf, size_t len, const char *proto, const struct protocol_method *m,
                        const struct protocol_found *found);

/* protocol_sort: sorts names[0..n) by strcmp, in place (the order of the
 * problems). The strings are not copied. Can't fail. */
void protocol_sort(const char **names, size_t n);

#endif
