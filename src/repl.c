/* repl.c: the REPL (after lua.c's doREPL: "return " first, continuation on
 * Lua's "<eof>" syntax error), its :commands, Ctrl-C handling through
 * interrupt.h, readline history (merged under flock) and the
 * non-interactive runners. Session locals are replvars.c's, completion is
 * replcomplete.c's, the workbench commands (:load, :time, :edit...) are in
 * repltools.c. Depends on Lua 5.4, readline, app.h, learner.h, interrupt.h,
 * lesson.h, pager.h, pretty.h, replcomplete.h, repltools.h, replvars.h,
 * sandbox.h, term.h, util.h. */
#include "repl.h"

#include <errno.h>
#include <fcntl.h>
#include <lauxlib.h>
#include <lualib.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "learner.h"
#include "interrupt.h"
#include "lesson.h"
#include "pager.h"
#include "pretty.h"
#include "progress.h"
#include "cmd/nextstep.h"
#include "replcomplete.h"
#include "repltools.h"
#include "replvars.h"
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
 * msghandler). A string keeps its "file:line:" location; a table without
 * __tostring prints as its value ("error object: { code = 1 }"). */
static int msgh(lua_State *L)
{
    const char *msg = lua_tostring(L, 1);
    if (msg == NULL) {
        if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING) {
            msg = lua_tostring(L, -1);
        } else if (lua_type(L, 1) == LUA_TTABLE) {
            struct pretty_opts o; /* a table error is a value: show it */
            pretty_defaults(&o);
            o.pack = 1;
            pretty_push(L, 1, &o);
            msg = lua_pushfstring(L, "error object: %s", lua_tostring(L, -1));
        } else {
            msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
        }
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

/* bottom_frame: 1 when the traceback lines from `p` on are all C frames
 * ("[C]: in ?"), so the line before them is the chunk the REPL called. */
static int bottom_frame(const char *p)
{
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        if (!contains(p, n, "[C]: in ?"))
            return 0;
        p += n + (nl ? 1 : 0);
    }
    return 1;
}

/* print_error: writes the message and at most 6 useful traceback lines; the
 * session wrapper's frame reads "in main chunk", as in lua.c. */
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
        if (!skip && in_trace && contains(p, n, ": in function <") && (!nl || bottom_frame(nl + 1))) {
            /* the session wrapper (replvars.h) is the chunk itself */
            size_t k = (size_t)(strstr(p, ": in function <") - p);
            fprintf(err, "%s%.*s: in main chunk%s\n", term_style(color, TERM_DIM), (int)k, p,
                    term_style(color, TERM_RESET));
        } else if (!skip) {
            fprintf(err, "%s%.*s%s\n", term_style(color, in_trace ? TERM_DIM : TERM_RED), (int)n, p,
                    term_style(color, TERM_RESET));
        }
        p += n + (nl ? 1 : 0);
    }
}

/* print_results: [-n, +0, m] prints the n values on the top, tab-separated,
 * `width` columns wide; long arrays pack several items to a line. */
static void print_results(lua_State *L, int n, FILE *out, int color, int width)
{
    struct pretty_opts o;
    int base = lua_gettop(L) - n + 1;
    pretty_defaults(&o);
    o.color = color;
    o.width = width;
    o.pack = 1;
    o.max_items = 1000;
    for (int i = 0; i < n; i++) {
        pretty_push(L, base + i, &o);
        fprintf(out, "%s%s", i ? "\t" : "", lua_tostring(L, -1));
        lua_pop(L, 1);
    }
    if (n > 0)
        fputc('\n', out);
    lua_settop(L, base - 1);
}

/* exec_width: repl_exec with the width values are printed for. */
static int exec_width(lua_State *L, FILE *out, FILE *err, int color, int width)
{
    int base = lua_gettop(L), st;
    lua_pushcfunction(L, msgh);
    lua_insert(L, base);
    interrupt_target(L);
    interrupt_clear();
    st = lua_pcall(L, 0, LUA_MULTRET, base);
    lua_remove(L, base);
    if (st == LUA_OK)
        print_results(L, lua_gettop(L) - base + 1, out, color, width);
    interrupt_clear();
    if (st != LUA_OK) {
        fflush(out);
        print_error(err, lua_tostring(L, -1) ? lua_tostring(L, -1) : "(error)", color);
        lua_pop(L, 1);
    }
    fflush(out);
    return st == LUA_OK ? 0 : 1;
}

int repl_exec(lua_State *L, FILE *out, FILE *err, int color)
{
    return exec_width(L, out, err, color, term_width(out));
}

/* exec_paged: repl_exec whose printed values go through the pager when
 * they do not fit the terminal (stdout a terminal only). */
static int exec_paged(lua_State *L, int color)
{
    struct pager pg;
    FILE *out = pager_open(&pg, stdout);
    int rc = exec_width(L, out, stderr, color, term_width(stdout));
    pager_close(&pg);
    return rc;
}

/* --- the session: lines in, chunks and :commands out -------------------- */

static int hist_added; /* lines added to the history this session */

struct session {
    struct app *app;
    lua_State *L;
    struct sbuf buf;   /* pending incomplete input */
    char lesson[4200]; /* current lesson file, "" for none */
    int color;
    int errors;        /* chunks that raised */
    int quit;
    int paged;         /* printed values go through the pager (interactive) */
    char loaded[256];  /* the kata :load loaded last, "" for none */
};

static void cmd_help(void)
{
    puts(":help            this list\n"
         ":lesson [NAME]   read a lesson (default: where you left off)\n"
         ":run N           run the current lesson's Nth ```lua block here; its top-level\n"
         "                 locals stay, so you can change them and play\n"
         ":kata [ID]       show a kata's task, or list the katas\n"
         ":start [ID]      copy a kata's starter to your work folder (prints the path)\n"
         ":check [ID]      grade your solution (default: the kata you started last)\n"
         ":hint [ID]       the next hint, one level at a time\n"
         ":load [ID]       load your solution of kata ID as the global named after its\n"
         "                 module (require(\"counter\") works too, after :start)\n"
         ":reload          load it again, after you edited it\n"
         ":edit [ID]       open your solution in $VISUAL or $EDITOR\n"
         ":time EXPR       how long EXPR takes: the median of several runs (IPython's %timeit)\n"
         ":mem             how much memory the Lua heap holds\n"
         ":reset           a fresh Lua state: every global and local is gone\n"
         ":upvalues F      list the upvalues of function F (Python's __closure__)\n"
         ":quit            leave (Ctrl-D works too)\n"
         "Anything else is Lua: expressions print their values; Ctrl-C stops a runaway chunk.\n"
         "Unlike Lua's own REPL, `local x = 1` stays visible on the lines after it (as in\n"
         "Python's REPL): top-level locals are kept for the session, and closures share them.\n"
         "A chunk that raises an error keeps none of its new locals.");
}

/* compile_session: [-0, +1, -] the function for `len` bytes of `src` with
 * the session's locals (replvars.h), or, when the wrapped chunk does not
 * compile, compiled plainly (its function or its error message). Returns
 * REPL_PARSE_OK or REPL_PARSE_ERROR/INCOMPLETE as repl_compile does. */
static enum repl_parse compile_session(lua_State *L, const char *src, size_t len, const char *name,
                                       int stmt_only)
{
    if (replvars_compile(L, src, len, name, stmt_only) == 0)
        return REPL_PARSE_OK;
    if (stmt_only)
        return luaL_loadbuffer(L, src, len, name) == LUA_OK ? REPL_PARSE_OK : REPL_PARSE_ERROR;
    return repl_compile(L, src, len, name);
}

/* session_exec: runs the function on top, printing as the REPL does. */
static void session_exec(struct session *s)
{
    s->errors += s->paged ? exec_paged(s->L, s->color) : repl_exec(s->L, stdout, stderr, s->color);
}

/* run_block: :run N */
static void cmd_run(struct session *s, const char *arg)
{
    char err[1024], name[64], kept[300];
    struct lesson *l = NULL;
    const struct lesson_block *b;
    long n = strtol(arg, NULL, 10);
    if (s->lesson[0] == '\0' && learner_show_lesson(s->app, NULL, s->lesson, sizeof s->lesson) != 0)
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
        if (compile_session(s->L, b->code, strlen(b->code), name, 1) != REPL_PARSE_OK) {
            print_error(stderr, lua_tostring(s->L, -1), s->color);
            lua_pop(s->L, 1);
        } else {
            int before = s->errors;
            session_exec(s);
            if (s->errors == before &&
                replvars_declared(s->L, b->code, strlen(b->code), kept, sizeof kept) > 0)
                printf("%s(kept for you to play with: %s)%s\n", term_style(s->color, TERM_DIM),
                       kept, term_style(s->color, TERM_RESET));
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
    if (compile_session(L, expr, strlen(expr), "=upvalues", 0) != REPL_PARSE_OK ||
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

/* session_start: :start ID; the new kata folder goes on package.path, so
 * require of its module works at once. */
static void session_start(struct session *s, const char *id)
{
    if (learner_start(s->app, id) == 0)
        repltools_set_path(s->L, s->app);
}

/* cmd_load: :load ID and :reload: the learner's solution of kata `id`,
 * loaded afresh into the session. */
static void cmd_load(struct session *s, const char *kata)
{
    char chunk[600], module[256], id[256];
    snprintf(id, sizeof id, "%s", kata); /* kata may be s->loaded itself */
    if (repltools_load_chunk(s->app, id, module, sizeof module, chunk, sizeof chunk) != 0)
        return;
    if (compile_session(s->L, chunk, strlen(chunk), "=load", 1) != REPL_PARSE_OK) {
        print_error(stderr, lua_tostring(s->L, -1), s->color);
        lua_pop(s->L, 1);
        return;
    }
    snprintf(s->loaded, sizeof s->loaded, "%s", id); /* :reload after fixing it too */
    if (repl_exec(s->L, stdout, stderr, s->color) == 0)
        printf("loaded %s as `%s` (after an edit, :reload)\n", id, module);
    else
        s->errors++;
}

/* cmd_edit: :edit ID */
static void cmd_edit(struct session *s, const char *id)
{
    if (repltools_edit(s->app, id) == 0 && strcmp(s->loaded, id) == 0)
        printf("(:reload to load your changes)\n");
}

/* cmd_time: :time EXPR */
static void cmd_time(struct session *s, const char *expr)
{
    if (compile_session(s->L, expr, strlen(expr), "=time", 0) != REPL_PARSE_OK) {
        print_error(stderr, lua_tostring(s->L, -1), s->color);
        lua_pop(s->L, 1);
        return;
    }
    lua_pushcfunction(s->L, msgh);
    lua_insert(s->L, -2);
    if (repltools_time(s->L, stdout) != 0) {
        print_error(stderr, lua_tostring(s->L, -1) ? lua_tostring(s->L, -1) : "(error)", s->color);
        s->errors++;
    }
    lua_pop(s->L, 3);
}

/* cmd_reset: :reset: a new state; the old one is closed. */
static void cmd_reset(struct session *s)
{
    lua_State *L = repl_new_state();
    if (L == NULL) {
        fprintf(stderr, ":reset: cannot create a Lua state; keeping this one\n");
        return;
    }
    sandbox_close(s->L);
    s->L = L;
    s->loaded[0] = '\0';
    repltools_set_path(L, s->app);
    replcomplete_setup(L, s->app->pack);
    printf("a fresh Lua state: every global and local you made is gone\n");
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
        learner_show_lesson(s->app, *arg ? arg : NULL, s->lesson, sizeof s->lesson);
    else if (strcmp(word, "run") == 0)
        cmd_run(s, arg);
    else if (strcmp(word, "kata") == 0)
        learner_show_kata(s->app, *arg ? arg : NULL);
    else if (strcmp(word, "start") == 0 && (id = last_kata(s, arg, buf, sizeof buf)))
        session_start(s, id);
    else if (strcmp(word, "check") == 0 && (id = last_kata(s, arg, buf, sizeof buf))) {
        learner_check_kata(s->app, id, NULL, 0); /* Ctrl-C stops it: back to the prompt */
        interrupt_clear();
    }
    else if (strcmp(word, "hint") == 0 && (id = last_kata(s, arg, buf, sizeof buf)))
        learner_hint(s->app, id);
    else if (strcmp(word, "upvalues") == 0)
        *arg ? cmd_upvalues(s, arg) : (void)fprintf(stderr, "usage: :upvalues FUNCTION\n");
    else if (strcmp(word, "load") == 0 && (id = last_kata(s, arg, buf, sizeof buf)))
        cmd_load(s, id);
    else if (strcmp(word, "reload") == 0)
        s->loaded[0] ? cmd_load(s, s->loaded) : (void)fprintf(stderr, "nothing loaded yet: :load KATA first\n");
    else if (strcmp(word, "edit") == 0 && (id = last_kata(s, arg, buf, sizeof buf)))
        cmd_edit(s, id);
    else if (strcmp(word, "time") == 0)
        *arg ? cmd_time(s, arg) : (void)fprintf(stderr, "usage: :time EXPRESSION\n");
    else if (strcmp(word, "mem") == 0)
        repltools_mem(s->L, stdout);
    else if (strcmp(word, "reset") == 0)
        cmd_reset(s);
    else if (strcmp(word, "check") != 0 && strcmp(word, "hint") != 0 && strcmp(word, "start") != 0 &&
             strcmp(word, "load") != 0 && strcmp(word, "edit") != 0)
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
    if (isatty(0) && s->buf.len) {
        add_history(s->buf.data);
        hist_added++;
    }
    if (p == REPL_PARSE_OK) {
        lua_pop(s->L, 1);
        p = compile_session(s->L, s->buf.data, s->buf.len, "=stdin", 0);
    }
    if (p != REPL_PARSE_OK) {
        print_error(stderr, lua_tostring(s->L, -1), s->color);
        lua_pop(s->L, 1);
        s->errors++;
    } else {
        session_exec(s);
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

/* complete: readline's attempted completion function (replcomplete.h). */
static char **complete(const char *text, int start, int end)
{
    (void)end;
    rl_attempted_completion_over = 1;
    rl_completion_append_character = '\0';
    return replcomplete(rl_line_buffer, text, start);
}

/* history_merge: appends this session's `added` lines to the history file
 * `path` and keeps its last 1000, under an exclusive flock, so two REPLs
 * that exit together both keep their lines (readline's append_history and
 * history_truncate_file). Returns 0, or -1 when the file can't be opened. */
static int history_merge(const char *path, int added)
{
    int fd = open(path, O_RDWR | O_CREAT, 0600);
    if (fd < 0)
        return -1;
    while (flock(fd, LOCK_EX) != 0 && errno == EINTR)
        ;
    if (added > history_length)
        added = history_length;
    if (added > 0)
        append_history(added, path);
    history_truncate_file(path, 1000);
    flock(fd, LOCK_UN);
    close(fd);
    return 0;
}

/* greet_store: the part of the greeting read from the progress store
 * (where the learner left off, the next step) written to out. */
static void greet_store(struct session *s, FILE *out)
{
    char lesson[256], kata[256], key[300], passed[8];
    int c = s->color;
    int has_lesson = app_state_get(s->app, "lesson", lesson, sizeof lesson);
    int has_kata = app_state_get(s->app, "kata", kata, sizeof kata);
    if (!has_lesson && !has_kata) {
        fprintf(out, "New here? Read the first lesson: %s:lesson closures%s\n", term_style(c, TERM_CYAN),
                term_style(c, TERM_RESET));
    } else {
        if (has_lesson)
            fprintf(out, "You last read lesson %s (:lesson to read it again).\n", lesson);
        if (has_kata) {
            snprintf(key, sizeof key, "passed.%s", kata);
            app_state_get(s->app, key, passed, sizeof passed);
            fprintf(out, "Kata %s: %s\n", kata,
                    passed[0] == '1' ? "passed. Next: :kata to choose another."
                                     : "not passed yet. Check it with :check, ask for :hint.");
        }
    }
    progress_greet(s->app, out, c);
}

/* The greeting cache. Opening the store (loading SQLite, reading its
 * schema) costs several times the rest of the REPL's start-up, so the
 * text greet_store wrote is kept beside the store (progress_derived_path)
 * under a header line "dojo-greeting 1 COLOR TIME PACK". Every commit to
 * the store removes the file (progress.c), and the text is used only for
 * the same colour setting and pack, and for GREET_TTL seconds, since
 * questions come due as time passes. */
#define GREET_TTL 600

/* greet_cached: the cached greeting for this session into *text (malloc'd,
 * the caller frees), or 0 when there is none that may be used. */
static int greet_cached(struct session *s, const char *cache, char **text)
{
    char head[4400], want[4400];
    long long when = 0;
    int color = -1, n;
    size_t len;
    FILE *f = fopen(cache, "r");
    *text = NULL;
    if (f == NULL)
        return 0;
    if (fgets(head, sizeof head, f) == NULL ||
        sscanf(head, "dojo-greeting 1 %d %lld %n", &color, &when, &n) != 2 || color != s->color ||
        when > (long long)time(NULL) || (long long)time(NULL) - when > GREET_TTL)
        goto out;
    snprintf(want, sizeof want, "%s\n", s->app->pack);
    if (strcmp(head + n, want) != 0)
        goto out;
    if ((*text = malloc(64 * 1024)) != NULL) {
        len = fread(*text, 1, 64 * 1024 - 1, f);
        (*text)[len] = '\0';
        if (ferror(f) || !feof(f) || len == 0) {
            free(*text);
            *text = NULL;
        }
    }
out:
    fclose(f);
    return *text != NULL;
}

/* greet_keep: stores text as the cached greeting (a temporary file, then a
 * rename, so a reader never sees half of it). Failures are ignored: the
 * cache only saves time. */
static void greet_keep(struct session *s, const char *cache, const char *text)
{
    char tmp[4400];
    FILE *f;
    int n = snprintf(tmp, sizeof tmp, "%s.%ld.tmp", cache, (long)getpid());
    if (n < 0 || (size_t)n >= sizeof tmp || (f = fopen(tmp, "w")) == NULL)
        return;
    fprintf(f, "dojo-greeting 1 %d %lld %s\n%s", s->color, (long long)time(NULL), s->app->pack, text);
    if (fclose(f) != 0 || rename(tmp, cache) != 0)
        unlink(tmp);
}

/* greet: says where the learner left off and what to do next. */
static void greet(struct session *s)
{
    char db[4096], cache[4200];
    char *text = NULL;
    size_t len = 0;
    int c = s->color, cacheable;
    printf("%sdojo %s%s: a Lua %s.%s REPL for closures, decorators, generators and more.\n",
           term_style(c, TERM_BOLD), DOJO_VERSION, term_style(c, TERM_RESET), LUA_VERSION_MAJOR,
           LUA_VERSION_MINOR);
    cacheable = app_db_path(s->app, db, sizeof db) == 1 &&
                progress_derived_path(db, cache, sizeof cache) == 0;
    if (cacheable && greet_cached(s, cache, &text)) {
        fputs(text, stdout);
    } else {
        FILE *m = open_memstream(&text, &len);
        if (m == NULL) {
            greet_store(s, stdout);
        } else {
            greet_store(s, m);
            if (fclose(m) == 0 && text) {
                fputs(text, stdout);
                if (cacheable && app_db(s->app) != NULL)
                    greet_keep(s, cache, text);
            }
        }
    }
    free(text);
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
    s.L = repl_new_state();
    if (s.L == NULL) {
        fprintf(stderr, "dojo: cannot create a Lua state\n");
        return 2;
    }
    s.paged = 1;
    repltools_set_path(s.L, a);
    replcomplete_setup(s.L, a->pack);
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
        if (s.buf.len == 0 && line[0] == ':' && line[1]) {
            add_history(line);
            hist_added++;
        }
        session_line(&s, line);
        free(line);
    }
    if (history_merge(hist, hist_added) != 0)
        fprintf(stderr, "dojo: %s: history not saved: %s\n", hist, strerror(errno));
    interrupt_catch_sigint(0);
    replcomplete_setup(NULL, NULL);
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
    repltools_set_path(s.L, &a);
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
