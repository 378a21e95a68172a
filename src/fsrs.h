/* fsrs.h: the FSRS-6 spaced-repetition scheduler (the one in Anki), as
 * published by open-spaced-repetition in py-fsrs (fsrs/scheduler.py, v6
 * defaults; formulas in its ALGORITHM.md). Pure arithmetic: no I/O, no
 * clock (the caller passes times), no randomness unless fuzz is asked for.
 * Depends on libc and libm only. */
#ifndef DOJO_FSRS_H
#define DOJO_FSRS_H

#include <stdint.h>

/* The default parameters w[0..20] of FSRS-6 (py-fsrs DEFAULT_PARAMETERS):
 * 0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722,
 * 0.1666, 0.796, 1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425,
 * 0.0912, 0.0658, 0.1542 (w[20] is the decay of the forgetting curve). */
#define FSRS_NPARAMS 21
extern const double fsrs_default_w[FSRS_NPARAMS];

enum fsrs_rating { FSRS_AGAIN = 1, FSRS_HARD = 2, FSRS_GOOD = 3, FSRS_EASY = 4 };
enum fsrs_state { FSRS_LEARNING = 1, FSRS_REVIEW = 2, FSRS_RELEARNING = 3 };

/* One card's memory state. A new card is {FSRS_LEARNING, step 0,
 * stability 0, difficulty 0, due 0, last_review 0} (fsrs_card_new).
 * Times are Unix seconds (UTC); stability is in days; difficulty in 1..10. */
struct fsrs_card {
    int state;          /* enum fsrs_state */
    int step;           /* learning/relearning step; -1 in Review */
    double stability;   /* days; 0 = not yet reviewed */
    double difficulty;  /* 1..10; 0 = not yet reviewed */
    int64_t due;        /* when the card is next due (Unix seconds) */
    int64_t last_review; /* 0 = never reviewed */
};

/* The scheduler's settings: py-fsrs's defaults are desired retention 0.9,
 * learning steps 1 min and 10 min, one relearning step of 10 min, maximum
 * interval 36500 days, fuzz on (dojo turns it off unless a random source
 * is given). */
struct fsrs_params {
    double w[FSRS_NPARAMS];
    double desired_retention; /* 0 < r < 1 */
    int learning_steps[4];    /* seconds */
    int nlearning;
    int relearning_steps[4];  /* seconds */
    int nrelearning;
    int maximum_interval;     /* days */
    double (*random)(void *ud); /* uniform [0,1) for fuzz, or NULL: no fuzz */
    void *random_ud;
};

/* fsrs_params_default: fills p with py-fsrs's defaults and no fuzz. Can't
 * fail. */
void fsrs_params_default(struct fsrs_params *p);

/* fsrs_card_new: a card never reviewed, due at `now` (Unix seconds). */
struct fsrs_card fsrs_card_new(int64_t now);

/* fsrs_review: the card after a review rated `rating` (1..4) at `now`
 * (Unix seconds, not before card->last_review). Updates stability,
 * difficulty, state, step, due and last_review in place. Returns 0, or -1
 * (card untouched) when the rating is out of range. */
int fsrs_review(const struct fsrs_params *p, struct fsrs_card *card, int rating, int64_t now);

/* fsrs_retrievability: the predicted probability (0..1) of recalling the
 * card at `now`; 0 for a card never reviewed. */
double fsrs_retrievability(const struct fsrs_params *p, const struct fsrs_card *card, int64_t now);

/* fsrs_next_interval: the interval in whole days (1..maximum_interval) that
 * gives the desired retention for a stability of `stability` days. */
int fsrs_next_interval(const struct fsrs_params *p, double stability);

#endif
