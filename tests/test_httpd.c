/* test_httpd.c: cmocka tests of the loopback fixture server (src/httpd.h),
 * driven through libcurl's easy and multi interfaces: every route's status,
 * body and headers, that /delay really waits without blocking others, the
 * per-KEY tables, and starting and stopping. Every request goes to the
 * server on 127.0.0.1 (proxies off); time bounds have wide margins.
 * Depends on cmocka, libcurl, httpd.h, util.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <cmocka.h>
#include <curl/curl.h>

#include "httpd.h"
#include "util.h"

static struct httpd *srv; /* shared by the tests that need no fresh state */

/* One response: status, headers (raw lines) and body, and how long it took. */
struct resp {
    long status;
    struct sbuf head;
    struct sbuf body;
    double secs;
};

static size_t on_data(char *p, size_t size, size_t n, void *ud)
{
    return sbuf_add(ud, p, size * n) == 0 ? size * n : 0;
}

/* easy_new: a handle for url (a path on h) that writes into r. */
static CURL *easy_new(struct httpd *h, const char *path, struct resp *r)
{
    char url[512];
    CURL *e = curl_easy_init();
    assert_non_null(e);
    memset(r, 0, sizeof *r);
    snprintf(url, sizeof url, "%s%s", httpd_url(h), path);
    curl_easy_setopt(e, CURLOPT_URL, url);
    curl_easy_setopt(e, CURLOPT_PROXY, "");
    curl_easy_setopt(e, CURLOPT_NOPROXY, "*");
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, 20000L);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, &r->body);
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_data);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, &r->head);
    curl_easy_setopt(e, CURLOPT_PRIVATE, r);
    return e;
}

/* perform: runs e to the end (asserting the transfer worked), fills r's
 * status and time, and frees e. */
static void perform(CURL *e, struct resp *r)
{
    double t0 = util_now();
    CURLcode rc = curl_easy_perform(e);
    r->secs = util_now() - t0;
    if (rc != CURLE_OK)
        fail_msg("curl: %s", curl_easy_strerror(rc));
    curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &r->status);
    sbuf_cstr(&r->body);
    sbuf_cstr(&r->head);
    curl_easy_cleanup(e);
}

/* request: METHOD path on h with an optional body (NULL: none) and extra
 * header lines (NULL-ended, may be NULL). */
static void request(struct httpd *h, const char *method, const char *path, const char *body,
                    size_t len, const char *const *hdrs, struct resp *r)
{
    struct curl_slist *list = NULL;
    CURL *e = easy_new(h, path, r);
    curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, method);
    if (body != NULL) {
        curl_easy_setopt(e, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
    }
    for (; hdrs != NULL && *hdrs != NULL; hdrs++)
        list = curl_slist_append(list, *hdrs);
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, list);
    perform(e, r);
    curl_slist_free_all(list);
}

static void get(struct httpd *h, const char *path, struct resp *r)
{
    request(h, "GET", path, NULL, 0, NULL, r);
}

static void resp_free(struct resp *r)
{
    sbuf_free(&r->head);
    sbuf_free(&r->body);
}

/* header: the value of header `name` in r (copied into out), or NULL. */
static const char *header(struct resp *r, const char *name, char *out, size_t cap)
{
    const char *line = sbuf_cstr(&r->head);
    size_t n = strlen(name);
    while (line != NULL && *line != '\0') {
        if (strncasecmp(line, name, n) == 0 && line[n] == ':') {
            const char *v = line + n + 1, *end;
            v += strspn(v, " ");
            end = v + strcspn(v, "\r\n");
            snprintf(out, cap, "%.*s", (int)(end - v), v);
            return out;
        }
        line = strchr(line, '\n');
        line = line != NULL ? line + 1 : NULL;
    }
    return NULL;
}

/* assert_json: r is JSON with a Content-Length matching its body. */
static void assert_json(struct resp *r)
{
    char v[64];
    assert_non_null(header(r, "Content-Type", v, sizeof v));
    assert_string_equal("application/json", v);
    assert_non_null(header(r, "Content-Length", v, sizeof v));
    assert_int_equal(r->body.len, strtoul(v, NULL, 10));
}

/* expect: GET path answers `status` with exactly `body` (NULL: any). */
static void expect(const char *path, long status, const char *body)
{
    struct resp r;
    get(srv, path, &r);
    if (r.status != status)
        fail_msg("%s: status %ld, want %ld (%s)", path, r.status, status, r.body.data);
    assert_json(&r);
    if (body != NULL)
        assert_string_equal(body, r.body.data);
    resp_free(&r);
}

static void assert_contains(const char *hay, const char *needle)
{
    if (hay == NULL || strstr(hay, needle) == NULL)
        fail_msg("'%s' not found in '%s'", needle, hay ? hay : "(null)");
}

/* run_multi: runs n handles at once to the end; done[i] gets the seconds
 * from the start to handle i's end. Returns the seconds it all took. */
static double run_multi(CURL **e, int n, double *done)
{
    CURLM *m = curl_multi_init();
    double t0 = util_now();
    int running = n;
    assert_non_null(m);
    for (int i = 0; i < n; i++)
        curl_multi_add_handle(m, e[i]);
    while (running > 0 && util_now() - t0 < 20) {
        CURLMsg *msg;
        int left;
        curl_multi_perform(m, &running);
        while ((msg = curl_multi_info_read(m, &left)) != NULL)
            for (int i = 0; i < n; i++)
                if (msg->msg == CURLMSG_DONE && msg->easy_handle == e[i]) {
                    assert_int_equal(CURLE_OK, msg->data.result);
                    done[i] = util_now() - t0;
                }
        if (running > 0)
            curl_multi_poll(m, NULL, 0, 20, NULL);
    }
    for (int i = 0; i < n; i++) {
        struct resp *r;
        curl_easy_getinfo(e[i], CURLINFO_PRIVATE, (char **)&r);
        curl_easy_getinfo(e[i], CURLINFO_RESPONSE_CODE, &r->status);
        sbuf_cstr(&r->body);
        curl_multi_remove_handle(m, e[i]);
        curl_easy_cleanup(e[i]);
    }
    curl_multi_cleanup(m);
    assert_int_equal(0, running);
    return util_now() - t0;
}

/* ---- the tests ------------------------------------------------------------ */

static void start_picks_an_ephemeral_port(void **unused)
{
    char want[64];
    assert_true(httpd_port(srv) > 0 && httpd_port(srv) <= 65535);
    snprintf(want, sizeof want, "http://127.0.0.1:%d", httpd_port(srv));
    assert_string_equal(want, httpd_url(srv));
}

/* The listening socket is bound to 127.0.0.1 only: read from the kernel's
 * table (/proc/net/tcp), not by trying any other address. */
static void listens_on_loopback_only(void **unused)
{
    char line[512];
    int found = 0;
    FILE *f = fopen("/proc/net/tcp", "r");
    if (f == NULL)
        skip();
    while (fgets(line, sizeof line, f) != NULL) {
        unsigned addr, port, st;
        if (sscanf(line, " %*d: %8X:%4X %*8X:%*4X %2X", &addr, &port, &st) == 3 &&
            st == 0x0A && (int)port == httpd_port(srv)) {
            assert_int_equal(0x0100007Fu, addr); /* 127.0.0.1, little-endian */
            found = 1;
        }
    }
    fclose(f);
    assert_true(found);
}

static void status_answers_the_code(void **unused)
{
    static const long codes[] = {200, 201, 299, 404, 418, 429, 500, 503, 599};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        char path[32], body[32];
        snprintf(path, sizeof path, "/status/%ld", codes[i]);
        snprintf(body, sizeof body, "{\"status\":%ld}", codes[i]);
        expect(path, codes[i], body);
    }
}

static void status_rejects_1xx_and_out_of_range(void **unused)
{
    static const char *const bad[] = {"/status/100", "/status/150", "/status/199",
                                      "/status/600", "/status/99",  "/status/abc",
                                      "/status/",    "/status/2000000000"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        expect(bad[i], 400, NULL);
}

static void delay_waits_at_least_ms(void **unused)
{
    struct resp r;
    get(srv, "/delay/250", &r);
    assert_int_equal(200, r.status);
    assert_json(&r);
    assert_string_equal("{\"delay_ms\":250}", r.body.data);
    assert_true(r.secs >= 0.25);
    assert_true(r.secs < 5);
    resp_free(&r);
    expect("/delay/0", 200, "{\"delay_ms\":0}");
    expect("/delay/x", 400, NULL);
    expect("/delay/-5", 400, NULL);
}

static void two_delays_run_at_once(void **unused)
{
    struct resp r[2];
    CURL *e[2] = {easy_new(srv, "/delay/300", &r[0]), easy_new(srv, "/delay/300", &r[1])};
    double done[2] = {0, 0};
    double total = run_multi(e, 2, done);
    for (int i = 0; i < 2; i++) {
        assert_int_equal(200, r[i].status);
        assert_string_equal("{\"delay_ms\":300}", r[i].body.data);
        assert_true(done[i] >= 0.3);
        resp_free(&r[i]);
    }
    if (total >= 0.55)
        fail_msg("two /delay/300 took %.3f s together: served one after the other?", total);
}

static void delay_does_not_block_other_routes(void **unused)
{
    struct resp r[2];
    CURL *e[2] = {easy_new(srv, "/delay/1000", &r[0]), easy_new(srv, "/status/201", &r[1])};
    double done[2] = {0, 0};
    run_multi(e, 2, done);
    assert_int_equal(200, r[0].status);
    assert_int_equal(201, r[1].status);
    assert_true(done[0] >= 1.0);
    if (done[1] >= 0.5)
        fail_msg("/status/201 took %.3f s beside a /delay/1000", done[1]);
    resp_free(&r[0]);
    resp_free(&r[1]);
}

static void flaky_fails_n_times_per_key(void **unused)
{
    expect("/flaky/fa/2", 503, "{\"key\":\"fa\",\"attempt\":1,\"ok\":false}");
    expect("/flaky/fb/0", 200, "{\"key\":\"fb\",\"attempt\":1,\"ok\":true}");
    expect("/flaky/fa/2", 503, "{\"key\":\"fa\",\"attempt\":2,\"ok\":false}");
    expect("/flaky/fa/2", 200, "{\"key\":\"fa\",\"attempt\":3,\"ok\":true}");
    expect("/flaky/fa/2", 200, "{\"key\":\"fa\",\"attempt\":4,\"ok\":true}");
    expect("/flaky/fb/0", 200, "{\"key\":\"fb\",\"attempt\":2,\"ok\":true}");
    expect("/flaky/fa", 400, NULL);
    expect("/flaky/fa/x", 400, NULL);
    expect("/flaky/f%20a/1", 400, NULL); /* a space is no KEY character */
    expect("/flaky/a/b/1", 400, NULL);
}

/* A fresh server: 1024 other keys after "old" push it out, and it counts
 * from 1 again; the newest key is still remembered. */
static void flaky_forgets_the_least_recently_used_key(void **unused)
{
    struct httpd *h = NULL;
    char err[256], path[64];
    struct resp r;
    CURL *e;
    assert_int_equal(0, httpd_start(0, &h, err, sizeof err));
    get(h, "/flaky/old/9", &r);
    assert_string_equal("{\"key\":\"old\",\"attempt\":1,\"ok\":false}", r.body.data);
    resp_free(&r);
    e = easy_new(h, "/", &r); /* one keep-alive connection for them all */
    for (int i = 0; i < HTTPD_MAX_KEYS; i++) {
        snprintf(path, sizeof path, "%s/flaky/k%d/0", httpd_url(h), i);
        curl_easy_setopt(e, CURLOPT_URL, path);
        assert_int_equal(CURLE_OK, curl_easy_perform(e));
    }
    curl_easy_cleanup(e);
    resp_free(&r);
    get(h, "/flaky/old/9", &r);
    assert_string_equal("{\"key\":\"old\",\"attempt\":1,\"ok\":false}", r.body.data);
    resp_free(&r);
    snprintf(path, sizeof path, "/flaky/k%d/0", HTTPD_MAX_KEYS - 1);
    get(h, path, &r);
    assert_contains(r.body.data, "\"attempt\":2");
    resp_free(&r);
    httpd_stop(h);
}

static void ratelimit_rejects_then_admits(void **unused)
{
    struct resp r;
    char v[32];
    long ms;
    struct timespec ts;
    expect("/ratelimit/rl/5", 200, "{\"key\":\"rl\",\"ok\":true}");
    get(srv, "/ratelimit/rl/5", &r);
    assert_int_equal(429, r.status);
    assert_json(&r);
    assert_non_null(header(&r, "Retry-After", v, sizeof v));
    assert_string_equal("1", v);
    assert_non_null(header(&r, "X-Retry-After-Ms", v, sizeof v));
    ms = strtol(v, NULL, 10);
    assert_true(ms >= 1 && ms <= 200);
    assert_contains(r.body.data, "\"ok\":false");
    resp_free(&r);
    expect("/ratelimit/other/5", 200, NULL); /* keys are apart */
    ts.tv_sec = 0;
    ts.tv_nsec = (ms + 50) * 1000000L;
    nanosleep(&ts, NULL);
    expect("/ratelimit/rl/5", 200, NULL);
    expect("/ratelimit/frac/2.5", 200, NULL);
    expect("/ratelimit/frac/2.5", 429, NULL);
    expect("/ratelimit/rl/0", 400, NULL);
    expect("/ratelimit/rl/x", 400, NULL);
    expect("/ratelimit/rl", 400, NULL);
}

/* expect_page: page `page` of /products lists `count` URLs from `first`. */
static void expect_page(int page, int first, int count)
{
    struct sbuf want = SBUF_INIT;
    char path[64];
    sbuf_printf(&want, "{\"page\":%d,\"pages\":%d,\"urls\":[", page, HTTPD_PAGES);
    for (int i = 0; i < count; i++)
        sbuf_printf(&want, "%s\"%s/product/%d\"", i ? "," : "", httpd_url(srv), first + i);
    sbuf_puts(&want, "]}");
    snprintf(path, sizeof path, "/products?page=%d", page);
    expect(path, 200, sbuf_cstr(&want));
    sbuf_free(&want);
}

static void products_are_paged(void **unused)
{
    expect_page(1, 1, 10);
    expect_page(2, 11, 10);
    expect_page(5, 41, 10);
    expect_page(6, 0, 0);
    expect_page(1000, 0, 0);
    expect("/products", 200, NULL); /* page 1 */
    expect("/products?page=0", 400, NULL);
    expect("/products?page=abc", 400, NULL);
    expect("/products/", 404, NULL);
}

static void product_urls_resolve(void **unused)
{
    for (int id = 11; id <= 20; id++) {
        char path[32], want[32];
        struct resp r;
        snprintf(path, sizeof path, "/product/%d", id);
        snprintf(want, sizeof want, "{\"id\":%d,", id);
        get(srv, path, &r);
        assert_int_equal(200, r.status);
        assert_json(&r);
        assert_true(strncmp(r.body.data, want, strlen(want)) == 0);
        resp_free(&r);
    }
    expect("/product/1", 200, "{\"id\":1,\"name\":\"Product 1\",\"price_cents\":236}");
    expect("/product/0", 404, NULL);
    expect("/product/51", 404, NULL);
    expect("/product/x", 404, NULL);
}

static void echo_reports_the_request(void **unused)
{
    static const char *const hdrs[] = {"X-Dojo: kata", "X-Dup: 1", "X-Dup: 2", NULL};
    struct resp r;
    request(srv, "GET", "/echo?x=1&y=a%20b", NULL, 0, hdrs, &r);
    assert_int_equal(200, r.status);
    assert_json(&r);
    assert_contains(r.body.data,
                    "{\"method\":\"GET\",\"path\":\"/echo\",\"query\":\"x=1&y=a%20b\"");
    assert_contains(r.body.data, "\"X-Dojo\":\"kata\"");
    assert_contains(r.body.data, "\"X-Dup\":\"1, 2\"");
    assert_contains(r.body.data, "\"body\":\"\",\"body_bytes\":0}");
    resp_free(&r);
}

static void echo_returns_a_post_body(void **unused)
{
    static const char body[] = "line \"one\"\n\\two\001";
    struct resp r;
    request(srv, "POST", "/echo", body, sizeof body - 1, NULL, &r);
    assert_int_equal(200, r.status);
    assert_json(&r);
    assert_contains(r.body.data, "\"method\":\"POST\"");
    assert_contains(r.body.data, "\"query\":\"\"");
    assert_contains(r.body.data, "\"body\":\"line \\\"one\\\"\\u000a\\\\two\\u0001\"");
    assert_contains(r.body.data, "\"body_bytes\":16}");
    resp_free(&r);
}

static void echo_takes_64_kib_and_no_more(void **unused)
{
    static const char *const chunked[] = {"Transfer-Encoding: chunked", NULL};
    char *big = malloc(HTTPD_MAX_BODY + 1);
    struct resp r;
    assert_non_null(big);
    memset(big, 'a', HTTPD_MAX_BODY + 1);
    request(srv, "POST", "/echo", big, HTTPD_MAX_BODY, NULL, &r);
    assert_int_equal(200, r.status);
    assert_contains(r.body.data, "\"body_bytes\":65536}");
    resp_free(&r);
    request(srv, "POST", "/echo", big, HTTPD_MAX_BODY + 1, NULL, &r);
    assert_int_equal(413, r.status);
    assert_json(&r);
    resp_free(&r);
    request(srv, "POST", "/echo", big, HTTPD_MAX_BODY + 1, chunked, &r); /* no length given */
    assert_int_equal(413, r.status);
    resp_free(&r);
    free(big);
}

/* A chunked body past 16 * 64 KiB: the server hangs up rather than read on. */
static void echo_hangs_up_on_an_endless_body(void **unused)
{
    static const size_t n = 2u << 20;
    struct curl_slist *list = curl_slist_append(NULL, "Transfer-Encoding: chunked");
    char *big = malloc(n);
    struct resp r;
    CURL *e = easy_new(srv, "/echo", &r);
    CURLcode rc;
    assert_non_null(big);
    memset(big, 'a', n);
    curl_easy_setopt(e, CURLOPT_POSTFIELDS, big);
    curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)n);
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, list);
    rc = curl_easy_perform(e);
    curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &r.status);
    if (rc == CURLE_OK && r.status != 413)
        fail_msg("a 2 MiB chunked body got %ld", r.status);
    curl_easy_cleanup(e);
    curl_slist_free_all(list);
    resp_free(&r);
    free(big);
}

/* httpd_set_log writes one line per finished request. */
static void log_has_a_line_per_request(void **unused)
{
    char line[256] = "";
    struct resp r;
    FILE *f = tmpfile();
    double t0 = util_now();
    assert_non_null(f);
    httpd_set_log(srv, f);
    get(srv, "/status/202?x=1", &r);
    resp_free(&r);
    while (util_now() - t0 < 2) { /* written just after the response went out */
        rewind(f);
        if (fgets(line, sizeof line, f) != NULL)
            break;
        nanosleep(&(struct timespec){0, 10000000L}, NULL);
    }
    httpd_set_log(srv, NULL);
    fclose(f);
    assert_true(strncmp(line, "GET /status/202?x=1 202 ", 24) == 0);
    assert_non_null(strstr(line, "ms\n"));
}

static void unknown_routes_and_methods(void **unused)
{
    struct resp r;
    char v[64];
    expect("/", 404, "{\"error\":\"no such route\"}");
    expect("/nope", 404, NULL);
    expect("/status", 404, NULL);
    expect("/echo/more", 404, NULL);
    request(srv, "DELETE", "/echo", NULL, 0, NULL, &r);
    assert_int_equal(405, r.status);
    assert_json(&r);
    assert_string_equal("GET, POST", header(&r, "Allow", v, sizeof v));
    resp_free(&r);
    request(srv, "PUT", "/nope", NULL, 0, NULL, &r);
    assert_int_equal(405, r.status);
    resp_free(&r);
    request(srv, "POST", "/delay/1", "x", 1, NULL, &r);
    assert_int_equal(405, r.status);
    assert_string_equal("GET", header(&r, "Allow", v, sizeof v));
    resp_free(&r);
}

static void start_and_stop_twice(void **unused)
{
    char err[256] = "";
    struct httpd *h = srv;
    struct resp r;
    int port = 0;
    for (int i = 0; i < 2; i++) {
        h = NULL;
        assert_int_equal(0, httpd_start(port, &h, err, sizeof err));
        assert_non_null(h);
        get(h, "/status/200", &r);
        assert_int_equal(200, r.status);
        resp_free(&r);
        port = httpd_port(h); /* the second round reuses the first's port */
        httpd_stop(h);
    }
    httpd_stop(NULL);
}

static void start_fails_with_a_reason(void **unused)
{
    char err[256] = "", want[64];
    struct httpd *h = srv;
    assert_int_equal(-1, httpd_start(httpd_port(srv), &h, err, sizeof err));
    assert_null(h);
    snprintf(want, sizeof want, "127.0.0.1:%d", httpd_port(srv));
    assert_contains(err, want);
    h = srv;
    assert_int_equal(-1, httpd_start(70000, &h, err, sizeof err));
    assert_null(h);
    assert_contains(err, "70000");
}

/* httpd_stop with a /delay/10000 waiting returns at once, and the client is
 * let go (a 503 or a closed connection), not held for ten seconds. */
static void stop_lets_a_waiting_delay_go(void **unused)
{
    struct httpd *h = NULL;
    char err[256];
    struct resp r;
    CURLM *m = curl_multi_init();
    CURL *e;
    CURLMsg *msg;
    double t0;
    int running = 1, left;
    assert_int_equal(0, httpd_start(0, &h, err, sizeof err));
    e = easy_new(h, "/delay/10000", &r);
    curl_multi_add_handle(m, e);
    for (t0 = util_now(); util_now() - t0 < 0.3;) { /* sent, and now waiting */
        curl_multi_perform(m, &running);
        curl_multi_poll(m, NULL, 0, 20, NULL);
    }
    assert_int_equal(1, running);
    t0 = util_now();
    httpd_stop(h);
    if (util_now() - t0 > 1.0)
        fail_msg("httpd_stop took %.3f s", util_now() - t0);
    while (running > 0 && util_now() - t0 < 5) {
        curl_multi_perform(m, &running);
        if (running > 0)
            curl_multi_poll(m, NULL, 0, 20, NULL);
    }
    assert_int_equal(0, running);
    msg = curl_multi_info_read(m, &left);
    assert_non_null(msg);
    curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &r.status);
    if (msg->data.result == CURLE_OK)
        assert_int_equal(503, r.status);
    curl_multi_remove_handle(m, e);
    curl_easy_cleanup(e);
    curl_multi_cleanup(m);
    resp_free(&r);
}

static int setup(void **state)
{
    char err[256];
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
        return -1;
    if (httpd_start(0, &srv, err, sizeof err) != 0) {
        fprintf(stderr, "test_httpd: %s\n", err);
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    httpd_stop(srv);
    srv = NULL;
    curl_global_cleanup();
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(start_picks_an_ephemeral_port),
        cmocka_unit_test(listens_on_loopback_only),
        cmocka_unit_test(status_answers_the_code),
        cmocka_unit_test(status_rejects_1xx_and_out_of_range),
        cmocka_unit_test(delay_waits_at_least_ms),
        cmocka_unit_test(two_delays_run_at_once),
        cmocka_unit_test(delay_does_not_block_other_routes),
        cmocka_unit_test(flaky_fails_n_times_per_key),
        cmocka_unit_test(flaky_forgets_the_least_recently_used_key),
        cmocka_unit_test(ratelimit_rejects_then_admits),
        cmocka_unit_test(products_are_paged),
        cmocka_unit_test(product_urls_resolve),
        cmocka_unit_test(echo_reports_the_request),
        cmocka_unit_test(echo_returns_a_post_body),
        cmocka_unit_test(echo_takes_64_kib_and_no_more),
        cmocka_unit_test(echo_hangs_up_on_an_endless_body),
        cmocka_unit_test(log_has_a_line_per_request),
        cmocka_unit_test(unknown_routes_and_methods),
        cmocka_unit_test(start_and_stop_twice),
        cmocka_unit_test(start_fails_with_a_reason),
        cmocka_unit_test(stop_lets_a_waiting_delay_go),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
