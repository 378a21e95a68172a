/* reference.h: the plain-C core of the `scraper` kata's reference: a
 * Scraper port as a struct holding a vtable pointer, two adapters that
 * embed it (a mock over canned pages, an HTTP scraper over an injected
 * fetch function), and scrape_all, which sees only the port. No Lua, so
 * tests/test_scraper.c can test it alone. The Lua binding is reference.c.
 * Depends on the C standard library only. */
#ifndef DOJO_KATA_SCRAPER_REFERENCE_H
#define DOJO_KATA_SCRAPER_REFERENCE_H

#include <stddef.h>

/* container_of: from a pointer to `member` inside a `type`, the pointer to
 * the whole `type`. The Linux kernel's macro (include/linux/container_of.h),
 * without its type check. */
#define container_of(ptr, type, member) ((type *)(void *)((char *)(ptr) - offsetof(type, member)))

/* What a scrape came to. */
enum scraper_rc {
    SCRAPER_OK = 0,         /* a page */
    SCRAPER_HTTP = -1,      /* a response with an error status (>= 400) */
    SCRAPER_TRANSPORT = -2, /* no response at all */
    SCRAPER_OTHER = -3,     /* anything else an adapter reports */
};

/* A page, or the status of an HTTP error. Every pointer is borrowed from
 * the caller (url) or the adapter (body), valid while both are. */
struct scraper_page {
    const char *url;
    int status;       /* HTTP status; 0 when there was no response */
    const char *body; /* NULL unless SCRAPER_OK */
};

struct scraper;

/* The port's vtable: one static const instance per adapter. */
struct scraper_ops {
    const char *name;
    /* scrape: fills *page (url always; status and body as the rc says)
     * and returns an enum scraper_rc. */
    int (*scrape)(struct scraper *s, const char *url, struct scraper_page *page);
};

/* The port. Adapters embed it as a member and find themselves again with
 * container_of; the port owns nothing. */
struct scraper {
    const struct scraper_ops *ops;
};

/* scraper_scrape: dispatches to the adapter: s->ops->scrape(s, url, page).
 * Returns its enum scraper_rc; page as the adapter fills it. */
int scraper_scrape(struct scraper *s, const char *url, struct scraper_page *page);

/* scraper_status_rc: the rule every HTTP adapter follows: SCRAPER_HTTP for
 * a status >= 400, SCRAPER_OK below. Can't fail. */
int scraper_status_rc(int status);

/* One URL's outcome in scraper_scrape_all. */
struct scraper_result {
    int rc; /* enum scraper_rc */
    struct scraper_page page;
};

/* scraper_scrape_all: scrapes urls[0..n) in order, once each, through the
 * port alone, writing out[i] for urls[i]; a failure never stops the rest.
 * Returns how many came back SCRAPER_OK. `out` is the caller's, n entries.
 * Can't fail itself. */
size_t scraper_scrape_all(struct scraper *s, const char *const *urls, size_t n,
                          struct scraper_result *out);

/* ---- The mock adapter -------------------------------------------------- */

struct mock_page {
    const char *url, *body;
};

/* A mock over canned pages; records every URL asked, up to `cap`. All
 * arrays are the caller's, borrowed for the mock's life. */
struct mock_scraper {
    struct scraper base; /* the port, embedded */
    const struct mock_page *pages;
    size_t npages;
    const char **calls; /* the URLs asked, in order (the first `cap`) */
    size_t ncalls, cap; /* ncalls counts every call, even past cap */
};

/* mock_scraper_init: a mock serving pages[0..npages) and recording into
 * calls[0..cap). scrape answers 200 with the body for a known URL, else
 * SCRAPER_HTTP with status 404, as an HTTP adapter would. Can't fail. */
void mock_scraper_init(struct mock_scraper *m, const struct mock_page *pages, size_t npages,
                       const char **calls, size_t cap);

/* ---- The HTTP adapter -------------------------------------------------- */

/* How the HTTP adapter fetches: stores the response's status and body
 * (borrowed from ctx) and returns 0, or returns -1 when there was no
 * response. A function pointer, so the network is injected. */
typedef int (*scraper_fetch)(void *ctx, const char *url, int *status, const char **body);

struct http_scraper {
    struct scraper base; /* the port, embedded */
    scraper_fetch fetch;
    void *ctx;
};

/* http_scraper_init: an HTTP adapter over `fetch` (with `ctx`). scrape
 * returns SCRAPER_TRANSPORT when fetch fails, SCRAPER_HTTP for a status
 * >= 400, else the page. Can't fail. */
void http_scraper_init(struct http_scraper *h, scraper_fetch fetch, void *ctx);

#endif
