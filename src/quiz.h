/* quiz.h: mastery questions, parsed from the end of each lesson, and the
 * checks on them. The markup (kept as the lessons already write it):
 *
 *   ### Q3 (predict|choice|recall)
 *   body: Markdown; a predict question holds one ```lua block, a choice
 *   question its options as "- a) text" items (continued on indented lines)
 *   <details><summary>Answer</summary>
 *   the model answer; a choice answer starts with the correct letter, "c)";
 *   optional extensions: "- a) why a is wrong" items (one explanation per
 *   wrong option), and for recall a line "Key terms: cell, upvalue, ...".
 *   </details>
 *
 * A predict question's expected output is never taken from the text: it is
 * computed by running the snippet (quiz_predict_output).
 * Depends on sandbox.h, interrupt.h, util.h.
 *
 * Ownership: a struct quiz_set owns every question and string in it until
 * quiz_set_free. */
#ifndef DOJO_QUIZ_H
#define DOJO_QUIZ_H

#include <stddef.h>

enum quiz_kind { QUIZ_PREDICT, QUIZ_CHOICE, QUIZ_RECALL };

#define QUIZ_MAX_OPTIONS 8
#define QUIZ_MAX_TERMS 16

struct quiz_option {
    char letter; /* 'a', 'b', ... */
    char *text;  /* the option as written (continuation lines joined) */
    char *why;   /* the answer's explanation for this option, or NULL */
};

struct quiz_question {
    char id[96];       /* "closures/Q3": concept, '/', the heading's label */
    char concept[64];  /* from the lesson's file name: 01-closures.md -> closures */
    char lesson[64];   /* the lesson's file name */
    int number;        /* n of "Qn" */
    int line;          /* 1-based line of the heading in the lesson */
    enum quiz_kind kind;
    char *body;        /* the question's Markdown, options and code included */
    char *code;        /* predict: the ```lua block; NULL otherwise */
    struct quiz_option options[QUIZ_MAX_OPTIONS];
    int noptions;
    char correct;      /* choice: the letter the answer starts with, or 0 */
    char *answer;      /* the model answer's Markdown (inside <details>),
                          without the per-option explanations and key terms */
    char *terms[QUIZ_MAX_TERMS]; /* recall: key terms, lower case */
    int nterms;
};

struct quiz_set {
    struct quiz_question *q;
    size_t n, cap;
};

/* quiz_parse: appends the questions of one lesson, whose text is `text`
 * and file `path` (for messages, the concept and the ids), to `set`.
 * Returns the number of questions added (0 or more), or -1 with
 * "FILE:LINE: message" in err (capacity errcap) on malformed markup: an
 * unknown kind, no <details> answer, an unclosed <details>, too many
 * options. Questions added before an error stay in the set. */
int quiz_parse(const char *path, const char *text, struct quiz_set *set, char *err, size_t errcap);

/* quiz_load_pack: the questions of every lessons/NN-name.md under `pack`, in
 * lesson order; when `pack` is the built-in pack's folder
 * (pack_register_builtin), quiz_load_packs of the process's catalogue.
 * 0, or -1 with err as quiz_parse (or an unreadable folder, or a bad
 * pack.lua). */
int quiz_load_pack(const char *pack, struct quiz_set *set, char *err, size_t errcap);

/* quiz_load_packs: the questions of every lesson of every pack in
 * `packs` (pack.h), in the catalogue's order (the built-in pack first,
 * each pack in its path's order). Outside the built-in pack a question's
 * id starts with its pack's name ("extra/recursion/Q1"), so progress keeps
 * two packs' cards apart; the built-in pack's ids stay as they were.
 * 0, or -1 with err as quiz_parse (or an unreadable lesson). */
struct pack_set;
int quiz_load_packs(const struct pack_set *packs, struct quiz_set *set, char *err, size_t errcap);

/* quiz_set_free: frees every question; the set may be reused. */
void quiz_set_free(struct quiz_set *set);

/* quiz_predict_output: runs question q's snippet in a fresh sandbox state
 * (every library, `async` preloaded, 256 MiB, 5 s), capturing what it
 * prints, then what it returns (tab-separated, as print would). Returns a
 * malloc'ed string (caller frees), or NULL with the error (syntax, runtime,
 * timeout) in err. */
char *quiz_predict_output(const struct quiz_question *q, char *err, size_t errcap);

/* quiz_normalise: a malloc'ed copy of s with every run of whitespace made
 * one space and none at either end (NULL when memory runs out). */
char *quiz_normalise(const char *s);

/* quiz_answer_matches: 1 when `given` equals `expected` after
 * quiz_normalise, else 0. */
int quiz_answer_matches(const char *given, const char *expected);

/* quiz_missing_terms: writes the key terms of recall question q that
 * `given` does not contain (case-insensitive), comma-separated, into out
 * (capacity cap; "" when none are missing or none are defined). Returns
 * how many are missing. */
int quiz_missing_terms(const struct quiz_question *q, const char *given, char *out, size_t cap);

/* quiz_check: what `dojo validate` asks of one question: a predict snippet
 * that runs cleanly and prints something (and, when its answer starts with
 * a `code span`, that span equals the computed output); a choice question
 * with 2 or more options and exactly one correct letter among them; a
 * non-empty answer. Returns 1 when it holds, else 0 with the reason in why
 * (capacity cap). */
int quiz_check(const struct quiz_question *q, char *why, size_t cap);

/* Every concept has at least this many questions. */
#define QUIZ_MIN_QUESTIONS 6

/* quiz_validate_lesson: `dojo validate`'s lines for the questions of the
 * lesson at `path`, printed to stdout as "ok - ..." / "not ok - ...: why":
 * the markup parses, there are QUIZ_MIN_QUESTIONS or more, and each passes
 * quiz_check. Adds to *pass and *fail. Returns 0, or -1 when the lesson's
 * questions could not be parsed. */
int quiz_validate_lesson(const char *path, int *pass, int *fail);

/* quiz_kind_name: "predict", "choice" or "recall". */
const char *quiz_kind_name(enum quiz_kind k);

#endif
