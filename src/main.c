/* main.c: dojo's entry point: reads the command word and hands the rest of
 * the arguments to its command (commands.h), or runs Lua as the REPL does.
 * Shaped like lua.c: main runs pmain under lua_pcall and maps the status to
 * an exit code, with a panic handler (panic.h) as the last resort for an
 * error raised outside any protected call. Depends on app.h, commands.h,
 * panic.h, repl.h and Lua 5.4. */
#include <lauxlib.h>
#include <lua.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "commands.h"
#include "panic.h"
#include "repl.h"
#include "scaffold.h"
#include "util.h"

static const char usage[] =
    "usage: dojo [COMMAND] [ARGS]\n"
    "  dojo                      the REPL: try Lua, read lessons, check katas\n"
    "  dojo learn [LESSON]       read a lesson, then try it in the REPL\n"
    "  dojo katas                the katas by concept, with your progress\n"
    "  dojo start KATA           copy a kata's starter into your work folder\n"
    "  dojo check KATA [--solution FILE] [--reference] [--format human|tap]\n"
    "  dojo watch KATA           check again on every save\n"
    "  dojo hint KATA            the next hint\n"
    "  dojo grade PATH... [--format F] [--timeout S] [--file-timeout S] [--memory MIB]\n"
    "  dojo bench KATA [--solution FILE]   your solution against the C reference\n"
    "  dojo progress [--format json] [--html FILE]   where you stand, per concept\n"
    "  dojo quiz [CONCEPT] [--all]   the mastery questions that are due (--all: every one)\n"
    "  dojo validate [PACK|CONCEPT-DIR|KATA|LESSON.md] [--format human|json]\n"
    "                            check a pack, a concept, one kata or one lesson\n"
    "  dojo new kata CONCEPT/NAME [--pack DIR] | new lesson NAME [--pack DIR] | new pack DIR\n"
    "                            skeletons that validate, TODOs marked (docs/instructors.md)\n"
    "  dojo serve [--port N]     the loopback HTTP fixture server for the async katas\n"
    "  dojo similar SUBMISSIONS [--kata ID | --starter FILE] [--top N] [--threshold X]\n"
    "                            [--format human|json|csv]   pairs of submissions alike in structure\n"
    "  dojo -e CHUNK | dojo FILE.lua | ... | dojo   run Lua, printing as the REPL does\n";

struct command {
    const char *name;
    int (*fn)(struct app *, int, char **);
};

static const struct command table[] = {
    {"learn", cmd_learn}, {"katas", cmd_katas},       {"start", cmd_start},
    {"check", cmd_check}, {"watch", cmd_watch},       {"hint", cmd_hint},
    {"grade", cmd_grade}, {"progress", cmd_progress}, {"validate", cmd_validate},
    {"bench", cmd_bench},     {"serve", cmd_serve},       {"quiz", cmd_quiz},
    {"similar", cmd_similar}, {"new", cmd_new},
    {NULL, NULL}};

/* dispatch: the command line to its command; returns the exit status. */
static int dispatch(int argc, char **argv)
{
    struct app a;
    app_init(&a);
    if (argc < 2)
        return isatty(0) ? repl_interactive(&a, NULL) : repl_run_stream(stdin);
    if (strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        fputs(usage, stdout);
        return 0;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("dojo %s\n", DOJO_VERSION);
        return 0;
    }
    if (strcmp(argv[1], "-e") == 0) {
        if (argc != 3) {
            fprintf(stderr, "dojo -e: needs exactly one chunk of Lua (see: dojo help)\n");
            return 2;
        }
        return repl_eval_string(argv[2]);
    }
    if (strcmp(argv[1], "-") == 0)
        return repl_run_stream(stdin);
    for (const struct command *c = table; c->name; c++)
        if (strcmp(argv[1], c->name) == 0)
            return c->fn(&a, argc - 2, argv + 2);
    if (util_ends_with(argv[1], ".lua"))
        return repl_run_file(argv[1], argc - 2, argv + 2);
    if (argv[1][0] == '-')
        fprintf(stderr, "dojo: unknown flag '%s' (see: dojo help)\n", argv[1]);
    else
        fprintf(stderr, "dojo: unknown command '%s' (see: dojo help)\n", argv[1]);
    return 2;
}

struct pargs {
    int argc;
    char **argv;
    int status;
};

/* pmain: [-0, +0, e] the protected main: lightuserdata struct pargs at 1. */
static int pmain(lua_State *L)
{
    struct pargs *p = lua_touserdata(L, 1);
    p->status = dispatch(p->argc, p->argv);
    return 0;
}

/* main: pmain under lua_pcall on a bare state (no libraries: it costs
 * microseconds); an error there, or a panic in any state (panic.h), is one
 * line on stderr and exit status 2. */
int main(int argc, char **argv)
{
    static jmp_buf recover;
    struct pargs p = {argc, argv, 2};
    lua_State *L = luaL_newstate();
    int st;
    if (L == NULL) {
        fprintf(stderr, "dojo: not enough memory to start\n");
        return 2;
    }
    lua_atpanic(L, panic_handler);
    if (setjmp(recover) != 0) {
        panic_set_recovery(NULL);
        return 2; /* the handler said what happened; the states are abandoned */
    }
    panic_set_recovery(&recover);
    lua_pushcfunction(L, pmain);
    lua_pushlightuserdata(L, &p);
    st = lua_pcall(L, 1, 0, 0);
    panic_set_recovery(NULL);
    if (st != LUA_OK) {
        const char *msg = lua_tostring(L, -1);
        fprintf(stderr, "dojo: %s\n", st == LUA_ERRMEM ? "not enough memory" : msg ? msg : "internal error");
        p.status = 2;
    }
    lua_close(L);
    return p.status;
}
