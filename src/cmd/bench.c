/* bench.c: `dojo bench KATA`: the learner's solution against the C
 * reference on the kata's bench.lua, each in a child process under the
 * sandbox: median wall time per round and peak Lua memory per case.
 * bench.lua returns { memory = MIB?, cases = { { name, rounds, run(mod) } } }.
 * Depends on cmd/cmd.h, gradeflags.h, interrupt.h, kata.h, sandbox.h, util.h. */
#include <errno.h>
#include <lauxlib.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "gradeflags.h"
#include "interrupt.h"
#include "kata.h"
#include "sandbox.h"
#include "term.h"
#include "util.h"

#define BENCH_MAX_CASES 16
#define BENCH_MAX_ROUNDS 50

struct bench_case {
    char name[128];
    double median_ms;
    double peak_kib;
    char status[32]; /* "ok" or an error kind */
    char message[256]; /* the error, when status is not "ok" */
};

struct bench_result {
    const char *label; /* "yours", "reference" or a file name */
    struct bench_case cases[BENCH_MAX_CASES];
    int ncases;
    char error[256];   /* why nothing was measured, or "" */
};

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* timed_pcall: lua_pcall under the deadline; a timeout reads "timeout". */
static int timed_pcall(lua_State *L, int nargs, int nres, double timeout)
{
    int st;
    interrupt_target(L);
    interrupt_arm(timeout);
    st = lua_pcall(L, nargs, nres, 0);
    interrupt_disarm();
    interrupt_clear();
    return st;
}

/* run_case: [-0, +0, -] times case table at `ci` (rounds calls of run(mod),
 * module at `mi`) and writes one TSV line to fd: name, median ms, peak KiB,
 * status. */
static void run_case(lua_State *L, int ci, int mi, double timeout, int fd)
{
    double t[BENCH_MAX_ROUNDS];
    const char *status = "ok";
    char line[512], msg[256] = "";
    size_t base;
    int rounds, n = 0;
    lua_getfield(L, ci, "rounds");
    rounds = (int)luaL_optinteger(L, -1, 3);
    rounds = rounds < 1 ? 1 : rounds > BENCH_MAX_ROUNDS ? BENCH_MAX_ROUNDS : rounds;
    lua_getfield(L, ci, "name");
    snprintf(line, sizeof line, "%s", lua_isstring(L, -1) ? lua_tostring(L, -1) : "?");
    lua_pop(L, 2);
    lua_gc(L, LUA_GCCOLLECT);
    base = sandbox_memory_used(L);
    sandbox_memory_peak(L, 1);
    for (; n < rounds; n++) {
        double t0;
        int st;
        lua_getfield(L, ci, "run");
        lua_pushvalue(L, mi);
        interrupt_target(L);
        interrupt_arm(timeout);
        t0 = util_now();
        st = lua_pcall(L, 1, 0, 0);
        t[n] = util_now() - t0;
        interrupt_disarm();
        if (interrupt_pending() == INTERRUPT_TIMEOUT)
            status = "timeout";
        else if (st == LUA_ERRMEM || sandbox_memory_hit(L))
            status = "memory";
        else if (st != LUA_OK)
            status = "runtime";
        interrupt_clear();
        if (st != LUA_OK) {
            snprintf(msg, sizeof msg, "%s", lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1)
                                                                           : "(an error object)");
            for (char *p = msg; *p; p++)
                if (*p == '\t' || *p == '\n' || *p == '\r')
                    *p = ' ';
            lua_pop(L, 1);
            n++;
            break;
        }
    }
    qsort(t, (size_t)n, sizeof *t, cmp_double);
    dprintf(fd, "%s\t%.4f\t%.1f\t%s\t%s\n", line, t[n / 2] * 1000.0,
            (double)(sandbox_memory_peak(L, 0) - base) / 1024.0, status, msg);
}

/* bench_child: loads bench.lua (trusted, from the pack), then the module
 * under the memory cap (`memory` bytes from --memory, else bench.lua's
 * `memory` MiB, else `fallback` bytes), runs every case, writes a line per
 * case to fd; never returns. */
static void bench_child(const struct kata *k, const char *bench, const char *solution,
                        size_t memory, size_t fallback, double timeout, int fd)
{
    lua_State *L = sandbox_new(0);
    char dir[4200];
    int env, mi, n, bi;
    if (L == NULL)
        _exit(3);
    if (luaL_loadfilex(L, bench, "t") != LUA_OK || timed_pcall(L, 0, 1, timeout) != LUA_OK ||
        !lua_istable(L, -1)) {
        dprintf(fd, "!\t%s: %s\n", bench, lua_isstring(L, -1) ? lua_tostring(L, -1) : "must return a table");
        _exit(0);
    }
    bi = lua_gettop(L);
    lua_getfield(L, bi, "memory");
    if (memory == 0)
        memory = lua_tonumber(L, -1) > 0 ? (size_t)(lua_tonumber(L, -1) * 1048576.0) : fallback;
    lua_pop(L, 1);
    sandbox_set_memory_limit(L, memory);
    snprintf(dir, sizeof dir, "%s", solution ? solution : k->dir);
    if (solution && strrchr(dir, '/'))
        *strrchr(dir, '/') = '\0';
    sandbox_push_solution_env(L, dir, k->module, solution,
                              solution ? NULL : kata_reference_open(k->id));
    env = lua_gettop(L);
    lua_getfield(L, env, "require");
    lua_pushstring(L, k->module);
    if (timed_pcall(L, 1, 1, timeout) != LUA_OK) {
        dprintf(fd, "!\tcannot load the module: %s\n", lua_tostring(L, -1));
        _exit(0);
    }
    mi = lua_gettop(L);
    lua_getfield(L, bi, "cases");
    n = lua_istable(L, -1) ? (int)lua_rawlen(L, -1) : 0;
    for (int i = 1; i <= n && i <= BENCH_MAX_CASES; i++) {
        lua_rawgeti(L, -1, i);
        if (lua_istable(L, -1))
            run_case(L, lua_gettop(L), mi, timeout, fd);
        lua_pop(L, 1);
    }
    _exit(0); /* no lua_close: a finalizer could spin */
}

/* parse_line: one TSV line from the child into r. */
static void parse_line(struct bench_result *r, char *line)
{
    char *f[5] = {NULL, NULL, NULL, NULL, ""};
    int n = 0;
    if (line[0] == '!' && line[1] == '\t') {
        snprintf(r->error, sizeof r->error, "%s", line + 2);
        return;
    }
    for (char *p = strtok(line, "\t"); p && n < 5; p = strtok(NULL, "\t"))
        f[n++] = p;
    if (n < 4 || r->ncases >= BENCH_MAX_CASES)
        return;
    struct bench_case *c = &r->cases[r->ncases++];
    snprintf(c->name, sizeof c->name, "%s", f[0]);
    c->median_ms = atof(f[1]);
    c->peak_kib = atof(f[2]);
    snprintf(c->status, sizeof c->status, "%s", f[3]);
    snprintf(c->message, sizeof c->message, "%s", f[4]);
}

/* measure: one solution (NULL: the reference) in a child; the parent kills
 * it when it runs past `deadline` seconds. */
static void measure(const struct kata *k, const char *bench, const char *solution, size_t memory,
                    size_t fallback, double timeout, double deadline, struct bench_result *r)
{
    struct sbuf out = SBUF_INIT;
    int fds[2], status;
    double end = util_now() + deadline;
    pid_t pid;
    if (pipe(fds) != 0 || (fflush(NULL), pid = fork()) < 0) {
        snprintf(r->error, sizeof r->error, "cannot start a child: %s", strerror(errno));
        return;
    }
    if (pid == 0) {
        close(fds[0]);
        bench_child(k, bench, solution, memory, fallback, timeout, fds[1]);
    }
    close(fds[1]);
    for (;;) {
        char chunk[4096];
        struct pollfd p = {fds[0], POLLIN, 0};
        int left = (int)((end - util_now()) * 1000);
        if (left <= 0 || poll(&p, 1, left) == 0) {
            kill(pid, SIGKILL);
            snprintf(r->error, sizeof r->error, "killed after %.0f s", deadline);
            break;
        }
        ssize_t n = read(fds[0], chunk, sizeof chunk);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        sbuf_add(&out, chunk, (size_t)n);
    }
    close(fds[0]);
    waitpid(pid, &status, 0);
    for (char *line = out.data, *nl; line && (nl = strchr(line, '\n')); line = nl + 1) {
        *nl = '\0';
        parse_line(r, line);
    }
    sbuf_free(&out);
}

/* print_errors: why a solution or a case was not measured. */
static void print_errors(const struct bench_result *res, int nres, FILE *out)
{
    for (int j = 0; j < nres; j++) {
        if (res[j].error[0])
            fprintf(out, "%s: %s\n", res[j].label, res[j].error);
        for (int i = 0; i < res[j].ncases; i++)
            if (strcmp(res[j].cases[i].status, "ok") != 0)
                fprintf(out, "%s: %s: %s: %s\n", res[j].label, res[j].cases[i].name,
                        res[j].cases[i].status, res[j].cases[i].message);
    }
}

static void print_human(const struct bench_result *res, int nres, int color)
{
    printf("%-36s", "case");
    for (int j = 0; j < nres; j++)
        printf("  %s%22s%s", term_style(color, TERM_BOLD), res[j].label, term_style(color, TERM_RESET));
    putchar('\n');
    for (int i = 0; i < res[0].ncases || i < res[nres - 1].ncases; i++) {
        const char *name = i < res[0].ncases ? res[0].cases[i].name : res[nres - 1].cases[i].name;
        printf("%-36.36s", name);
        for (int j = 0; j < nres; j++) {
            const struct bench_case *c = i < res[j].ncases ? &res[j].cases[i] : NULL;
            if (c && strcmp(c->status, "ok") == 0)
                printf("  %10.2f ms %7.1f MiB", c->median_ms, c->peak_kib / 1024.0);
            else
                printf("  %22s", c ? c->status : "-");
        }
        putchar('\n');
    }
    print_errors(res, nres, stdout);
    printf("(median wall time per round; peak Lua memory above the start of the case)\n");
}

int cmd_bench(struct app *a, const struct cmd_args *args)
{
    struct grade_flags f;
    struct bench_result res[2];
    char dir[4096], err[1024], bench[4200], mine[8400];
    struct kata *k = NULL;
    int rc, nres = 0, tsv;
    char **argv = args->argv;
    memset(res, 0, sizeof res);
    if ((rc = grade_flags_read(args, 1, &f)) != 0 || (rc = cmd_positionals(args, 1, 1, "one kata id")) != 0)
        return rc;
    tsv = f.tsv;
    if (f.format_set && !tsv && f.format != REPORT_HUMAN)
        return usage_error("bench", "takes --format human or tsv");
    if (kata_find(a->pack, argv[0], dir, sizeof dir, err, sizeof err) != 0 ||
        kata_load(dir, &k, err, sizeof err) != 0) {
        fprintf(stderr, "dojo: %s\n", err);
        return 2;
    }
    util_path_join(bench, sizeof bench, k->dir, "bench.lua");
    snprintf(mine, sizeof mine, "%s", f.solution ? f.solution : "");
    if (!f.solution)
        snprintf(mine, sizeof mine, "%s/%s/%s.lua", a->home, k->id, k->module);
    if (!util_is_file(bench) || (f.solution && !util_is_file(mine))) {
        fprintf(stderr, "dojo: %s: no such file%s\n", util_is_file(bench) ? mine : bench,
                util_is_file(bench) ? "" : " (this kata has no benchmark)");
        kata_free(k);
        return 2;
    }
    size_t memory = (size_t)(f.memory * 1048576.0);
    size_t fallback = (size_t)((k->memory > 0 ? k->memory : 256) * 1048576.0);
    double timeout = f.timeout > 0 ? f.timeout : 60;
    if (util_is_file(mine)) {
        res[nres].label = f.solution ? strrchr(mine, '/') ? strrchr(mine, '/') + 1 : mine : "yours";
        measure(k, bench, mine, memory, fallback, timeout, timeout * BENCH_MAX_CASES, &res[nres++]);
    }
    res[nres].label = "reference";
    measure(k, bench, NULL, memory, fallback, timeout, timeout * BENCH_MAX_CASES, &res[nres++]);
    if (tsv) {
        for (int j = 0; j < nres; j++)
            for (int i = 0; i < res[j].ncases; i++)
                printf("%s\t%s\t%.4f\t%.1f\t%s\n", res[j].label, res[j].cases[i].name,
                       res[j].cases[i].median_ms, res[j].cases[i].peak_kib, res[j].cases[i].status);
        print_errors(res, nres, stderr);
    } else {
        if (nres == 1)
            printf("(no solution of yours at %s yet: start with dojo start %s)\n", mine, k->id);
        print_human(res, nres, term_color(stdout));
    }
    rc = res[nres - 1].error[0] || res[nres - 1].ncases == 0 ? 2 : 0;
    if (rc)
        fprintf(stderr, "dojo: %s: the reference did not run: %s\n", bench, res[nres - 1].error);
    kata_free(k);
    return rc;
}
