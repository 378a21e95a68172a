/* main.c: dojo's entry point: reads the command word, finds it in the
 * command table (cmd/cmd.h), parses its flags and runs it; or runs Lua as
 * the REPL does.
 * Shaped like lua.c: main runs pmain under lua_pcall and maps the status to
 * an exit code, with a panic handler (panic.h) as the last resort for an
 * error raised outside any protected call. Depends on app.h, cmd/cmd.h,
 * panic.h, repl.h and Lua 5.4. */
#include <lauxlib.h>
#include <lua.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "cmd/cmd.h"
#include "panic.h"
#include "repl.h"
#include "util.h"

/* run_command: command c on the words after it; parses its flags first
 * (cmd/args.c): --help anywhere before -- prints its help. */
static int run_command(struct app *a, const struct cmd *c, int argc, char **argv)
{
    struct cmd_args args;
    int help, rc = cmd_parse(c, argc, argv, &args, &help);
    if (rc != 0)
        return rc;
    if (help) {
        cmd_print_help(c, stdout);
        return 0;
    }
    return c->run(a, &args);
}

/* dispatch: the command line to its command; returns the exit status. */
static int dispatch(int argc, char **argv)
{
    struct app a;
    const struct cmd *c;
    app_init(&a);
    if (argc < 2)
        return isatty(0) ? repl_interactive(&a, NULL) : repl_run_stream(stdin);
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        cmd_print_usage(stdout);
        return 0;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("dojo %s (%s)\n", DOJO_VERSION, LUA_RELEASE); /* the Lua linked in */
        return 0;
    }
    if (strcmp(argv[1], "-e") == 0) {
        if (argc != 3) {
            fprintf(stderr, "dojo -e: needs exactly one chunk of Lua (see: dojo --help)\n");
            return 2;
        }
        return repl_eval_string(argv[2]);
    }
    if (strcmp(argv[1], "-") == 0)
        return repl_run_stream(stdin);
    if ((c = cmd_find(argv[1])) != NULL)
        return run_command(&a, c, argc - 2, argv + 2);
    if (util_ends_with(argv[1], ".lua"))
        return repl_run_file(argv[1], argc - 2, argv + 2);
    if (argv[1][0] == '-')
        fprintf(stderr, "dojo: unknown flag '%s' (see: dojo --help)\n", argv[1]);
    else
        fprintf(stderr, "dojo: unknown command '%s' (see: dojo --help)\n", argv[1]);
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
