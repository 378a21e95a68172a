/* fuzz_quiz.c: libFuzzer target for the quiz parser (quiz.c): the input is
 * a lesson's text; quiz_parse reads its "### Qn (kind)" questions, options
 * and <details> answers. Snippets are never run here (quiz_predict_output
 * runs Lua; the manifest target covers the sandbox). Depends on quiz.h and
 * fuzz_common.h; built only when src/quiz.c exists. */
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "quiz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[1024] = "", why[512];
    struct quiz_set set = {0};
    char *text = malloc(size + 1);
    const char *path = "lessons/01-fuzz.md";
    int n;
    double t0 = fuzz_cpu_seconds();
    if (text == NULL)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    n = quiz_parse(path, text, &set, err, sizeof err);
    fuzz_check(n >= -1 && (n < 0 || (size_t)n == set.n), "quiz_parse counts what it adds");
    if (n < 0)
        fuzz_check(strncmp(err, path, strlen(path)) == 0, "the message starts FILE:");
    for (size_t i = 0; i < set.n; i++) {
        const struct quiz_question *q = &set.q[i];
        fuzz_check(q->noptions >= 0 && q->noptions <= QUIZ_MAX_OPTIONS, "at most 8 options");
        fuzz_check(q->nterms >= 0 && q->nterms <= QUIZ_MAX_TERMS, "at most 16 key terms");
        if (q->kind != QUIZ_PREDICT)
            (void)quiz_check(q, why, sizeof why); /* predict would run Lua */
        (void)quiz_missing_terms(q, text, why, sizeof why);
    }
    quiz_set_free(&set);
    free(text);
    fuzz_check(fuzz_cpu_seconds() - t0 < FUZZ_CPU_LIMIT, "parsing and checking use under 5 s of CPU");
    return 0;
}
