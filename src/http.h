/* http.h: dojo's HTTP client for Lua, on libcurl: `http.get` (blocking, the
 * easy interface) and the multi handle the event loop drives for
 * `async.http_get` (many transfers at once, curl_multi_poll). Both return
 * { status, headers, body, elapsed }; a transport failure raises an error
 * table { kind = "timeout" | "connection refused" | "DNS" | "TLS" |
 * "too large" | "refused" | "transport", message = ... }; an HTTP error
 * status is returned, not raised. In the grading sandbox only one origin
 * (the loopback fixture server) may be reached: http_restrict.
 * libcurl.so.4 is loaded by the first transfer (http.get or the first
 * multi handle), never at start-up; when it is missing that call raises
 * "libcurl.so.4 could not be loaded (apt-get install libcurl4): ...".
 * Depends on libcurl (at run time) and Lua 5.4. */
#ifndef DOJO_HTTP_H
#define DOJO_HTTP_H

#include <lua.h>

/* http_restrict: from now on, only URLs starting with `origin` (e.g.
 * "http://127.0.0.1:41234/") may be fetched, by this process; NULL lifts the
 * restriction. The string is copied. Redirects are never followed. */
void http_restrict(const char *origin);

/* luaopen_dojo_http: [-0, +1, m] the `http` module: { get = function(url
 * [, opts]) }, opts = { timeout = seconds, headers = { name = value },
 * max_bytes = n }. */
int luaopen_dojo_http(lua_State *L);

/* http_push_multi: [-0, +1, m] a new multi-transfer object for the event
 * loop (userdata, freed by the GC): m:add(id, url [, opts]) starts a
 * transfer; m:wait(seconds) waits at most that long for activity and returns
 * a list of finished { id, ok, value } (value: the response table, or the
 * error table); m:active() the number running. */
void http_push_multi(lua_State *L);

#endif
