/* gradecache.c: the grading cache (gradecache.h). An entry is the file
 * DIR/<key>.run: the magic "DOJOGC2\n", the SHA-256 of the body, then the
 * body: the run's fields and each case's, integers and doubles in native
 * byte order (one binary writes and reads it), strings as a u32 length and
 * bytes. Reading checks the checksum, every length against its cap and every
 * verdict and kind, and wants the body used up exactly.
 * Depends on sha256.h, record.h (the caps), report/report.h, util.h, POSIX. */
#include "gradecache.h"

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "record.h"
#include "sha256.h"
#include "util.h"

#ifndef DOJO_VERSION
#define DOJO_VERSION "dev"
#endif

#define MAGIC "DOJOGC2\n" /* 2: line_code and helper */
#define KEY_BYTES_MAX ((size_t)64 << 20) /* what a key may hash, folders in all */
#define STR_MAX ((uint32_t)64 << 10)      /* any one string of an entry */

/* --- the key -------------------------------------------------------------- */

/* hash_str: a string and its terminating NUL (so "ab","c" != "a","bc"). */
static void hash_str(struct sha256 *h, const char *s)
{
    sha256_update(h, s, strlen(s) + 1);
}

/* hash_tree: every entry under `dir` (relative names from `rel`), sorted,
 * at most 8 folders deep: regular files by content, links by target, folders
 * by their entries. *budget counts the bytes still allowed. 0 or -1. */
static int hash_tree(struct sha256 *h, const char *dir, const char *rel, int depth, size_t *budget)
{
    struct dirent **names = NULL;
    int n = scandir(dir, &names, NULL, alphasort), rc = 0;
    if (n < 0 || depth > 8) {
        for (int i = 0; i < n; i++)
            free(names[i]);
        free(names);
        return -1;
    }
    for (int i = 0; i < n; i++) {
        const char *e = names[i]->d_name;
        char path[4200], sub[4200], link[4096];
        struct stat st;
        if (rc != 0 || strcmp(e, ".") == 0 || strcmp(e, "..") == 0) {
            free(names[i]);
            continue;
        }
        if (util_path_join(path, sizeof path, dir, e) != 0 ||
            (size_t)snprintf(sub, sizeof sub, "%s%s%s", rel, rel[0] ? "/" : "", e) >= sizeof sub ||
            lstat(path, &st) != 0) {
            rc = -1;
        } else if (S_ISLNK(st.st_mode)) {
            ssize_t k = readlink(path, link, sizeof link - 1);
            link[k < 0 ? 0 : k] = '\0';
            hash_str(h, "L"), hash_str(h, sub), hash_str(h, link);
        } else if (S_ISDIR(st.st_mode)) {
            hash_str(h, "D"), hash_str(h, sub);
            rc = hash_tree(h, path, sub, depth + 1, budget);
        } else if (S_ISREG(st.st_mode)) {
            size_t len = 0;
            char *body = (size_t)st.st_size > *budget ? NULL : util_read_file(path, &len);
            if (body == NULL || len > *budget) {
                rc = -1;
            } else {
                uint64_t n64 = len;
                *budget -= len;
                hash_str(h, "F"), hash_str(h, sub);
                sha256_update(h, &n64, sizeof n64);
                sha256_update(h, body, len);
            }
            free(body);
        }
        free(names[i]);
    }
    free(names);
    return rc;
}

/* self_digest: the SHA-256 of this dojo's executable, made once. 0 or -1. */
static int self_digest(unsigned char out[SHA256_BYTES])
{
    static unsigned char digest[SHA256_BYTES];
    static int state; /* 0 not yet, 1 made, -1 failed */
    if (state == 0) {
        size_t len;
        char *exe = util_read_file("/proc/self/exe", &len);
        struct sha256 h;
        state = -1;
        if (exe != NULL) {
            sha256_init(&h);
            sha256_update(&h, exe, len);
            sha256_final(&h, digest);
            free(exe);
            state = 1;
        }
    }
    memcpy(out, digest, sizeof digest);
    return state == 1 ? 0 : -1;
}

int gradecache_key(const char *sub, const char *kata_dir, const char *module,
                   const struct spec_limits *lim, double submission_timeout, char hex[65])
{
    struct sha256 h;
    unsigned char self[SHA256_BYTES], d[SHA256_BYTES];
    char limits[256];
    size_t budget = KEY_BYTES_MAX;
    if (self_digest(self) != 0)
        return -1;
    sha256_init(&h);
    hash_str(&h, "dojo gradecache 1");
    hash_str(&h, DOJO_VERSION);
    sha256_update(&h, self, sizeof self);
    hash_str(&h, module ? module : "");
    snprintf(limits, sizeof limits, "%.17g %zu %zu %.17g %.17g", lim->timeout, lim->memory, lim->output,
             lim->file_timeout, submission_timeout);
    hash_str(&h, limits);
    hash_str(&h, "kata");
    if (hash_tree(&h, kata_dir, "", 0, &budget) != 0)
        return -1;
    hash_str(&h, "submission");
    if (hash_tree(&h, sub, "", 0, &budget) != 0)
        return -1;
    sha256_final(&h, d);
    sha256_hex(d, hex);
    return 0;
}

/* --- writing an entry --------------------------------------------------------- */

static void put(struct sbuf *b, const void *p, size_t n, int *bad)
{
    if (sbuf_add(b, p, n) != 0)
        *bad = 1;
}

static void put_i32(struct sbuf *b, int v, int *bad)
{
    int32_t x = v;
    put(b, &x, sizeof x, bad);
}

static void put_f64(struct sbuf *b, double v, int *bad)
{
    put(b, &v, sizeof v, bad);
}

static void put_str(struct sbuf *b, const char *s, int *bad)
{
    size_t n = s ? strlen(s) : 0;
    uint32_t len = s == NULL ? UINT32_MAX : (uint32_t)n;
    if (n >= STR_MAX)
        *bad = 1;
    put(b, &len, sizeof len, bad);
    put(b, s ? s : "", n, bad);
}

/* cacheable: 0 for a run whose result may depend on the machine's load. */
static int cacheable(const struct report_run *r)
{
    if (r->status == VERDICT_ERROR && r->kind != ERRKIND_LOAD)
        return 0;
    for (size_t i = 0; i < r->ncases; i++)
        if (r->cases[i].kind == ERRKIND_TIMEOUT || r->cases[i].kind == ERRKIND_CRASH)
            return 0;
    return 1;
}

static int entry_path(char *out, size_t cap, const char *dir, const char *hex)
{
    for (const char *p = hex; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
            return -1;
    return strlen(hex) == 64 && (size_t)snprintf(out, cap, "%s/%s.run", dir, hex) < cap ? 0 : -1;
}

int gradecache_store(const char *dir, const char *hex, const struct report_run *run)
{
    struct sbuf body = SBUF_INIT, file = SBUF_INIT;
    struct sha256 h;
    unsigned char d[SHA256_BYTES];
    char path[4200];
    int bad = 0, rc = -1;
    if (!cacheable(run))
        return 0;
    if (entry_path(path, sizeof path, dir, hex) != 0 || util_mkdirs(dir) != 0)
        return -1;
    put_f64(&body, run->duration, &bad);
    put_i32(&body, (int)run->status, &bad);
    put_i32(&body, (int)run->kind, &bad);
    put_str(&body, run->message, &bad);
    put_i32(&body, (int)run->ncases, &bad);
    for (size_t i = 0; i < run->ncases; i++) {
        const struct report_case *c = &run->cases[i];
        put_i32(&body, c->id, &bad), put_i32(&body, c->line, &bad);
        put_i32(&body, (int)c->verdict, &bad), put_i32(&body, (int)c->kind, &bad);
        put_i32(&body, c->hidden, &bad), put_i32(&body, c->task_id, &bad);
        put_f64(&body, c->duration, &bad), put_f64(&body, c->score, &bad);
        put_f64(&body, c->max_score, &bad);
        put_str(&body, c->name, &bad), put_str(&body, c->suite, &bad), put_str(&body, c->file, &bad);
        put_str(&body, c->message, &bad), put_str(&body, c->output, &bad);
        put_str(&body, c->test_code, &bad), put_str(&body, c->expected, &bad);
        put_str(&body, c->actual, &bad);
        put_str(&body, c->line_code, &bad), put_str(&body, c->helper, &bad);
    }
    sha256_init(&h);
    sha256_update(&h, body.data, body.len);
    sha256_final(&h, d);
    put(&file, MAGIC, 8, &bad);
    put(&file, d, sizeof d, &bad);
    put(&file, body.data, body.len, &bad);
    if (!bad && util_write_file_atomic(path, file.data, file.len) == 0)
        rc = 0;
    sbuf_free(&body);
    sbuf_free(&file);
    return rc;
}

/* --- reading one back ------------------------------------------------------------- */

struct cursor {
    const char *p, *end;
    int bad;
};

static void get(struct cursor *c, void *out, size_t n)
{
    if (c->bad || (size_t)(c->end - c->p) < n) {
        c->bad = 1;
        memset(out, 0, n);
        return;
    }
    memcpy(out, c->p, n);
    c->p += n;
}

static int get_i32(struct cursor *c)
{
    int32_t x;
    get(c, &x, sizeof x);
    return x;
}

static double get_f64(struct cursor *c)
{
    double v;
    get(c, &v, sizeof v);
    return v;
}

/* get_str: a malloc'ed copy (NULL for a stored NULL, or when bad). */
static char *get_str(struct cursor *c)
{
    uint32_t n;
    char *s;
    get(c, &n, sizeof n);
    if (c->bad || n == UINT32_MAX)
        return NULL;
    if (n >= STR_MAX || (size_t)(c->end - c->p) < n || memchr(c->p, '\0', n) != NULL ||
        (s = malloc((size_t)n + 1)) == NULL) {
        c->bad = 1;
        return NULL;
    }
    memcpy(s, c->p, n);
    s[n] = '\0';
    c->p += n;
    return s;
}

/* read_case: one case into *k (strings malloc'ed); 0, or -1 when malformed. */
static int read_case(struct cursor *cur, struct report_case *k, int last_id)
{
    char **strs[] = {&k->name,      &k->suite,    &k->file,   &k->message,   &k->output,
                     &k->test_code, &k->expected, &k->actual, &k->line_code, &k->helper};
    memset(k, 0, sizeof *k);
    k->id = get_i32(cur), k->line = get_i32(cur);
    k->verdict = (enum verdict)get_i32(cur), k->kind = (enum errkind)get_i32(cur);
    k->hidden = get_i32(cur), k->task_id = get_i32(cur);
    k->duration = get_f64(cur), k->score = get_f64(cur), k->max_score = get_f64(cur);
    for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
        if ((*strs[i] = get_str(cur)) == NULL)
            cur->bad = 1;
    if ((int)k->verdict < VERDICT_PASS || k->verdict > VERDICT_PENDING || (int)k->kind < ERRKIND_NONE ||
        k->kind > ERRKIND_CRASH || (k->verdict == VERDICT_ERROR) != (k->kind != ERRKIND_NONE) ||
        k->id <= last_id || k->line < 0 || !(k->duration >= 0))
        cur->bad = 1;
    return cur->bad ? -1 : 0;
}

static void case_strings_free(struct report_case *k)
{
    free(k->name), free(k->suite), free(k->file), free(k->message);
    free(k->output), free(k->test_code), free(k->expected), free(k->actual);
    free(k->line_code), free(k->helper);
}

int gradecache_load(const char *dir, const char *hex, struct report_run *run)
{
    char path[4200];
    size_t len;
    char *text;
    unsigned char d[SHA256_BYTES];
    struct sha256 h;
    struct cursor cur;
    struct report_run tmp;
    int n, rc = -1;
    if (entry_path(path, sizeof path, dir, hex) != 0 || (text = util_read_file(path, &len)) == NULL)
        return -1;
    if (len < 8 + SHA256_BYTES || memcmp(text, MAGIC, 8) != 0)
        goto out_free_text;
    sha256_init(&h);
    sha256_update(&h, text + 8 + SHA256_BYTES, len - 8 - SHA256_BYTES);
    sha256_final(&h, d);
    if (memcmp(d, text + 8, SHA256_BYTES) != 0)
        goto out_free_text;
    cur.p = text + 8 + SHA256_BYTES, cur.end = text + len, cur.bad = 0;
    report_run_init(&tmp, run->name);
    tmp.duration = get_f64(&cur);
    tmp.status = (enum verdict)get_i32(&cur);
    tmp.kind = (enum errkind)get_i32(&cur);
    char *msg = get_str(&cur);
    n = get_i32(&cur);
    if (cur.bad || (tmp.status != VERDICT_PASS && tmp.status != VERDICT_ERROR) ||
        (tmp.status == VERDICT_ERROR) != (tmp.kind == ERRKIND_LOAD) || n < 0 || n > RECORD_MAX_CASES ||
        !(tmp.duration >= 0)) {
        free(msg);
        goto out_free_tmp;
    }
    tmp.message = msg;
    for (int i = 0, last = 0; i < n; i++) {
        struct report_case k;
        int bad = read_case(&cur, &k, last) != 0;
        if (!bad && report_add(&tmp, &k) == NULL)
            bad = 1;
        last = k.id;
        case_strings_free(&k);
        if (bad)
            goto out_free_tmp;
    }
    if (cur.bad || cur.p != cur.end || tmp.status != (msg ? VERDICT_ERROR : VERDICT_PASS))
        goto out_free_tmp;
    /* a hit: the run takes the entry's results */
    free(tmp.name);
    tmp.name = run->name;
    tmp.note = run->note;
    tmp.show_hidden = run->show_hidden;
    *run = tmp;
    rc = 0;
    goto out_free_text;
out_free_tmp:
    report_run_free(&tmp);
out_free_text:
    free(text);
    return rc;
}
