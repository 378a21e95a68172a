/* lazylib.h: shared libraries loaded on first use (dlopen by SONAME), so
 * that a run which never touches HTTP never maps libcurl or libmicrohttpd
 * and their dependency trees (most of dojo's start-up time otherwise).
 * A user module lists the functions it calls as { name, slot } pairs and
 * calls lazylib_load before the first call. Depends on POSIX dlopen. */
#ifndef DOJO_LAZYLIB_H
#define DOJO_LAZYLIB_H

#include <stddef.h>

/* One function to resolve: its exported name and where to store its
 * address (the address of a function-pointer variable, as POSIX's dlsym
 * rationale does it: `(void **)&api.fn`). */
struct lazylib_sym {
    const char *name;
    void **slot;
};

/* A library to load: fill soname/package/syms/nsyms statically; the
 * remaining fields belong to lazylib.c (zero-initialise them). */
struct lazylib {
    const char *soname;             /* "libcurl.so.4": the ABI dojo was built for */
    const char *package;            /* the Debian package that ships it, for the message */
    const struct lazylib_sym *syms; /* every function the caller uses */
    size_t nsyms;
    int state;                      /* 0 not tried, 1 loaded, -1 failed (sticky) */
    char why[256];                  /* the failure message, when state == -1 */
};

/* lazylib_load: loads lib (once per process; later calls return the first
 * outcome) and fills every slot. Returns 0 when every slot is filled;
 * otherwise -1, leaves the slots it did not fill untouched and writes one
 * line into err (capacity errcap, may be NULL) such as "libcurl.so.4 could
 * not be loaded (apt-get install libcurl4): <dlerror text>". Thread-safe. The
 * library stays loaded until the process ends. */
int lazylib_load(struct lazylib *lib, char *err, size_t errcap);

/* lazylib_is_mapped: 1 when a library whose file name starts with `prefix`
 * (e.g. "libcurl.so") is mapped into this process, judged from
 * /proc/self/maps; 0 when not, -1 when that can't be read. For tests and
 * `dojo -e` checks of what start-up loads. */
int lazylib_is_mapped(const char *prefix);

#endif
