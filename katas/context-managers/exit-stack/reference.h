/* reference.h: the plain-C core of the `exit-stack` kata's reference: an
 * exit stack of cleanup functions pushed at run time and unwound last in,
 * first out, each handed the error as it stands, every one run even when
 * one fails. No Lua here, so that tests/test_exit_stack.c can test it.
 * Depends on the C standard library only. */
#ifndef DOJO_KATA_EXIT_STACK_REFERENCE_H
#define DOJO_KATA_EXIT_STACK_REFERENCE_H

#include <stdbool.h>
#include <stddef.h>

/* An exit: undoes one thing. Gets its `ud` and the error in flight (0 for
 * none; errors are negative ints); may set *suppress (which starts false)
 * to swallow that error; returns 0, or an error of its own that replaces
 * the one in flight. */
typedef int (*exit_stack_fn)(void *ud, int err, bool *suppress);

struct exit_stack_entry {
    exit_stack_fn fn;
    void *ud; /* borrowed: the exit's own business */
};

/* An exit stack. Ownership: the stack owns its `items` array (malloc'ed,
 * grown by push, freed by exit_stack_free); the uds are borrowed. */
struct exit_stack {
    struct exit_stack_entry *items;
    size_t n, cap;
};

/* exit_stack_init: an empty stack; allocates nothing. Can't fail. */
void exit_stack_init(struct exit_stack *s);

/* exit_stack_push: pushes an exit. Returns 0, or -1 when out of memory
 * (then the stack is unchanged, and the caller must undo the thing itself:
 * it has not been registered). */
int exit_stack_push(struct exit_stack *s, exit_stack_fn fn, void *ud);

/* exit_stack_unwind: pops and runs every exit, last pushed first, with
 * `err` (0 for none) in flight: an exit that fails puts its error in
 * flight for the ones after it; one that sets *suppress clears the error
 * in flight. Returns the error still in flight at the end: 0 when there
 * was none or it was swallowed; `err` itself when nobody changed it; else
 * a new error, which replaces `err`. The stack is empty afterwards (its
 * array is kept for reuse). Exits pushed while unwinding run too. */
int exit_stack_unwind(struct exit_stack *s, int err);

/* exit_stack_pop_all: moves every exit of `from` to `to` (which must be
 * empty and own no array), leaving `from` empty. Can't fail. */
void exit_stack_pop_all(struct exit_stack *from, struct exit_stack *to);

/* exit_stack_free: frees the array without running anything; the stack is
 * empty and may be used again. */
void exit_stack_free(struct exit_stack *s);

#endif
