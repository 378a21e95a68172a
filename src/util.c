/* util.c: the shared helpers declared in util.h (buffers, files, paths,
 * time). Depends on libc and POSIX only. */
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* sbuf_reserve: makes room for n more bytes plus a NUL. 0 or -1. */
static int sbuf_reserve(struct sbuf *b, size_t n)
{
    size_t need = b->len + n + 1;
    size_t cap = b->cap ? b->cap : 64;
    char *p;
    if (need <= b->cap)
        return 0;
    while (cap < need)
        cap *= 2;
    p = realloc(b->data, cap);
    if (p == NULL)
        return -1;
    b->data = p;
    b->cap = cap;
    return 0;
}

int sbuf_add(struct sbuf *b, const void *p, size_t n)
{
    if (sbuf_reserve(b, n) != 0)
        return -1;
    if (n > 0)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

int sbuf_puts(struct sbuf *b, const char *s)
{
    return sbuf_add(b, s, strlen(s));
}

int sbuf_printf(struct sbuf *b, const char *fmt, ...)
{
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || sbuf_reserve(b, (size_t)n) != 0)
        return -1;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return 0;
}

const char *sbuf_cstr(struct sbuf *b)
{
    return b->data ? b->data : "";
}

char *sbuf_take(struct sbuf *b)
{
    char *p = b->data ? b->data : util_strdup("");
    b->data = NULL;
    b->len = b->cap = 0;
    return p;
}

void sbuf_free(struct sbuf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

char *util_strdup(const char *s)
{
    size_t n;
    char *p;
    if (s == NULL)
        return NULL;
    n = strlen(s) + 1;
    p = malloc(n);
    if (p != NULL)
        memcpy(p, s, n);
    return p;
}

char *util_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    struct sbuf b = SBUF_INIT;
    char chunk[8192];
    size_t n;
    int saved;
    if (f == NULL)
        return NULL;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (sbuf_add(&b, chunk, n) != 0) {
            errno = ENOMEM;
            goto out_fail;
        }
    }
    if (ferror(f))
        goto out_fail;
    fclose(f);
    if (len != NULL)
        *len = b.len;
    return sbuf_take(&b);
out_fail:
    saved = errno ? errno : EIO;
    fclose(f);
    sbuf_free(&b);
    errno = saved;
    return NULL;
}

int util_atomic_open(struct util_atomic *a, const char *path)
{
    struct stat st;
    a->tmp[0] = '\0';
    if (snprintf(a->path, sizeof a->path, "%s", path) >= (int)sizeof a->path) {
        errno = ENAMETOOLONG;
        return -1;
    }
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        a->f = fopen(path, "wb");
        return a->f ? 0 : -1;
    }
    snprintf(a->tmp, sizeof a->tmp, "%s.tmp.%ld", path, (long)getpid());
    a->f = fopen(a->tmp, "wb");
    return a->f ? 0 : -1;
}

int util_atomic_close(struct util_atomic *a, int commit)
{
    int bad = ferror(a->f), saved;
    if (fclose(a->f) != 0)
        bad = 1;
    a->f = NULL;
    if (a->tmp[0] == '\0')
        return bad ? -1 : 0;
    if (commit && !bad && rename(a->tmp, a->path) == 0)
        return 0;
    saved = errno ? errno : EIO;
    unlink(a->tmp);
    errno = saved;
    return -1;
}

int util_write_file_atomic(const char *path, const void *data, size_t n)
{
    struct util_atomic a;
    if (util_atomic_open(&a, path) != 0)
        return -1;
    if (fwrite(data, 1, n, a.f) != n) {
        util_atomic_close(&a, 0);
        return -1;
    }
    return util_atomic_close(&a, 1);
}

int util_path_join(char *out, size_t cap, const char *a, const char *b)
{
    size_t la = strlen(a);
    int n;
    if (la > 0 && a[la - 1] == '/')
        n = snprintf(out, cap, "%s%s", a, b);
    else
        n = snprintf(out, cap, "%s/%s", a, b);
    return (n < 0 || (size_t)n >= cap) ? -1 : 0;
}

int util_is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int util_is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int util_mkdirs(const char *path)
{
    char buf[4096];
    size_t n = strlen(path);
    if (n == 0 || n >= sizeof buf) {
        errno = ENAMETOOLONG;
        return -1;
    }
    memcpy(buf, path, n + 1);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(buf, 0755) != 0 && errno != EEXIST)
            return -1;
        *p = '/';
    }
    if (mkdir(buf, 0755) != 0 && errno != EEXIST)
        return -1;
    return 0;
}

double util_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int util_ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}
