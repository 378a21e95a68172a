/* util.h: small helpers every module shares: a growable byte buffer, file
 * reading, path joining, monotonic time. Depends on libc only.
 * Ownership: a struct sbuf owns its bytes until sbuf_free (or sbuf_take, which
 * hands them to the caller, who frees them with free()). */
#ifndef DOJO_UTIL_H
#define DOJO_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

struct sbuf {
    char *data; /* NUL-terminated when len > 0 or after sbuf_cstr */
    size_t len; /* bytes used, not counting the NUL */
    size_t cap; /* bytes allocated */
};

#define SBUF_INIT {NULL, 0, 0}

/* sbuf_add: appends n bytes. Returns 0, or -1 when memory runs out (the
 * buffer is left as it was). */
int sbuf_add(struct sbuf *b, const void *p, size_t n);

/* sbuf_puts: appends a NUL-terminated string. Returns 0 or -1 as sbuf_add. */
int sbuf_puts(struct sbuf *b, const char *s);

/* sbuf_printf: appends printf-formatted text. Returns 0 or -1. */
int sbuf_printf(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* sbuf_cstr: the contents as a NUL-terminated string ("" when empty); owned
 * by the buffer. */
const char *sbuf_cstr(struct sbuf *b);

/* sbuf_take: hands the contents to the caller (free with free()); the buffer
 * is left empty. Never NULL unless memory runs out. */
char *sbuf_take(struct sbuf *b);

/* sbuf_free: frees the contents and empties the buffer. */
void sbuf_free(struct sbuf *b);

/* util_strdup: malloc'ed copy of s, NULL when s is NULL or memory runs out. */
char *util_strdup(const char *s);

/* util_read_file: reads the whole file at `path` into a malloc'ed,
 * NUL-terminated buffer (caller frees) and stores its length in *len (may be
 * NULL). Returns NULL with errno set on failure. */
char *util_read_file(const char *path, size_t *len);

/* util_write_file_atomic: writes n bytes to `path` whole, as
 * util_atomic_open/close do. Returns 0, or -1 with errno set. */
int util_write_file_atomic(const char *path, const void *data, size_t n);

/* A report written whole: util_atomic_open starts it, util_atomic_close
 * ends it. Readers of `path` see the old file or the new one, never half:
 * the text goes to a temporary file beside it, renamed over it on commit.
 * When `path` exists and is not a regular file (/dev/null, a terminal, a
 * pipe), the text goes to it directly: a rename would replace the device. */
struct util_atomic {
    FILE *f;         /* write here between open and close */
    char tmp[4200];  /* the temporary file ("" when direct) */
    char path[4096]; /* the destination */
};

/* util_atomic_open: 0 with a->f open for writing, or -1 with errno set. */
int util_atomic_open(struct util_atomic *a, const char *path);

/* util_atomic_close: closes a->f; with `commit` non-zero and no write error,
 * puts the new file in place, otherwise removes the temporary one. Returns
 * 0, or -1 with errno set (nothing replaced). */
int util_atomic_close(struct util_atomic *a, int commit);

/* util_path_join: writes "a/b" into out (capacity cap). Returns 0, or -1 when
 * it does not fit. */
int util_path_join(char *out, size_t cap, const char *a, const char *b);

/* util_is_dir / util_is_file: 1 when the path exists and is a folder / a
 * regular file, else 0. */
int util_is_dir(const char *path);
int util_is_file(const char *path);

/* util_mkdirs: creates the folder and its missing parents (mode 0755).
 * Returns 0, or -1 with errno set. */
int util_mkdirs(const char *path);

/* util_now: seconds from an arbitrary fixed point on the monotonic clock. */
double util_now(void);

/* util_ends_with: 1 when s ends with suffix, else 0. */
int util_ends_with(const char *s, const char *suffix);

#endif
