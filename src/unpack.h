/* unpack.h: one student's archive (zip, tar, tar.gz...) unpacked into a
 * folder with libarchive, loaded on first use (lazylib.h), so that grading
 * without archives maps nothing more. Hostile archives are refused, not
 * partly trusted: absolute paths, "..", links, devices, too many entries,
 * too many bytes. Depends on lazylib.h, util.h and POSIX. */
#ifndef DOJO_UNPACK_H
#define DOJO_UNPACK_H

#include <stddef.h>

/* unpack_archive: unpacks `archive` into the existing, empty folder `dest`
 * (regular files and folders only; `__MACOSX/` entries are skipped), at
 * most `max_entries` entries and `max_bytes` bytes in all, counted as they
 * are written; *written (may be NULL) gets the bytes written, whatever the
 * outcome. Returns 0, or -1 with a one-line reason in err (the archive
 * can't be read, libarchive is not installed, an entry is refused, a cap is
 * reached); `dest` may then hold part of the archive: the caller throws it
 * away and grades nothing from it. */
int unpack_archive(const char *archive, const char *dest, size_t max_entries, size_t max_bytes,
                   size_t *written, char *err, size_t errcap);

/* unpack_path_ok: 1 when an entry path may be unpacked: relative, no ".."
 * component, not empty; else 0. */
int unpack_path_ok(const char *path);

#endif
