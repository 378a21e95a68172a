/* reference.h: the plain-C core of the `locked` kata's reference: a lock
 * interface, a scope guard built on GCC/Clang's `cleanup` variable
 * attribute (LOCK_GUARD), and locked_call(), which holds a lock around a
 * call and always releases it. No Lua here, so that tests/test_locked.c
 * can test it with a recording lock. Needs GCC or Clang. */
#ifndef DOJO_KATA_LOCKED_REFERENCE_H
#define DOJO_KATA_LOCKED_REFERENCE_H

#if !defined(__GNUC__)
#error "LOCK_GUARD needs __attribute__((cleanup)): GCC or Clang"
#endif

/* A lock: embed struct lock as the first member of your own lock type and
 * point `ops` at a static const vtable. acquire and release return 0, or a
 * negative error: a failed acquire holds nothing; a failed release still
 * leaves the lock free (it is reported, never retried). */
struct lock;
struct lock_ops {
    int (*acquire)(struct lock *lk);
    int (*release)(struct lock *lk);
};
struct lock {
    const struct lock_ops *ops;
};

/* A scope guard: holds `lock` (NULL when the acquire failed) until the
 * variable goes out of scope. Make it with LOCK_GUARD, never by hand. */
struct lock_guard {
    struct lock *lock;
    int acquire_rc; /* 0, or why the acquire failed */
    int *release_rc; /* where the release's result goes; may be NULL */
};

/* lock_guard_acquire: acquires `lk` and returns a guard holding it, or
 * holding nothing (lock NULL, acquire_rc set) when the acquire failed.
 * `release_rc`, when not NULL, receives the release's result later. */
struct lock_guard lock_guard_acquire(struct lock *lk, int *release_rc);

/* lock_guard_release: the guard's cleanup function: releases the lock if
 * the guard holds one, writes the result to *release_rc, and empties the
 * guard. Running it twice releases once. Can't fail itself. */
void lock_guard_release(struct lock_guard *g);

/* LOCK_GUARD(name, lk, release_rc): declares `name`, a guard that acquires
 * `lk` now and releases it when `name` goes out of scope, by any path:
 * the end of the block, return, break, goto. C's spelling of Lua's
 * `local name <close> = ...`. Check name.acquire_rc before relying on the
 * lock. A cleanup function runs after a `return` expression has been
 * evaluated, so it can't change what the function returns: put the guard
 * in an inner block and read *release_rc after it (see locked_call). */
#define LOCK_GUARD(name, lk, release_rc)                                                         \
    __attribute__((cleanup(lock_guard_release))) struct lock_guard name =                       \
        lock_guard_acquire((lk), (release_rc))

/* locked_call: acquires `lk`, calls fn(arg), releases `lk` whatever fn
 * returned. Returns the acquire's error (fn not called, nothing to
 * release); else the release's error if it failed (it replaces fn's, as
 * an exception in __exit__ replaces the block's); else fn's result. */
int locked_call(struct lock *lk, int (*fn)(void *arg), void *arg);

#endif
