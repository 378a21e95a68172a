/* httpd.c: the loopback fixture server (httpd.h) on libmicrohttpd: request
 * parsing and routing, the JSON bodies, the per-KEY tables of /flaky and
 * /ratelimit, and the timer thread behind /delay.
 * Depends on libmicrohttpd (dlopen'd by the first httpd_start: lazylib.h),
 * pthreads, util.h.
 *
 * Threads: MHD runs one internal polling thread (an event loop: epoll on
 * Linux) that calls on_request for every connection, so a slow request must
 * never block in the handler. /delay/MS suspends its connection
 * (MHD_suspend_connection) and files a timer; one timer thread sleeps on a
 * condition variable (monotonic clock) until the earliest timer is due, then
 * resumes that connection, and MHD calls on_request again to answer. A
 * thread per connection would also work, but would spend a thread (and its
 * stack) on each of up to 256 sleeping requests and make httpd_stop wait for
 * the longest sleep; this way the thread count is fixed at two and stopping
 * just resumes whatever is waiting. */
#include "httpd.h"

#include <arpa/inet.h>
#include <assert.h>
#include <math.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "lazylib.h"
#include "util.h"

/* libmicrohttpd, loaded by the first httpd_start (lazylib.h): every
 * function this file calls, called as mhd.NAME. */
static struct {
    __typeof__(MHD_add_response_header) *MHD_add_response_header;
    __typeof__(MHD_create_response_from_buffer) *MHD_create_response_from_buffer;
    __typeof__(MHD_destroy_response) *MHD_destroy_response;
    __typeof__(MHD_get_connection_values) *MHD_get_connection_values;
    __typeof__(MHD_get_daemon_info) *MHD_get_daemon_info;
    __typeof__(MHD_lookup_connection_value) *MHD_lookup_connection_value;
    __typeof__(MHD_queue_response) *MHD_queue_response;
    __typeof__(MHD_resume_connection) *MHD_resume_connection;
    __typeof__(MHD_start_daemon) *MHD_start_daemon;
    __typeof__(MHD_stop_daemon) *MHD_stop_daemon;
    __typeof__(MHD_suspend_connection) *MHD_suspend_connection;
} mhd;
#define SYM(f) {#f, (void **)&mhd.f}
static const struct lazylib_sym mhd_syms[] = {
    SYM(MHD_add_response_header), SYM(MHD_create_response_from_buffer),
    SYM(MHD_destroy_response), SYM(MHD_get_connection_values),
    SYM(MHD_get_daemon_info), SYM(MHD_lookup_connection_value),
    SYM(MHD_queue_response), SYM(MHD_resume_connection),
    SYM(MHD_start_daemon), SYM(MHD_stop_daemon),
    SYM(MHD_suspend_connection),
};
#undef SYM
static struct lazylib mhd_lib = {"libmicrohttpd.so.12", "libmicrohttpd12", mhd_syms,
                                  sizeof mhd_syms / sizeof mhd_syms[0], 0, ""};

/* One remembered KEY of /flaky or /ratelimit. */
struct keyslot {
    char key[HTTPD_MAX_KEY_LEN + 1];
    unsigned long long used; /* tick of the last use, for LRU eviction */
    long long count;         /* requests seen (flaky) or accepted (ratelimit) */
    double last;             /* ratelimit: monotonic seconds of the last accepted one */
};

struct keytab {
    struct keyslot slot[HTTPD_MAX_KEYS];
    int n;
    unsigned long long tick;
};

/* A suspended /delay connection waiting for its time. */
struct timer {
    double due; /* monotonic seconds */
    struct MHD_Connection *conn;
    struct req *req;
};

struct httpd {
    struct MHD_Daemon *daemon;
    int port;
    char url[32];
    pthread_mutex_t lock; /* guards the key tables, the log file and `msg` */
    struct keytab flaky, rate;
    FILE *log;
    char msg[256]; /* MHD's last complaint, for httpd_start's error */
    pthread_mutex_t tlock; /* guards the timers, `stopping` and req->fired */
    pthread_cond_t tcond;
    pthread_t tthread;
    struct timer timers[HTTPD_MAX_CONNECTIONS];
    int ntimers;
    int stopping;
};

/* One request, from the URI callback to the completion callback. */
struct req {
    char *uri;          /* the raw request target (path?query), malloc'ed */
    char method[16];
    int started;        /* on_request has seen the headers */
    int waiting;        /* suspended by /delay */
    int fired;          /* its timer went off (under tlock) */
    int delay_ms;
    int too_big;        /* the body passed HTTPD_MAX_BODY */
    size_t received;    /* bytes of body read, kept or not */
    unsigned status;    /* the status queued, for the log */
    double t0;          /* monotonic seconds at arrival */
    struct sbuf body;
};

typedef enum MHD_Result (*route_fn)(struct httpd *h, struct MHD_Connection *c, struct req *r,
                                    const char *rest);

/* ---- responses ---------------------------------------------------------- */

/* reply: queues `status` with the JSON in b (taken: b is left empty) and the
 * extra headers in `hdr` (name, value pairs, NULL-ended; may be NULL). When
 * `bad` says building the body ran out of memory, answers 500 instead. */
static enum MHD_Result reply(struct MHD_Connection *c, struct req *r, unsigned status,
                             struct sbuf *b, int bad, const char *const *hdr)
{
    static const char oom[] = "{\"error\":\"out of memory\"}";
    struct MHD_Response *resp = NULL;
    enum MHD_Result ok;
    size_t len = b->len;
    char *text = bad ? NULL : sbuf_take(b);

    sbuf_free(b);
    if (text != NULL)
        resp = mhd.MHD_create_response_from_buffer(len, text, MHD_RESPMEM_MUST_FREE);
    if (resp == NULL) {
        free(text);
        status = MHD_HTTP_INTERNAL_SERVER_ERROR;
        hdr = NULL;
        resp = mhd.MHD_create_response_from_buffer(sizeof oom - 1, (void *)oom, MHD_RESPMEM_PERSISTENT);
        if (resp == NULL)
            return MHD_NO;
    }
    mhd.MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json");
    for (; hdr != NULL && hdr[0] != NULL; hdr += 2)
        mhd.MHD_add_response_header(resp, hdr[0], hdr[1]);
    ok = mhd.MHD_queue_response(c, status, resp);
    mhd.MHD_destroy_response(resp);
    if (r != NULL)
        r->status = status;
    return ok;
}

/* reply_error: `status` with {"error":MESSAGE} (MESSAGE has no quotes). */
static enum MHD_Result reply_error(struct MHD_Connection *c, struct req *r, unsigned status,
                                   const char *message, const char *const *hdr)
{
    struct sbuf b = SBUF_INIT;
    int bad = sbuf_printf(&b, "{\"error\":\"%s\"}", message);
    return reply(c, r, status, &b, bad, hdr);
}

/* ---- JSON and parsing helpers ------------------------------------------- */

/* utf8_seq: the length (1..4) of the valid UTF-8 sequence at s (n bytes
 * left), or 0 when it is not one (overlong, surrogate, past U+10FFFF). */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
    size_t len, i;
    unsigned long cp;
    if (s[0] < 0x80)
        return 1;
    if (s[0] >= 0xc2 && s[0] <= 0xdf)
        len = 2, cp = s[0] & 0x1f;
    else if (s[0] >= 0xe0 && s[0] <= 0xef)
        len = 3, cp = s[0] & 0x0f;
    else if (s[0] >= 0xf0 && s[0] <= 0xf4)
        len = 4, cp = s[0] & 0x07;
    else
        return 0;
    if (len > n)
        return 0;
    for (i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3f);
    }
    if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
        (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
        return 0;
    return len;
}

/* json_str: appends s (n bytes) as a JSON string: quotes, backslashes and
 * control bytes escaped, bytes that are not UTF-8 as U+FFFD. 0 or -1. */
static int json_str(struct sbuf *b, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    int bad = sbuf_add(b, "\"", 1);
    size_t i = 0, k;
    while (i < n) {
        if (p[i] == '"' || p[i] == '\\') {
            bad |= sbuf_printf(b, "\\%c", p[i]);
            i++;
        } else if (p[i] < 0x20) {
            bad |= sbuf_printf(b, "\\u%04x", p[i]);
            i++;
        } else if ((k = utf8_seq(p + i, n - i)) == 0) {
            bad |= sbuf_puts(b, "\\ufffd");
            i++;
        } else {
            bad |= sbuf_add(b, p + i, k);
            i += k;
        }
    }
    return bad | sbuf_add(b, "\"", 1);
}

/* json_cstr: json_str of a NUL-terminated string (NULL writes null). */
static int json_cstr(struct sbuf *b, const char *s)
{
    return s == NULL ? sbuf_puts(b, "null") : json_str(b, s, strlen(s));
}

/* parse_num: the decimal number of n digits at s (1..9 of them, nothing
 * else) in *out. 0, or -1 when malformed. */
static int parse_num(const char *s, size_t n, long *out)
{
    long v = 0;
    if (n == 0 || n > 9)
        return -1;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

/* valid_key: 1 when k (n bytes) is a KEY: 1..64 of [A-Za-z0-9._~-]. */
static int valid_key(const char *k, size_t n)
{
    if (n == 0 || n > HTTPD_MAX_KEY_LEN)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!((k[i] >= 'a' && k[i] <= 'z') || (k[i] >= 'A' && k[i] <= 'Z') ||
              (k[i] >= '0' && k[i] <= '9') || (k[i] != '\0' && strchr("._~-", k[i]) != NULL)))
            return 0;
    return 1;
}

/* split_key: splits "KEY/ARG" at its only slash into a valid key (copied to
 * key, capacity HTTPD_MAX_KEY_LEN + 1) and *arg. 0, or -1 when malformed. */
static int split_key(const char *rest, char *key, const char **arg)
{
    const char *slash = strchr(rest, '/');
    size_t n;
    if (slash == NULL || strchr(slash + 1, '/') != NULL)
        return -1;
    n = (size_t)(slash - rest);
    if (!valid_key(rest, n))
        return -1;
    memcpy(key, rest, n);
    key[n] = '\0';
    *arg = slash + 1;
    return 0;
}

/* keytab_get: the slot of `key` in t, created (evicting the least recently
 * used slot when t is full, its state reset) when missing. Marks it used.
 * Call with h->lock held. Can't fail. */
static struct keyslot *keytab_get(struct keytab *t, const char *key)
{
    struct keyslot *s = NULL;
    for (int i = 0; i < t->n && s == NULL; i++)
        if (strcmp(t->slot[i].key, key) == 0)
            s = &t->slot[i];
    if (s == NULL) {
        if (t->n < HTTPD_MAX_KEYS) {
            s = &t->slot[t->n++];
        } else {
            s = &t->slot[0];
            for (int i = 1; i < t->n; i++)
                if (t->slot[i].used < s->used)
                    s = &t->slot[i];
        }
        memset(s, 0, sizeof *s);
        snprintf(s->key, sizeof s->key, "%s", key);
    }
    s->used = ++t->tick;
    return s;
}

/* ---- routes --------------------------------------------------------------- */

static enum MHD_Result route_delay(struct httpd *h, struct MHD_Connection *c, struct req *r,
                                   const char *rest)
{
    struct sbuf b = SBUF_INIT;
    long ms;
    int full = 0;
    if (!r->waiting) {
        if (parse_num(rest, strlen(rest), &ms) != 0)
            return reply_error(c, r, MHD_HTTP_BAD_REQUEST, "MS must be a whole number", NULL);
        r->delay_ms = ms > HTTPD_MAX_DELAY_MS ? HTTPD_MAX_DELAY_MS : (int)ms;
        if (r->delay_ms > 0) {
            pthread_mutex_lock(&h->tlock);
            if (!h->stopping && h->ntimers < HTTPD_MAX_CONNECTIONS) {
                h->timers[h->ntimers++] = (struct timer){r->t0 + r->delay_ms / 1000.0, c, r};
                r->waiting = 1;
                mhd.MHD_suspend_connection(c);
                pthread_cond_signal(&h->tcond);
            } else {
                full = 1;
            }
            pthread_mutex_unlock(&h->tlock);
            if (r->waiting)
                return MHD_YES;
        }
    } else {
        /* Called again: answer once the timer fired (always, so far), else
         * suspend again; the timer is still filed. */
        pthread_mutex_lock(&h->tlock);
        if (!r->fired)
            mhd.MHD_suspend_connection(c);
        full = h->stopping;
        pthread_mutex_unlock(&h->tlock);
        if (!r->fired)
            return MHD_YES;
    }
    if (full) /* stopping, or (never, given the connection limit) no timer left */
        return reply_error(c, r, MHD_HTTP_SERVICE_UNAVAILABLE, "server stopping", NULL);
    return reply(c, r, MHD_HTTP_OK, &b, sbuf_printf(&b, "{\"delay_ms\":%d}", r->delay_ms), NULL);
}

static enum MHD_Result route_status(struct httpd *h, struct MHD_Connection *c, struct req *r,
                                    const char *rest)
{
    struct sbuf b = SBUF_INIT;
    long code;
    if (parse_num(rest, strlen(rest), &code) != 0 || code < 200 || code > 599)
        return reply_error(c, r, MHD_HTTP_BAD_REQUEST, "CODE must be 200..599", NULL);
    return reply(c, r, (unsigned)code, &b, sbuf_printf(&b, "{\"status\":%ld}", code), NULL);
}

static enum MHD_Result route_flaky(struct httpd *h, struct MHD_Connection *c, struct req *r,
                                   const char *rest)
{
    struct sbuf b = SBUF_INIT;
    char key[HTTPD_MAX_KEY_LEN + 1];
    const char *arg;
    long n;
    long long k;
    int bad;
    if (split_key(rest, key, &arg) != 0 || parse_num(arg, strlen(arg), &n) != 0)
        return reply_error(c, r, MHD_HTTP_BAD_REQUEST, "want /flaky/KEY/N", NULL);
    pthread_mutex_lock(&h->lock);
    k = ++keytab_get(&h->flaky, key)->count;
    pthread_mutex_unlock(&h->lock);
    bad = sbuf_printf(&b, "{\"key\":\"%s\",\"attempt\":%lld,\"ok\":%s}", key, k,
                      k > n ? "true" : "false");
    return reply(c, r, k > n ? MHD_HTTP_OK : MHD_HTTP_SERVICE_UNAVAILABLE, &b, bad, NULL);
}

static enum MHD_Result route_ratelimit(struct httpd *h, struct MHD_Connection *c, struct req *r,
                                       const char *rest)
{
    struct sbuf b = SBUF_INIT;
    char key[HTTPD_MAX_KEY_LEN + 1], num[32], secs[24], ms[24], *end;
    const char *arg, *hdr[5] = {NULL};
    double rate, wait = 0, now = util_now();
    struct keyslot *s;
    int bad;
    if (split_key(rest, key, &arg) != 0 || strlen(arg) == 0 || strlen(arg) >= sizeof num ||
        strspn(arg, "0123456789.") != strlen(arg))
        return reply_error(c, r, MHD_HTTP_BAD_REQUEST, "want /ratelimit/KEY/PER_SECOND", NULL);
    snprintf(num, sizeof num, "%s", arg);
    rate = strtod(num, &end);
    if (*end != '\0' || !(rate > 0) || rate > 1e6)
        return reply_error(c, r, MHD_HTTP_BAD_REQUEST, "PER_SECOND must be in (0, 1e6]", NULL);
    pthread_mutex_lock(&h->lock);
    s = keytab_get(&h->rate, key);
    if (s->count > 0 && now - s->last < 1.0 / rate)
        wait = 1.0 / rate - (now - s->last);
    else
        s->count++, s->last = now;
    pthread_mutex_unlock(&h->lock);
    if (wait <= 0) {
        bad = sbuf_printf(&b, "{\"key\":\"%s\",\"ok\":true}", key);
        return reply(c, r, MHD_HTTP_OK, &b, bad, NULL);
    }
    snprintf(secs, sizeof secs, "%.0f", ceil(wait));
    snprintf(ms, sizeof ms, "%.0f", ceil(wait * 1000));
    hdr[0] = MHD_HTTP_HEADER_RETRY_AFTER, hdr[1] = secs;
    hdr[2] = "X-Retry-After-Ms", hdr[3] = ms;
    bad = sbuf_printf(&b, "{\"key\":\"%s\",\"ok\":false,\"retry_after_ms\":%s}", key, ms);
    return reply(c, r, MHD_HTTP_TOO_MANY_REQUESTS, &b, bad, hdr);
}

static enum MHD_Result route_products(struct httpd *h, struct MHD_Connection *c, struct req *r,
                                      const char *rest)
{
    struct sbuf b = SBUF_INIT;
    const char *p = mhd.MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "page");
    long page = 1;
    int bad;
    if (p != NULL && (parse_num(p, strlen(p), &page) != 0 || page < 1))
        return reply_error(c, r, MHD_HTTP_BAD_REQUEST, "page must be a whole number from 1", NULL);
    bad = sbuf_printf(&b, "{\"page\":%ld,\"pages\":%d,\"urls\":[", page, HTTPD_PAGES);
    for (int i = 0; page <= HTTPD_PAGES && i < HTTPD_PER_PAGE; i++)
        bad |= sbuf_printf(&b, "%s\"%s/product/%ld\"", i ? "," : "", h->url,
                           (page - 1) * HTTPD_PER_PAGE + i + 1);
    bad |= sbuf_puts(&b, "]}");
    return reply(c, r, MHD_HTTP_OK, &b, bad, NULL);
}

static enum MHD_Result route_product(struct httpd *h, struct MHD_Connection *c, struct req *r,
                                     const char *rest)
{
    struct sbuf b = SBUF_INIT;
    long id;
    int bad;
    if (parse_num(rest, strlen(rest), &id) != 0 || id < 1 || id > HTTPD_PAGES * HTTPD_PER_PAGE)
        return reply_error(c, r, MHD_HTTP_NOT_FOUND, "no such product", NULL);
    bad = sbuf_printf(&b, "{\"id\":%ld,\"name\":\"Product %ld\",\"price_cents\":%ld}", id, id,
                      99 + (id * 137) % 9900);
    return reply(c, r, MHD_HTTP_OK, &b, bad, NULL);
}

/* A header of the request, kept for /echo while it groups names. */
struct hdr {
    const char *name, *value;
};

struct hdrs {
    struct hdr *v;
    size_t n, cap;
};

static enum MHD_Result collect_header(void *cls, enum MHD_ValueKind kind, const char *name,
                                      const char *value)
{
    struct hdrs *hs = cls;
    if (hs->n < hs->cap)
        hs->v[hs->n++] = (struct hdr){name, value};
    return MHD_YES;
}

/* echo_headers: appends the request headers as a JSON object; a name sent
 * more than once (in any case) gets its values joined with ", ". 0 or -1. */
static int echo_headers(struct sbuf *b, struct MHD_Connection *c)
{
    struct hdrs hs = {NULL, 0, 0};
    int n = mhd.MHD_get_connection_values(c, MHD_HEADER_KIND, NULL, NULL), bad = 0, first = 1;
    if (n > 0 && (hs.v = calloc((size_t)n, sizeof *hs.v)) == NULL)
        return -1;
    hs.cap = n > 0 ? (size_t)n : 0;
    mhd.MHD_get_connection_values(c, MHD_HEADER_KIND, collect_header, &hs);
    bad |= sbuf_puts(b, "{");
    for (size_t i = 0; i < hs.n; i++) {
        size_t j;
        for (j = 0; j < i && strcasecmp(hs.v[j].name, hs.v[i].name) != 0; j++)
            ;
        if (j < i)
            continue; /* written with the first of its name */
        bad |= sbuf_puts(b, first ? "" : ",") | json_cstr(b, hs.v[i].name) | sbuf_puts(b, ":");
        if (hs.v[i].value == NULL) {
            bad |= json_cstr(b, "");
        } else {
            struct sbuf v = SBUF_INIT;
            for (j = i; j < hs.n; j++)
                if (strcasecmp(hs.v[j].name, hs.v[i].name) == 0)
                    bad |= sbuf_puts(&v, v.len ? ", " : "") |
                           sbuf_puts(&v, hs.v[j].value ? hs.v[j].value : "");
            bad |= json_str(b, sbuf_cstr(&v), v.len);
            sbuf_free(&v);
        }
        first = 0;
    }
    free(hs.v);
    return bad | sbuf_puts(b, "}");
}

static enum MHD_Result route_echo(struct httpd *h, struct MHD_Connection *c, struct req *r,
                                  const char *url)
{
    struct sbuf b = SBUF_INIT;
    const char *uri = r->uri != NULL ? r->uri : url, *q = strchr(uri, '?');
    size_t plen = q != NULL ? (size_t)(q - uri) : strlen(uri);
    int bad;
    if (r->too_big)
        return reply_error(c, r, MHD_HTTP_CONTENT_TOO_LARGE, "body over 65536 bytes", NULL);
    bad = sbuf_puts(&b, "{\"method\":") | json_cstr(&b, r->method);
    bad |= sbuf_puts(&b, ",\"path\":") | json_str(&b, uri, plen);
    bad |= sbuf_puts(&b, ",\"query\":") | json_cstr(&b, q != NULL ? q + 1 : "");
    bad |= sbuf_puts(&b, ",\"headers\":") | echo_headers(&b, c);
    bad |= sbuf_puts(&b, ",\"body\":") |
           json_str(&b, r->body.data != NULL ? r->body.data : "", r->body.len);
    bad |= sbuf_printf(&b, ",\"body_bytes\":%zu}", r->body.len);
    return reply(c, r, MHD_HTTP_OK, &b, bad, NULL);
}

/* The routes: `prefix` matched against the decoded path; an exact route
 * gets the path itself as `rest`, a prefix route what follows the prefix. */
static const struct route {
    const char *prefix;
    int exact;
    int post; /* POST allowed too */
    route_fn fn;
} routes[] = {
    {"/delay/", 0, 0, route_delay},         {"/status/", 0, 0, route_status},
    {"/flaky/", 0, 0, route_flaky},         {"/ratelimit/", 0, 0, route_ratelimit},
    {"/products", 1, 0, route_products},    {"/product/", 0, 0, route_product},
    {"/echo", 1, 1, route_echo},            {NULL, 0, 0, NULL},
};

static const struct route *find_route(const char *path)
{
    for (const struct route *rt = routes; rt->prefix != NULL; rt++)
        if (rt->exact ? strcmp(path, rt->prefix) == 0
                      : strncmp(path, rt->prefix, strlen(rt->prefix)) == 0)
            return rt;
    return NULL;
}

/* ---- MHD callbacks -------------------------------------------------------- */

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
    struct req *r = calloc(1, sizeof *r);
    if (r != NULL) {
        r->uri = util_strdup(uri);
        r->t0 = util_now();
    }
    return r; /* NULL: on_request makes one without the raw URI */
}

/* start_request: the first call, with the headers only. Answers at once
 * what can be answered before a body (405, 404, 413 by Content-Length).
 * Returns 1 when a response was queued (its result in *res). */
static int start_request(struct MHD_Connection *c, struct req *r, const char *url,
                         const char *method, enum MHD_Result *res)
{
    static const char *const allow_any[] = {MHD_HTTP_HEADER_ALLOW, "GET, POST", NULL};
    static const char *const allow_get[] = {MHD_HTTP_HEADER_ALLOW, "GET", NULL};
    const struct route *rt = find_route(url);
    const char *len;
    int post = strcmp(method, MHD_HTTP_METHOD_POST) == 0;
    snprintf(r->method, sizeof r->method, "%s", method ? method : "");
    r->started = 1;
    if (!post && strcmp(method, MHD_HTTP_METHOD_GET) != 0)
        *res = reply_error(c, r, MHD_HTTP_METHOD_NOT_ALLOWED, "only GET and POST", allow_any);
    else if (rt == NULL)
        *res = reply_error(c, r, MHD_HTTP_NOT_FOUND, "no such route", NULL);
    else if (post && !rt->post)
        *res = reply_error(c, r, MHD_HTTP_METHOD_NOT_ALLOWED, "only GET", allow_get);
    else if ((len = mhd.MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                MHD_HTTP_HEADER_CONTENT_LENGTH)) != NULL &&
             strtoull(len, NULL, 10) > HTTPD_MAX_BODY)
        *res = reply_error(c, r, MHD_HTTP_CONTENT_TOO_LARGE, "body over 65536 bytes", NULL);
    else
        return 0;
    return 1;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version,
                                  const char *upload, size_t *upload_size, void **con_cls)
{
    struct httpd *h = cls;
    struct req *r = *con_cls;
    const struct route *rt;
    enum MHD_Result res;
    if (r == NULL) {
        if ((r = calloc(1, sizeof *r)) == NULL)
            return MHD_NO;
        r->t0 = util_now();
        *con_cls = r;
    }
    if (!r->started) /* headers only; the body, if any, and a last call follow */
        return start_request(c, r, url, method, &res) ? res : MHD_YES;
    if (*upload_size > 0) { /* a piece of the body */
        /* Past the limit with no Content-Length (chunked): read on and drop
         * the rest, answering 413 at the end (MHD 0.9.75 does not send a
         * response queued mid-body); past 16 times the limit, hang up. */
        r->received += *upload_size;
        if (r->received > 16 * (size_t)HTTPD_MAX_BODY)
            return MHD_NO;
        if (!r->too_big && r->received > HTTPD_MAX_BODY) {
            r->too_big = 1;
            sbuf_free(&r->body);
        }
        if (!r->too_big && sbuf_add(&r->body, upload, *upload_size) != 0)
            return MHD_NO;
        *upload_size = 0;
        return MHD_YES;
    }
    rt = find_route(url); /* start_request answered 404 when there was none */
    assert(rt != NULL);
    return rt->fn(h, c, r, rt->exact ? url : url + strlen(rt->prefix));
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode why)
{
    struct httpd *h = cls;
    struct req *r = *con_cls;
    if (r == NULL)
        return;
    pthread_mutex_lock(&h->lock);
    if (h->log != NULL && r->started) {
        char status[16] = "closed"; /* hung up on, or the client left */
        if (r->status != 0)
            snprintf(status, sizeof status, "%u", r->status);
        fprintf(h->log, "%s %s %s %.0fms\n", r->method, r->uri != NULL ? r->uri : "?", status,
                (util_now() - r->t0) * 1000);
        fflush(h->log);
    }
    pthread_mutex_unlock(&h->lock);
    sbuf_free(&r->body);
    free(r->uri);
    free(r);
    *con_cls = NULL;
}

static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
    struct httpd *h = cls;
    char *nl;
    pthread_mutex_lock(&h->lock);
    vsnprintf(h->msg, sizeof h->msg, fmt, ap);
    if ((nl = strchr(h->msg, '\n')) != NULL)
        *nl = '\0';
    pthread_mutex_unlock(&h->lock);
}

/* ---- the timer thread ------------------------------------------------------ */

/* timer_main: resumes each suspended /delay connection when its time comes;
 * once h->stopping is set, resumes all of them and returns. */
static void *timer_main(void *arg)
{
    struct httpd *h = arg;
    pthread_mutex_lock(&h->tlock);
    for (;;) {
        int next = -1;
        double now = util_now();
        for (int i = 0; i < h->ntimers; i++)
            if (next < 0 || h->timers[i].due < h->timers[next].due)
                next = i;
        if (next >= 0 && (h->stopping || h->timers[next].due <= now)) {
            struct MHD_Connection *c = h->timers[next].conn;
            h->timers[next].req->fired = 1;
            h->timers[next] = h->timers[--h->ntimers];
            pthread_mutex_unlock(&h->tlock);
            mhd.MHD_resume_connection(c); /* outside tlock: MHD has locks of its own */
            pthread_mutex_lock(&h->tlock);
        } else if (h->stopping) {
            break;
        } else if (next >= 0) {
            struct timespec ts;
            double due = h->timers[next].due;
            ts.tv_sec = (time_t)due;
            ts.tv_nsec = (long)((due - (double)ts.tv_sec) * 1e9);
            pthread_cond_timedwait(&h->tcond, &h->tlock, &ts);
        } else {
            pthread_cond_wait(&h->tcond, &h->tlock);
        }
    }
    pthread_mutex_unlock(&h->tlock);
    return NULL;
}

/* ---- the public API ---------------------------------------------------------- */

/* init_sync: the locks, the condition variable on the monotonic clock (as
 * util_now) and the timer thread. 0, or -1 with nothing left to undo. */
static int init_sync(struct httpd *h)
{
    pthread_condattr_t ca;
    if (pthread_mutex_init(&h->lock, NULL) != 0)
        return -1;
    if (pthread_mutex_init(&h->tlock, NULL) != 0)
        goto out_lock;
    if (pthread_condattr_init(&ca) != 0)
        goto out_tlock;
    if (pthread_condattr_setclock(&ca, CLOCK_MONOTONIC) != 0 ||
        pthread_cond_init(&h->tcond, &ca) != 0) {
        pthread_condattr_destroy(&ca);
        goto out_tlock;
    }
    pthread_condattr_destroy(&ca);
    if (pthread_create(&h->tthread, NULL, timer_main, h) != 0)
        goto out_cond;
    return 0;
out_cond:
    pthread_cond_destroy(&h->tcond);
out_tlock:
    pthread_mutex_destroy(&h->tlock);
out_lock:
    pthread_mutex_destroy(&h->lock);
    return -1;
}

/* stop_timer: makes the timer thread resume every waiting connection and
 * end (MHD_stop_daemon must not find a connection suspended); a /delay
 * arriving after that sees `stopping` and answers 503 at once. */
static void stop_timer(struct httpd *h)
{
    pthread_mutex_lock(&h->tlock);
    h->stopping = 1;
    pthread_cond_signal(&h->tcond);
    pthread_mutex_unlock(&h->tlock);
    pthread_join(h->tthread, NULL);
}

/* free_sync: destroys the locks and the condition variable. */
static void free_sync(struct httpd *h)
{
    pthread_cond_destroy(&h->tcond);
    pthread_mutex_destroy(&h->tlock);
    pthread_mutex_destroy(&h->lock);
}

int httpd_start(int port, struct httpd **out, char *err, size_t errcap)
{
    struct sockaddr_in addr;
    const union MHD_DaemonInfo *info;
    struct httpd *h;
    const char *why = "out of memory";
    *out = NULL;
    if (port < 0 || port > 65535) {
        if (err != NULL)
            snprintf(err, errcap, "port %d is not in 0..65535", port);
        return -1;
    }
    if (lazylib_load(&mhd_lib, err, errcap) != 0)
        return -1;
    if ((h = calloc(1, sizeof *h)) == NULL)
        goto out_free;
    why = "can't start a thread";
    if (init_sync(h) != 0)
        goto out_free;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    h->daemon = mhd.MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_ALLOW_SUSPEND_RESUME |
            MHD_USE_ERROR_LOG,
        (uint16_t)port, /* only for MHD's messages: SOCK_ADDR says where */
        NULL, NULL, on_request, h, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)HTTPD_MAX_CONNECTIONS,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)HTTPD_TIMEOUT_S,
        MHD_OPTION_URI_LOG_CALLBACK, on_uri, h, MHD_OPTION_NOTIFY_COMPLETED, on_completed, h,
        MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, h, MHD_OPTION_END);
    why = h->msg[0] ? h->msg : "libmicrohttpd refused to start";
    if (h->daemon == NULL)
        goto out_sync;
    info = mhd.MHD_get_daemon_info(h->daemon, MHD_DAEMON_INFO_BIND_PORT);
    h->port = info != NULL && info->port != 0 ? info->port : port;
    snprintf(h->url, sizeof h->url, "http://127.0.0.1:%d", h->port);
    *out = h;
    return 0;
out_sync:
    stop_timer(h);
    free_sync(h);
out_free:
    if (err != NULL)
        snprintf(err, errcap, "can't serve on 127.0.0.1:%d: %s", port, why);
    free(h);
    return -1;
}

const char *httpd_url(const struct httpd *h)
{
    return h->url;
}

int httpd_port(const struct httpd *h)
{
    return h->port;
}

void httpd_set_log(struct httpd *h, FILE *f)
{
    pthread_mutex_lock(&h->lock);
    h->log = f;
    pthread_mutex_unlock(&h->lock);
}

void httpd_stop(struct httpd *h)
{
    if (h == NULL)
        return;
    stop_timer(h);
    mhd.MHD_stop_daemon(h->daemon); /* calls on_completed, which takes h->lock */
    free_sync(h);
    free(h);
}
