/* submissions.c: a class folder as an LMS download delivers it, turned into
 * one folder per student (submissions.h): folders, a folder nested one level
 * too deep, flat files named after the student, archives (unpack.h), and a
 * roster CSV (RFC 4180) naming them. Files that must be moved or unpacked
 * go to a private temporary folder (mkdtemp, mode 0700) removed at the end.
 * Depends on unpack.h, util.h and POSIX (scandir, lstat, mkdtemp, nftw). */
#include "submissions.h"

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unpack.h"
#include "util.h"

/* A flat .lua file bigger than this is not copied (a submission is code). */
#define FLAT_FILE_MAX ((size_t)4 << 20)

/* One roster row: key -> name, and whether a submission matched it. */
struct roster_row {
    char *key, *name;
    int used;
};

struct roster {
    struct roster_row *rows;
    size_t n;
};

/* --- the set ------------------------------------------------------------ */

/* add: a new, empty submission for `key` from `source`. NULL when memory
 * runs out. */
static struct submission *add(struct submissions *s, const char *key, const char *source)
{
    struct submission *v = realloc(s->v, (s->n + 1) * sizeof *v), *x;
    if (v == NULL)
        return NULL;
    s->v = v;
    x = &v[s->n];
    memset(x, 0, sizeof *x);
    x->key = util_strdup(key);
    x->name = util_strdup(key);
    x->source = util_strdup(source);
    if (x->key == NULL || x->name == NULL || x->source == NULL) {
        free(x->key), free(x->name), free(x->source);
        return NULL;
    }
    s->n++;
    return x;
}

/* set_str: replaces *slot with a malloc'ed copy of the formatted text (fmt
 * takes two strings). 0 or -1. */
static int set_str(char **slot, const char *fmt, const char *a, const char *b)
{
    int n = snprintf(NULL, 0, fmt, a, b);
    char *c = n < 0 ? NULL : malloc((size_t)n + 1);
    if (c == NULL)
        return -1;
    snprintf(c, (size_t)n + 1, fmt, a, b);
    free(*slot);
    *slot = c;
    return 0;
}

/* set_copy: replaces *slot with a copy of s. 0 or -1. */
static int set_copy(char **slot, const char *s)
{
    char *c = util_strdup(s);
    if (c == NULL)
        return -1;
    free(*slot);
    *slot = c;
    return 0;
}

/* need_tmp: makes the private temporary folder on first use, and a fresh
 * folder in it for student `key` (numbered, then the key made safe, so
 * that messages naming a file there still say whose it is), whose path
 * goes to out. 0 or -1. */
static int need_tmp(struct submissions *s, const char *key, char *out, size_t cap)
{
    char safe[96];
    static unsigned serial;
    if (s->tmp[0] == '\0') {
        const char *base = getenv("TMPDIR");
        snprintf(s->tmp, sizeof s->tmp, "%s/dojo-class.XXXXXX", base && base[0] ? base : "/tmp");
        if (mkdtemp(s->tmp) == NULL) {
            s->tmp[0] = '\0';
            return -1;
        }
    }
    submissions_safe_name(key, safe, sizeof safe);
    if ((size_t)snprintf(out, cap, "%s/%u-%s", s->tmp, ++serial, safe) >= cap)
        return -1;
    return mkdir(out, 0700);
}

void submissions_safe_name(const char *name, char *out, size_t cap)
{
    size_t n = 0, max = cap - 1 < 80 ? cap - 1 : 80;
    for (const char *p = name; *p && n < max; p++) {
        char c = *p;
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '-' || c == '_' || (c == '.' && n > 0);
        out[n++] = ok ? c : '_';
    }
    if (n == 0)
        out[n++] = '_';
    out[n] = '\0';
}

int submissions_flat_key(const char *file, const char *module, char *key, size_t cap)
{
    size_t len = strlen(file), mlen = strlen(module), end;
    const char *us = strchr(file, '_');
    if (len < 4 || strcmp(file + len - 4, ".lua") != 0 || us == NULL || us == file)
        return -1;
    end = len - 4;
    /* an LMS's resubmission suffix: counter-1.lua, counter-12.lua */
    size_t d = end;
    while (d > 0 && file[d - 1] >= '0' && file[d - 1] <= '9')
        d--;
    if (d < end && d > 0 && file[d - 1] == '-')
        end = d - 1;
    if (end < mlen + 1 || strncmp(file + end - mlen, module, mlen) != 0 || file[end - mlen - 1] != '_')
        return -1;
    if ((size_t)(us - file) >= cap)
        return -1;
    memcpy(key, file, (size_t)(us - file));
    key[us - file] = '\0';
    return 0;
}

/* --- the roster ----------------------------------------------------------- */

/* csv_row: parses one CSV record at *p (RFC 4180: quoted fields, "" for a
 * quote, CRLF or LF) into up to 2 fields (more are ignored), advancing *p
 * and *line. Returns the number of fields, 0 for a blank line, -1 for a
 * quote left open, -2 for a field over 1000 bytes. */
static int csv_row(const char **p, int *line, char f[2][1024])
{
    const char *s = *p;
    int nf = 0, any = 0;
    f[0][0] = f[1][0] = '\0';
    for (;;) {
        char buf[1024];
        size_t n = 0;
        int quoted = *s == '"';
        if (quoted)
            s++;
        for (;;) {
            if (*s == '\0' && quoted)
                return -1;
            if (quoted && *s == '"' && s[1] == '"')
                s++;
            else if (quoted && *s == '"') {
                quoted = 0;
                s++;
                continue;
            } else if (!quoted && (*s == ',' || *s == '\n' || *s == '\r' || *s == '\0'))
                break;
            if (*s == '\n')
                (*line)++;
            if (n + 1 >= sizeof buf)
                return -2;
            buf[n++] = *s++;
        }
        buf[n] = '\0';
        any |= n > 0 || *s == ',';
        if (nf < 2)
            memcpy(f[nf], buf, n + 1);
        nf++;
        if (*s != ',')
            break;
        s++;
    }
    if (*s == '\r')
        s++;
    if (*s == '\n') {
        s++;
        (*line)++;
    }
    *p = s;
    return any ? nf : 0;
}

/* trim: strips spaces and tabs at both ends, in place. */
static char *trim(char *s)
{
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        s[--n] = '\0';
    while (*s == ' ' || *s == '\t')
        s++;
    return s;
}

static void roster_free(struct roster *r)
{
    for (size_t i = 0; i < r->n; i++)
        free(r->rows[i].key), free(r->rows[i].name);
    free(r->rows);
    memset(r, 0, sizeof *r);
}

/* roster_load: reads the roster CSV: a header row, then `key,name` rows
 * (the name defaults to the key). 0, or 2 with "FILE:LINE: why" in err. */
static int roster_load(const char *path, struct roster *r, char *err, size_t errcap)
{
    size_t len;
    char *text = util_read_file(path, &len), f[2][1024];
    const char *p;
    int line = 1, rc = 0, header = 1;
    memset(r, 0, sizeof *r);
    if (text == NULL) {
        snprintf(err, errcap, "%s: cannot read the roster: %s", path, strerror(errno));
        return 2;
    }
    if (strlen(text) != len) {
        snprintf(err, errcap, "%s:1: the roster holds a NUL byte (not a CSV file)", path);
        free(text);
        return 2;
    }
    p = text;
    while (rc == 0 && *p) {
        int at = line, nf = csv_row(&p, &line, f);
        char *key = trim(f[0]), *name = trim(f[1]);
        struct roster_row *rows;
        if (nf < 0) {
            snprintf(err, errcap, "%s:%d: %s", path, at,
                     nf == -1 ? "a quoted field is not closed" : "a field is longer than 1000 bytes");
            rc = 2;
        } else if (nf == 0) {
            continue;
        } else if (header) {
            header = 0;
        } else if (key[0] == '\0') {
            snprintf(err, errcap, "%s:%d: the first column (the folder or file name) is empty", path, at);
            rc = 2;
        } else {
            for (size_t i = 0; i < r->n && rc == 0; i++)
                if (strcmp(r->rows[i].key, key) == 0) {
                    snprintf(err, errcap, "%s:%d: '%.200s' is on the roster twice", path, at, key);
                    rc = 2;
                }
            if (rc == 0 && (rows = realloc(r->rows, (r->n + 1) * sizeof *rows)) == NULL)
                rc = 2;
            if (rc == 0) {
                r->rows = rows;
                rows[r->n].key = util_strdup(key);
                rows[r->n].name = util_strdup(name[0] ? name : key);
                rows[r->n].used = 0;
                if (rows[r->n++].name == NULL || rows[r->n - 1].key == NULL) {
                    snprintf(err, errcap, "%s: out of memory", path);
                    rc = 2;
                }
            } else if (err[0] == '\0') {
                snprintf(err, errcap, "%s: out of memory", path);
            }
        }
    }
    free(text);
    if (rc != 0)
        roster_free(r);
    return rc;
}

/* --- one entry of the class folder ------------------------------------------ */

/* has_module: 1 when dir/<module>.lua is a regular file (not a link). */
static int has_module(const char *dir, const char *module)
{
    char path[4200];
    struct stat st;
    if ((size_t)snprintf(path, sizeof path, "%s/%s.lua", dir, module) >= sizeof path)
        return 0;
    return lstat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* open_nested: a folder without the module at its top whose only entry
 * (dot files aside) is a folder that has it, and (unless `any_name`, for
 * an archive of one folder) is named as the outer one (s22/s22): that inner
 * folder is graded, and the note says so. A repository with its module in
 * src/ is not opened: the grader's message lists what it found instead.
 * 0, or -1 when memory runs out. */
static int open_nested(struct submission *x, const char *module, int any_name)
{
    struct dirent **names = NULL;
    char inner[4200], only[1024] = "";
    int n, count = 0;
    struct stat st;
    if (x->dir == NULL || has_module(x->dir, module) || (n = scandir(x->dir, &names, NULL, alphasort)) < 0)
        return 0;
    for (int i = 0; i < n; i++) {
        if (names[i]->d_name[0] != '.' && strcmp(names[i]->d_name, "__MACOSX") != 0 && count++ == 0)
            snprintf(only, sizeof only, "%s", names[i]->d_name);
        free(names[i]);
    }
    free(names);
    if (count != 1 || (!any_name && strcasecmp(only, x->source) != 0) || util_path_join(inner, sizeof inner, x->dir, only) != 0 || lstat(inner, &st) != 0 ||
        !S_ISDIR(st.st_mode) || !has_module(inner, module))
        return 0;
    if (set_copy(&x->dir, inner) != 0)
        return -1;
    char shown[1200];
    snprintf(shown, sizeof shown, "%.500s/%.500s", x->source, only);
    return set_str(&x->note, "graded %s/%s.lua: the submission was nested one level too deep",
                   shown, module);
}

/* add_flat: a flat file `name` in `dir` for student `key`: copied into a
 * folder of its own as <module>.lua. 0, or -1 when memory runs out. */
static int add_flat(struct submissions *s, const char *dir, const char *name, const char *key,
                    const char *module)
{
    char src[4200], dst[4200], folder[4200];
    size_t len = 0;
    char *text;
    struct submission *x = add(s, key, name);
    if (x == NULL)
        return -1;
    if (util_path_join(src, sizeof src, dir, name) != 0 || (text = util_read_file(src, &len)) == NULL)
        return set_str(&x->error, "%s: cannot read it%s", name, "");
    if (len > FLAT_FILE_MAX) {
        free(text);
        return set_str(&x->error, "%s: over 4 MiB, not graded as a Lua module%s", name, "");
    }
    if (need_tmp(s, key, folder, sizeof folder) != 0 ||
        (size_t)snprintf(dst, sizeof dst, "%s/%s.lua", folder, module) >= sizeof dst ||
        util_write_file_atomic(dst, text, len) != 0) {
        free(text);
        return set_str(&x->error, "%s: cannot copy it to a temporary folder%s", name, "");
    }
    free(text);
    return set_copy(&x->dir, folder);
}

/* add_archive: an archive for student `key`: unpacked into a folder of its
 * own, opened one level down when it holds a single folder. 0 or -1. */
static int add_archive(struct submissions *s, const char *dir, const char *name, const char *key,
                       const char *module)
{
    char src[4200], folder[4200], why[512];
    struct submission *x = add(s, key, name);
    if (x == NULL)
        return -1;
    if (util_path_join(src, sizeof src, dir, name) != 0 || need_tmp(s, key, folder, sizeof folder) != 0)
        return set_str(&x->error, "%s: cannot unpack it: no temporary folder%s", name, "");
    size_t left = SUBMISSIONS_CLASS_BYTES - s->unpacked, written = 0;
    if (left < SUBMISSIONS_ARCHIVE_BYTES) {
        snprintf(why, sizeof why, "not unpacked: the class's archives passed %zu MiB in all",
                 SUBMISSIONS_CLASS_BYTES >> 20);
        return set_str(&x->error, "%s: %s", name, why);
    }
    int bad = unpack_archive(src, folder, SUBMISSIONS_ARCHIVE_ENTRIES, SUBMISSIONS_ARCHIVE_BYTES, &written,
                             why, sizeof why);
    s->unpacked += written;
    if (bad)
        return set_str(&x->error, "%s: %s", name, why);
    if (set_copy(&x->dir, folder) != 0)
        return -1;
    /* an archive of one folder is the normal case, not worth a note */
    char *note = x->note;
    x->note = NULL;
    int rc = open_nested(x, module, 1);
    free(x->note);
    x->note = note;
    return rc;
}

/* archive_key: the student part of an archive's name (before the first
 * '_', else the name without its extension), or -1 when `name` is not an
 * archive dojo unpacks. */
static int archive_key(const char *name, char *key, size_t cap)
{
    static const char *const exts[] = {".zip", ".tar.gz", ".tgz", ".tar", ".tar.xz", ".tar.bz2"};
    size_t len = strlen(name), stem = 0;
    for (size_t i = 0; i < sizeof exts / sizeof exts[0] && stem == 0; i++)
        if (util_ends_with(name, exts[i]) && len > strlen(exts[i]))
            stem = len - strlen(exts[i]);
    if (stem == 0)
        return -1;
    const char *us = memchr(name, '_', stem);
    if (us != NULL && us > name)
        stem = (size_t)(us - name);
    if (stem >= cap)
        return -1;
    memcpy(key, name, stem);
    key[stem] = '\0';
    return 0;
}

/* add_entry: one entry of the class folder. 0, or -1 when memory runs out. */
static int add_entry(struct submissions *s, const char *dir, const char *name, const char *module)
{
    char path[4200], key[1024];
    struct stat st;
    struct submission *x;
    if (util_path_join(path, sizeof path, dir, name) != 0 || lstat(path, &st) != 0)
        return 0;
    if (S_ISLNK(st.st_mode)) {
        if ((x = add(s, name, name)) == NULL)
            return -1;
        return set_str(&x->error, "%s is a link, not graded (a link can reach another student's "
                                  "files)%s", name, "");
    }
    if (S_ISDIR(st.st_mode)) {
        if ((x = add(s, name, name)) == NULL || set_copy(&x->dir, path) != 0)
            return -1;
        return open_nested(x, module, 0);
    }
    if (!S_ISREG(st.st_mode))
        return 0;
    if (archive_key(name, key, sizeof key) == 0)
        return add_archive(s, dir, name, key, module);
    if (util_ends_with(name, ".lua")) {
        if (submissions_flat_key(name, module, key, sizeof key) == 0)
            return add_flat(s, dir, name, key, module);
        snprintf(key, sizeof key, "%.*s", (int)strlen(name) - 4, name);
        if ((x = add(s, key, name)) == NULL)
            return -1;
        return set_str(&x->error, "%s: a flat file must be named <student>_%s.lua (or "
                                  "<student>_<anything>_<module>.lua)", name, module);
    }
    return 0; /* other files (a roster, notes) are not submissions */
}

/* --- putting it together ----------------------------------------------------- */

static void submission_free(struct submission *x)
{
    free(x->name), free(x->key), free(x->source), free(x->dir), free(x->note), free(x->error);
}

/* newer: 1 when submission b's source in `dir` changed after a's (ties:
 * the later name), else 0. */
static int newer(const char *dir, const struct submission *a, const struct submission *b)
{
    char pa[4200], pb[4200];
    struct stat sa, sb;
    if (util_path_join(pa, sizeof pa, dir, a->source) == 0 && util_path_join(pb, sizeof pb, dir, b->source) == 0 &&
        lstat(pa, &sa) == 0 && lstat(pb, &sb) == 0 &&
        (sa.st_mtim.tv_sec != sb.st_mtim.tv_sec || sa.st_mtim.tv_nsec != sb.st_mtim.tv_nsec))
        return sb.st_mtim.tv_sec > sa.st_mtim.tv_sec ||
               (sb.st_mtim.tv_sec == sa.st_mtim.tv_sec && sb.st_mtim.tv_nsec > sa.st_mtim.tv_nsec);
    return strcmp(b->source, a->source) > 0;
}

/* dedupe: two submissions with one key (a folder and a file, a resubmitted
 * file): the newest is graded and its note names both. 0 or -1. */
static int dedupe(struct submissions *s, const char *dir)
{
    for (size_t i = 0; i < s->n; i++)
        for (size_t j = i + 1; j < s->n; j++) {
            if (strcmp(s->v[i].key, s->v[j].key) != 0)
                continue;
            size_t keep = newer(dir, &s->v[i], &s->v[j]) ? j : i, drop = keep == i ? j : i;
            char both[1200];
            snprintf(both, sizeof both, "%.400s and %.400s", s->v[i].source, s->v[j].source);
            if (set_str(&s->v[keep].note, "two submissions (%s); graded %s, the newest", both,
                        s->v[keep].source) != 0)
                return -1;
            submission_free(&s->v[drop]);
            memmove(&s->v[drop], &s->v[drop + 1], (s->n - drop - 1) * sizeof s->v[0]);
            s->n--;
            j--;
            if (drop == i) {
                i--;
                break;
            }
        }
    return 0;
}

static int by_key(const void *a, const void *b)
{
    const struct submission *x = a, *y = b;
    return strcmp(x->key, y->key);
}

/* apply_roster: names each submission from the roster, notes the ones not
 * on it, and adds its students who sent nothing. 0 or -1. */
static int apply_roster(struct submissions *s, struct roster *r)
{
    size_t had = s->n;
    for (size_t i = 0; i < had; i++) {
        struct submission *x = &s->v[i];
        size_t k = 0;
        while (k < r->n && strcmp(r->rows[k].key, x->key) != 0)
            k++;
        if (k == r->n) {
            x->off_roster = 1;
            if (x->note == NULL && set_copy(&x->note, "not on the roster") != 0)
                return -1;
        } else {
            r->rows[k].used = 1;
            if (set_copy(&x->name, r->rows[k].name) != 0)
                return -1;
        }
    }
    for (size_t k = 0; k < r->n; k++) {
        struct submission *x;
        if (r->rows[k].used)
            continue;
        if ((x = add(s, r->rows[k].key, "")) == NULL || set_copy(&x->name, r->rows[k].name) != 0 ||
            set_str(&x->error, "no submission from %s (%s on the roster)", r->rows[k].name, r->rows[k].key) != 0 ||
            set_copy(&x->note, "missing: on the roster, no submission") != 0)
            return -1;
        x->missing = 1;
    }
    return 0;
}

int submissions_collect(const char *dir, const char *module, const char *roster,
                        struct submissions *out, char *err, size_t errcap)
{
    struct dirent **names = NULL;
    struct roster r;
    int n, rc = 0;
    memset(out, 0, sizeof *out);
    memset(&r, 0, sizeof r);
    err[0] = '\0';
    if (roster && roster_load(roster, &r, err, errcap) != 0)
        return 2;
    if ((n = scandir(dir, &names, NULL, alphasort)) < 0) {
        snprintf(err, errcap, "%s: cannot read the submissions folder: %s", dir, strerror(errno));
        roster_free(&r);
        return 2;
    }
    for (int i = 0; i < n; i++) {
        if (rc == 0 && names[i]->d_name[0] != '.' && add_entry(out, dir, names[i]->d_name, module) != 0)
            rc = 2;
        free(names[i]);
    }
    free(names);
    if (rc == 0 && out->n > 0)
        qsort(out->v, out->n, sizeof *out->v, by_key);
    if (rc == 0 && dedupe(out, dir) != 0)
        rc = 2;
    if (rc == 0 && roster && apply_roster(out, &r) != 0)
        rc = 2;
    if (rc == 0 && out->n > 0)
        qsort(out->v, out->n, sizeof *out->v, by_key);
    roster_free(&r);
    if (rc != 0) {
        snprintf(err, errcap, "%s: out of memory (or no temporary folder) collecting submissions", dir);
        submissions_free(out);
    }
    return rc;
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    remove(path);
    return 0;
}

void submissions_free(struct submissions *s)
{
    for (size_t i = 0; i < s->n; i++)
        submission_free(&s->v[i]);
    free(s->v);
    if (s->tmp[0])
        nftw(s->tmp, remove_one, 16, FTW_DEPTH | FTW_PHYS);
    memset(s, 0, sizeof *s);
}
