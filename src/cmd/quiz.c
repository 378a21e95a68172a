/* quiz.c: `dojo quiz [CONCEPT] [--all]`: asks the mastery questions
 * that are due (FSRS, fsrs.h), with at most QUIZ_NEW_PER_SESSION new ones
 * at a time, and records each review (progress.h); --all asks every
 * question and changes nothing. Reads answers line by line from stdin, so
 * a pipe drives it as well as a person. Depends on app.h, cmd/cmd.h,
 * fsrs.h, progress.h, quiz.h, term.h, util.h. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "cmd/cmd.h"
#include "fsrs.h"
#include "progress.h"
#include "quiz.h"
#include "lesson.h"
#include "term.h"
#include "util.h"

#define QUIZ_NEW_PER_SESSION 5

/* quiz_now: the time a session runs at, Unix seconds: $DOJO_NOW when set
 * (tests and demos move the clock with it), else the real time. */
static int64_t quiz_now(void)
{
    const char *s = getenv("DOJO_NOW");
    return s && *s ? (int64_t)strtoll(s, NULL, 10) : (int64_t)time(NULL);
}

/* when_text: "in 10 minutes", "in 3 days" for a delay of `secs`. */
static void when_text(int64_t secs, char *out, size_t cap)
{
    if (secs < 60)
        snprintf(out, cap, "now");
    else if (secs < 3600)
        snprintf(out, cap, "in %lld minute%s", (long long)(secs / 60), secs < 120 ? "" : "s");
    else if (secs < 86400)
        snprintf(out, cap, "in %lld hour%s", (long long)(secs / 3600), secs < 7200 ? "" : "s");
    else
        snprintf(out, cap, "in %lld day%s", (long long)(secs / 86400), secs < 2 * 86400 ? "" : "s");
}

struct session {
    struct progress *db; /* NULL: nothing recorded */
    int all;             /* --all: practice, the schedule untouched */
    int color;
    int64_t now;
    int asked, right;
    struct fsrs_params params;
};

/* read_line: the next line of stdin without its newline (malloc'ed), or
 * NULL at the end of input or on ":q". */
static char *read_line(void)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    fflush(stdout);
    if ((n = getline(&line, &cap, stdin)) < 0) {
        free(line);
        return NULL;
    }
    while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
        line[--n] = '\0';
    if (strcmp(line, ":q") == 0) {
        free(line);
        return NULL;
    }
    return line;
}

static int count_words(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += !isspace((unsigned char)*s) && (s[1] == '\0' || isspace((unsigned char)s[1]));
    return n;
}

/* ask_predict: reads lines until they hold as many words as the real
 * output (or an empty line). Rating: Good when they match, else Again. */
static void print_markdown(const struct session *s, const char *text);

static int ask_predict(struct session *s, const struct quiz_question *q)
{
    char err[512];
    char *out = quiz_predict_output(q, err, sizeof err), *norm;
    struct sbuf given = SBUF_INIT;
    int want, rating;
    if (out == NULL) {
        printf("(this question's snippet does not run: %s; skipped)\n", err);
        return 0;
    }
    norm = quiz_normalise(out);
    want = norm ? count_words(norm) : 0;
    printf("Your answer%s: ", strchr(out, '\n') && strchr(out, '\n')[1] ? " (one line or several)" : "");
    for (;;) {
        char *line = read_line();
        if (line == NULL) {
            if (given.len == 0) {
                free(out), free(norm), sbuf_free(&given);
                return -1;
            }
            break;
        }
        sbuf_printf(&given, "%s\n", line);
        free(line);
        if (given.len == 1 || count_words(sbuf_cstr(&given)) >= want)
            break;
    }
    if (quiz_answer_matches(sbuf_cstr(&given), out)) {
        printf("%sRight.%s\n", term_style(s->color, TERM_GREEN), term_style(s->color, TERM_RESET));
        rating = FSRS_GOOD;
    } else {
        printf("%sNot quite.%s It prints:\n%s", term_style(s->color, TERM_RED),
               term_style(s->color, TERM_RESET), out);
        printf("\n");
        print_markdown(s, q->answer);
        rating = FSRS_AGAIN;
    }
    free(out);
    free(norm);
    sbuf_free(&given);
    return rating;
}

/* ask_choice: one letter; a wrong one gets that option's explanation. */
static int ask_choice(struct session *s, const struct quiz_question *q)
{
    char last = q->options[q->noptions - 1].letter;
    for (;;) {
        char *line, pick;
        const struct quiz_option *o = NULL;
        printf("Your choice (a-%c): ", last);
        if ((line = read_line()) == NULL)
            return -1;
        pick = (char)tolower((unsigned char)line[strspn(line, " ")]);
        free(line);
        for (int i = 0; i < q->noptions; i++)
            if (q->options[i].letter == pick)
                o = &q->options[i];
        if (o == NULL) {
            printf("Type one letter, a to %c (or :q to stop).\n", last);
            continue;
        }
        if (pick == q->correct) {
            printf("%sRight.%s\n", term_style(s->color, TERM_GREEN), term_style(s->color, TERM_RESET));
            print_markdown(s, q->answer);
            return FSRS_GOOD;
        }
        printf("%sNo.%s\n", term_style(s->color, TERM_RED), term_style(s->color, TERM_RESET));
        if (o->why) {
            char *why = NULL;
            size_t n = strlen(o->why) + 8;
            if ((why = malloc(n)) != NULL) {
                snprintf(why, n, "%c) %s", o->letter, o->why);
                print_markdown(s, why);
                free(why);
            }
            printf("\nThe answer:\n");
        }
        print_markdown(s, q->answer);
        return FSRS_AGAIN;
    }
}

/* ask_recall: a free answer ended by an empty line, the model answer, the
 * key terms missed, then the learner's own rating, which sets the schedule. */
static int ask_recall(struct session *s, const struct quiz_question *q)
{
    struct sbuf given = SBUF_INIT;
    char missing[512];
    char *line;
    printf("Your answer (end with an empty line):\n");
    while ((line = read_line()) != NULL && line[0] != '\0') {
        sbuf_printf(&given, "%s\n", line);
        free(line);
    }
    if (line == NULL && given.len == 0)
        return -1;
    free(line);
    printf("\nModel answer:\n");
    print_markdown(s, q->answer);
    if (q->nterms > 0) {
        if (quiz_missing_terms(q, sbuf_cstr(&given), missing, sizeof missing) > 0)
            printf("Key terms you did not use: %s\n", missing);
        else
            printf("You used every key term.\n");
    }
    sbuf_free(&given);
    for (;;) {
        int r = 0;
        printf("How well did you recall it? 1 Again, 2 Hard, 3 Good, 4 Easy: ");
        if ((line = read_line()) == NULL)
            return -1;
        switch (tolower((unsigned char)line[strspn(line, " ")])) {
        case '1': case 'a': r = FSRS_AGAIN; break;
        case '2': case 'h': r = FSRS_HARD; break;
        case '3': case 'g': r = FSRS_GOOD; break;
        case '4': case 'e': r = FSRS_EASY; break;
        }
        free(line);
        if (r)
            return r;
    }
}

/* print_markdown: `text` (Markdown: a question, an answer, an option's
 * explanation) rendered as lessons are (code highlighted and indented,
 * emphasis and lists shown, wrapped to the terminal), or as it is when it
 * does not parse. */
static void print_markdown(const struct session *s, const char *text)
{
    struct lesson *l = NULL;
    char err[512];
    fflush(stdout);
    if (lesson_load_text("question", text, strlen(text), &l, err, sizeof err) != 0 ||
        lesson_render(l, stdout, s->color, term_width(stdout)) != 0)
        printf("%s\n", text);
    fflush(stdout);
    lesson_free(l);
}

/* print_body: the question's Markdown, then a blank line. */
static void print_body(const struct session *s, const struct quiz_question *q)
{
    print_markdown(s, q->body);
    printf("\n");
}

/* ask: one question; records the review unless --all. Returns the rating
 * (1..4), 0 when skipped, -1 when the learner stopped. */
static int ask(struct session *s, const struct quiz_question *q, int i, int n)
{
    int rating;
    s->now = quiz_now();
    printf("\n%s[%d/%d] %s Q%d (%s)%s\n\n", term_style(s->color, TERM_BOLD), i, n, q->concept, q->number,
           quiz_kind_name(q->kind), term_style(s->color, TERM_RESET));
    print_body(s, q);
    rating = q->kind == QUIZ_PREDICT ? ask_predict(s, q) : q->kind == QUIZ_CHOICE ? ask_choice(s, q)
                                                                                : ask_recall(s, q);
    if (rating <= 0)
        return rating;
    s->asked++;
    s->right += rating >= FSRS_GOOD;
    if (!s->all && s->db) {
        struct fsrs_card c;
        char when[64];
        int found = progress_card(s->db, q->id, &c);
        if (found == 0)
            c = fsrs_card_new(s->now);
        if (found < 0 || fsrs_review(&s->params, &c, rating, s->now) != 0 ||
            progress_record_review(s->db, q->id, q->concept, rating, &c, s->now) < 0) {
            app_db_failed();
            s->db = NULL;
        } else {
            when_text(c.due - s->now, when, sizeof when);
            printf("%s(next time: %s)%s\n", term_style(s->color, TERM_DIM), when,
                   term_style(s->color, TERM_RESET));
            fflush(stdout); /* said once it is stored: a pipe sees it at once */
        }
    }
    return rating;
}

/* pick: the questions to ask, as indexes into set: every one with --all;
 * else the due ones, earliest first, then up to QUIZ_NEW_PER_SESSION never
 * asked. Returns how many, and the earliest later due time in *next. */
static size_t pick(struct session *s, const struct quiz_set *set, const char *concept, size_t *order,
                   int64_t *next)
{
    size_t n = 0, fresh = 0;
    int64_t *due = calloc(set->n ? set->n : 1, sizeof *due);
    *next = 0;
    for (size_t i = 0; i < set->n && due; i++) {
        struct fsrs_card c;
        int found;
        if (concept && strcmp(set->q[i].concept, concept) != 0)
            continue;
        if (s->all) {
            order[n++] = i;
            continue;
        }
        found = s->db ? progress_card(s->db, set->q[i].id, &c) : 0;
        if (found == 1 && c.due <= s->now) {
            size_t j = n++;
            while (j > 0 && due[j - 1] > c.due) { /* insertion by due time */
                order[j] = order[j - 1];
                due[j] = due[j - 1];
                j--;
            }
            order[j] = i;
            due[j] = c.due;
        } else if (found == 1) {
            if (*next == 0 || c.due < *next)
                *next = c.due;
        } else if (found == 0 && fresh < QUIZ_NEW_PER_SESSION) {
            order[n] = i;
            due[n++] = INT64_MAX;
            fresh++;
        }
    }
    free(due);
    return n;
}

/* known_concept: 1 when some question belongs to `concept`. */
static int known_concept(const struct quiz_set *set, const char *concept)
{
    for (size_t i = 0; i < set->n; i++)
        if (strcmp(set->q[i].concept, concept) == 0)
            return 1;
    return 0;
}

int cmd_quiz(struct app *a, const struct cmd_args *args)
{
    struct session s;
    struct quiz_set set = {0};
    const char *concept = NULL;
    char err[1024], when[64];
    size_t *order, n;
    int64_t next;
    int rc = 0;
    memset(&s, 0, sizeof s);
    if (args->argc > 1)
        return usage_error("quiz", "takes one concept, got '%s' and '%s'", args->argv[0], args->argv[1]);
    concept = args->argc ? args->argv[0] : NULL;
    s.all = cmd_flag(args, "--all") != NULL;
    if (quiz_load_pack(a->pack, &set, err, sizeof err) != 0) {
        fprintf(stderr, "dojo: %s\n", err);
        quiz_set_free(&set);
        return 2;
    }
    if (concept && !known_concept(&set, concept)) {
        fprintf(stderr, "dojo quiz: no questions about '%s' (see: dojo progress for the concepts)\n", concept);
        quiz_set_free(&set);
        return 2;
    }
    s.color = term_color(stdout);
    s.now = quiz_now();
    fsrs_params_default(&s.params);
    s.db = s.all ? NULL : app_db(a);
    if (s.db == NULL && !s.all)
        printf("(no progress database: answers are not recorded, and every question counts as new)\n");
    order = malloc((set.n ? set.n : 1) * sizeof *order);
    if (order == NULL) {
        quiz_set_free(&set);
        return 2;
    }
    n = pick(&s, &set, concept, order, &next);
    if (n == 0) {
        when_text(next - s.now, when, sizeof when);
        printf("Nothing due%s%s.", concept ? " for " : "", concept ? concept : "");
        if (next)
            printf(" Next review %s.", when);
        printf(" Practise everything with: dojo quiz %s%s--all\n", concept ? concept : "", concept ? " " : "");
    }
    size_t nmissed = 0, i;
    for (i = 0; i < n; i++) {
        int r = ask(&s, &set.q[order[i]], (int)i + 1, (int)n);
        if (r < 0)
            break;
        if (r == FSRS_AGAIN)
            order[nmissed++] = order[i]; /* i >= nmissed: nothing unread is lost */
    }
    /* The ones answered wrong come back once at the end, as the first
     * learning step asks (py-fsrs: 1 minute, or 10 in relearning). */
    if (i == n && nmissed > 0 && !s.all) {
        printf("\nOnce more, the ones you missed:\n");
        for (size_t j = 0; j < nmissed; j++)
            if (ask(&s, &set.q[order[j]], (int)j + 1, (int)nmissed) < 0)
                break;
    }
    if (n > 0)
        printf("\n%d asked, %d right%s.\n", s.asked, s.right,
               s.all ? " (practice: the schedule is unchanged)" : "");
    free(order);
    quiz_set_free(&set);
    return rc;
}
