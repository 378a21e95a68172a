/* submissions.h: a class's submissions as an LMS download delivers them,
 * turned into one folder per student for `dojo grade --kata ID SUBMISSIONS`:
 * sub-folders (s22/s22/ nested a level too deep is opened), flat files named
 * `<student>_<anything>_<module>.lua` (Moodle, Canvas), archives per student
 * (zip, tar; unpacked with libarchive, dlopen'd on first use, into a private
 * temporary folder, refusing paths that escape, links and bombs), and a
 * roster (`--roster CSV`) naming students and the ones with no submission.
 * Depends on lazylib.h, util.h and POSIX. See docs/class-grading.md. */
#ifndef DOJO_SUBMISSIONS_H
#define DOJO_SUBMISSIONS_H

#include <stddef.h>

/* Caps on one archive: entries, and bytes unpacked in all (counted as they
 * are written, not as the archive declares them). */
#define SUBMISSIONS_ARCHIVE_ENTRIES 1000
#define SUBMISSIONS_ARCHIVE_BYTES ((size_t)16 << 20)
/* ... and bytes unpacked from all of one class's archives together (the
 * temporary folder's disk). */
#define SUBMISSIONS_CLASS_BYTES ((size_t)512 << 20)

/* One student's submission. Every string is owned by the set. */
struct submission {
    char *name;     /* who: the roster's name for `key`, else `key` */
    char *key;      /* what the download calls them: a folder name, the
                       student part of a file name, or a roster key */
    char *source;   /* the folder or file in SUBMISSIONS ("" for a missing one) */
    char *dir;      /* the folder to grade (maybe in the private temporary
                       folder); NULL when there is nothing to grade */
    char *note;     /* something the instructor should know ("graded s22/s22:
                       nested one level too deep", "not on the roster"), or NULL */
    char *error;    /* why it can't be graded (an archive refused, a file name
                       that names no student), or NULL */
    int missing;    /* on the roster, but no submission */
    int off_roster; /* a roster was given and this key is not on it */
};

struct submissions {
    struct submission *v;
    size_t n;
    char tmp[4096]; /* the private temporary folder ("" until one is needed) */
    size_t unpacked; /* bytes unpacked from archives so far */
};

/* submissions_collect: the submissions in folder `dir` for a kata whose
 * module is `module`, sorted by key; with `roster` (a CSV path, may be
 * NULL) named from it, and its students without a submission added as
 * missing. A folder that itself holds `module`.lua is not a class: the
 * caller grades it as one submission. Returns 0 with *out filled (free it
 * with submissions_free), or 2 after writing a one-line message (file and
 * line for a roster) into err: the folder or roster can't be read, the
 * roster is malformed, memory or the temporary folder ran out. A set with
 * no submission at all is returned as such (n == 0): the caller says so. */
int submissions_collect(const char *dir, const char *module, const char *roster,
                        struct submissions *out, char *err, size_t errcap);

/* submissions_free: frees the set and removes its temporary folder (never
 * following a link out of it). */
void submissions_free(struct submissions *s);

/* submissions_flat_key: the student part of a flat file name for `module`:
 * `<student>_<module>.lua`, `<student>_<anything>_<module>.lua`, with an
 * LMS's resubmission suffix `-N` before `.lua` allowed. Copies the student
 * part (before the first '_') into key (capacity cap) and returns 0, or -1
 * when the name does not follow the rule (or the key does not fit). */
int submissions_flat_key(const char *file, const char *module, char *key, size_t cap);

/* submissions_safe_name: `name` as a file name that can't escape a folder
 * or surprise a shell: letters, digits, '.', '-', '_' kept, anything else
 * '_', no leading '.', at most 80 bytes, "_" for an empty name. Writes into
 * out (capacity cap >= 2). */
void submissions_safe_name(const char *name, char *out, size_t cap);

#endif
