/* fuzz_common.c: the scratch folder and invariant check shared by the fuzz
 * targets (see fuzz_common.h). Depends on libc/POSIX only. */
#include "fuzz_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static char scratch[4096];
static char scratch_file[4096 + 64];

static void scratch_cleanup(void)
{
    if (scratch_file[0])
        unlink(scratch_file);
    if (scratch[0])
        rmdir(scratch);
}

const char *fuzz_scratch_file(const char *name, const uint8_t *data, size_t size)
{
    FILE *f;
    if (scratch[0] == '\0') {
        const char *tmp = getenv("TMPDIR");
        snprintf(scratch, sizeof scratch, "%s/dojo-fuzz-XXXXXX", tmp && *tmp ? tmp : "/tmp");
        if (mkdtemp(scratch) == NULL) {
            perror("fuzz: mkdtemp");
            abort();
        }
        atexit(scratch_cleanup);
    }
    snprintf(scratch_file, sizeof scratch_file, "%s/%s", scratch, name);
    f = fopen(scratch_file, "wb");
    if (f == NULL || (size > 0 && fwrite(data, 1, size, f) != size) || fclose(f) != 0) {
        perror("fuzz: writing the scratch input");
        abort();
    }
    return scratch;
}

void fuzz_check(int cond, const char *what)
{
    if (!cond) {
        fprintf(stderr, "fuzz: invariant broken: %s\n", what);
        abort();
    }
}

double fuzz_cpu_seconds(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts) != 0)
        return 0;
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}
