/* reference.h: the plain-C core of the `contextmanager` kata's reference:
 * the state machine of a context manager made from a generator (CPython's
 * _GeneratorContextManager), as a struct with a state field and functions
 * that turn "how did the generator's resume end" into "what enter or exit
 * must do". No Lua and no coroutines here, so that
 * tests/test_contextmanager.c can walk every path. Depends on <stdbool.h>. */
#ifndef DOJO_KATA_CONTEXTMANAGER_REFERENCE_H
#define DOJO_KATA_CONTEXTMANAGER_REFERENCE_H

#include <stdbool.h>

/* Where a generator context manager is in its one life. */
enum cmgen_state {
    CMGEN_FRESH,   /* made, not entered */
    CMGEN_ENTERED, /* the generator waits at its yield; the block runs */
    CMGEN_DONE,    /* exited, or failed: it can't be used again */
};

/* How one resume of the generator ended. */
enum cmgen_resume {
    CMGEN_YIELDED,  /* it yielded */
    CMGEN_RETURNED, /* its function returned: the coroutine is dead */
    CMGEN_RAISED,   /* it raised an error */
};

/* What enter or exit does next. */
enum cmgen_verdict {
    CMGEN_GIVE,     /* enter: return what the generator yielded */
    CMGEN_FINISHED, /* exit: teardown done, nothing to swallow: return false */
    CMGEN_SUPPRESS, /* exit: the generator handled the thrown error: return true */
    CMGEN_PASS,     /* exit: the thrown error came back out unchanged: return false */
    CMGEN_RAISE,    /* raise the generator's own error */
    CMGEN_NO_YIELD, /* enter: it returned without yielding: raise "didn't yield" */
    CMGEN_NO_STOP,  /* exit: it yielded again: raise "didn't stop" */
    CMGEN_MISUSE,   /* a second enter, or an exit without enter: raise */
};

/* A generator context manager's state. Plain data: copy, embed or put it
 * in a Lua userdata; nothing to free. */
struct cmgen {
    enum cmgen_state state;
};

/* cmgen_init: a fresh context manager. Can't fail. */
void cmgen_init(struct cmgen *g);

/* cmgen_enter: call before the first resume. Returns CMGEN_GIVE when the
 * generator may be started (the state becomes ENTERED), or CMGEN_MISUSE
 * when this one was entered before (nothing changes). */
enum cmgen_verdict cmgen_enter(struct cmgen *g);

/* cmgen_entered: the verdict on the first resume's outcome `r`: GIVE for
 * a yield; NO_YIELD for a return and RAISE for an error, both of which
 * leave the context manager DONE. */
enum cmgen_verdict cmgen_entered(struct cmgen *g, enum cmgen_resume r);

/* cmgen_exit: call before the second resume. Returns CMGEN_FINISHED when
 * the generator may be resumed (the state becomes DONE), or CMGEN_MISUSE
 * when it is not ENTERED (nothing changes). */
enum cmgen_verdict cmgen_exit(struct cmgen *g);

/* cmgen_exited: the verdict on the second resume's outcome `r`. `thrown`:
 * the block's error was raised at the yield; `same_error`: for RAISED, the
 * generator's error is that very value. Returns NO_STOP for a yield;
 * SUPPRESS (thrown) or FINISHED (not thrown) for a return; PASS for an
 * error that is the thrown one, RAISE for any other. */
enum cmgen_verdict cmgen_exited(const struct cmgen *g, enum cmgen_resume r, bool thrown,
                                bool same_error);

/* cmgen_must_close: true when the coroutine still holds a call stack
 * after a resume that ended with `r` and led to `v`, so that its pending
 * to-be-closed variables must be closed now (Lua does not close them on an
 * error, nor ever in a coroutine left suspended). */
bool cmgen_must_close(enum cmgen_resume r, enum cmgen_verdict v);

#endif
