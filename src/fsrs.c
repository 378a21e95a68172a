/* fsrs.c: the FSRS-6 scheduler, following py-fsrs's Scheduler.review_card
 * (open-spaced-repetition/py-fsrs, fsrs/scheduler.py) formula for formula:
 * initial stability/difficulty, recall and forget stability, short-term
 * (same-day) stability, difficulty with linear damping and mean reversion,
 * learning and relearning steps, optional interval fuzz. Depends on libm. */
#include "fsrs.h"

#include <math.h>
#include <stddef.h>

const double fsrs_default_w[FSRS_NPARAMS] = {
    0.212,  1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001,  1.8722, 0.1666, 0.796,
    1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
};

#define STABILITY_MIN 0.001
#define DAY 86400

void fsrs_params_default(struct fsrs_params *p)
{
    for (int i = 0; i < FSRS_NPARAMS; i++)
        p->w[i] = fsrs_default_w[i];
    p->desired_retention = 0.9;
    p->learning_steps[0] = 60;
    p->learning_steps[1] = 600;
    p->nlearning = 2;
    p->relearning_steps[0] = 600;
    p->nrelearning = 1;
    p->maximum_interval = 36500;
    p->random = NULL;
    p->random_ud = NULL;
}

struct fsrs_card fsrs_card_new(int64_t now)
{
    struct fsrs_card c = {FSRS_LEARNING, 0, 0.0, 0.0, now, 0};
    return c;
}

/* days_between: whole days from a to b, rounded down as Python's
 * timedelta.days is. */
static int64_t days_between(int64_t a, int64_t b)
{
    int64_t d = b - a;
    return d >= 0 ? d / DAY : -((-d + DAY - 1) / DAY);
}

static double decay(const struct fsrs_params *p) { return -p->w[20]; }

static double factor(const struct fsrs_params *p) { return pow(0.9, 1.0 / decay(p)) - 1.0; }

static double clamp_d(double d) { return d < 1.0 ? 1.0 : d > 10.0 ? 10.0 : d; }

static double clamp_s(double s) { return s < STABILITY_MIN ? STABILITY_MIN : s; }

double fsrs_retrievability(const struct fsrs_params *p, const struct fsrs_card *c, int64_t now)
{
    int64_t days;
    if (c->last_review == 0 || c->stability <= 0)
        return 0.0;
    days = days_between(c->last_review, now);
    if (days < 0)
        days = 0;
    return pow(1.0 + factor(p) * (double)days / c->stability, decay(p));
}

int fsrs_next_interval(const struct fsrs_params *p, double stability)
{
    double ivl = stability / factor(p) * (pow(p->desired_retention, 1.0 / decay(p)) - 1.0);
    long r = lround(ivl);
    if (r < 1)
        r = 1;
    if (r > p->maximum_interval)
        r = p->maximum_interval;
    return (int)r;
}

static double initial_stability(const struct fsrs_params *p, int g) { return clamp_s(p->w[g - 1]); }

static double initial_difficulty(const struct fsrs_params *p, int g)
{
    return p->w[4] - exp(p->w[5] * (g - 1)) + 1.0;
}

static double short_term_stability(const struct fsrs_params *p, double s, int g)
{
    double inc = exp(p->w[17] * (g - 3 + p->w[18])) * pow(s, -p->w[19]);
    if (g >= FSRS_GOOD && inc < 1.0)
        inc = 1.0;
    return clamp_s(s * inc);
}

static double next_difficulty(const struct fsrs_params *p, double d, int g)
{
    double delta = -(p->w[6] * (g - 3));
    double damped = d + (10.0 - d) * delta / 9.0;
    return clamp_d(p->w[7] * initial_difficulty(p, FSRS_EASY) + (1.0 - p->w[7]) * damped);
}

static double next_stability(const struct fsrs_params *p, double d, double s, double r, int g)
{
    double next;
    if (g == FSRS_AGAIN) {
        double longt = p->w[11] * pow(d, -p->w[12]) * (pow(s + 1.0, p->w[13]) - 1.0) *
                       exp((1.0 - r) * p->w[14]);
        double shortt = s / exp(p->w[17] * p->w[18]);
        next = longt < shortt ? longt : shortt;
    } else {
        double hard = g == FSRS_HARD ? p->w[15] : 1.0;
        double easy = g == FSRS_EASY ? p->w[16] : 1.0;
        next = s * (1.0 + exp(p->w[8]) * (11.0 - d) * pow(s, -p->w[9]) *
                              (exp((1.0 - r) * p->w[10]) - 1.0) * hard * easy);
    }
    return clamp_s(next);
}

/* fuzz: py-fsrs's _get_fuzzed_interval: a random whole number of days in a
 * band around `days` that widens with it (15% of 2.5..7, 10% of 7..20, 5%
 * above 20). */
static int fuzz(const struct fsrs_params *p, int days)
{
    static const double ranges[3][3] = {{2.5, 7.0, 0.15}, {7.0, 20.0, 0.1}, {20.0, HUGE_VAL, 0.05}};
    double delta = 1.0;
    long lo, hi, r;
    if (p->random == NULL || days < 3)
        return days;
    for (int i = 0; i < 3; i++) {
        double top = days < ranges[i][1] ? days : ranges[i][1];
        double span = top - ranges[i][0];
        delta += ranges[i][2] * (span > 0 ? span : 0.0);
    }
    lo = lround(days - delta);
    hi = lround(days + delta);
    if (lo < 2)
        lo = 2;
    if (hi > p->maximum_interval)
        hi = p->maximum_interval;
    if (lo > hi)
        lo = hi;
    r = lround(p->random(p->random_ud) * (double)(hi - lo + 1) + (double)lo);
    return (int)(r > p->maximum_interval ? p->maximum_interval : r);
}

/* update_memory: the new stability and difficulty of a reviewed card. */
static void update_memory(const struct fsrs_params *p, struct fsrs_card *c, int g, int64_t now)
{
    int same_day = c->last_review != 0 && days_between(c->last_review, now) < 1;
    if (c->state == FSRS_LEARNING && (c->stability <= 0 || c->difficulty <= 0)) {
        c->stability = initial_stability(p, g);
        c->difficulty = clamp_d(initial_difficulty(p, g));
        return;
    }
    if (same_day)
        c->stability = short_term_stability(p, c->stability, g);
    else
        c->stability = next_stability(p, c->difficulty, c->stability, fsrs_retrievability(p, c, now), g);
    c->difficulty = next_difficulty(p, c->difficulty, g);
}

/* step_interval: seconds until the next (re)learning step, moving
 * c->step; 0 when the card graduates to Review (state and step set). */
static int64_t step_interval(struct fsrs_card *c, int g, const int *steps, int n)
{
    if (n == 0 || (c->step >= n && g != FSRS_AGAIN) || g == FSRS_EASY ||
        (g == FSRS_GOOD && c->step + 1 >= n)) {
        c->state = FSRS_REVIEW;
        c->step = -1;
        return 0;
    }
    switch (g) {
    case FSRS_AGAIN:
        c->step = 0;
        return steps[0];
    case FSRS_HARD:
        if (c->step == 0)
            return n == 1 ? steps[0] * 3 / 2 : (steps[0] + steps[1]) / 2;
        return steps[c->step];
    default: /* FSRS_GOOD, not the last step */
        c->step++;
        return steps[c->step];
    }
}

int fsrs_review(const struct fsrs_params *p, struct fsrs_card *c, int g, int64_t now)
{
    int64_t secs = 0;
    if (g < FSRS_AGAIN || g > FSRS_EASY)
        return -1;
    update_memory(p, c, g, now);
    switch (c->state) {
    case FSRS_LEARNING:
        secs = step_interval(c, g, p->learning_steps, p->nlearning);
        break;
    case FSRS_RELEARNING:
        secs = step_interval(c, g, p->relearning_steps, p->nrelearning);
        break;
    default: /* FSRS_REVIEW */
        if (g == FSRS_AGAIN && p->nrelearning > 0) {
            c->state = FSRS_RELEARNING;
            c->step = 0;
            secs = p->relearning_steps[0];
        }
        break;
    }
    if (c->state == FSRS_REVIEW)
        secs = (int64_t)fuzz(p, fsrs_next_interval(p, c->stability)) * DAY;
    c->due = now + secs;
    c->last_review = now;
    return 0;
}
