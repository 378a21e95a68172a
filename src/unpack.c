/* unpack.c: student archives unpacked with libarchive (unpack.h). The
 * library is opened by SONAME on first use (lazylib.h) and only its read
 * side is used: dojo writes every file itself, with O_EXCL|O_NOFOLLOW under
 * a folder it made, so no entry can write outside `dest`. The prototypes
 * below are libarchive 3's stable ABI (archive.h, archive_entry.h: soname
 * libarchive.so.13). Depends on lazylib.h, util.h and POSIX. */
#include "unpack.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "lazylib.h"
#include "util.h"

struct archive;
struct archive_entry;

/* From archive.h (libarchive 3). */
#define ARCHIVE_EOF 1
#define ARCHIVE_OK 0
#define ARCHIVE_WARN (-20)
#define AE_IFMT 0170000
#define AE_IFREG 0100000
#define AE_IFDIR 0040000

static struct {
    struct archive *(*read_new)(void);
    int (*support_format_all)(struct archive *);
    int (*support_filter_all)(struct archive *);
    int (*open_filename)(struct archive *, const char *, size_t);
    int (*next_header)(struct archive *, struct archive_entry **);
    ssize_t (*read_data)(struct archive *, void *, size_t);
    const char *(*error_string)(struct archive *);
    int (*read_free)(struct archive *);
    const char *(*pathname)(struct archive_entry *);
    unsigned int (*filetype)(struct archive_entry *);
    const char *(*hardlink)(struct archive_entry *);
} la;

static const struct lazylib_sym la_syms[] = {
    {"archive_read_new", (void **)&la.read_new},
    {"archive_read_support_format_all", (void **)&la.support_format_all},
    {"archive_read_support_filter_all", (void **)&la.support_filter_all},
    {"archive_read_open_filename", (void **)&la.open_filename},
    {"archive_read_next_header", (void **)&la.next_header},
    {"archive_read_data", (void **)&la.read_data},
    {"archive_error_string", (void **)&la.error_string},
    {"archive_read_free", (void **)&la.read_free},
    {"archive_entry_pathname", (void **)&la.pathname},
    {"archive_entry_filetype", (void **)&la.filetype},
    {"archive_entry_hardlink", (void **)&la.hardlink},
};

static struct lazylib la_lib = {"libarchive.so.13", "libarchive13", la_syms,
                                sizeof la_syms / sizeof la_syms[0], 0, ""};

int unpack_path_ok(const char *path)
{
    const char *p = path;
    if (path == NULL || path[0] == '\0' || path[0] == '/')
        return 0;
    while (*p) {
        size_t n = strcspn(p, "/");
        if (n == 2 && p[0] == '.' && p[1] == '.')
            return 0;
        p += n;
        while (*p == '/')
            p++;
    }
    return 1;
}

/* make_parents: creates the folders of `rel` under `dest` (not its last
 * component). 0, or -1 when one can't be made (or is not a folder). */
static int make_parents(const char *dest, const char *rel)
{
    char path[4096];
    size_t base = strlen(dest);
    if (util_path_join(path, sizeof path, dest, rel) != 0)
        return -1;
    for (char *s = path + base + 1; (s = strchr(s, '/')) != NULL; s++) {
        struct stat st;
        *s = '\0';
        if (mkdir(path, 0700) != 0 && errno != EEXIST)
            return -1;
        if (lstat(path, &st) != 0 || !S_ISDIR(st.st_mode))
            return -1;
        *s = '/';
    }
    return 0;
}

/* write_entry: the current entry's data into dest/rel, a new file. Adds the
 * bytes written to *total. 0, or -1 with err (a cap reached, a write failed,
 * the file exists: a duplicate entry). */
static int write_entry(struct archive *a, const char *dest, const char *rel, size_t *total,
                       size_t max_bytes, char *err, size_t errcap)
{
    char path[4096], buf[16384];
    ssize_t got;
    int fd, rc = 0;
    if (make_parents(dest, rel) != 0 || util_path_join(path, sizeof path, dest, rel) != 0) {
        snprintf(err, errcap, "%.200s: cannot make its folders", rel);
        return -1;
    }
    fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        snprintf(err, errcap, "%.200s: cannot unpack it: %s", rel, strerror(errno));
        return -1;
    }
    while (rc == 0 && (got = la.read_data(a, buf, sizeof buf)) != 0) {
        if (got < 0) {
            snprintf(err, errcap, "%.200s: %s", rel, la.error_string(a) ? la.error_string(a) : "cannot read");
            rc = -1;
        } else if ((*total += (size_t)got) > max_bytes) {
            snprintf(err, errcap, "the archive unpacks to more than %zu MiB (refused as a bomb)",
                     max_bytes >> 20);
            rc = -1;
        } else if (write(fd, buf, (size_t)got) != got) {
            snprintf(err, errcap, "%.200s: cannot write it: %s", rel, strerror(errno));
            rc = -1;
        }
    }
    if (close(fd) != 0 && rc == 0) {
        snprintf(err, errcap, "%.200s: cannot write it: %s", rel, strerror(errno));
        rc = -1;
    }
    return rc;
}

/* entry_refused: why an entry may not be unpacked, or NULL. */
static const char *entry_refused(struct archive_entry *e, const char *rel)
{
    unsigned int type = la.filetype(e) & AE_IFMT;
    if (!unpack_path_ok(rel))
        return "an absolute path or '..' (it would land outside the submission)";
    if (la.hardlink(e) != NULL)
        return "a hard link";
    if (type != AE_IFREG && type != AE_IFDIR)
        return "a link or special file";
    return NULL;
}

int unpack_archive(const char *archive, const char *dest, size_t max_entries, size_t max_bytes,
                   size_t *written, char *err, size_t errcap)
{
    struct archive *a;
    struct archive_entry *e;
    size_t entries = 0, total = 0;
    int rc = 0, r;
    if (lazylib_load(&la_lib, err, errcap) != 0)
        return -1;
    if ((a = la.read_new()) == NULL) {
        snprintf(err, errcap, "out of memory");
        return -1;
    }
    la.support_format_all(a);
    la.support_filter_all(a);
    if (la.open_filename(a, archive, 16384) != ARCHIVE_OK) {
        snprintf(err, errcap, "not an archive dojo can read: %s",
                 la.error_string(a) ? la.error_string(a) : "unknown format");
        la.read_free(a);
        return -1;
    }
    while (rc == 0 && (r = la.next_header(a, &e)) != ARCHIVE_EOF) {
        const char *rel, *why;
        if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
            snprintf(err, errcap, "a damaged archive: %s", la.error_string(a) ? la.error_string(a) : "?");
            rc = -1;
            break;
        }
        rel = la.pathname(e);
        while (rel && rel[0] == '.' && rel[1] == '/')
            rel += 2; /* "./x" is x */
        if (++entries > max_entries) {
            snprintf(err, errcap, "more than %zu entries (refused as a bomb)", max_entries);
            rc = -1;
        } else if (rel == NULL || rel[0] == '\0' || strncmp(rel, "__MACOSX/", 9) == 0) {
            continue; /* the archive's own root, or macOS's resource forks */
        } else if ((why = entry_refused(e, rel)) != NULL) {
            snprintf(err, errcap, "entry '%.200s' is %s; the archive was not unpacked", rel, why);
            rc = -1;
        } else if ((la.filetype(e) & AE_IFMT) == AE_IFDIR) {
            char sub[4200];
            snprintf(sub, sizeof sub, "%s/", rel);
            if (make_parents(dest, sub) != 0) {
                snprintf(err, errcap, "%.200s: cannot make the folder", rel);
                rc = -1;
            }
        } else {
            rc = write_entry(a, dest, rel, &total, max_bytes, err, errcap);
        }
    }
    la.read_free(a);
    if (written)
        *written = total;
    return rc;
}
