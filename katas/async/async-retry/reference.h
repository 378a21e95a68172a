/* reference.h: the plain-C core of the `async-retry` kata's reference: a
 * retry policy for HTTP calls (how many attempts, the exponential backoff
 * schedule) and the decision taken after each attempt: return, raise, or
 * sleep and try again, from how the attempt ended. No Lua in it, so that
 * tests/test_async_retry.c can test it without a Lua state or a server.
 * The Lua binding lives in reference.c. Depends on the C standard library. */
#ifndef DOJO_KATA_ASYNC_RETRY_REFERENCE_H
#define DOJO_KATA_ASYNC_RETRY_REFERENCE_H

#include <stdbool.h>

/* A retry policy. Plain values, no pointers: the caller owns it and may keep
 * it anywhere (stack, heap, or a Lua userdata as in the binding). */
struct async_retry_policy {
    int times;      /* attempts in all, the first included, >= 1 */
    double backoff; /* seconds slept after the first failed attempt, >= 0 */
};

/* How one attempt ended. */
enum async_retry_outcome {
    ASYNC_RETRY_SUCCESS,      /* returned, and not with a 5xx status */
    ASYNC_RETRY_SERVER_ERROR, /* returned a response whose status is 500..599 */
    ASYNC_RETRY_TRANSPORT,    /* raised a transport error: no response came */
    ASYNC_RETRY_FATAL,        /* raised anything else: a bug, a cancellation */
};

/* What the wrapper does next. */
enum async_retry_action {
    ASYNC_RETRY_RETURN, /* hand the attempt's results to the caller */
    ASYNC_RETRY_RAISE,  /* raise the attempt's error again, unchanged */
    ASYNC_RETRY_SLEEP,  /* sleep async_retry_delay(p, attempt), try again */
};

/* async_retry_policy_init: a policy of `times` attempts and a first delay of
 * `backoff` seconds. Returns 0, or -1 without touching `p` when times < 1,
 * times > INT_MAX, or backoff is negative or NaN. */
int async_retry_policy_init(struct async_retry_policy *p, long long times, double backoff);

/* async_retry_delay: the seconds to sleep after failed attempt number
 * `attempt` (1 for the first): backoff * 2^(attempt - 1), exact in binary
 * floating point (only the exponent changes), +inf if it overflows.
 * `attempt` must be >= 1 (assert). Reads `p` only; can't fail. */
double async_retry_delay(const struct async_retry_policy *p, int attempt);

/* async_retry_total_delay: the seconds slept in all when every attempt
 * fails with a retryable outcome: the delays after attempts 1 .. times - 1,
 * backoff * (2^(times-1) - 1); 0 when times is 1. Can't fail. */
double async_retry_total_delay(const struct async_retry_policy *p);

/* async_retry_is_server_error: true when `status` is an HTTP status in
 * 500..599 (the server failed; a later attempt may succeed). A 4xx is the
 * client's mistake and is not retried. Can't fail. */
bool async_retry_is_server_error(long long status);

/* async_retry_classify_error: the outcome of an attempt that raised: FATAL
 * for a cancellation (`cancelled`, whatever its kind) and for an error with
 * no kind (`kind` NULL: a string, a table without one: a bug); TRANSPORT
 * for any other error with a kind ("timeout", "connection refused"...).
 * `kind` is borrowed and only read. Can't fail. */
enum async_retry_outcome async_retry_classify_error(const char *kind, bool cancelled);

/* async_retry_decide: what to do after attempt number `attempt` (>= 1)
 * ended with `outcome`: SUCCESS returns; FATAL raises; SERVER_ERROR and
 * TRANSPORT sleep and retry while attempt < times, and at the last attempt
 * return (the 5xx response) or raise (the transport error). Can't fail. */
enum async_retry_action async_retry_decide(const struct async_retry_policy *p, int attempt,
                                           enum async_retry_outcome outcome);

#endif
