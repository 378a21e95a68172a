/* standing.h: where the learner stands, per concept (the lesson read, the
 * katas passed, the quiz questions known and due) and the step to take
 * next, read from the pack and the progress store. `dojo progress`
 * (cmd/progress.c) prints it; the REPL's greeting shows the next step.
 * Depends on app.h, progress.h (struct progress_quiz_stats). */
#ifndef DOJO_STANDING_H
#define DOJO_STANDING_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "app.h"
#include "progress.h"

#define RETENTION_WINDOW 20
#define HISTORY_DAYS 30

struct row {
    char concept[64];
    char lesson[256];    /* lesson file name, "" when the concept has none */
    int lesson_read;
    int katas, passed, started;
    char open_kata[256]; /* the first kata not passed, "" when none */
    int open_started;    /* ... and whether it was started */
    int questions, fresh; /* questions in the lesson; never reviewed */
    struct progress_quiz_stats q;
    double mastery;      /* 0..1: the mean of lesson, katas, quiz learned */
};

/* What the store knows, read in one query each: kata and lesson records. */
struct seen_item {
    char name[256];
    int status;
};

struct seen {
    struct seen_item *v;
    size_t n, cap;
};

struct standing {
    struct row *rows;
    size_t n, cap;
    int have_db;
    int64_t now;
    char next[400], why[800];
    int reviews[HISTORY_DAYS], attempts[HISTORY_DAYS];
    int counted;           /* questions counted (fresh and mastery known) */
    struct seen katas, lessons;
};

/* standing_gather: fills *s (zeroed first; free it with standing_free even
 * on failure) with everything `dojo progress` shows (`full`: the questions
 * and the daily history too; without, only what the next step needs, which
 * counts questions only when it gets that far). 0, or -1 after printing
 * why. */
int standing_gather(struct app *a, struct standing *s, int full);

/* standing_free: frees what standing_gather allocated in *s. */
void standing_free(struct standing *s);

/* standing_next_step: the command to run next ("dojo learn decorators",
 * "dojo quiz closures", ...) into cmd, and why into why (capacities in
 * bytes). Returns 0, or -1 when there is no progress store (nothing is
 * written then). */
int standing_next_step(struct app *a, char *cmd, size_t cmdcap, char *why, size_t whycap);

/* standing_greet: "Next: CMD   (WHY)" on `out` (colour when `color`), for
 * the REPL's greeting; prints nothing when there is no progress store. */
void standing_greet(struct app *a, FILE *out, int color);

#endif
