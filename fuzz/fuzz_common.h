/* fuzz_common.h: what the fuzz targets in fuzz/ share: the libFuzzer entry
 * point's prototype and a scratch folder for targets whose code under test
 * reads a file by path (kata_load, lesson_load). Depends on libc/POSIX only.
 * Built both with libFuzzer (DOJO_FUZZ=ON) and with fuzz/replay.c's main
 * (the normal build, which replays the regression inputs under CTest). */
#ifndef DOJO_FUZZ_COMMON_H
#define DOJO_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>

/* LLVMFuzzerTestOneInput: runs the code under test on data[0..size). Returns
 * 0; a bug is reported by crashing (abort(), a sanitizer report), as
 * libFuzzer expects (https://llvm.org/docs/LibFuzzer.html). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* fuzz_scratch_file: writes data[0..size) to `name` inside a per-process
 * scratch folder (made once under $TMPDIR or /tmp, removed at exit) and
 * returns the folder's path (static storage). Aborts when the file can't be
 * written: a fuzz run that can't write its input would test nothing. */
const char *fuzz_scratch_file(const char *name, const uint8_t *data, size_t size);

/* fuzz_check: aborts with `what` on stderr when `cond` is false: the
 * invariants a target checks on the code under test (libFuzzer records the
 * input as a crash). */
void fuzz_check(int cond, const char *what);

/* fuzz_cpu_seconds: the CPU time this process has used, in seconds
 * (CLOCK_PROCESS_CPUTIME_ID). The targets bound the time one input may take
 * in CPU seconds, not wall-clock ones: on a machine shared with other jobs a
 * wall-clock bound fails inputs that did nothing wrong (a 1 s manifest
 * deadline took over 5 s of wall clock at load 20 on 2 cores), while a spin
 * still runs up CPU time. Can't fail (0 if the clock is missing). */
double fuzz_cpu_seconds(void);

/* The CPU seconds one input may take in any target (libFuzzer's own
 * -timeout, wall clock, is only the backstop for an input that never ends:
 * scripts/fuzz.sh). */
#define FUZZ_CPU_LIMIT 5.0

#endif
