/* reference.h: the plain-C core of the `retry` kata's reference: a retry
 * policy (how many attempts, the exponential backoff schedule), the plain
 * substring match that decides which errors are retried, and a retry
 * decorator for C functions, with no Lua in it, so that tests/test_retry.c
 * can test it without a Lua state. Depends on the C standard library. */
#ifndef DOJO_KATA_RETRY_REFERENCE_H
#define DOJO_KATA_RETRY_REFERENCE_H

#include <stdbool.h>
#include <stddef.h>

/* A retry policy. Plain values, no pointers: the caller owns it and may keep
 * it anywhere (stack, heap, or a Lua userdata as in the binding). */
struct retry_policy {
    int times;      /* attempts in all, the first included, >= 1 */
    double backoff; /* seconds slept after the first failed attempt, >= 0 */
};

/* retry_policy_init: a policy of `times` attempts (>= 1) and a first delay
 * of `backoff` seconds (>= 0, not NaN). Both are checked with assert();
 * a caller with untrusted input checks them first. Can't fail. */
void retry_policy_init(struct retry_policy *p, int times, double backoff);

/* retry_delay: the seconds to sleep after failed attempt number `attempt`
 * (1 for the first attempt): backoff * 2^(attempt - 1), exact in binary
 * floating point (it only changes the exponent), +inf if it overflows.
 * `attempt` must be >= 1. Reads `p` only; can't fail. */
double retry_delay(const struct retry_policy *p, int attempt);

/* retry_should_retry: true when attempt number `attempt` (>= 1) failed with
 * an error that may be retried (`retryable`) and the policy allows another
 * attempt after it (attempt < times). Can't fail. */
bool retry_should_retry(const struct retry_policy *p, int attempt, bool retryable);

/* retry_text_contains: true when the `len` bytes at `text` contain the
 * `nlen` bytes at `needle` as a plain substring (no pattern characters).
 * Both may hold zero bytes; an empty needle is found in any text. Either
 * pointer may be NULL when its length is 0. Reads only; can't fail. */
bool retry_text_contains(const char *text, size_t len, const char *needle, size_t nlen);

/* A function that can be retried: 0 on success, an error code otherwise. */
typedef int (*retry_fn)(void *arg);

/* Decides whether error code `code` is worth retrying. */
typedef bool (*retry_match_fn)(int code, void *ud);

/* Waits `seconds` seconds (a test passes a fake that writes them down). */
typedef void (*retry_sleep_fn)(double seconds, void *ud);

/* A decorated function: the function pointer and everything its wrapper
 * needs. It borrows `ud`, which the caller keeps alive while it is used.
 * `retryable` may be NULL, meaning every error is retried. */
struct retry_decorated {
    retry_fn fn;
    struct retry_policy policy;
    retry_match_fn retryable;
    retry_sleep_fn sleep;
    void *ud; /* passed to retryable and sleep */
};

/* retry_call: the wrapper. Calls d->fn(arg) until it returns 0, or returns
 * an error code that d->retryable refuses, or d->policy.times attempts have
 * been made, sleeping retry_delay(policy, k) after failed attempt k when
 * another attempt follows. Returns the last attempt's code (0 on success)
 * and, if `attempts` is not NULL, stores the number of attempts made. */
int retry_call(const struct retry_decorated *d, void *arg, int *attempts);

#endif
