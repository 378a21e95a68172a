/* reference.h: the plain-C core of the `gather-workers` kata's reference:
 * a planner that predicts, from the jobs' delays alone, what the event loop
 * will do with them (how long both variants take, and in which order the
 * concurrent jobs finish), with no Lua in it, so that
 * tests/test_gather_workers.c can test it without a Lua state. The Lua
 * binding lives in reference.c. Depends on the C standard library only. */
#ifndef DOJO_KATA_GATHER_WORKERS_REFERENCE_H
#define DOJO_KATA_GATHER_WORKERS_REFERENCE_H

#include <stddef.h>

/* What running a list of jobs costs, in seconds of (virtual) loop time.
 * Plain values: the caller owns the struct (stack or static) and it needs
 * no cleanup. */
struct gather_workers_plan {
    size_t jobs;       /* how many jobs were planned */
    double concurrent; /* run_workers: the largest delay, 0 for no jobs */
    double sequential; /* run_sequential: the sum of the delays, 0 for no jobs */
};

/* gather_workers_first_bad: the index (from 0) of the first delay in
 * delays[0 .. n-1] that is not a number >= 0 (a negative number or NaN),
 * or n when every delay is fine. `delays` may be NULL when n is 0. Reads
 * only; can't fail. */
size_t gather_workers_first_bad(const double *delays, size_t n);

/* gather_workers_plan: fills *plan for the n jobs whose delays (seconds,
 * each >= 0, checked with assert) are delays[0 .. n-1]. When `order` is not
 * NULL it must have room for n indices; it receives the job indices (from
 * 0) in the order the concurrent jobs finish: by delay, and jobs with equal
 * delays in job order (a stable sort: the loop's timer heap breaks ties by
 * insertion order). The sort is an insertion sort, O(n^2) in the worst
 * case, which suits the handful of jobs a kata runs. Allocates nothing; the
 * caller owns `plan` and `order`. Can't fail. */
void gather_workers_plan(struct gather_workers_plan *plan, const double *delays, size_t n,
                         size_t *order);

#endif
