/* validate_lesson.c: `dojo validate`'s lesson checks: the lesson loads, each
 * ```lua block runs in a fresh sandbox (or raises the error its info string
 * names), every mention of a kata (`dojo start ID`, `:check ID`, a link into
 * katas/) names a kata of the pack, and its quiz questions parse and hold.
 * Depends on validate.h, interrupt.h, kata.h, lesson.h, quiz.h, sandbox.h. */
#include <ctype.h>
#include <dirent.h>
#include <lauxlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "interrupt.h"
#include "kata.h"
#include "lesson.h"
#include "quiz.h"
#include "sandbox.h"
#include "cmd/validate.h"

/* block_setup: [-0, +0, e] protected: blocks print into the capture
 * buffer, as the solution world does. */
static int block_setup(lua_State *L)
{
    sandbox_push_solution_env(L, NULL, NULL, NULL, NULL);
    lua_getfield(L, -1, "print");
    lua_setglobal(L, "print");
    return 0;
}

/* block_ok: runs one lesson block in a fresh state with a 5 s limit; 1 when
 * it did what the lesson says (ran, or raised the expected error). */
static int block_ok(const struct lesson_block *b, char *why, size_t cap)
{
    lua_State *L = sandbox_new(256u << 20);
    const char *msg = NULL;
    int st, ok;
    if (L == NULL) {
        snprintf(why, cap, "out of memory: no Lua state");
        return 0;
    }
    st = luaL_loadbuffer(L, b->code, strlen(b->code), "=block");
    if (st == LUA_OK) {
        lua_pushcfunction(L, block_setup);
        st = lua_pcall(L, 0, 0, 0);
    }
    if (st == LUA_OK) {
        interrupt_target(L);
        interrupt_arm(5.0);
        st = lua_pcall(L, 0, 0, 0);
        interrupt_disarm();
        interrupt_clear();
    }
    if (st != LUA_OK) /* lua_type first: lua_tostring on a number allocates */
        msg = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "(error object)";
    if (b->expect_error)
        ok = msg && strstr(msg, b->expect_error);
    else
        ok = msg == NULL;
    if (b->expect_error && msg && !ok)
        snprintf(why, cap, "it raised \"%s\", the lesson says error=\"%s\"", msg, b->expect_error);
    else
        snprintf(why, cap, "%s", msg ? msg : b->expect_error ? "it ran without the error the lesson shows" : "");
    sandbox_close(L);
    return ok;
}

struct ids {
    struct sbuf b; /* "\nID\n..." */
};

static void collect_id(const char *dir, void *ud)
{
    struct ids *s = ud;
    const char *base = strrchr(dir, '/') ? strrchr(dir, '/') + 1 : dir;
    sbuf_printf(&s->b, "%s%s\n", s->b.len ? "" : "\n", base);
}

/* known_kata: 1 when `id` (or the part after "pack/") is a kata of the
 * lesson's pack, or of the pack dojo uses. */
static int known_kata(struct validate_ctx *v, struct ids *s, const char *id)
{
    char key[300], dir[4096], err[512];
    const char *slash = strrchr(id, '/');
    snprintf(key, sizeof key, "\n%s\n", slash ? slash + 1 : id);
    if (strstr(sbuf_cstr(&s->b), key) != NULL)
        return 1;
    return kata_find(v->a->pack, slash ? slash + 1 : id, dir, sizeof dir, err, sizeof err) == 0;
}

/* mention_at: when text at p is a kata mention, copies its id into id
 * (capacity cap) and returns 1: "dojo VERB ID" or ":VERB ID" (VERB a
 * command taking a kata; ID lower case, digits, '-', '_', '/'), or a link
 * target "](...katas/CONCEPT/ID...)". */
static int mention_at(const char *line_start, const char *p, char *id, size_t cap)
{
    static const char *const verbs[] = {"start", "check", "hint", "kata", "reset", "reference",
                                        "edit", "watch", "bench", NULL};
    const char *q = NULL;
    size_t n = 0;
    if (strncmp(p, "](", 2) == 0) {
        const char *end = strchr(p, ')'), *k = strstr(p, "katas/");
        if (end == NULL || k == NULL || k > end || (k = strchr(k + 6, '/')) == NULL || k > end)
            return 0;
        q = k + 1;
    } else if (strncmp(p, "dojo ", 5) == 0 || (*p == ':' && (p == line_start || p[-1] == ' ' || p[-1] == '`'))) {
        const char *w = *p == ':' ? p + 1 : p + 5;
        for (const char *const *vb = verbs; *vb && q == NULL; vb++) {
            size_t len = strlen(*vb);
            if (strncmp(w, *vb, len) == 0 && w[len] == ' ')
                q = w + len + 1;
        }
    }
    if (q == NULL)
        return 0;
    while (q[n] && (islower((unsigned char)q[n]) || isdigit((unsigned char)q[n]) || q[n] == '-' ||
                    q[n] == '_' || q[n] == '/'))
        n++;
    while (n > 0 && q[n - 1] == '/')
        n--;
    if (n == 0 || *q == '-' || n >= cap || isalpha((unsigned char)q[n]))
        return 0;
    snprintf(id, cap, "%.*s", (int)n, q);
    return 1;
}

/* check_links: every kata mention in the lesson's text names a known kata. */
static void check_links(struct validate_ctx *v, const char *target, const char *path, const char *text)
{
    struct ids s = {SBUF_INIT};
    const char *line_start = text;
    char id[256];
    int line = 1, bad = 0, seen = 0;
    kata_list(v->pack, collect_id, &s);
    for (const char *p = text; *p; p++) {
        if (*p == '\n') {
            line++;
            line_start = p + 1;
            continue;
        }
        if ((*p == 'd' || *p == ':' || *p == ']') && mention_at(line_start, p, id, sizeof id)) {
            seen++;
            if (!known_kata(v, &s, id)) {
                bad++;
                validate_add(v, 0, target, "its links to katas resolve", path, line,
                             "no kata named '%s' in %s", id, v->pack);
            }
        }
    }
    if (bad == 0)
        validate_add(v, 1, target, "its links to katas resolve", NULL, 0, "%d mentions", seen);
    sbuf_free(&s.b);
}

/* check_quiz: the questions parse, there are QUIZ_MIN_QUESTIONS or more,
 * and each holds (quiz_check: predict answers computed, one correct choice). */
static void check_quiz(struct validate_ctx *v, const char *target, const char *path, const char *text)
{
    struct quiz_set set = {0};
    char err[1024], why[1024], file[4200], check[200];
    const char *msg;
    int line, n = quiz_parse(path, text, &set, err, sizeof err);
    if (n < 0) {
        validate_split_error(err, file, sizeof file, &line, &msg);
        validate_add(v, 0, target, "its quiz questions parse", *file ? file : path, line, "%s", msg);
    } else {
        validate_add(v, n >= QUIZ_MIN_QUESTIONS, target, "it has enough quiz questions", path, 0,
                     "%d (%d or more)", n, QUIZ_MIN_QUESTIONS);
    }
    for (size_t i = 0; i < set.n; i++) {
        const struct quiz_question *q = &set.q[i];
        int ok = quiz_check(q, why, sizeof why);
        snprintf(check, sizeof check, "question %s (%s) holds", q->id, quiz_kind_name(q->kind));
        validate_add(v, ok, target, check, path, q->line, "%s", ok ? "" : why);
    }
    quiz_set_free(&set);
}

void validate_lesson_file(struct validate_ctx *v, const char *path)
{
    char err[1024], target[300], check[64], file[4200];
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path, *msg;
    struct lesson *l = NULL;
    char *text;
    int line;
    snprintf(target, sizeof target, "lesson %s", base);
    if (lesson_load(path, &l, err, sizeof err) != 0) {
        validate_split_error(err, file, sizeof file, &line, &msg);
        validate_add(v, 0, target, "it loads", *file ? file : path, line, "%s", msg);
        return;
    }
    validate_add(v, 1, target, "it loads", NULL, 0, NULL);
    for (size_t j = 1; j <= lesson_block_count(l); j++) {
        const struct lesson_block *b = lesson_block(l, j);
        int ok = block_ok(b, err, sizeof err);
        snprintf(check, sizeof check, "block %zu %s", j, b->expect_error ? "fails as it says" : "runs");
        validate_add(v, ok, target, check, path, b->line, "%s", ok ? "" : err);
    }
    lesson_free(l);
    if ((text = util_read_file(path, NULL)) == NULL) {
        validate_add(v, 0, target, "it can be read", path, 0, "cannot read it");
        return;
    }
    check_links(v, target, path, text);
    check_quiz(v, target, path, text);
    free(text);
}

void validate_lessons(struct validate_ctx *v, const char *pack)
{
    char dir[4200], path[8400];
    struct dirent **names = NULL;
    int n = util_path_join(dir, sizeof dir, pack, "lessons") == 0 ? scandir(dir, &names, NULL, alphasort) : -1;
    for (int i = 0; i < n; i++) {
        if (util_ends_with(names[i]->d_name, ".md") && util_path_join(path, sizeof path, dir, names[i]->d_name) == 0)
            validate_lesson_file(v, path);
        free(names[i]);
    }
    free(names);
}
