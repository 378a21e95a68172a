/* reference.c: the `scraper` kata: a Scraper port, a MockScraper and an
 * HttpScraper (on dojo's http.get) implementing it, and scrape_all(scraper,
 * urls), which needs only the port and lets no HTTP error pass for a page.
 * Idiom (part 1, no Lua; tests/test_scraper.c): an interface in C as the
 * Linux kernel writes one: the port is a struct holding a pointer to a
 * `static const` vtable (struct scraper_ops, like struct file_operations
 * in include/linux/fs.h), each adapter embeds that struct as a member, and
 * its methods get the adapter back with container_of
 * (include/linux/container_of.h). SQLite's VFS (sqlite3_vfs, sqlite3_file
 * "subclassed" by embedding) is the same pattern. The architecture is
 * Cockburn's ports and adapters ("Hexagonal architecture", 2005); the kata
 * is Kata D of the seeds, Python's abc.ABC with two subclasses.
 * Binding (luaopen_scraper): Lua classes with C methods; HttpScraper's
 * scrape runs the core http_scraper over a fetch function calling
 * http.get; scrape_all runs the core loop over a third adapter, one that
 * calls any Lua object's scrape method. */

#include "reference.h"

#include <assert.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

/* ------------------------------------------------------------------------
 * Part 1: the core.
 * ------------------------------------------------------------------------ */

/* scraper_scrape: one indirect call through the vtable. */
int scraper_scrape(struct scraper *s, const char *url, struct scraper_page *page)
{
    assert(s != NULL && s->ops != NULL && s->ops->scrape != NULL && page != NULL);
    *page = (struct scraper_page){url, 0, NULL};
    return s->ops->scrape(s, url, page);
}

/* scraper_status_rc: an error status is a response, but not a page. */
int scraper_status_rc(int status)
{
    return status >= 400 ? SCRAPER_HTTP : SCRAPER_OK;
}

/* scraper_scrape_all: the core that knows only the port. */
size_t scraper_scrape_all(struct scraper *s, const char *const *urls, size_t n,
                          struct scraper_result *out)
{
    size_t ok = 0;

    for (size_t i = 0; i < n; i++) {
        out[i].rc = scraper_scrape(s, urls[i], &out[i].page);
        ok += out[i].rc == SCRAPER_OK;
    }
    return ok;
}

/* mock_scrape: the mock's method: a canned page, or a 404. */
static int mock_scrape(struct scraper *s, const char *url, struct scraper_page *page)
{
    struct mock_scraper *m = container_of(s, struct mock_scraper, base);

    if (m->ncalls < m->cap)
        m->calls[m->ncalls] = url;
    m->ncalls++;
    for (size_t i = 0; i < m->npages; i++)
        if (strcmp(m->pages[i].url, url) == 0) {
            page->status = 200;
            page->body = m->pages[i].body;
            return SCRAPER_OK;
        }
    page->status = 404;
    return SCRAPER_HTTP;
}

static const struct scraper_ops mock_ops = {"MockScraper", mock_scrape};

void mock_scraper_init(struct mock_scraper *m, const struct mock_page *pages, size_t npages,
                       const char **calls, size_t cap)
{
    assert(m != NULL && (pages != NULL || npages == 0) && (calls != NULL || cap == 0));
    *m = (struct mock_scraper){{&mock_ops}, pages, npages, calls, 0, cap};
}

/* http_scrape: fetch, then the status rule. */
static int http_scrape(struct scraper *s, const char *url, struct scraper_page *page)
{
    struct http_scraper *h = container_of(s, struct http_scraper, base);
    const char *body = NULL;
    int status = 0, rc;

    if (h->fetch(h->ctx, url, &status, &body) != 0)
        return SCRAPER_TRANSPORT;
    page->status = status;
    rc = scraper_status_rc(status);
    if (rc == SCRAPER_OK)
        page->body = body;
    return rc;
}

static const struct scraper_ops http_ops = {"HttpScraper", http_scrape};

void http_scraper_init(struct http_scraper *h, scraper_fetch fetch, void *ctx)
{
    assert(h != NULL && fetch != NULL);
    *h = (struct http_scraper){{&http_ops}, fetch, ctx};
}

/* ------------------------------------------------------------------------
 * Part 2: the Lua binding.
 *
 * Scraper, MockScraper and HttpScraper are Lua classes (tables that are
 * their own __index; a subclass's metatable is its parent) whose methods
 * are the C functions below. The core shows up twice:
 *
 *   HttpScraper:scrape(url) runs a struct http_scraper whose fetch
 *       function calls http.get(url, self.opts) under lua_pcall. On a
 *       transport error it leaves the error value on the stack and says
 *       -1; the method then raises that very value, unchanged.
 *   scrape_all(scraper, urls) runs scraper_scrape_all over a struct
 *       lua_scraper, an adapter for any Lua object with a scrape method:
 *       its scrape pcalls obj:scrape(url) and files the page or the
 *       failure in two Lua lists.
 *
 * Everything lives on the Lua stack or in userdata; the core allocates
 * nothing. Lua calls that may raise happen under lua_pcall inside the
 * adapters, so no error unwinds through the core's loop.
 * ------------------------------------------------------------------------ */

/* push_http: [-0, +1, e] dojo's http module: package.loaded.http, or
 * loaded from package.preload.http (as dojo's sandbox has it). */
static void push_http(lua_State *L)
{
    luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
    if (lua_getfield(L, -1, "http") == LUA_TNIL) {
        lua_pop(L, 1);
        luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);
        if (lua_getfield(L, -1, "http") == LUA_TNIL)
            luaL_error(L, "HttpScraper needs dojo's http module");
        lua_remove(L, -2);
        lua_pushliteral(L, "http");
        lua_call(L, 1, 1);
        lua_pushvalue(L, -1);
        lua_setfield(L, -3, "http");
    }
    lua_remove(L, -2);
}

/* raise_http_error: raises { kind = "http", status = status, url = url }. */
static int raise_http_error(lua_State *L, int status, int url)
{
    lua_createtable(L, 0, 3);
    lua_pushliteral(L, "http");
    lua_setfield(L, -2, "kind");
    lua_pushinteger(L, status);
    lua_setfield(L, -2, "status");
    lua_pushvalue(L, url);
    lua_setfield(L, -2, "url");
    return lua_error(L);
}

/* push_page: pushes { url = <at url>, status = status, body = <at body> }. */
static void push_page(lua_State *L, int url, int status, int body)
{
    lua_createtable(L, 0, 3);
    lua_pushvalue(L, url);
    lua_setfield(L, -2, "url");
    lua_pushinteger(L, status);
    lua_setfield(L, -2, "status");
    lua_pushvalue(L, body);
    lua_setfield(L, -2, "body");
}

/* l_extend: Class:extend() -> a subclass of Class. */
static int l_extend(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_newtable(L);
    lua_pushvalue(L, -1);
    lua_setfield(L, -2, "__index");
    lua_pushvalue(L, 1);
    lua_setmetatable(L, -2);
    return 1;
}

/* l_new: Class:new(...) -> an instance, after init; refuses a class
 * without a scrape function. */
static int l_new(lua_State *L)
{
    int nargs = lua_gettop(L) - 1;

    luaL_checktype(L, 1, LUA_TTABLE);
    if (lua_getfield(L, 1, "scrape") != LUA_TFUNCTION)
        return luaL_error(L, "can't instantiate this scraper: missing method 'scrape'");
    lua_pop(L, 1);
    lua_newtable(L);
    lua_pushvalue(L, 1);
    lua_setmetatable(L, -2);
    if (lua_getfield(L, 1, "init") != LUA_TNIL) {
        lua_pushvalue(L, -2);
        for (int i = 2; i <= nargs + 1; i++)
            lua_pushvalue(L, i);
        lua_call(L, nargs + 1, 0);
    } else {
        lua_pop(L, 1);
    }
    return 1;
}

/* l_mock_init: MockScraper.init(self, pages): self.pages, self.calls. */
static int l_mock_init(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    if (lua_isnoneornil(L, 2))
        lua_newtable(L);
    else
        lua_pushvalue(L, 2);
    lua_setfield(L, 1, "pages");
    lua_newtable(L); /* one list per instance, never one on the class */
    lua_setfield(L, 1, "calls");
    return 0;
}

/* l_mock_scrape: MockScraper.scrape(self, url) -> page; raises a 404. */
static int l_mock_scrape(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 2);
    if (lua_getfield(L, 1, "calls") == LUA_TTABLE) {
        lua_pushvalue(L, 2);
        lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
    }
    lua_getfield(L, 1, "pages"); /* 3 calls, 4 pages */
    if (!lua_istable(L, 4))
        return raise_http_error(L, 404, 2);
    lua_pushvalue(L, 2);
    if (lua_gettable(L, 4) == LUA_TNIL) /* 5: the body */
        return raise_http_error(L, 404, 2);
    push_page(L, 2, 200, 5);
    return 1;
}

/* l_http_init: HttpScraper.init(self, opts): keeps opts. */
static int l_http_init(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 2);
    lua_setfield(L, 1, "opts");
    return 0;
}

/* The fetch function's context: the state and the scraper's stack slot. */
struct lua_fetch_ctx {
    lua_State *L;
    int self;
};

/* lua_fetch: a scraper_fetch calling http.get(url, self.opts). On
 * success leaves the body on the stack and returns 0; on a raised error
 * leaves the error value and returns -1. [-0, +1, e] */
static int lua_fetch(void *ctx, const char *url, int *status, const char **body)
{
    struct lua_fetch_ctx *f = ctx;
    lua_State *L = f->L;

    push_http(L);
    lua_getfield(L, -1, "get");
    lua_remove(L, -2);
    lua_pushstring(L, url);
    lua_getfield(L, f->self, "opts");
    if (lua_pcall(L, 2, 1, 0) != LUA_OK)
        return -1;
    if (!lua_istable(L, -1))
        luaL_error(L, "http.get returned a %s, not a response", luaL_typename(L, -1));
    lua_getfield(L, -1, "status");
    *status = (int)lua_tointeger(L, -1);
    lua_getfield(L, -2, "body");
    *body = lua_tostring(L, -1);
    lua_replace(L, -3); /* keep only the body */
    lua_pop(L, 1);
    return 0;
}

/* l_http_scrape: HttpScraper.scrape(self, url) -> page; raises an HTTP
 * error status, and passes a transport error on unchanged. */
static int l_http_scrape(lua_State *L)
{
    struct lua_fetch_ctx ctx = {L, 1};
    struct http_scraper h;
    struct scraper_page page;
    int rc;

    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_checkstring(L, 2);
    lua_settop(L, 2);
    http_scraper_init(&h, lua_fetch, &ctx);
    rc = scraper_scrape(&h.base, lua_tostring(L, 2), &page);
    if (rc == SCRAPER_TRANSPORT)
        return lua_error(L); /* the value http.get raised, on top */
    if (rc == SCRAPER_HTTP)
        return raise_http_error(L, page.status, 2);
    push_page(L, 2, page.status, 3);
    return 1;
}

/* The adapter for any Lua object: the object, the two result lists, and
 * the slot of the URL list (for the Lua value of each URL). */
struct lua_scraper {
    struct scraper base;
    lua_State *L;
    int obj, urls, pages, failures;
    lua_Integer next; /* the 1-based number of the URL being scraped */
};

/* lua_scrape: pcalls obj:scrape(url), files the page or the failure. */
static int lua_scrape(struct scraper *s, const char *url, struct scraper_page *page)
{
    struct lua_scraper *ls = container_of(s, struct lua_scraper, base);
    lua_State *L = ls->L;
    int ok;

    (void)url; /* the Lua value of the URL is used, not the C string */
    (void)page;
    lua_getfield(L, ls->obj, "scrape");
    lua_pushvalue(L, ls->obj);
    lua_rawgeti(L, ls->urls, ++ls->next);
    ok = lua_pcall(L, 2, 1, 0) == LUA_OK;
    if (ok) {
        lua_rawseti(L, ls->pages, (lua_Integer)lua_rawlen(L, ls->pages) + 1);
        return SCRAPER_OK;
    }
    lua_createtable(L, 0, 2);
    lua_rawgeti(L, ls->urls, ls->next);
    lua_setfield(L, -2, "url");
    lua_insert(L, -2);
    lua_setfield(L, -2, "error");
    lua_rawseti(L, ls->failures, (lua_Integer)lua_rawlen(L, ls->failures) + 1);
    return SCRAPER_OTHER;
}

static const struct scraper_ops lua_scraper_ops = {"Lua object", lua_scrape};

/* l_scrape_all: scrape_all(scraper, urls) -> pages, failures. */
static int l_scrape_all(lua_State *L)
{
    struct lua_scraper ls;
    const char **urls;
    struct scraper_result *results;
    lua_Integer n;

    lua_settop(L, 2);
    if ((!lua_istable(L, 1) && !lua_isuserdata(L, 1)) ||
        (lua_getfield(L, 1, "scrape"), !lua_isfunction(L, -1)))
        return luaL_argerror(L, 1, "scraper expected: an object with a scrape method");
    lua_pop(L, 1);
    luaL_argexpected(L, lua_istable(L, 2), 2, "table");
    /* the URLs as they are now (3), then the two lists (4, 5) */
    lua_newtable(L);
    for (n = 0; lua_rawgeti(L, 2, n + 1) != LUA_TNIL; n++)
        lua_rawseti(L, 3, n + 1);
    lua_pop(L, 1);
    lua_newtable(L);
    lua_newtable(L);
    urls = lua_newuserdatauv(L, (size_t)(n > 0 ? n : 1) * sizeof *urls, 0);
    results = lua_newuserdatauv(L, (size_t)(n > 0 ? n : 1) * sizeof *results, 0);
    for (lua_Integer i = 0; i < n; i++) {
        lua_rawgeti(L, 3, i + 1);
        urls[i] = lua_isstring(L, -1) ? lua_tostring(L, -1) : "";
        lua_pop(L, 1);
    }
    ls = (struct lua_scraper){{&lua_scraper_ops}, L, 1, 3, 4, 5, 0};
    scraper_scrape_all(&ls.base, urls, (size_t)n, results);
    lua_settop(L, 5);
    return 2;
}

/* luaopen_scraper: require("scraper") returns { Scraper, MockScraper,
 * HttpScraper, scrape_all }. */
int luaopen_scraper(lua_State *L)
{
    static const luaL_Reg mock[] = {{"init", l_mock_init}, {"scrape", l_mock_scrape}, {NULL, NULL}};
    static const luaL_Reg http[] = {{"init", l_http_init}, {"scrape", l_http_scrape}, {NULL, NULL}};

    lua_createtable(L, 0, 4);
    lua_pushcfunction(L, l_scrape_all);
    lua_setfield(L, -2, "scrape_all");

    lua_createtable(L, 0, 3); /* Scraper: no scrape of its own */
    lua_pushvalue(L, -1);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, l_extend);
    lua_setfield(L, -2, "extend");
    lua_pushcfunction(L, l_new);
    lua_setfield(L, -2, "new");
    lua_pushvalue(L, -1);
    lua_setfield(L, -3, "Scraper");

    lua_pushcfunction(L, l_extend);
    lua_pushvalue(L, -2);
    lua_call(L, 1, 1); /* MockScraper = Scraper:extend() */
    luaL_setfuncs(L, mock, 0);
    lua_setfield(L, -3, "MockScraper");

    lua_pushcfunction(L, l_extend);
    lua_pushvalue(L, -2);
    lua_call(L, 1, 1); /* HttpScraper = Scraper:extend() */
    luaL_setfuncs(L, http, 0);
    lua_setfield(L, -3, "HttpScraper");

    lua_pop(L, 1);
    return 1;
}
