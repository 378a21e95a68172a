/* quiz.c: mastery questions: the line-by-line parser of the "### Qn (kind)"
 * sections at the end of a lesson, the predict runner (a fresh sandbox
 * state per snippet, as `dojo validate` runs lesson blocks), answer
 * comparison and the checks `dojo validate` makes. Depends on sandbox.h,
 * interrupt.h, pack.h (the catalogue quiz_load_packs reads), util.h. */
#include "quiz.h"

#include <ctype.h>
#include <dirent.h>
#include <lauxlib.h>
#include <lua.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "interrupt.h"
#include "pack.h"
#include "sandbox.h"
#include "util.h"

const char *quiz_kind_name(enum quiz_kind k)
{
    return k == QUIZ_PREDICT ? "predict" : k == QUIZ_CHOICE ? "choice" : "recall";
}

/* Parser state: where the current line belongs. */
enum where { OUTSIDE, BODY, ANSWER };

struct parser {
    const char *path;
    const char *base;     /* the file name */
    char concept[64];
    struct quiz_set *set;
    struct quiz_question *q; /* the open question, or NULL */
    enum where where;
    int fence;            /* inside a ``` fence */
    int in_code;          /* inside the first ```lua fence of a predict */
    struct sbuf body, answer, code;
    struct quiz_option *cont; /* the option a continuation line extends */
    int cont_why;          /* ... its explanation rather than its text */
    char *err;
    size_t errcap;
};

static int perr(struct parser *p, int line, const char *msg, const char *arg)
{
    snprintf(p->err, p->errcap, "%s:%d: %s%s", p->path, line, msg, arg ? arg : "");
    return -1;
}

/* concept_of: "lessons/01-closures.md" -> "closures". */
static void concept_of(const char *base, char *out, size_t cap)
{
    const char *s = base;
    size_t n;
    while (isdigit((unsigned char)*s))
        s++;
    if (*s == '-' && s != base)
        s++;
    else
        s = base;
    n = strcspn(s, ".");
    snprintf(out, cap, "%.*s", (int)n, s);
}

/* option_line: "- c) text" -> letter 'c' and *text; 0 when not one. */
static char option_line(const char *line, const char **text)
{
    if (line[0] == '-' && line[1] == ' ' && line[2] >= 'a' && line[2] <= 'h' && line[3] == ')') {
        *text = line[4] == ' ' ? line + 5 : line + 4;
        return line[2];
    }
    return 0;
}

static struct quiz_option *find_option(struct quiz_question *q, char letter)
{
    for (int i = 0; i < q->noptions; i++)
        if (q->options[i].letter == letter)
            return &q->options[i];
    return NULL;
}

/* append: adds continuation text to an option string. */
static void append(char **s, const char *more)
{
    size_t a = *s ? strlen(*s) : 0, b = strlen(more);
    char *n = realloc(*s, a + b + 2);
    if (n == NULL)
        return;
    if (a)
        n[a++] = ' ';
    memcpy(n + a, more, b + 1);
    *s = n;
}

/* correct_letter: the letter a choice answer starts with ("c)", "**c)**",
 * "`c)`"), or 0. */
static char correct_letter(const char *answer)
{
    const char *s = answer;
    while (*s && (isspace((unsigned char)*s) || *s == '*' || *s == '`'))
        s++;
    return (s[0] >= 'a' && s[0] <= 'h' && s[1] == ')') ? s[0] : 0;
}

/* key_terms: "Key terms: a, b, c" -> the question's terms. */
static void key_terms(struct quiz_question *q, const char *list)
{
    char *copy = util_strdup(list), *save = NULL;
    for (char *t = copy ? strtok_r(copy, ",", &save) : NULL; t && q->nterms < QUIZ_MAX_TERMS;
         t = strtok_r(NULL, ",", &save)) {
        while (isspace((unsigned char)*t))
            t++;
        size_t n = strlen(t);
        while (n > 0 && (isspace((unsigned char)t[n - 1]) || t[n - 1] == '.'))
            t[--n] = '\0';
        if (n == 0)
            continue;
        for (char *c = t; *c; c++)
            *c = (char)tolower((unsigned char)*c);
        q->terms[q->nterms++] = util_strdup(t);
    }
    free(copy);
}

/* trimmed: a malloc'ed copy of the buffer without blank lines at either end. */
static char *trimmed(struct sbuf *b)
{
    const char *s = sbuf_cstr(b);
    size_t n;
    while (*s == '\n')
        s++;
    n = strlen(s);
    while (n > 0 && isspace((unsigned char)s[n - 1]))
        n--;
    char *out = malloc(n + 1);
    if (out) {
        memcpy(out, s, n);
        out[n] = '\0';
    }
    return out;
}

/* finish: closes the open question. */
static void finish(struct parser *p)
{
    struct quiz_question *q = p->q;
    q->body = trimmed(&p->body);
    q->answer = trimmed(&p->answer);
    if (q->kind == QUIZ_PREDICT && p->code.len)
        q->code = util_strdup(sbuf_cstr(&p->code));
    if (q->kind == QUIZ_CHOICE)
        q->correct = correct_letter(q->answer ? q->answer : "");
    sbuf_free(&p->body);
    sbuf_free(&p->answer);
    sbuf_free(&p->code);
    p->q = NULL;
    p->where = OUTSIDE;
    p->cont = NULL;
}

/* heading: "### Q3 (predict)" opens a question. 1 opened, 0 not a question
 * heading, -1 error. */
static int heading(struct parser *p, const char *line, int lineno)
{
    int n = 0, used = 0;
    char kind[32];
    struct quiz_question *q;
    if (sscanf(line, "### Q%d (%31[a-z])%n", &n, kind, &used) != 2 || used == 0 || line[used] != '\0')
        return 0;
    if (strcmp(kind, "predict") && strcmp(kind, "choice") && strcmp(kind, "recall"))
        return perr(p, lineno, "unknown question kind: ", kind);
    if (p->set->n == p->set->cap) {
        size_t cap = p->set->cap ? p->set->cap * 2 : 16;
        struct quiz_question *nq = realloc(p->set->q, cap * sizeof *nq);
        if (nq == NULL)
            return perr(p, lineno, "out of memory", NULL);
        p->set->q = nq;
        p->set->cap = cap;
    }
    q = &p->set->q[p->set->n++];
    memset(q, 0, sizeof *q);
    q->number = n;
    q->line = lineno;
    q->kind = kind[0] == 'p' ? QUIZ_PREDICT : kind[0] == 'c' ? QUIZ_CHOICE : QUIZ_RECALL;
    snprintf(q->concept, sizeof q->concept, "%s", p->concept);
    snprintf(q->lesson, sizeof q->lesson, "%s", p->base);
    snprintf(q->id, sizeof q->id, "%s/Q%d", p->concept, n);
    p->q = q;
    p->where = BODY;
    p->fence = p->in_code = 0;
    return 1;
}

/* body_line: one line of the question before its answer. */
static int body_line(struct parser *p, const char *line, int lineno)
{
    const char *text;
    char letter;
    sbuf_printf(&p->body, "%s\n", line);
    if (strncmp(line, "```", 3) == 0) {
        if (!p->fence && p->q->kind == QUIZ_PREDICT && p->code.len == 0 && strncmp(line + 3, "lua", 3) == 0)
            p->in_code = 1;
        else
            p->in_code = 0;
        p->fence = !p->fence;
        return 0;
    }
    if (p->in_code) {
        sbuf_printf(&p->code, "%s\n", line);
        return 0;
    }
    if (p->fence || p->q->kind != QUIZ_CHOICE)
        return 0;
    if ((letter = option_line(line, &text)) != 0) {
        if (p->q->noptions == QUIZ_MAX_OPTIONS)
            return perr(p, lineno, "too many options", NULL);
        if (find_option(p->q, letter))
            return perr(p, lineno, "option given twice: ", (char[2]){letter, 0});
        p->cont = &p->q->options[p->q->noptions++];
        p->cont->letter = letter;
        p->cont->text = util_strdup(text);
        p->cont_why = 0;
    } else if (p->cont && line[0] == ' ' && line[strspn(line, " ")]) {
        append(&p->cont->text, line + strspn(line, " "));
    } else {
        p->cont = NULL;
    }
    return 0;
}

/* answer_line: one line inside <details>. */
static void answer_line(struct parser *p, const char *line)
{
    const char *text;
    char letter;
    struct quiz_option *o;
    if (strncasecmp(line, "Key terms:", 10) == 0) {
        key_terms(p->q, line + 10);
        return; /* a marking aid, not part of the model answer */
    }
    /* Per-option explanations are kept apart from the answer: the quiz
     * shows the one for the option picked. */
    if ((letter = option_line(line, &text)) != 0 && (o = find_option(p->q, letter)) != NULL) {
        free(o->why);
        o->why = util_strdup(text);
        p->cont = o;
        p->cont_why = 1;
    } else if (p->cont && p->cont_why && line[0] == ' ' && line[strspn(line, " ")]) {
        append(&p->cont->why, line + strspn(line, " "));
    } else {
        p->cont = NULL;
        sbuf_printf(&p->answer, "%s\n", line);
    }
}

int quiz_parse(const char *path, const char *text, struct quiz_set *set, char *err, size_t errcap)
{
    struct parser p;
    size_t before = set->n;
    int lineno = 0, rc = 0;
    memset(&p, 0, sizeof p);
    p.path = path;
    p.base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    p.set = set;
    p.err = err;
    p.errcap = errcap;
    concept_of(p.base, p.concept, sizeof p.concept);
    for (const char *s = text; *s && rc == 0;) {
        size_t len = strcspn(s, "\n");
        char *line = malloc(len + 1);
        if (line == NULL)
            return perr(&p, lineno, "out of memory", NULL);
        memcpy(line, s, len);
        line[len] = '\0';
        if (len && line[len - 1] == '\r')
            line[len - 1] = '\0';
        s += len + (s[len] == '\n');
        lineno++;
        if (p.where == ANSWER) {
            if (strstr(line, "</details>"))
                finish(&p);
            else
                answer_line(&p, line);
        } else if (p.where == BODY && !p.fence && strncmp(line, "<details", 8) == 0) {
            p.where = ANSWER;
            p.cont = NULL;
            if (strstr(line, "</details>")) /* all on one line: no answer */
                finish(&p);
        } else if (!p.fence && line[0] == '#' && (strncmp(line, "### ", 4) == 0 || line[1] == ' ' ||
                                                 (line[1] == '#' && line[2] == ' '))) {
            if (p.where == BODY)
                rc = perr(&p, p.q->line, p.q->id + strlen(p.concept) + 1, ": no <details> answer");
            else
                rc = heading(&p, line, lineno) < 0 ? -1 : 0;
        } else if (p.where == BODY) {
            rc = body_line(&p, line, lineno);
        }
        free(line);
    }
    if (rc == 0 && p.where == BODY)
        rc = perr(&p, p.q->line, p.q->id + strlen(p.concept) + 1, ": no <details> answer");
    else if (rc == 0 && p.where == ANSWER)
        rc = perr(&p, p.q->line, p.q->id + strlen(p.concept) + 1, ": <details> is never closed");
    if (p.q)
        finish(&p);
    return rc < 0 ? -1 : (int)(set->n - before);
}

static int md_name(const struct dirent *d) { return util_ends_with(d->d_name, ".md"); }

int quiz_load_pack(const char *pack, struct quiz_set *set, char *err, size_t errcap)
{
    char dir[4200], path[8400];
    struct dirent **names = NULL;
    const struct pack_set *packs;
    int n, rc = 0;
    if ((n = pack_catalogue_of(pack, &packs, err, errcap)) != 0) /* the built-in pack: all */
        return n < 0 ? -1 : quiz_load_packs(packs, set, err, errcap);
    util_path_join(dir, sizeof dir, pack, "lessons");
    n = scandir(dir, &names, md_name, alphasort);
    if (n < 0) {
        snprintf(err, errcap, "%s: cannot read the lessons folder", dir);
        return -1;
    }
    for (int i = 0; i < n; i++) {
        if (rc == 0) {
            char *text;
            snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name);
            if ((text = util_read_file(path, NULL)) == NULL) {
                snprintf(err, errcap, "%s: cannot be read", path);
                rc = -1;
            } else {
                rc = quiz_parse(path, text, set, err, errcap) < 0 ? -1 : 0;
                free(text);
            }
        }
        free(names[i]);
    }
    free(names);
    return rc;
}

int quiz_load_packs(const struct pack_set *packs, struct quiz_set *set, char *err, size_t errcap)
{
    for (int i = 0; i < packs->nlessons; i++) {
        const struct pack_item *l = &packs->lessons[i];
        size_t before = set->n;
        char *text = util_read_file(l->path, NULL);
        if (text == NULL) {
            snprintf(err, errcap, "%s: cannot be read", l->path);
            return -1;
        }
        if (quiz_parse(l->path, text, set, err, errcap) < 0) {
            free(text);
            return -1;
        }
        free(text);
        /* outside the built-in pack a card's id names its pack, so that
           two packs' "closures/Q1" are two cards */
        for (size_t j = before; j < set->n && !l->pack->builtin; j++) {
            struct quiz_question *q = &set->q[j];
            char id[sizeof q->id];
            if ((size_t)snprintf(id, sizeof id, "%s/%s", l->pack->name, q->id) >= sizeof id) {
                snprintf(err, errcap, "%s:%d: question id '%s/%s' is too long", l->path, q->line,
                         l->pack->name, q->id);
                return -1;
            }
            memcpy(q->id, id, sizeof id);
        }
    }
    return 0;
}

void quiz_set_free(struct quiz_set *set)
{
    for (size_t i = 0; i < set->n; i++) {
        struct quiz_question *q = &set->q[i];
        free(q->body);
        free(q->code);
        free(q->answer);
        for (int j = 0; j < q->noptions; j++) {
            free(q->options[j].text);
            free(q->options[j].why);
        }
        for (int j = 0; j < q->nterms; j++)
            free(q->terms[j]);
    }
    free(set->q);
    memset(set, 0, sizeof *set);
}

char *quiz_predict_output(const struct quiz_question *q, char *err, size_t errcap)
{
    lua_State *L;
    int st, base;
    char *out = NULL;
    struct sbuf b = SBUF_INIT;
    if (q->code == NULL) {
        snprintf(err, errcap, "no ```lua block to run");
        return NULL;
    }
    if ((L = sandbox_new(256u << 20)) == NULL) {
        snprintf(err, errcap, "cannot create a Lua state");
        return NULL;
    }
    sandbox_set_output_limit(L, 64 * 1024);
    base = lua_gettop(L);
    st = luaL_loadbuffer(L, q->code, strlen(q->code), "=snippet");
    if (st == LUA_OK) {
        sandbox_push_solution_env(L, NULL, NULL, NULL, NULL);
        lua_getfield(L, -1, "print");
        lua_setglobal(L, "print"); /* the snippet prints into the capture */
        lua_pop(L, 1);
        interrupt_target(L);
        interrupt_arm(5.0);
        st = lua_pcall(L, 0, LUA_MULTRET, 0);
        interrupt_disarm();
        interrupt_clear();
    }
    if (st != LUA_OK) {
        snprintf(err, errcap, "%s", lua_tostring(L, -1) ? lua_tostring(L, -1) : "(error object)");
        sandbox_close(L);
        return NULL;
    }
    int nret = lua_gettop(L) - base;
    sandbox_take_output(L);
    sbuf_puts(&b, lua_tostring(L, -1));
    lua_pop(L, 1);
    for (int i = 1; i <= nret; i++) {
        sbuf_puts(&b, i > 1 ? "\t" : "");
        sbuf_puts(&b, luaL_tolstring(L, base + i, NULL));
        lua_pop(L, 1);
    }
    if (nret > 0)
        sbuf_puts(&b, "\n");
    sandbox_close(L);
    out = sbuf_take(&b);
    if (out == NULL)
        snprintf(err, errcap, "out of memory");
    return out;
}

char *quiz_normalise(const char *s)
{
    size_t n = strlen(s), k = 0;
    char *out = malloc(n + 1);
    if (out == NULL)
        return NULL;
    for (; *s; s++) {
        if (isspace((unsigned char)*s)) {
            if (k > 0 && out[k - 1] != ' ')
                out[k++] = ' ';
        } else {
            out[k++] = *s;
        }
    }
    while (k > 0 && out[k - 1] == ' ')
        k--;
    out[k] = '\0';
    return out;
}

int quiz_answer_matches(const char *given, const char *expected)
{
    char *a = quiz_normalise(given), *b = quiz_normalise(expected);
    int same = a && b && strcmp(a, b) == 0;
    free(a);
    free(b);
    return same;
}

int quiz_missing_terms(const struct quiz_question *q, const char *given, char *out, size_t cap)
{
    char *low = util_strdup(given);
    int missing = 0;
    size_t used = 0;
    out[0] = '\0';
    if (low == NULL)
        return 0;
    for (char *c = low; *c; c++)
        *c = (char)tolower((unsigned char)*c);
    for (int i = 0; i < q->nterms; i++)
        if (strstr(low, q->terms[i]) == NULL) {
            int w = snprintf(out + used, cap > used ? cap - used : 0, "%s%s", missing ? ", " : "", q->terms[i]);
            if (w > 0 && used + (size_t)w < cap)
                used += (size_t)w;
            missing++;
        }
    free(low);
    return missing;
}

/* leading_spans: the code spans an answer starts with, "`a`, `b`, `c`",
 * joined by spaces into `out`. */
static void leading_spans(const char *a, struct sbuf *out)
{
    while (*a == '`' && a[1] != '`') {
        const char *end = strchr(a + 1, '`');
        if (end == NULL)
            break;
        sbuf_printf(out, "%s%.*s", out->len ? " " : "", (int)(end - a - 1), a + 1);
        a = end + 1;
        a += strspn(a, ", \n");
    }
}

/* check_predict: the snippet runs, prints, and agrees with a leading
 * `code span` of the answer. */
static int check_predict(const struct quiz_question *q, char *why, size_t cap)
{
    char err[512];
    char *out = quiz_predict_output(q, err, sizeof err), *norm;
    const char *a = q->answer;
    int ok = 1;
    if (out == NULL) {
        snprintf(why, cap, "the snippet fails: %s", err);
        return 0;
    }
    norm = quiz_normalise(out);
    if (norm == NULL || norm[0] == '\0') {
        snprintf(why, cap, "the snippet prints nothing: nothing to predict");
        ok = 0;
    } else if (a[0] == '`' && a[1] != '`') {
        struct sbuf said = SBUF_INIT;
        leading_spans(a, &said);
        if (!quiz_answer_matches(sbuf_cstr(&said), out)) {
            snprintf(why, cap, "the answer says `%s` but the snippet prints `%s`", sbuf_cstr(&said), norm);
            ok = 0;
        }
        sbuf_free(&said);
    }
    free(norm);
    free(out);
    return ok;
}

/* check_choice: two or more options, and the answer names one of them,
 * alone ("c)", not "b) and c)"). */
static int check_choice(const struct quiz_question *q, char *why, size_t cap)
{
    const char *s;
    if (q->noptions < 2) {
        snprintf(why, cap, "a choice needs 2 or more options (\"- a) ...\"), found %d", q->noptions);
        return 0;
    }
    if (q->correct == 0) {
        snprintf(why, cap, "the answer must start with the correct option's letter, as \"c).\"");
        return 0;
    }
    if (find_option((struct quiz_question *)q, q->correct) == NULL) {
        snprintf(why, cap, "the answer names option %c), which the question does not offer", q->correct);
        return 0;
    }
    s = strchr(q->answer, ')') + 1;
    while (*s == '*' || *s == '`')
        s++;
    for (const char *const *sep = (const char *const[]){" and ", " or ", ", ", NULL}; *sep; sep++) {
        size_t n = strlen(*sep);
        if (strncmp(s, *sep, n) == 0 && s[n] >= 'a' && s[n] <= 'h' && s[n + 1] == ')') {
            snprintf(why, cap, "the answer names more than one correct option");
            return 0;
        }
    }
    return 1;
}

int quiz_check(const struct quiz_question *q, char *why, size_t cap)
{
    why[0] = '\0';
    if (q->answer == NULL || q->answer[0] == '\0') {
        snprintf(why, cap, "the answer is empty");
        return 0;
    }
    if (q->body == NULL || q->body[0] == '\0') {
        snprintf(why, cap, "the question is empty");
        return 0;
    }
    switch (q->kind) {
    case QUIZ_PREDICT:
        return check_predict(q, why, cap);
    case QUIZ_CHOICE:
        return check_choice(q, why, cap);
    default:
        return 1;
    }
}

int quiz_validate_lesson(const char *path, int *pass, int *fail)
{
    struct quiz_set set = {0};
    char err[1024], why[1024];
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    char *text = util_read_file(path, NULL);
    int n = text ? quiz_parse(path, text, &set, err, sizeof err) : -1;
    if (text == NULL)
        snprintf(err, sizeof err, "%s: cannot be read", path);
    free(text);
    if (n < 0) {
        printf("not ok - lesson %s: questions: %s\n", base, err);
        ++*fail;
    } else {
        int enough = n >= QUIZ_MIN_QUESTIONS;
        printf("%s - lesson %s: %d mastery questions (%d or more)\n", enough ? "ok" : "not ok", base,
               n, QUIZ_MIN_QUESTIONS);
        ++*(enough ? pass : fail);
    }
    for (size_t i = 0; i < set.n; i++) {
        const struct quiz_question *q = &set.q[i];
        int ok = quiz_check(q, why, sizeof why);
        printf("%s - question %s (%s:%d, %s)%s%s\n", ok ? "ok" : "not ok", q->id, base, q->line,
               quiz_kind_name(q->kind), ok ? "" : ": ", ok ? "" : why);
        ++*(ok ? pass : fail);
    }
    quiz_set_free(&set);
    return n < 0 ? -1 : 0;
}
