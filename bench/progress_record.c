/* progress_record.c (built as bench_progress): the time to record one kata
 * attempt and one quiz review in the SQLite store (progress.h), each its
 * own transaction as dojo does it, against rewriting the old text store
 * (app.c before the store: the whole "key value" file, atomically) in the
 * same run. Prints medians in microseconds.
 *   bench_progress DB_PATH [N]    (DB_PATH must not exist yet) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "progress.h"
#include "util.h"

static double now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp);
    return v[n / 2];
}

int main(int argc, char **argv)
{
    struct progress *p = NULL;
    char err[512], text[300];
    int n = argc > 2 ? atoi(argv[2]) : 2000;
    double *t = malloc(sizeof *t * (size_t)(n > 0 ? n : 1)), open_us;
    if (argc < 2 || n <= 0 || t == NULL) {
        fprintf(stderr, "usage: bench_progress DB_PATH [N]\n");
        return 2;
    }
    open_us = now_us();
    if (progress_open(argv[1], NULL, &p, err, sizeof err) != 0) {
        fprintf(stderr, "bench_progress: %s\n", err);
        return 2;
    }
    open_us = now_us() - open_us;
    for (int i = 0; i < n; i++) {
        struct progress_attempt a = {"limiter", 1000 + i, 20, 7, 0, 0.05, 1, i % 3 == 0};
        double t0 = now_us();
        if (progress_record_attempt(p, &a) < 0)
            return fprintf(stderr, "bench_progress: %s\n", progress_error(p)), 1;
        t[i] = now_us() - t0;
    }
    printf("record one attempt (SQLite)     median %7.1f us  (%d records)\n", median(t, n), n);
    for (int i = 0; i < n; i++) {
        struct fsrs_card c = {FSRS_REVIEW, -1, 3.0, 5.0, 5000 + i, 1000 + i};
        char qid[32];
        snprintf(qid, sizeof qid, "closures/Q%d", i % 10 + 1);
        double t0 = now_us();
        if (progress_record_review(p, qid, "closures", 3, &c, 1000 + i) < 0)
            return fprintf(stderr, "bench_progress: %s\n", progress_error(p)), 1;
        t[i] = now_us() - t0;
    }
    printf("record one review (SQLite)      median %7.1f us\n", median(t, n));
    progress_close(p);
    /* Baseline: the old text store rewrote its whole file per record. */
    snprintf(text, sizeof text, "%s.txt", argv[1]);
    for (int i = 0; i < n; i++) {
        char body[256];
        int len = snprintf(body, sizeof body, "lesson 01-closures.md\nkata limiter\npassed.limiter %d\nhints.limiter 1\n", i % 2);
        double t0 = now_us();
        if (util_write_file_atomic(text, body, (size_t)len) != 0)
            return 1;
        t[i] = now_us() - t0;
    }
    printf("old text store, one write       median %7.1f us\n", median(t, n));
    printf("open + migrate a new store             %7.1f us\n", open_us);
    free(t);
    return 0;
}
