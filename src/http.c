/* http.c: HTTP GET for Lua on libcurl (https://curl.se/libcurl/c/): the easy
 * interface for http.get, and a multi handle polled by the event loop for
 * async.http_get. Responses and errors are built the same way for both.
 * libcurl is loaded on the first transfer (lazylib.h), not at start-up.
 * Depends on libcurl (at run time), Lua 5.4, lazylib.h, util.h. */
#include "http.h"

#define CURL_DISABLE_TYPECHECK /* the calls go through pointers */
#include <curl/curl.h>
#include <lauxlib.h>
#include <stdlib.h>
#include <string.h>

#include "lazylib.h"
#include "util.h"

/* libcurl, loaded on first use (lazylib.h): every function this file calls,
 * called as curl.NAME. curl_ready raises a Lua error when it can't load. */
static struct {
    __typeof__(curl_easy_cleanup) *curl_easy_cleanup;
    __typeof__(curl_easy_getinfo) *curl_easy_getinfo;
    __typeof__(curl_easy_init) *curl_easy_init;
    __typeof__(curl_easy_perform) *curl_easy_perform;
    __typeof__(curl_easy_setopt) *curl_easy_setopt;
    __typeof__(curl_easy_strerror) *curl_easy_strerror;
    __typeof__(curl_global_init) *curl_global_init;
    __typeof__(curl_multi_add_handle) *curl_multi_add_handle;
    __typeof__(curl_multi_cleanup) *curl_multi_cleanup;
    __typeof__(curl_multi_info_read) *curl_multi_info_read;
    __typeof__(curl_multi_init) *curl_multi_init;
    __typeof__(curl_multi_perform) *curl_multi_perform;
    __typeof__(curl_multi_poll) *curl_multi_poll;
    __typeof__(curl_multi_remove_handle) *curl_multi_remove_handle;
    __typeof__(curl_slist_append) *curl_slist_append;
    __typeof__(curl_slist_free_all) *curl_slist_free_all;
} curl;
#define SYM(f) {#f, (void **)&curl.f}
static const struct lazylib_sym curl_syms[] = {
    SYM(curl_easy_cleanup), SYM(curl_easy_getinfo), SYM(curl_easy_init),
    SYM(curl_easy_perform), SYM(curl_easy_setopt), SYM(curl_easy_strerror),
    SYM(curl_global_init), SYM(curl_multi_add_handle), SYM(curl_multi_cleanup),
    SYM(curl_multi_info_read), SYM(curl_multi_init), SYM(curl_multi_perform),
    SYM(curl_multi_poll), SYM(curl_multi_remove_handle), SYM(curl_slist_append),
    SYM(curl_slist_free_all),
};
#undef SYM
static struct lazylib curl_lib = {"libcurl.so.4", "libcurl4", curl_syms,
                                   sizeof curl_syms / sizeof curl_syms[0], 0, ""};

/* curl_ready: [-0, +0, e] loads libcurl and runs its global init once. */
static void curl_ready(lua_State *L)
{
    static int inited;
    char err[300];
    if (lazylib_load(&curl_lib, err, sizeof err) != 0)
        luaL_error(L, "%s", err);
    if (!inited && curl.curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
        luaL_error(L, "libcurl could not initialise");
    inited = 1;
}

static char *allowed_origin; /* NULL: any URL */

void http_restrict(const char *origin)
{
    free(allowed_origin);
    allowed_origin = origin ? util_strdup(origin) : NULL;
}

/* One transfer: its easy handle, what it is collecting, its limits. */
struct transfer {
    CURL *easy;
    struct curl_slist *req_headers;
    struct sbuf body;
    struct sbuf headers; /* raw header lines */
    size_t max_bytes;    /* 0 = no cap */
    int too_large;
    long id;             /* the loop's id for the waiting task */
    double started;
    struct transfer *next, *prev; /* a multi's running transfers */
};

static size_t on_body(char *p, size_t size, size_t n, void *ud)
{
    struct transfer *t = ud;
    size_t len = size * n;
    if (t->max_bytes && t->body.len + len > t->max_bytes) {
        t->too_large = 1;
        return 0; /* aborts the transfer: CURLE_WRITE_ERROR */
    }
    return sbuf_add(&t->body, p, len) == 0 ? len : 0;
}

static size_t on_header(char *p, size_t size, size_t n, void *ud)
{
    struct transfer *t = ud;
    size_t len = size * n;
    if (len >= 5 && memcmp(p, "HTTP/", 5) == 0)
        sbuf_free(&t->headers); /* a new response (e.g. after 100 Continue) */
    return sbuf_add(&t->headers, p, len) == 0 ? len : 0;
}

static void transfer_free(struct transfer *t)
{
    if (t == NULL)
        return;
    if (t->easy)
        curl.curl_easy_cleanup(t->easy);
    curl.curl_slist_free_all(t->req_headers);
    sbuf_free(&t->body);
    sbuf_free(&t->headers);
    free(t);
}

/* push_error: [-0, +1, m] the error table { kind, message } with a
 * __tostring giving "kind: message". */
static void push_error(lua_State *L, const char *kind, const char *message)
{
    lua_createtable(L, 0, 2);
    lua_pushstring(L, kind);
    lua_setfield(L, -2, "kind");
    lua_pushstring(L, message);
    lua_setfield(L, -2, "message");
    if (luaL_newmetatable(L, "dojo.http.error")) {
        luaL_dostring(L, "return function(e) return e.kind .. ': ' .. e.message end");
        lua_setfield(L, -2, "__tostring");
    }
    lua_setmetatable(L, -2);
}

/* kind_of: the error kind a learner can act on, from a curl result. */
static const char *kind_of(CURLcode rc, const struct transfer *t)
{
    if (t && t->too_large)
        return "too large";
    switch (rc) {
    case CURLE_OPERATION_TIMEDOUT:
        return "timeout";
    case CURLE_COULDNT_CONNECT:
        return "connection refused";
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
        return "DNS";
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
        return "TLS";
    default:
        return "transport";
    }
}

/* push_headers: [-0, +1, m] { lower-case name = value } from raw lines. */
static void push_headers(lua_State *L, const struct transfer *t)
{
    const char *p = sbuf_cstr((struct sbuf *)&t->headers);
    lua_newtable(L);
    while (*p) {
        const char *nl = strchr(p, '\n'), *colon;
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        colon = memchr(p, ':', n);
        if (colon && colon > p) {
            const char *v = colon + 1, *end = p + n;
            luaL_Buffer b;
            while (v < end && (*v == ' ' || *v == '\t'))
                v++;
            while (end > v && (end[-1] == '\r' || end[-1] == ' '))
                end--;
            luaL_buffinit(L, &b);
            for (const char *k = p; k < colon; k++)
                luaL_addchar(&b, (char)(*k >= 'A' && *k <= 'Z' ? *k + 32 : *k));
            luaL_pushresult(&b);
            lua_pushlstring(L, v, (size_t)(end - v));
            lua_settable(L, -3);
        }
        p += n + (nl ? 1 : 0);
    }
}

/* push_response: [-0, +1, m] the result table of a finished transfer, or
 * its error table; returns 1 for a response, 0 for an error. */
static int push_response(lua_State *L, struct transfer *t, CURLcode rc)
{
    long status = 0;
    if (rc != CURLE_OK) {
        push_error(L, kind_of(rc, t), t->too_large ? "the body is larger than max_bytes"
                                                   : curl.curl_easy_strerror(rc));
        return 0;
    }
    curl.curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status);
    lua_createtable(L, 0, 4);
    lua_pushinteger(L, status);
    lua_setfield(L, -2, "status");
    push_headers(L, t);
    lua_setfield(L, -2, "headers");
    lua_pushlstring(L, sbuf_cstr(&t->body), t->body.len);
    lua_setfield(L, -2, "body");
    lua_pushnumber(L, util_now() - t->started);
    lua_setfield(L, -2, "elapsed");
    return 1;
}

/* allowed: 1 when the sandbox lets this URL through. */
static int allowed(const char *url)
{
    return allowed_origin == NULL || strncmp(url, allowed_origin, strlen(allowed_origin)) == 0;
}

/* transfer_new: [-0, +0, e] an easy handle for GET url with opts at index
 * `oi` (0: none). Raises on bad options or a refused URL. The caller owns
 * the result. */
static struct transfer *transfer_new(lua_State *L, const char *url, int oi)
{
    struct transfer *t;
    double timeout = 30;
    if (!allowed(url)) {
        push_error(L, "refused", "only the loopback fixture server may be reached here");
        lua_error(L);
    }
    if ((t = calloc(1, sizeof *t)) == NULL || (t->easy = curl.curl_easy_init()) == NULL) {
        transfer_free(t);
        luaL_error(L, "not enough memory");
    }
    if (oi) {
        if (lua_getfield(L, oi, "timeout") != LUA_TNIL)
            timeout = luaL_checknumber(L, -1);
        if (lua_getfield(L, oi, "max_bytes") != LUA_TNIL)
            t->max_bytes = (size_t)luaL_checkinteger(L, -1);
        if (lua_getfield(L, oi, "headers") == LUA_TTABLE) {
            lua_pushnil(L);
            while (lua_next(L, -2)) {
                char line[1024];
                snprintf(line, sizeof line, "%s: %s", luaL_checkstring(L, -2), luaL_checkstring(L, -1));
                t->req_headers = curl.curl_slist_append(t->req_headers, line);
                lua_pop(L, 1);
            }
        }
        lua_pop(L, 3);
    }
    curl.curl_easy_setopt(t->easy, CURLOPT_URL, url);
    curl.curl_easy_setopt(t->easy, CURLOPT_PROTOCOLS_STR, "http,https");
    curl.curl_easy_setopt(t->easy, CURLOPT_FOLLOWLOCATION, 0L);
    curl.curl_easy_setopt(t->easy, CURLOPT_NOSIGNAL, 1L);
    curl.curl_easy_setopt(t->easy, CURLOPT_TIMEOUT_MS, (long)(timeout * 1000));
    curl.curl_easy_setopt(t->easy, CURLOPT_WRITEFUNCTION, on_body);
    curl.curl_easy_setopt(t->easy, CURLOPT_WRITEDATA, t);
    curl.curl_easy_setopt(t->easy, CURLOPT_HEADERFUNCTION, on_header);
    curl.curl_easy_setopt(t->easy, CURLOPT_HEADERDATA, t);
    curl.curl_easy_setopt(t->easy, CURLOPT_PRIVATE, t);
    if (t->req_headers)
        curl.curl_easy_setopt(t->easy, CURLOPT_HTTPHEADER, t->req_headers);
    t->started = util_now();
    return t;
}

/* http.get(url [, opts]) -> response | raises */
static int l_get(lua_State *L)
{
    const char *url = luaL_checkstring(L, 1);
    struct transfer *t;
    CURLcode rc;
    int ok;
    if (!lua_isnoneornil(L, 2))
        luaL_checktype(L, 2, LUA_TTABLE);
    curl_ready(L);
    t = transfer_new(L, url, lua_istable(L, 2) ? 2 : 0);
    rc = curl.curl_easy_perform(t->easy);
    ok = push_response(L, t, rc);
    transfer_free(t);
    return ok ? 1 : lua_error(L);
}

/* --- the multi handle the loop drives ------------------------------------ */

#define MULTI_MT "dojo.http.multi"

struct multi {
    CURLM *m;
    int active;
    struct transfer *running; /* owned: freed when done or at __gc */
};

static void unlink_transfer(struct multi *mu, struct transfer *t)
{
    if (t->prev)
        t->prev->next = t->next;
    else
        mu->running = t->next;
    if (t->next)
        t->next->prev = t->prev;
    mu->active--;
}

static struct multi *check_multi(lua_State *L)
{
    struct multi *mu = luaL_checkudata(L, 1, MULTI_MT);
    if (mu->m == NULL)
        luaL_error(L, "the transfer set is closed");
    return mu;
}

/* m:add(id, url [, opts]) */
static int l_add(lua_State *L)
{
    struct multi *mu = check_multi(L);
    long id = (long)luaL_checkinteger(L, 2);
    const char *url = luaL_checkstring(L, 3);
    struct transfer *t = transfer_new(L, url, lua_istable(L, 4) ? 4 : 0);
    t->id = id;
    if (curl.curl_multi_add_handle(mu->m, t->easy) != CURLM_OK) {
        transfer_free(t);
        return luaL_error(L, "cannot start the transfer");
    }
    t->next = mu->running;
    if (t->next)
        t->next->prev = t;
    mu->running = t;
    mu->active++;
    return 0;
}

/* collect: [-0, +0, m] appends every finished transfer of mu to the list
 * on the stack top as { id, ok, value }; returns how many. */
static int collect(lua_State *L, struct multi *mu, int n)
{
    CURLMsg *msg;
    int left;
    while ((msg = curl.curl_multi_info_read(mu->m, &left)) != NULL) {
        struct transfer *t = NULL;
        if (msg->msg != CURLMSG_DONE)
            continue;
        curl.curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&t);
        lua_createtable(L, 3, 0);
        lua_pushinteger(L, t->id);
        lua_rawseti(L, -2, 1);
        lua_pushboolean(L, push_response(L, t, msg->data.result));
        lua_insert(L, -2);
        lua_rawseti(L, -3, 3);
        lua_rawseti(L, -2, 2);
        lua_rawseti(L, -2, ++n);
        curl.curl_multi_remove_handle(mu->m, msg->easy_handle);
        unlink_transfer(mu, t);
        transfer_free(t);
    }
    return n;
}

/* m:wait(seconds) -> { {id, ok, value}, ... }: drives the transfers and
 * waits for activity only when none has finished yet (curl_multi_poll also
 * wakes for curl's own timers). */
static int l_wait(lua_State *L)
{
    struct multi *mu = check_multi(L);
    double s = luaL_checknumber(L, 2);
    int running, n;
    lua_newtable(L);
    curl.curl_multi_perform(mu->m, &running);
    n = collect(L, mu, 0);
    if (n == 0 && running > 0) {
        curl.curl_multi_poll(mu->m, NULL, 0, s <= 0 ? 0 : s > 3600 ? 3600000 : (int)(s * 1000), NULL);
        curl.curl_multi_perform(mu->m, &running);
        collect(L, mu, n);
    }
    return 1;
}

static int l_active(lua_State *L)
{
    lua_pushinteger(L, check_multi(L)->active);
    return 1;
}

/* __gc / __close: abandons every transfer still running. */
static int l_multi_gc(lua_State *L)
{
    struct multi *mu = luaL_checkudata(L, 1, MULTI_MT);
    if (mu->m) {
        while (mu->running) {
            struct transfer *t = mu->running;
            curl.curl_multi_remove_handle(mu->m, t->easy);
            unlink_transfer(mu, t);
            transfer_free(t);
        }
        curl.curl_multi_cleanup(mu->m);
        mu->m = NULL;
    }
    return 0;
}

void http_push_multi(lua_State *L)
{
    struct multi *mu = lua_newuserdatauv(L, sizeof *mu, 0);
    mu->m = NULL;
    mu->active = 0;
    mu->running = NULL;
    if (luaL_newmetatable(L, MULTI_MT)) {
        static const luaL_Reg m[] = {{"add", l_add},       {"wait", l_wait},  {"active", l_active},
                                     {"__gc", l_multi_gc}, {"close", l_multi_gc}, {NULL, NULL}};
        luaL_setfuncs(L, m, 0);
        lua_pushvalue(L, -1);
        lua_setfield(L, -2, "__index");
    }
    lua_setmetatable(L, -2);
    curl_ready(L);
    mu->m = curl.curl_multi_init();
    if (mu->m == NULL)
        luaL_error(L, "cannot create a transfer set");
}

int luaopen_dojo_http(lua_State *L)
{
    static const luaL_Reg fns[] = {{"get", l_get}, {NULL, NULL}};
    luaL_newlib(L, fns);
    return 1;
}
