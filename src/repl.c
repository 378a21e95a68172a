/* repl.c: the REPL (after lua.c's doREPL: "return " first, continuation on
 * Lua's "<eof>" syntax error), its :commands, Ctrl-C handling through
 * interrupt.h, readline history and completion, and the non-interactive
 * runners. Depends on Lua 5.4, readline, app.h, commands.h, interrupt.h,
 * lesson.h, pretty.h, sandbox.h, term.h, util.h. */
#include "repl.h"

#include <errno.h>
#include <lauxlib.h>
#include <lualib.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "commands.h"
#include "interrupt.h"
#include "lesson.h"
#include "pretty.h"
#include "progresscmd.h"
#include "sandbox.h"
#include "term.h"
#include "util.h"

#define EOFMARK "<eof>"

enum repl_parse repl_compile(lua_State *L, const char *src, size_t len, const char *name)
{
    struct sbuf b = SBUF_INIT;
    size_t lmsg;
    const char *msg;
    int st;
    if (sbuf_puts(&b, "return ") == 0 && sbuf_add(&b, src, len) == 0) {
        st = luaL_loadbuffer(L, b.data, b.len, name);
        sbuf_free(&b);
        if (st == LUA_OK)
            return REPL_PARSE_OK;
        lua_pop(L, 1);
    }
    sbuf_free(&b);
    st = luaL_loadbuffer(L, src, len, name);
    if (st == LUA_OK)
        return REPL_PARSE_OK;
    msg = lua_tolstring(L, -1, &lmsg);
    if (st == LUA_ERRSYNTAX && msg && lmsg >= sizeof EOFMARK - 1 &&
        strcmp(msg + lmsg - (sizeof EOFMARK - 1), EOFMARK) == 0)
        return REPL_PARSE_INCOMPLETE;
    return REPL_PARSE_ERROR;
}

lua_State *repl_new_state(void)
{
    return sandbox_new(0);
}

/* msgh: [-1, +1, -] turns the error into "message\ntraceback" (lua.c's
 * msghandler), keeping only the frames a learner can act on. */
static int msgh(lua_State *L)
{
    const char *msg = lua_tostring(L, 1);
    if (msg == NULL) {
        if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING)
            msg = lua_tostring(L, -1);
        else
            msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
    }
    luaL_traceback(L, L, msg, 1);
    return 1;
}

/* contains: 1 when the n bytes at p contain the string `needle`. */
static int contains(const char *p, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(p + i, needle, k) == 0)
            return 1;
    return 0;
}

/* print_error: writes the message and at most 6 useful traceback lines. */
static void print_error(FILE *err, const char *text, int color)
{
    const char *p = text;
    int frames = 0, in_trace = 0;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        int skip = 0;
        if (strncmp(p, "stack traceback:", 16) == 0)
            in_trace = 1;
        else if (in_trace)
            skip = contains(p, n, "[C]: in ?") || contains(p, n, "(...tail calls...)") ||
                   ++frames > 6;
        if (!skip)
            fprintf(err, "%s%.*s%s\n", term_style(color, in_trace ? TERM_DIM : TERM_RED), (int)n, p,
                    term_style(color, TERM_RESET));
        p += n + (nl ? 1 : 0);
    }
}

/* print_results: [-n, +0, m] prints the n values on the top, tab-separated. */
static void print_results(lua_State *L, int n, FILE *out, int color)
{
    struct pretty_opts o;
    int base = lua_gettop(L) - n + 1;
    pretty_defaults(&o);
    o.color = color;
    o.width = term_width(out);
    for (int i = 0; i < n; i++) {
        pretty_push(L, base + i, &o);
        fprintf(out, "%s%s", i ? "\t" : "", lua_tostring(L, -1));
        lua_pop(L, 1);
    }
    if (n > 0)
        fputc('\n', out);
    lua_settop(L, base - 1);
}

int repl_exec(lua_State *L, FILE *out, FILE *err, int color)
{
    int base = lua_gettop(L), st;
    lua_pushcfunction(L, msgh);
    lua_insert(L, base);
    interrupt_target(L);
    interrupt_clear();
    st = lua_pcall(L, 0, LUA_MULTRET, base);
    lua_remove(L, base);
    if (st == LUA_OK)
        print_results(L, lua_gettop(L) - base + 1, out, color);
    interrupt_clear();
    if (st != LUA_OK) {
        fflush(out);
        print_error(err, lua_tostring(L, -1) ? lua_tostring(L, -1) : "(error)", color);
        lua_pop(L, 1);
    }
    fflush(out);
    return st == LUA_OK ? 0 : 1;
}

/* --- the session: lines in, chunks and :commands out -------------------- */

struct session {
    struct app *app;
    lua_State *L;
    struct sbuf buf;   /* pending incomplete input */
    char lesson[4200]; /* current lesson file, "" for none */
    int color;
    int errors;        /* chunks that raised */
    int quit;
};

static const char *const commands[] = {":help",  ":lesson",   ":run",  ":kata", ":start",
                                       ":check", ":hint", ":upvalues", ":quit", NULL};

static void cmd_help(void)
{
    puts(":help            this list\n"
         ":lesson [NAME]   read a lesson (default: where you left off)\n"
         ":run N           run the current lesson's Nth ```lua block here\n"
         ":kata [ID]       show a kata's task, or list the katas\n"
         ":start [ID]      copy a kata's starter to your work folder (prints the path)\n"
         ":check [ID]      grade your solution (default: the kata you started last)\n"
         ":hint [ID]       the next hint, one level at a time\n"
         ":upvalues F      list the upvalues of function F (Python's __closure__)\n"
         ":quit            leave (Ctrl-D works too)\n"
         "Anything else is Lua: expressions print their values; Ctrl-C stops a runaway chunk.");
}

/* run_block: :run N */
static void cmd_run(struct session *s, const char *arg)
{
    char err[1024], name[64];
    struct lesson *l = NULL;
    const struct lesson_block *b;
    long n = strtol(arg, NULL, 10);
    if (s->lesson[0] == '\0' && show_lesson(s->app, NULL, s->lesson, sizeof s->lesson) != 0)
        return;
    if (lesson_load(s->lesson, &l, err, sizeof err) != 0) {
        fprintf(stderr, "%s\n", err);
        return;
    }
    b = n > 0 ? lesson_block(l, (size_t)n) : NULL;
    if (b == NULL) {
        fprintf(stderr, ":run takes a block number from 1 to %zu\n", lesson_block_count(l));
    } else {
        printf("%s%s%s", term_style(s->color, TERM_DIM), b->code, term_style(s->color, TERM_RESET));
        snprintf(name, sizeof name, "=lesson[%ld]", n);
        if (luaL_loadbuffer(s->L, b->code, strlen(b->code), name) != LUA_OK) {
            print_error(stderr, lua_tostring(s->L, -1), s->color);
            lua_pop(s->L, 1);
        } else {
            s->errors += repl_exec(s->L, stdout, stderr, s->color);
        }
    }
    lesson_free(l);
}

/* cmd_upvalues: :upvalues EXPR — the upvalues of the function EXPR names. */
static void cmd_upvalues(struct session *s, const char *expr)
{
    lua_State *L = s->L;
    struct pretty_opts o;
    int top = lua_gettop(L), n = 0;
    pretty_defaults(&o);
    o.color = s->color;
    o.max_depth = 2;
    if (repl_compile(L, expr, strlen(expr), "=upvalues") != REPL_PARSE_OK ||
        lua_pcall(L, 0, 1, 0) != LUA_OK) {
        fprintf(stderr, ":upvalues: %s\n", lua_tostring(L, -1));
        lua_settop(L, top);
        return;
    }
    if (!lua_isfunction(L, -1)) {
        fprintf(stderr, ":upvalues: '%s' is a %s, not a function\n", expr, luaL_typename(L, -1));
        lua_settop(L, top);
        return;
    }
    for (int i = 1;; i++) {
        const char *name = lua_getupvalue(L, -1, i);
        if (name == NULL)
            break;
        n++;
        if (lua_rawequal(L, -1, LUA_REGISTRYINDEX) || (lua_pushglobaltable(L), lua_rawequal(L, -1, -2))) {
            lua_pop(L, 1);
            printf("  %d  %s = <the global table>\n", i, *name ? name : "?");
        } else {
            lua_pop(L, 1);
            pretty_push(L, -1, &o);
            printf("  %d  %s = %s\n", i, *name ? name : "(C upvalue)", lua_tostring(L, -1));
            lua_pop(L, 1);
        }
        lua_pop(L, 1);
    }
    if (n == 0)
        printf("  (no upvalues)\n");
    lua_settop(L, top);
}

/* last_kata: the kata named, or the last one started, or NULL. */
static const char *last_kata(struct session *s, const char *arg, char *buf, size_t cap)
{
    if (*arg)
        return arg;
    if (app_state_get(s->app, "kata", buf, cap))
        return buf;
    fprintf(stderr, "which kata? (list them with :kata)\n");
    return NULL;
}

/* session_command: a line starting with ':'. */
static void session_command(struct session *s, char *line)
{
    char *word = line + 1, *arg = word, buf[256];
    const char *id;
    while (*arg && *arg != ' ')
        arg++;
    if (*arg)
        *arg++ = '\0';
    while (*arg == ' ')
        arg++;
    for (char *e = arg + strlen(arg); e > arg && e[-1] == ' ';)
        *--e = '\0';
    if (strcmp(word, "help") == 0)
        cmd_help();
    else if (strcmp(word, "quit") == 0 || strcmp(word, "q") == 0)
        s->quit = 1;
    else if (strcmp(word, "lesson") == 0)
        show_lesson(s->app, *arg ? arg : NULL, s->lesson, sizeof s->lesson);
    else if (strcmp(word, "run") == 0)
        cmd_run(s, arg);
    else if (strcmp(word, "kata") == 0)
        show_kata(s->app, *arg ? arg : NULL);
    else if (strcmp(word, "start") == 0 && (id = last_kata(s, arg, buf, sizeof buf)))
        start_kata(s->app, id);
    else if (strcmp(word, "check") == 0 && (id = last_kata(s, arg, buf, sizeof buf)))
        check_kata(s->app, id, NULL, 0);
    else if (strcmp(word, "hint") == 0 && (id = last_kata(s, arg, buf, sizeof buf)))
        hint_kata(s->app, id);
    else if (strcmp(word, "upvalues") == 0)
        *arg ? cmd_upvalues(s, arg) : (void)fprintf(stderr, "usage: :upvalues FUNCTION\n");
    else if (strcmp(word, "check") != 0 && strcmp(word, "hint") != 0 && strcmp(word, "start") != 0)
        fprintf(stderr, "unknown command ':%s' (type :help)\n", word);
    fflush(stdout);
}

/* session_line: feeds one line; returns 1 when more input is needed. */
static int session_line(struct session *s, char *line)
{
    enum repl_parse p;
    if (s->buf.len == 0 && line[0] == ':') {
        session_command(s, line);
        return 0;
    }
    if (s->buf.len)
        sbuf_puts(&s->buf, "\n");
    sbuf_puts(&s->buf, line);
    p = repl_compile(s->L, s->buf.data, s->buf.len, "=stdin");
    if (p == REPL_PARSE_INCOMPLETE) {
        lua_pop(s->L, 1);
        return 1;
    }
    if (isatty(0) && s->buf.len)
        add_history(s->buf.data);
    if (p == REPL_PARSE_ERROR) {
        print_error(stderr, lua_tostring(s->L, -1), s->color);
        lua_pop(s->L, 1);
        s->errors++;
    } else {
        s->errors += repl_exec(s->L, stdout, stderr, s->color);
    }
    sbuf_free(&s->buf);
    return 0;
}

/* --- readline ------------------------------------------------------------ */

static volatile int prompt_interrupted;

/* repl_getc: readline's input function: a Ctrl-C at the prompt ends the
 * line (marked "^C") and flags it to be dropped. */
static int repl_getc(FILE *f)
{
    unsigned char c;
    for (;;) {
        ssize_t n = read(fileno(f), &c, 1);
        if (n == 1)
            return c;
        if (n < 0 && errno == EINTR) {
            if (interrupt_sigint_seen()) {
                prompt_interrupted = 1;
                rl_point = rl_end;
                rl_insert_text("^C");
                return '\n';
            }
            continue;
        }
        return EOF;
    }
}

static char **candidates;
static size_t ncandidates;

static void add_candidate(const char *s)
{
    char **p = realloc(candidates, (ncandidates + 1) * sizeof *p);
    if (p == NULL)
        return;
    candidates = p;
    candidates[ncandidates++] = strdup(s);
}

static char *candidate_gen(const char *text, int state)
{
    static size_t i;
    (void)text;
    if (state == 0)
        i = 0;
    return i < ncandidates ? strdup(candidates[i++]) : NULL;
}

static lua_State *completion_state;

/* collect_fields: candidates from the table on the top whose string keys
 * start with `part`, each prefixed by `head` (e.g. "string."). */
static void collect_fields(lua_State *L, const char *head, const char *part)
{
    char tmp[512];
    lua_pushnil(L);
    while (lua_next(L, -2)) {
        lua_pop(L, 1);
        if (lua_type(L, -1) == LUA_TSTRING && strncmp(lua_tostring(L, -1), part, strlen(part)) == 0) {
            snprintf(tmp, sizeof tmp, "%s%s", head, lua_tostring(L, -1));
            add_candidate(tmp);
        }
    }
}

/* complete: Lua names (globals, a.b.c fields, raw access only) and
 * :commands. */
static char **complete(const char *text, int start, int end)
{
    lua_State *L = completion_state;
    char head[512];
    const char *dot;
    int top = lua_gettop(L);
    (void)end;
    for (size_t i = 0; i < ncandidates; i++)
        free(candidates[i]);
    ncandidates = 0;
    rl_attempted_completion_over = 1;
    if (start == 0 && text[0] == ':') {
        for (const char *const *c = commands; *c; c++)
            if (strncmp(*c, text, strlen(text)) == 0)
                add_candidate(*c);
    } else {
        lua_pushglobaltable(L);
        dot = strrchr(text, '.');
        if (dot == NULL && strrchr(text, ':'))
            dot = strrchr(text, ':');
        for (const char *p = text; dot && p < dot && lua_istable(L, -1);) {
            const char *q = strpbrk(p, ".:");
            lua_pushlstring(L, p, (size_t)(q - p));
            lua_rawget(L, -2);
            lua_remove(L, -2);
            p = q + 1;
        }
        if (lua_isstring(L, -1) && dot && *dot == ':') {
            lua_pop(L, 1);
            lua_getglobal(L, "string");
        }
        snprintf(head, sizeof head, "%.*s", dot ? (int)(dot - text + 1) : 0, text);
        if (lua_istable(L, -1))
            collect_fields(L, head, dot ? dot + 1 : text);
    }
    lua_settop(L, top);
    rl_completion_append_character = '\0';
    return ncandidates ? rl_completion_matches(text, candidate_gen) : NULL;
}

/* greet: says where the learner left off and what to do next. */
static void greet(struct session *s)
{
    char lesson[256], kata[256], key[300], passed[8];
    int c = s->color;
    printf("%sdojo %s%s: a Lua %s.%s REPL for closures, decorators, generators and more.\n",
           term_style(c, TERM_BOLD), DOJO_VERSION, term_style(c, TERM_RESET), LUA_VERSION_MAJOR,
           LUA_VERSION_MINOR);
    int has_lesson = app_state_get(s->app, "lesson", lesson, sizeof lesson);
    int has_kata = app_state_get(s->app, "kata", kata, sizeof kata);
    if (!has_lesson && !has_kata) {
        printf("New here? Read the first lesson: %s:lesson closures%s\n", term_style(c, TERM_CYAN),
               term_style(c, TERM_RESET));
    } else {
        if (has_lesson)
            printf("You last read lesson %s (:lesson to read it again).\n", lesson);
        if (has_kata) {
            snprintf(key, sizeof key, "passed.%s", kata);
            app_state_get(s->app, key, passed, sizeof passed);
            printf("Kata %s: %s\n", kata,
                   passed[0] == '1' ? "passed. Next: :kata to choose another."
                                    : "not passed yet. Check it with :check, ask for :hint.");
        }
    }
    progress_greet(s->app, stdout, c);
    printf("Type Lua to try it, :help for commands, Ctrl-D to leave.\n");
}

int repl_interactive(struct app *a, const char *lesson_path)
{
    struct session s;
    char hist[4200];
    char *line;
    memset(&s, 0, sizeof s);
    s.app = a;
    s.color = term_color(stdout);
    s.L = completion_state = repl_new_state();
    if (s.L == NULL) {
        fprintf(stderr, "dojo: cannot create a Lua state\n");
        return 2;
    }
    if (lesson_path)
        snprintf(s.lesson, sizeof s.lesson, "%s", lesson_path);
    rl_readline_name = "dojo";
    rl_catch_signals = 0;
    rl_getc_function = repl_getc;
    rl_attempted_completion_function = complete;
    rl_basic_word_break_characters = " \t\n\"'`@$><=;|&{(+-*/%^~#,[";
    app_state_path(a, "history", hist, sizeof hist);
    util_mkdirs(a->state);
    stifle_history(1000);
    read_history(hist);
    interrupt_catch_sigint(1);
    if (!lesson_path)
        greet(&s);
    while (!s.quit) {
        line = readline(s.buf.len ? ">> " : "> ");
        if (line == NULL) {
            putchar('\n');
            break;
        }
        if (prompt_interrupted) {
            prompt_interrupted = 0;
            sbuf_free(&s.buf);
            free(line);
            continue;
        }
        if (s.buf.len == 0 && line[0] == ':' && line[1])
            add_history(line);
        session_line(&s, line);
        free(line);
    }
    write_history(hist);
    interrupt_catch_sigint(0);
    sandbox_close(s.L);
    sbuf_free(&s.buf);
    return 0;
}

int repl_run_stream(FILE *in)
{
    struct session s;
    struct app a;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int more = 0;
    memset(&s, 0, sizeof s);
    app_init(&a);
    s.app = &a;
    s.color = term_color(stdout);
    s.L = repl_new_state();
    if (s.L == NULL)
        return 2;
    interrupt_catch_sigint(1);
    while (!s.quit && (n = getline(&line, &cap, in)) >= 0) {
        if (n > 0 && line[n - 1] == '\n')
            line[n - 1] = '\0';
        more = session_line(&s, line);
    }
    if (more) {
        fprintf(stderr, "%s\n", "stdin: the input ended inside an unfinished chunk");
        s.errors++;
    }
    free(line);
    sbuf_free(&s.buf);
    sandbox_close(s.L);
    return s.errors ? 1 : 0;
}

/* run_loaded: [-1, +0, -] the non-interactive tail of -e and FILE.lua:
 * `loaded` is the status of compiling the chunk now on L's top (a function,
 * or the error message); runs it as the REPL would, closes L, and returns
 * the exit status (0, or 1 when Lua raised). */
static int run_loaded(lua_State *L, int loaded)
{
    int rc = 1;
    interrupt_catch_sigint(1);
    if (loaded)
        rc = repl_exec(L, stdout, stderr, term_color(stdout));
    else
        print_error(stderr, lua_tostring(L, -1), term_color(stderr));
    sandbox_close(L);
    return rc;
}

int repl_eval_string(const char *chunk)
{
    lua_State *L = repl_new_state();
    if (L == NULL)
        return 2;
    return run_loaded(L, repl_compile(L, chunk, strlen(chunk), "=(command line)") == REPL_PARSE_OK);
}

int repl_run_file(const char *path, int argc, char **argv)
{
    lua_State *L;
    if (!util_is_file(path)) {
        fprintf(stderr, "dojo: %s: no such file\n", path);
        return 2;
    }
    if ((L = repl_new_state()) == NULL)
        return 2;
    lua_createtable(L, argc, 1);
    lua_pushstring(L, path);
    lua_rawseti(L, -2, 0);
    for (int i = 0; i < argc; i++) {
        lua_pushstring(L, argv[i]);
        lua_rawseti(L, -2, i + 1);
    }
    lua_setglobal(L, "arg");
    return run_loaded(L, luaL_loadfilex(L, path, "t") == LUA_OK);
}
