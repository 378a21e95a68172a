/* test_quiz.c: cmocka tests of mastery questions (src/quiz.c): parsing the
 * lesson markup (predict code, choice options with continuation lines, the
 * correct letter, per-option explanations, recall key terms), malformed
 * markup as FILE:LINE errors, the predict runner (prints, returns, errors,
 * a snippet that never ends), whitespace-normalised comparison, and the
 * checks `dojo validate` makes, on the pack's own lessons too.
 * Depends on cmocka, quiz.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include "lesson.h"
#include "quiz.h"

static const char lesson[] =
    "# Closures\n"
    "\n"
    "## 7. Mastery questions\n"
    "\n"
    "### Q1 (predict)\n"
    "\n"
    "What does this print?\n"
    "\n"
    "```lua\n"
    "local n = 1\n"
    "local function f() n = n + 1 return n end\n"
    "print(f(), f())\n"
    "```\n"
    "\n"
    "<details><summary>Answer</summary>\n"
    "\n"
    "`2  3`. Both calls share `n`.\n"
    "\n"
    "</details>\n"
    "\n"
    "### Q2 (choice)\n"
    "\n"
    "Where does the variable go?\n"
    "\n"
    "- a) inside the wrapper\n"
    "- b) inside the decorator,\n"
    "  before the wrapper is made\n"
    "- c) at the top of the file\n"
    "\n"
    "<details><summary>Answer</summary>\n"
    "\n"
    "b). One per decorated function.\n"
    "\n"
    "- a) a new variable on every call\n"
    "- c) one variable shared by\n"
    "  every function\n"
    "\n"
    "</details>\n"
    "\n"
    "### Q3 (recall)\n"
    "\n"
    "What is an upvalue?\n"
    "\n"
    "<details><summary>Answer</summary>\n"
    "\n"
    "A variable of an enclosing function that a closure captured.\n"
    "Key terms: enclosing function, Closure, captured.\n"
    "\n"
    "</details>\n";

static void parses_three_kinds(void **state)
{
    struct quiz_set set = {0};
    char err[256];
    (void)state;
    assert_int_equal(quiz_parse("lessons/01-closures.md", lesson, &set, err, sizeof err), 3);
    assert_int_equal(set.n, 3);

    struct quiz_question *q = &set.q[0];
    assert_string_equal(q->id, "closures/Q1");
    assert_string_equal(q->concept, "closures");
    assert_string_equal(q->lesson, "01-closures.md");
    assert_int_equal(q->kind, QUIZ_PREDICT);
    assert_int_equal(q->line, 5);
    assert_string_equal(q->code, "local n = 1\nlocal function f() n = n + 1 return n end\nprint(f(), f())\n");
    assert_string_equal(q->answer, "`2  3`. Both calls share `n`.");
    assert_non_null(strstr(q->body, "What does this print?"));

    q = &set.q[1];
    assert_int_equal(q->kind, QUIZ_CHOICE);
    assert_int_equal(q->noptions, 3);
    assert_int_equal(q->correct, 'b');
    assert_string_equal(q->options[1].text, "inside the decorator, before the wrapper is made");
    assert_string_equal(q->options[0].why, "a new variable on every call");
    assert_null(q->options[1].why);
    assert_string_equal(q->options[2].why, "one variable shared by every function");
    assert_null(q->code);

    q = &set.q[2];
    assert_int_equal(q->kind, QUIZ_RECALL);
    assert_int_equal(q->nterms, 3);
    assert_string_equal(q->terms[0], "enclosing function");
    assert_string_equal(q->terms[1], "closure");
    assert_string_equal(q->terms[2], "captured");
    assert_null(strstr(q->answer, "Key terms")); /* not shown as the answer */
    quiz_set_free(&set);
}

/* parse_err: the error text for a malformed lesson. */
static void parse_fails(const char *text, const char *expect)
{
    struct quiz_set set = {0};
    char err[256] = "";
    assert_int_equal(quiz_parse("lessons/09-x.md", text, &set, err, sizeof err), -1);
    if (strstr(err, expect) == NULL)
        fail_msg("expected '%s' in '%s'", expect, err);
    quiz_set_free(&set);
}

static void malformed_markup_names_file_and_line(void **state)
{
    (void)state;
    parse_fails("# T\n\n### Q1 (guess)\n", "lessons/09-x.md:3: unknown question kind: guess");
    parse_fails("# T\n### Q1 (recall)\nWhy?\n### Q2 (recall)\n", "lessons/09-x.md:2: Q1: no <details> answer");
    parse_fails("# T\n### Q1 (recall)\nWhy?\n", "lessons/09-x.md:2: Q1: no <details> answer");
    parse_fails("# T\n### Q1 (recall)\nWhy?\n<details><summary>Answer</summary>\nBecause.\n",
                "lessons/09-x.md:2: Q1: <details> is never closed");
    parse_fails("# T\n### Q1 (choice)\n- a) x\n- a) y\n", "lessons/09-x.md:4: option given twice: a");
}

static void predict_output_is_computed(void **state)
{
    struct quiz_set set = {0};
    char err[256];
    char *out;
    (void)state;
    assert_int_equal(quiz_parse("l/01-closures.md", lesson, &set, err, sizeof err), 3);
    out = quiz_predict_output(&set.q[0], err, sizeof err);
    assert_non_null(out);
    assert_string_equal(out, "2\t3\n");
    assert_true(quiz_answer_matches("  2   3 ", out));
    assert_false(quiz_answer_matches("2 4", out));
    free(out);
    /* returned values are shown too */
    free(set.q[0].code);
    set.q[0].code = strdup("print('a') return 1, nil, 'x'");
    out = quiz_predict_output(&set.q[0], err, sizeof err);
    assert_string_equal(out, "a\n1\tnil\tx\n");
    free(out);
    /* errors and endless loops are reported, not hung on */
    free(set.q[0].code);
    set.q[0].code = strdup("error('boom')");
    assert_null(quiz_predict_output(&set.q[0], err, sizeof err));
    assert_non_null(strstr(err, "boom"));
    free(set.q[0].code);
    set.q[0].code = strdup("while true do end");
    assert_null(quiz_predict_output(&set.q[0], err, sizeof err));
    assert_true(err[0] != '\0');
    quiz_set_free(&set);
}

static void normalise_and_terms(void **state)
{
    struct quiz_set set = {0};
    char err[256], missing[256];
    char *n = quiz_normalise("\t 10\n  1 \n\n10 3  ");
    (void)state;
    assert_string_equal(n, "10 1 10 3");
    free(n);
    assert_int_equal(quiz_parse("l/01-closures.md", lesson, &set, err, sizeof err), 3);
    assert_int_equal(quiz_missing_terms(&set.q[2], "A CLOSURE captured it", missing, sizeof missing), 1);
    assert_string_equal(missing, "enclosing function");
    assert_int_equal(quiz_missing_terms(&set.q[2], "no idea", missing, sizeof missing), 3);
    assert_string_equal(missing, "enclosing function, closure, captured");
    assert_int_equal(quiz_missing_terms(&set.q[0], "anything", missing, sizeof missing), 0);
    quiz_set_free(&set);
}

/* check_one: quiz_check of the single question in `text`. */
static int check_one(const char *text, char *why, size_t cap)
{
    struct quiz_set set = {0};
    char err[256];
    int ok;
    assert_int_equal(quiz_parse("l/01-c.md", text, &set, err, sizeof err), 1);
    ok = quiz_check(&set.q[0], why, cap);
    quiz_set_free(&set);
    return ok;
}

static void checks_catch_bad_questions(void **state)
{
    char why[512];
    (void)state;
    assert_true(check_one("### Q1 (predict)\n```lua\nprint(1 + 1)\n```\n<details>\n`2`\n</details>\n", why, sizeof why));
    assert_false(check_one("### Q1 (predict)\n```lua\nprint(1 + 1)\n```\n<details>\n`3`. Surely.\n</details>\n", why, sizeof why));
    assert_non_null(strstr(why, "the answer says `3` but the snippet prints `2`"));
    /* several spans in a row are one answer */
    assert_true(check_one("### Q1 (predict)\n```lua\nprint('a') print('b c')\n```\n<details>\n`a`, `b c`. Yes.\n</details>\n", why, sizeof why));
    assert_false(check_one("### Q1 (predict)\n```lua\nprint(nil .. 1)\n```\n<details>\nIt fails.\n</details>\n", why, sizeof why));
    assert_non_null(strstr(why, "the snippet fails"));
    assert_false(check_one("### Q1 (predict)\n```lua\nlocal x = 1\n```\n<details>\nNothing.\n</details>\n", why, sizeof why));
    assert_non_null(strstr(why, "prints nothing"));
    assert_false(check_one("### Q1 (predict)\nNo code.\n<details>\n`1`\n</details>\n", why, sizeof why));
    assert_false(check_one("### Q1 (choice)\nPick.\n- a) x\n- b) y\n<details>\nb) and a). Both.\n</details>\n", why, sizeof why));
    assert_non_null(strstr(why, "more than one"));
    assert_false(check_one("### Q1 (choice)\nPick.\n- a) x\n- b) y\n<details>\nc). Neither.\n</details>\n", why, sizeof why));
    assert_non_null(strstr(why, "does not offer"));
    assert_false(check_one("### Q1 (choice)\nPick.\n- a) x\n- b) y\n<details>\nThe second.\n</details>\n", why, sizeof why));
    assert_false(check_one("### Q1 (choice)\nPick.\n- a) x\n<details>\na).\n</details>\n", why, sizeof why));
    assert_true(check_one("### Q1 (choice)\nPick.\n- a) x\n- b) y\n<details>\n**b)** Yes.\n</details>\n", why, sizeof why));
    assert_false(check_one("### Q1 (recall)\nWhy?\n<details>\n</details>\n", why, sizeof why));
    assert_non_null(strstr(why, "answer is empty"));
}

/* The pack's own lessons: every question parses and passes its check, and
 * every lesson has at least QUIZ_MIN_QUESTIONS. */
static void pack_questions_hold(void **state)
{
    struct quiz_set set = {0};
    char err[512], why[1024];
    (void)state;
    assert_int_equal(quiz_load_pack(DOJO_SOURCE_DIR, &set, err, sizeof err), 0);
    assert_true(set.n >= 4 * QUIZ_MIN_QUESTIONS);
    for (size_t i = 0; i < set.n; i++) {
        int same = 0;
        if (!quiz_check(&set.q[i], why, sizeof why))
            fail_msg("%s (%s:%d): %s", set.q[i].id, set.q[i].lesson, set.q[i].line, why);
        for (size_t j = 0; j < set.n; j++)
            same += strcmp(set.q[i].concept, set.q[j].concept) == 0;
        if (same < QUIZ_MIN_QUESTIONS)
            fail_msg("%s: only %d questions", set.q[i].concept, same);
    }
    quiz_set_free(&set);
}

/* `dojo learn` shows the questions but not their answers: each <details>
 * becomes one line naming `dojo quiz CONCEPT`. */
static void learn_hides_answers(void **state)
{
    char dir[] = "/tmp/dojo-quiz.XXXXXX", path[64], err[256];
    struct lesson *l = NULL;
    char *text = NULL;
    size_t len = 0;
    FILE *out;
    (void)state;
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/01-closures.md", dir);
    out = fopen(path, "w");
    assert_non_null(out);
    fputs(lesson, out);
    fclose(out);
    assert_int_equal(lesson_load(path, &l, err, sizeof err), 0);
    out = open_memstream(&text, &len);
    assert_int_equal(lesson_render(l, out, 0, 100), 0);
    fclose(out);
    assert_non_null(strstr(text, "What does this print?"));
    assert_non_null(strstr(text, "inside the decorator"));
    assert_null(strstr(text, "Both calls share"));
    assert_null(strstr(text, "a new variable on every call"));
    assert_null(strstr(text, "Key terms"));
    int hidden = 0;
    for (const char *s = text; (s = strstr(s, "dojo quiz closures")) != NULL; s++)
        hidden++;
    assert_int_equal(hidden, 3);
    free(text);
    lesson_free(l);
    unlink(path);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parses_three_kinds),
        cmocka_unit_test(malformed_markup_names_file_and_line),
        cmocka_unit_test(predict_output_is_computed),
        cmocka_unit_test(normalise_and_terms),
        cmocka_unit_test(checks_catch_bad_questions),
        cmocka_unit_test(pack_questions_hold),
        cmocka_unit_test(learn_hides_answers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
