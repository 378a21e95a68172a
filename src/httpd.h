/* httpd.h: the loopback fixture server for dojo's async/HTTP katas and
 * tests: a few deterministic JSON routes (delays, chosen statuses, flaky and
 * rate-limited endpoints, paged listings, an echo) on 127.0.0.1 only, served
 * by libmicrohttpd in threads of its own. Depends on libmicrohttpd (loaded
 * by the first httpd_start, not at start-up), pthreads.
 *
 * Ownership: httpd_start creates a struct httpd that the caller owns and ends
 * with httpd_stop; every string an httpd_* function returns is owned by it
 * and lives until httpd_stop. A child forked after httpd_start has none of
 * the server's threads (only copies of its sockets): it must not call
 * httpd_stop; only the parent stops the server.
 *
 * Routes (every response is JSON with Content-Type and Content-Length;
 * methods other than GET and POST, HEAD too, get 405 with Allow; an unknown
 * path 404; a malformed number or KEY in a known route 400; errors have the
 * body {"error":"..."}):
 *   GET /delay/MS          200 after MS milliseconds (capped at 10000), body
 *                          {"delay_ms":MS}; other connections keep being served
 *   GET /status/CODE       that status (200..599; 100..199 and others: 400),
 *                          body {"status":CODE} (sent for every code but 204
 *                          and 304, which HTTP forbids a body)
 *   GET /flaky/KEY/N       503 for the first N requests with KEY, then 200;
 *                          body {"key":KEY,"attempt":k,"ok":false|true}
 *   GET /ratelimit/KEY/R   200, or 429 when the previous accepted request with
 *                          KEY came less than 1/R seconds ago (R > 0, may be
 *                          fractional), with Retry-After (whole seconds,
 *                          rounded up) and X-Retry-After-Ms (milliseconds,
 *                          rounded up): waiting that long gets a 200
 *   GET /products?page=N   {"page":N,"pages":5,"urls":[...10 product URLs]},
 *                          N defaults to 1, a page past the last has no URLs
 *   GET /product/ID        {"id":ID,"name":"Product ID","price_cents":C} for
 *                          ID 1..50, else 404
 *   GET|POST /echo         {"method","path","query","headers":{...},"body",
 *                          "body_bytes"}: path and query as sent (still
 *                          percent-encoded), a header sent twice joined with
 *                          ", ", the body as a string (bytes that are not
 *                          UTF-8 become U+FFFD); a body over 64 KiB gets
 *                          413 (a chunked one is read to its end first, and
 *                          past 1 MiB the connection is closed instead)
 * KEY is 1..64 characters from [A-Za-z0-9._~-]. Each route family keeps at
 * most 1024 keys; past that the least recently used key is forgotten (its
 * count starts again). */
#ifndef DOJO_HTTPD_H
#define DOJO_HTTPD_H

#include <stddef.h>
#include <stdio.h>

#define HTTPD_MAX_CONNECTIONS 256 /* open at once; libmicrohttpd turns away more */
#define HTTPD_TIMEOUT_S 30        /* an idle connection is closed after this */
#define HTTPD_MAX_DELAY_MS 10000  /* /delay/MS waits at most this long */
#define HTTPD_MAX_BODY 65536      /* bytes of a POST body /echo accepts */
#define HTTPD_MAX_KEYS 1024       /* keys remembered per route family */
#define HTTPD_MAX_KEY_LEN 64      /* bytes of a KEY */
#define HTTPD_PAGES 5             /* pages of /products */
#define HTTPD_PER_PAGE 10         /* product URLs per page */

struct httpd;

/* httpd_start: starts serving on 127.0.0.1:`port` (0 = an ephemeral port the
 * kernel picks; httpd_port tells which) and returns at once with the server
 * running in its own threads: libmicrohttpd's internal polling thread (one
 * event loop for every connection) plus one timer thread that resumes the
 * connections /delay suspended. On success stores the server in *out (the
 * caller ends it with httpd_stop) and returns 0. On failure (port outside
 * 0..65535, libmicrohttpd.so.12 missing, port in use, no memory or threads)
 * stores NULL, writes one line saying why into err (capacity errcap; err may be NULL) and returns -1. */
int httpd_start(int port, struct httpd **out, char *err, size_t errcap);

/* httpd_url: "http://127.0.0.1:PORT" without a trailing slash; owned by h,
 * valid until httpd_stop. Can't fail. */
const char *httpd_url(const struct httpd *h);

/* httpd_port: the TCP port h listens on (never 0). Can't fail. */
int httpd_port(const struct httpd *h);

/* httpd_set_log: from now on writes one line per finished request to `f`
 * ("GET /delay/100 200 101ms"), flushed at once; NULL stops it. `f` stays
 * the caller's and must outlive h or the next call. Thread-safe. */
void httpd_set_log(struct httpd *h, FILE *f);

/* httpd_stop: lets the /delay requests still waiting go (each gets a 503
 * "server stopping", or its connection closes if MHD stops first), closes
 * every connection, stops the threads and frees h. Returns within
 * milliseconds whatever is pending. h may be NULL (nothing happens). */
void httpd_stop(struct httpd *h);

#endif
