/* reference.c: the `db-connection` kata: a connection that is a context
 * manager three ways (enter/exit, __close, using).
 * Idiom (part 1, no Lua; tests/test_db_connection.c): goto cleanup. C has
 * no `with` and no `finally`; the kernel's and SQLite's answer is one exit
 * path per function, with labels named for what they undo, so that every
 * early return still runs the release code (db_using below). The driver is
 * a `static const` vtable of function pointers, as in SQLite's VFS.
 * Binding (luaopen_db_connection): the connection is a full userdata with a
 * __close metamethod, and `using` marks it with lua_toclose, the C API's
 * spelling of `local db <close>`: Lua closes it when `using` returns or
 * raises, so no C code has to catch anything.
 * Sources: Lua 5.4 manual sec. 3.3.8 "To-be-closed Variables" and
 * lua_toclose (sec. 4.6); Linux kernel coding style, ch. 7 "Centralized
 * exiting of functions"; Python's PEP 343 "The with statement" for the
 * exit semantics (an exception raised in __exit__ replaces the original). */

#include "reference.h"

#include <assert.h>
#include <stddef.h>

#include <lauxlib.h>
#include <lua.h>

/* ------------------------------------------------------------------------
 * Part 1: the core.
 * ------------------------------------------------------------------------ */

void db_conn_init(struct db_conn *c, const struct db_driver *driver, void *ud,
                  const char *conn_string)
{
    assert(c != NULL && driver != NULL && conn_string != NULL);
    c->driver = driver;
    c->ud = ud;
    c->conn_string = conn_string;
    c->handle = NULL;
}

bool db_conn_is_open(const struct db_conn *c)
{
    return c->handle != NULL;
}

int db_conn_connect(struct db_conn *c)
{
    void *handle = NULL;
    int rc;

    if (c->handle != NULL)
        return 0;
    rc = c->driver->connect(c->ud, c->conn_string, &handle);
    if (rc == 0) {
        assert(handle != NULL); /* an open connection must have a handle */
        c->handle = handle;
    }
    return rc;
}

int db_conn_disconnect(struct db_conn *c)
{
    void *handle = c->handle;

    if (handle == NULL)
        return 0;
    c->handle = NULL; /* first: a close that fails is never retried */
    return c->driver->close(c->ud, handle);
}

int db_conn_query(struct db_conn *c, const char *sql)
{
    if (c->handle == NULL)
        return DB_ENOTCONN;
    return c->driver->query(c->ud, c->handle, sql);
}

/* db_using: one way in, one way out. The label says what it undoes. */
int db_using(struct db_conn *c, db_body body, void *arg)
{
    int rc, close_rc;

    rc = db_conn_connect(c);
    if (rc != 0)
        goto out; /* nothing was opened: nothing to undo */
    rc = body(c, arg);
    /* fall through, success or not: the block is over */
    close_rc = db_conn_disconnect(c);
    if (close_rc != 0)
        rc = close_rc; /* the cleanup's error wins, as in __exit__ */
out:
    return rc;
}

/* ------------------------------------------------------------------------
 * Part 2: the Lua binding.
 *
 * The userdata holds only whether the connection is open; its user values
 * hold the Lua side: 1 the connection string, 2 the driver table, 3 the
 * handle driver.connect returned (nil when closed). The methods do what
 * the core does, with Lua calls in place of the vtable, and let driver
 * errors propagate as they are: nothing here owns C memory, so an error
 * may unwind through any of it.
 * ------------------------------------------------------------------------ */

#define DB_MT "dojo.db_connection"

enum { UV_CONN_STRING = 1, UV_DRIVER, UV_HANDLE };

struct db_ud {
    int open;
};

/* check_conn: argument `arg` as a connection. [-0, +0, v] */
static struct db_ud *check_conn(lua_State *L, int arg)
{
    return luaL_checkudata(L, arg, DB_MT);
}

/* push_driver_fn: pushes driver[name] of the connection at `idx`.
 * [-0, +1, e] */
static void push_driver_fn(lua_State *L, int idx, const char *name)
{
    lua_getiuservalue(L, idx, UV_DRIVER);
    lua_getfield(L, -1, name);
    lua_remove(L, -2);
}

/* conn_connect: opens the connection at `idx` unless it is open: calls
 * driver.connect(conn_string) and keeps the handle. A driver error
 * propagates, the connection still closed. [-0, +0, e] */
static void conn_connect(lua_State *L, int idx)
{
    struct db_ud *u = lua_touserdata(L, idx);

    if (u->open)
        return;
    push_driver_fn(L, idx, "connect");
    lua_getiuservalue(L, idx, UV_CONN_STRING);
    lua_call(L, 1, 1);
    lua_setiuservalue(L, idx, UV_HANDLE);
    u->open = 1;
}

/* conn_disconnect: closes the connection at `idx` if it is open: marks it
 * closed and forgets the handle, then calls driver.close(handle), whose
 * error propagates. [-0, +0, e] */
static void conn_disconnect(lua_State *L, int idx)
{
    struct db_ud *u = lua_touserdata(L, idx);

    if (!u->open)
        return;
    u->open = 0;
    push_driver_fn(L, idx, "close");
    lua_getiuservalue(L, idx, UV_HANDLE);
    lua_pushnil(L);
    lua_setiuservalue(L, idx, UV_HANDLE);
    lua_call(L, 1, 0);
}

/* l_new: DBConnection.new(conn_string, driver) -> a closed connection. */
static int l_new(lua_State *L)
{
    struct db_ud *u;

    luaL_argexpected(L, lua_type(L, 1) == LUA_TSTRING, 1, "string");
    luaL_argexpected(L, lua_istable(L, 2), 2, "driver table");
    u = lua_newuserdatauv(L, sizeof *u, 3);
    u->open = 0;
    luaL_setmetatable(L, DB_MT);
    lua_pushvalue(L, 1);
    lua_setiuservalue(L, -2, UV_CONN_STRING);
    lua_pushvalue(L, 2);
    lua_setiuservalue(L, -2, UV_DRIVER);
    return 1;
}

/* l_is_connected: db:is_connected() -> boolean. */
static int l_is_connected(lua_State *L)
{
    lua_pushboolean(L, check_conn(L, 1)->open);
    return 1;
}

/* l_connect: db:connect() -> nothing. */
static int l_connect(lua_State *L)
{
    check_conn(L, 1);
    conn_connect(L, 1);
    return 0;
}

/* l_disconnect: db:disconnect() -> nothing. */
static int l_disconnect(lua_State *L)
{
    check_conn(L, 1);
    conn_disconnect(L, 1);
    return 0;
}

/* l_query: db:query(sql) -> whatever driver.query(handle, sql) returns;
 * raises "not connected" when closed. */
static int l_query(lua_State *L)
{
    if (!check_conn(L, 1)->open)
        return luaL_error(L, "not connected");
    lua_settop(L, 2);
    push_driver_fn(L, 1, "query");
    lua_getiuservalue(L, 1, UV_HANDLE);
    lua_pushvalue(L, 2);
    lua_call(L, 2, LUA_MULTRET);
    return lua_gettop(L) - 2;
}

/* l_enter: db:enter() -> db, connected. */
static int l_enter(lua_State *L)
{
    check_conn(L, 1);
    conn_connect(L, 1);
    lua_settop(L, 1);
    return 1;
}

/* l_exit: db:exit(err) -> false, disconnected: never suppresses. */
static int l_exit(lua_State *L)
{
    check_conn(L, 1);
    conn_disconnect(L, 1);
    lua_pushboolean(L, 0);
    return 1;
}

/* l_close: the __close metamethod, __close(db, err): disconnects. */
static int l_close(lua_State *L)
{
    check_conn(L, 1);
    conn_disconnect(L, 1);
    return 0;
}

/* l_using: DBConnection.using(conn_string, driver, fn) -> fn's results.
 * The open connection is marked to be closed (lua_toclose): when fn
 * returns, or raises, Lua calls its __close, and an error there replaces
 * fn's, as in Lua code with `local db <close>`. */
static int l_using(lua_State *L)
{
    luaL_checkany(L, 3);
    lua_settop(L, 3);
    lua_pushcfunction(L, l_new);
    lua_pushvalue(L, 1);
    lua_pushvalue(L, 2);
    lua_call(L, 2, 1); /* url, driver, fn, db */
    conn_connect(L, 4); /* a failure here: nothing open, nothing to close */
    lua_toclose(L, 4);
    lua_pushvalue(L, 3);
    lua_pushvalue(L, 4);
    lua_call(L, 1, LUA_MULTRET);
    return lua_gettop(L) - 4; /* returning closes db, below the results */
}

/* luaopen_db_connection: require("db_connection") -> the DBConnection
 * table: new, using and the methods. */
int luaopen_db_connection(lua_State *L)
{
    static const luaL_Reg methods[] = {
        {"is_connected", l_is_connected},
        {"connect", l_connect},
        {"disconnect", l_disconnect},
        {"query", l_query},
        {"enter", l_enter},
        {"exit", l_exit},
        {NULL, NULL},
    };
    static const luaL_Reg module[] = {
        {"new", l_new},
        {"using", l_using},
        {NULL, NULL},
    };

    luaL_newlib(L, module);
    luaL_setfuncs(L, methods, 0);
    if (luaL_newmetatable(L, DB_MT)) {
        lua_pushvalue(L, -2);
        lua_setfield(L, -2, "__index");
        lua_pushcfunction(L, l_close);
        lua_setfield(L, -2, "__close");
    }
    lua_pop(L, 1);
    return 1;
}
