/* reference.h: the plain-C core of the `db-connection` kata's reference: a
 * connection over a driver vtable that opens and closes at most once, and
 * db_using(), a "with" block written in C with goto cleanup. No Lua here,
 * so that tests/test_db_connection.c can test it with a fake driver.
 * Depends on the C standard library only. */
#ifndef DOJO_KATA_DB_CONNECTION_REFERENCE_H
#define DOJO_KATA_DB_CONNECTION_REFERENCE_H

#include <stdbool.h>

/* A database driver: a static const table of function pointers, each
 * given the driver's `ud` first. Every function returns 0 on success or a
 * negative error code of the driver's choosing.
 * - connect(ud, conn_string, &handle): opens a connection and writes its
 *   handle, which the driver owns until close;
 * - query(ud, handle, sql): runs `sql` on an open handle;
 * - close(ud, handle): closes the handle; it is invalid afterwards even if
 *   close fails (the caller never passes it again). */
struct db_driver {
    int (*connect)(void *ud, const char *conn_string, void **handle);
    int (*query)(void *ud, void *handle, const char *sql);
    int (*close)(void *ud, void *handle);
};

/* One connection. The driver, its ud and the connection string are
 * borrowed: they must outlive the connection. `handle` is non-NULL exactly
 * while the connection is open. */
struct db_conn {
    const struct db_driver *driver;
    void *ud;
    const char *conn_string;
    void *handle;
};

/* Error code of db_conn_query on a connection that is not open. Drivers
 * should not use it. */
#define DB_ENOTCONN (-1000)

/* db_conn_init: a closed connection over `driver`. Can't fail. */
void db_conn_init(struct db_conn *c, const struct db_driver *driver, void *ud,
                  const char *conn_string);

/* db_conn_is_open: true while the connection holds a handle. */
bool db_conn_is_open(const struct db_conn *c);

/* db_conn_connect: opens the connection unless it is open already (then it
 * does nothing and returns 0). Returns 0, or the driver's error, with the
 * connection still closed. */
int db_conn_connect(struct db_conn *c);

/* db_conn_disconnect: closes the connection if it is open; else does
 * nothing and returns 0. The connection is marked closed before the
 * driver's close runs, so it is closed afterwards whatever close returns:
 * a failed close is reported (its error is returned), never retried. */
int db_conn_disconnect(struct db_conn *c);

/* db_conn_query: runs `sql`. Returns 0, the driver's error, or
 * DB_ENOTCONN when the connection is not open. */
int db_conn_query(struct db_conn *c, const char *sql);

/* The body of a db_using block: gets the open connection and `arg`;
 * returns 0 or a negative error. */
typedef int (*db_body)(struct db_conn *c, void *arg);

/* db_using: connect, run body, always disconnect: C's spelling of
 * Python's `with DBConnection(...) as db:`. Returns 0 when all three
 * succeed; the connect error when connect fails (body and close not run);
 * else the close error when close fails (it replaces body's error, as an
 * exception in __exit__ replaces the one it was handed); else body's
 * error. The connection is closed on return in every case. */
int db_using(struct db_conn *c, db_body body, void *arg);

#endif
