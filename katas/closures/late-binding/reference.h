/* reference.h: the plain-C core of the `late-binding` kata's reference:
 * closures made in a loop, capturing a variable by reference (a shared,
 * reference-counted cell) or a value by copy, with no Lua in it, so that
 * tests/test_late_binding.c can test it without a Lua state. The Lua
 * binding lives in reference.c. Depends on the C standard library only. */
#ifndef DOJO_KATA_LATE_BINDING_REFERENCE_H
#define DOJO_KATA_LATE_BINDING_REFERENCE_H

#include <stddef.h>

/* A captured variable: a box on the heap that outlives the loop iteration
 * (or the function) that declared the variable, what CPython calls a cell
 * and Lua a closed upvalue. Every closure that captured the variable points
 * at the same cell, so an assignment through one is seen by all.
 *
 * Ownership, for the whole family: a cell made by late_binding_fresh() or
 * late_binding_shared() is malloc'ed and reference-counted: each closure
 * pointing at it holds one reference, and late_binding_release() drops
 * them, freeing a cell with its last one. A cell set up with
 * late_binding_cell_init() in storage the caller provides (the stack, a
 * Lua userdata) is the caller's: refs stays 0 and nothing here frees it. */
struct late_binding_cell {
    long long value;
    unsigned refs; /* closures pointing here; 0 when the caller owns it */
};

struct late_binding_closure;

/* The code of a closure: returns the value it sees, reading whatever the
 * closure captured. */
typedef long long (*late_binding_code)(const struct late_binding_closure *self);

/* A closure, by hand: code plus what it captured, either a variable (a
 * pointer to its cell: late binding, the value is read at call time) or a
 * value (a copy taken when the closure was made: early binding, Python's
 * `lambda i=i: i`). Copying the struct with `=` takes no reference. */
struct late_binding_closure {
    late_binding_code code;
    struct late_binding_cell *cell; /* captured by reference; NULL if by value */
    long long copy;                 /* captured by value; unused if by reference */
};

/* late_binding_cell_init: sets up a caller-owned cell holding `value`
 * (refs = 0: not counted). Can't fail. */
void late_binding_cell_init(struct late_binding_cell *cell, long long value);

/* late_binding_read_cell: the code of a closure that captured a variable:
 * returns self->cell->value as it is now. Can't fail. */
long long late_binding_read_cell(const struct late_binding_closure *self);

/* late_binding_read_copy: the code of a closure that captured a value:
 * returns self->copy. Can't fail. */
long long late_binding_read_copy(const struct late_binding_closure *self);

/* late_binding_fresh: fills out[0 .. n-1] as a loop that declares a new
 * variable on every iteration would: out[i] captures a cell of its own,
 * holding i + 1. Allocates n cells (one reference each). Returns 0, or -1
 * when out of memory, with nothing left allocated (out[] is then
 * meaningless and must not be released). Nothing is allocated for n = 0. */
int late_binding_fresh(struct late_binding_closure *out, size_t n);

/* late_binding_shared: fills out[0 .. n-1] as a loop over one variable
 * declared before it would: every closure captures the same cell, which
 * the loop counts from 0 to n, so each of them returns n. Allocates one
 * cell, with n references, when n > 0; nothing for n = 0. Returns 0, or
 * -1 when out of memory, with nothing allocated. */
int late_binding_shared(struct late_binding_closure *out, size_t n);

/* late_binding_fixed: fills out[0 .. n-1] as shared's loop would, but
 * with each closure capturing the counter's value at the time it is made,
 * a copy, as Python's `lambda i=i: i` does: out[i] returns i + 1.
 * Allocates nothing and can't fail; releasing the closures is allowed and
 * does nothing. */
void late_binding_fixed(struct late_binding_closure *out, size_t n);

/* late_binding_call: calls closure `f`: f->code(f). Returns the value it
 * sees. Can't fail. */
long long late_binding_call(const struct late_binding_closure *f);

/* late_binding_assign: assigns `value` to the variable `f` captured, as a
 * setter closure made beside `f` would; every closure sharing the cell
 * sees it. Returns 0, or -1 when `f` captured a value, not a variable
 * (there is nothing to assign to; nothing changes). */
int late_binding_assign(const struct late_binding_closure *f, long long value);

/* late_binding_release: drops the references held by fs[0 .. n-1], freeing
 * each cell with its last reference, and sets every fs[i].cell to NULL.
 * Closures captured by value, or already released, are skipped. Can't
 * fail. */
void late_binding_release(struct late_binding_closure *fs, size_t n);

#endif
