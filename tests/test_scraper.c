/* test_scraper.c: cmocka unit tests of the plain-C core of the `scraper`
 * kata's reference (katas/interfaces/scraper/reference.h): a port struct
 * with a static const vtable, two adapters embedding it (found again with
 * container_of), and scrape_all, which sees only the port. The network is
 * a fake fetch function. No Lua. Depends on cmocka and the reference. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../katas/interfaces/scraper/reference.h"

static const struct mock_page shop[] = {
    {"http://shop/1", "<h1>one</h1>"},
    {"http://shop/2", "<h1>two</h1>"},
};

/* A fake network: a URL ending in /NNN (three digits) answers status NNN,
 * "down" fails to connect, anything else is a 200 whose body is the URL.
 * Counts calls. */
struct fake_net {
    int calls;
};

static int fake_fetch(void *ctx, const char *url, int *status, const char **body)
{
    struct fake_net *net = ctx;
    const char *tail = strrchr(url, '/');

    net->calls++;
    if (strcmp(url, "down") == 0)
        return -1;
    *status = 200;
    *body = url;
    if (tail != NULL && strlen(tail) == 4 && strspn(tail + 1, "0123456789") == 3)
        *status = atoi(tail + 1);
    return 0;
}

static void container_of_finds_the_enclosing_struct(void **unused)
{
    (void)unused;
    struct mock_scraper m;
    struct http_scraper h;

    mock_scraper_init(&m, NULL, 0, NULL, 0);
    http_scraper_init(&h, fake_fetch, NULL);
    assert_ptr_equal(&m, container_of(&m.base, struct mock_scraper, base));
    assert_ptr_equal(&h, container_of(&h.base, struct http_scraper, base));
    assert_string_equal("MockScraper", m.base.ops->name);
    assert_string_equal("HttpScraper", h.base.ops->name);
}

static void mock_serves_pages_and_404s_and_records_calls(void **unused)
{
    (void)unused;
    const char *calls[2];
    struct mock_scraper m;
    struct scraper_page page;

    mock_scraper_init(&m, shop, 2, calls, 2);
    assert_int_equal(SCRAPER_OK, scraper_scrape(&m.base, "http://shop/2", &page));
    assert_string_equal("http://shop/2", page.url);
    assert_int_equal(200, page.status);
    assert_string_equal("<h1>two</h1>", page.body);
    assert_int_equal(SCRAPER_HTTP, scraper_scrape(&m.base, "http://shop/9", &page));
    assert_int_equal(404, page.status);
    assert_null(page.body);
    assert_int_equal(SCRAPER_HTTP, scraper_scrape(&m.base, "http://shop/8", &page));
    assert_int_equal(3, m.ncalls); /* counted past the room for names */
    assert_string_equal("http://shop/2", calls[0]);
    assert_string_equal("http://shop/9", calls[1]);
}

static void status_rule_puts_the_line_at_400(void **unused)
{
    (void)unused;
    assert_int_equal(SCRAPER_OK, scraper_status_rc(200));
    assert_int_equal(SCRAPER_OK, scraper_status_rc(204));
    assert_int_equal(SCRAPER_OK, scraper_status_rc(399));
    assert_int_equal(SCRAPER_HTTP, scraper_status_rc(400));
    assert_int_equal(SCRAPER_HTTP, scraper_status_rc(404));
    assert_int_equal(SCRAPER_HTTP, scraper_status_rc(503));
}

static void http_raises_error_statuses_and_transport_failures(void **unused)
{
    (void)unused;
    struct fake_net net = {0};
    struct http_scraper h;
    struct scraper_page page;

    http_scraper_init(&h, fake_fetch, &net);
    assert_int_equal(SCRAPER_OK, scraper_scrape(&h.base, "http://x/product", &page));
    assert_int_equal(200, page.status);
    assert_string_equal("http://x/product", page.body);
    assert_int_equal(SCRAPER_OK, scraper_scrape(&h.base, "http://x/201", &page));
    assert_int_equal(201, page.status);
    assert_int_equal(SCRAPER_HTTP, scraper_scrape(&h.base, "http://x/503", &page));
    assert_int_equal(503, page.status);
    assert_null(page.body); /* an error page is no page */
    assert_int_equal(SCRAPER_TRANSPORT, scraper_scrape(&h.base, "down", &page));
    assert_int_equal(0, page.status);
    assert_int_equal(4, net.calls);
}

/* run_all: scrape_all over any adapter, through the port only. */
static size_t run_all(struct scraper *s, struct scraper_result *out)
{
    static const char *const urls[] = {"http://shop/1", "http://shop/404", "down", "http://shop/2"};
    return scraper_scrape_all(s, urls, 4, out);
}

static void scrape_all_works_with_either_adapter(void **unused)
{
    (void)unused;
    const char *calls[8];
    struct mock_scraper m;
    struct fake_net net = {0};
    struct http_scraper h;
    struct scraper_result r[4];

    mock_scraper_init(&m, shop, 2, calls, 8);
    assert_int_equal(2, run_all(&m.base, r));
    assert_int_equal(SCRAPER_OK, r[0].rc);
    assert_string_equal("<h1>one</h1>", r[0].page.body);
    assert_int_equal(SCRAPER_HTTP, r[1].rc);
    assert_int_equal(SCRAPER_HTTP, r[2].rc); /* the mock has no network to lose */
    assert_int_equal(SCRAPER_OK, r[3].rc);
    assert_int_equal(4, m.ncalls);
    assert_string_equal("down", calls[2]);

    http_scraper_init(&h, fake_fetch, &net);
    assert_int_equal(2, run_all(&h.base, r));
    assert_int_equal(SCRAPER_OK, r[0].rc);
    assert_int_equal(SCRAPER_HTTP, r[1].rc);
    assert_int_equal(404, r[1].page.status);
    assert_int_equal(SCRAPER_TRANSPORT, r[2].rc); /* a failure does not stop the rest */
    assert_int_equal(SCRAPER_OK, r[3].rc);
    assert_string_equal("http://shop/2", r[3].page.url);
    assert_int_equal(4, net.calls);
}

static void scrape_all_of_nothing_scrapes_nothing(void **unused)
{
    (void)unused;
    struct fake_net net = {0};
    struct http_scraper h;

    http_scraper_init(&h, fake_fetch, &net);
    assert_int_equal(0, scraper_scrape_all(&h.base, NULL, 0, NULL));
    assert_int_equal(0, net.calls);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(container_of_finds_the_enclosing_struct),
        cmocka_unit_test(mock_serves_pages_and_404s_and_records_calls),
        cmocka_unit_test(status_rule_puts_the_line_at_400),
        cmocka_unit_test(http_raises_error_statuses_and_transport_failures),
        cmocka_unit_test(scrape_all_works_with_either_adapter),
        cmocka_unit_test(scrape_all_of_nothing_scrapes_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
