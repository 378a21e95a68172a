/* curriculum.h: the learner's path through a pack, in order: each concept's
 * lesson, then its katas from easiest to hardest (manifest `difficulty`,
 * then id), then its quiz; concepts in lesson order (kata_list's). Each
 * kata carries the learner's status from the progress store. `dojo katas`
 * prints it, `dojo next` and a passing `check` read the next kata from it.
 * Depends on app.h, kata.h, progress.h.
 * Ownership: a struct curriculum owns its arrays; curriculum_free. */
#ifndef DOJO_CURRICULUM_H
#define DOJO_CURRICULUM_H

#include <stddef.h>

#include "app.h"

enum curriculum_status {
    CURRICULUM_NEW = 0,     /* not started */
    CURRICULUM_STARTED = 1, /* started, never checked */
    CURRICULUM_FAILING = 2, /* checked, not passed yet */
    CURRICULUM_PASSED = 3,  /* passed (for good) */
};

struct curriculum_kata {
    char id[128];
    char concept[64];
    char title[160];
    char summary[240];
    char dir[4096];   /* the kata's folder */
    char pack[64];    /* its pack's name, "" for the built-in pack */
    char key[200];    /* the id progress stores: id, or pack/id outside the built-in pack */
    int difficulty;   /* 1..5 */
    int nhints;
    int hints_seen;   /* hints the learner has seen (0 without a store) */
    int status;       /* enum curriculum_status */
    int broken;       /* its manifest did not load (title holds the error) */
};

struct curriculum {
    struct curriculum_kata *katas; /* in path order */
    size_t n;
    size_t passed;                 /* how many have status PASSED */
};

/* curriculum_load: lists the pack's katas in path order with their
 * manifests and statuses (all NEW when there is no progress store).
 * Returns 0, or -1 with a one-line reason in err (capacity errcap) when
 * the pack's katas/ can't be read or memory runs out. A kata whose
 * manifest is broken is kept, marked broken. */
int curriculum_load(struct app *a, struct curriculum *c, char *err, size_t errcap);

/* curriculum_find: the kata `id` of c, or NULL. */
const struct curriculum_kata *curriculum_find(const struct curriculum *c, const char *id);

/* curriculum_next: the first kata after `after` (NULL: from the start) in
 * path order that is not passed, wrapping to the start; NULL when all are
 * passed. Broken katas are skipped. */
const struct curriculum_kata *curriculum_next(const struct curriculum *c, const char *after);

/* curriculum_status_name: "new", "started", "failing" or "passed". */
const char *curriculum_status_name(int status);

/* curriculum_free: frees c's arrays (c itself is the caller's). */
void curriculum_free(struct curriculum *c);

#endif
