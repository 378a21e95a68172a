/* gradecache.h: regrading a class without grading unchanged submissions
 * again (`dojo grade --kata ID --cache DIR`). An entry is keyed by the
 * SHA-256 of everything its result depends on and holds the graded run,
 * checksummed; an entry that does not read back whole and valid is a miss
 * (the submission is graded again), never a result. Depends on sha256.h,
 * spec.h, report/report.h, util.h. */
#ifndef DOJO_GRADECACHE_H
#define DOJO_GRADECACHE_H

#include <stddef.h>

#include "report/report.h"
#include "spec.h"

/* gradecache_key: the cache key of grading the submission in folder `sub`
 * against the kata in folder `kata_dir` (every file of both, by relative
 * name and content; a link by its target, never followed), with `module`,
 * the limits `lim`, the per-submission limit `submission_timeout` (seconds,
 * 0 for none), and this dojo: its version and its executable's bytes. Writes
 * 64 hex digits and a NUL into hex. Returns 0, or -1 when a file can't be
 * read or the folders hold more than 64 MiB (then the submission is simply
 * graded, not cached). */
int gradecache_key(const char *sub, const char *kata_dir, const char *module,
                   const struct spec_limits *lim, double submission_timeout, char hex[65]);

/* gradecache_load: the run stored under `hex` in folder `dir` becomes
 * `run`, which must hold no cases yet: its name, note and show_hidden are
 * kept, the rest is the entry's. Returns 0 on a hit; -1 on
 * a miss: no entry, or one that is corrupt or malformed (magic, checksum,
 * lengths, verdicts, trailing bytes); then `run` is as it was. */
int gradecache_load(const char *dir, const char *hex, struct report_run *run);

/* gradecache_store: stores `run` under `hex` in folder `dir` (made if
 * needed) whole: a temporary file renamed into place. A run with a timeout
 * or a crash in it is not stored (it may depend on the machine's load) and
 * counts as done. Returns 0, or -1 when it could not be written (the cache
 * is only a shortcut: the caller may say so and go on). */
int gradecache_store(const char *dir, const char *hex, const struct report_run *run);

#endif
