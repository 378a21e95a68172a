/* repltools.c: the REPL's workbench commands that do not need the session
 * itself: the learner's kata folders on package.path (:start, :load,
 * require), :edit's editor, :time's timing loop (after Python's timeit
 * autorange) and :mem. Depends on Lua 5.4, POSIX (fork, waitpid), app.h,
 * interrupt.h, kata.h and util.h. */
#include "repltools.h"

#include <dirent.h>
#include <errno.h>
#include <lauxlib.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "interrupt.h"
#include "kata.h"
#include "util.h"

#define PATH0_KEY "dojo.repl.path0" /* registry: package.path as the state began */

void repltools_set_path(lua_State *L, const struct app *a)
{
    struct sbuf b = SBUF_INIT;
    char dir[8300];
    DIR *d;
    struct dirent *e;
    int top = lua_gettop(L);
    if (lua_getfield(L, LUA_REGISTRYINDEX, PATH0_KEY) != LUA_TSTRING) {
        lua_pop(L, 1);
        lua_getglobal(L, "package");
        if (!lua_istable(L, -1))
            goto out;
        lua_getfield(L, -1, "path");
        lua_pushvalue(L, -1);
        lua_setfield(L, LUA_REGISTRYINDEX, PATH0_KEY);
    }
    if ((d = opendir(a->home)) != NULL) {
        while ((e = readdir(d)) != NULL) {
            if (e->d_name[0] == '.' || strchr(e->d_name, ';') || strchr(e->d_name, '?'))
                continue;
            snprintf(dir, sizeof dir, "%s/%s", a->home, e->d_name);
            if (util_is_dir(dir))
                sbuf_printf(&b, "%s/?.lua;", dir);
        }
        closedir(d);
    }
    sbuf_puts(&b, lua_tostring(L, -1) ? lua_tostring(L, -1) : "");
    lua_getglobal(L, "package");
    if (lua_istable(L, -1) && b.data != NULL) {
        lua_pushstring(L, b.data);
        lua_setfield(L, -2, "path");
    }
out:
    sbuf_free(&b);
    lua_settop(L, top);
}

/* solution: finds kata `id` and its learner file; 0, or -1 after saying
 * why on stderr. */
static int solution(const struct app *a, const char *id, char *module, size_t mcap, char *file,
                    size_t fcap)
{
    char dir[4200], err[1024];
    struct kata *k = NULL;
    if (kata_find(a->pack, id, dir, sizeof dir, err, sizeof err) != 0 ||
        kata_load(dir, &k, err, sizeof err) != 0) {
        fprintf(stderr, "%s\n", err);
        return -1;
    }
    snprintf(module, mcap, "%s", k->module);
    snprintf(file, fcap, "%s/%s/%s.lua", a->home, k->id, k->module);
    kata_free(k);
    return 0;
}

int repltools_load_chunk(const struct app *a, const char *id, char *module, size_t mcap,
                         char *chunk, size_t ccap)
{
    char file[8400];
    int ident = 1;
    if (solution(a, id, module, mcap, file, sizeof file) != 0)
        return -1;
    if (!util_is_file(file)) {
        fprintf(stderr, "%s: no such file: start kata %s first with :start %s\n", file, id, id);
        return -1;
    }
    for (const char *p = module; *p; p++) {
        int alpha = *p == '_' || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z');
        int digit = *p >= '0' && *p <= '9';
        if (!alpha && !(digit && p > module)) {
            ident = 0;
            if (!digit && *p != '.' && *p != '-') {
                fprintf(stderr, ":load: module name '%s' has characters it can't take\n", module);
                return -1;
            }
        }
    }
    /* the folder is on package.path (repltools_set_path); load it afresh */
    snprintf(chunk, ccap, "package.loaded[\"%s\"] = nil\n%s%s%s = require(\"%s\")", module,
             ident ? "" : "_G[\"", module, ident ? "" : "\"]", module);
    return 0;
}

/* loop: [-0, +0, -] calls the function at -1 `n` times (message handler at
 * -2); returns the seconds taken, or -1 with the error message pushed. */
static double loop(lua_State *L, long n)
{
    double t0 = util_now();
    for (long i = 0; i < n; i++) {
        lua_pushvalue(L, -1);
        if (lua_pcall(L, 0, 0, -3) != LUA_OK)
            return -1;
    }
    return util_now() - t0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* fmt_time: seconds as "12.3 ns" / "µs" / "ms" / "s". */
static void fmt_time(char *out, size_t cap, double t)
{
    if (t < 1e-6)
        snprintf(out, cap, "%.3g ns", t * 1e9);
    else if (t < 1e-3)
        snprintf(out, cap, "%.3g µs", t * 1e6);
    else if (t < 1)
        snprintf(out, cap, "%.3g ms", t * 1e3);
    else
        snprintf(out, cap, "%.3g s", t);
}

int repltools_time(lua_State *L, FILE *out)
{
    double runs[REPLTOOLS_RUNS], t, start;
    char med[32], lo[32], hi[32];
    long n = 1;
    int r, rc = -1;
    interrupt_target(L);
    interrupt_clear();
    /* timeit's autorange: 1, 2, 5, 10, 20, 50... loops until one batch
     * takes at least 0.2 s */
    for (long step = 1, done = 0; !done; step *= 10) {
        static const int mult[] = {1, 2, 5};
        for (int m = 0; m < 3 && !done; m++) {
            n = step * mult[m];
            if ((t = loop(L, n)) < 0)
                goto out; /* the message is on top */
            done = t >= 0.2 || n >= 100000000L;
        }
    }
    start = util_now();
    for (r = 0; r < REPLTOOLS_RUNS;) {
        if ((t = loop(L, n)) < 0)
            goto out;
        runs[r++] = t / (double)n;
        if (r >= 3 && util_now() - start > REPLTOOLS_BUDGET)
            break; /* a slow expression: fewer runs, each still n loops */
    }
    qsort(runs, (size_t)r, sizeof runs[0], cmp_double);
    fmt_time(med, sizeof med, r % 2 ? runs[r / 2] : (runs[r / 2 - 1] + runs[r / 2]) / 2);
    fmt_time(lo, sizeof lo, runs[0]);
    fmt_time(hi, sizeof hi, runs[r - 1]);
    fprintf(out, "%s per loop (median of %d runs, %ld loop%s each; fastest %s, slowest %s)\n", med,
            r, n, n == 1 ? "" : "s", lo, hi);
    lua_pushnil(L);
    rc = 0;
out:
    interrupt_clear();
    fflush(out);
    return rc;
}

void repltools_mem(lua_State *L, FILE *out)
{
    double kib = lua_gc(L, LUA_GCCOUNT, 0) + lua_gc(L, LUA_GCCOUNTB, 0) / 1024.0;
    fprintf(out, "Lua heap: %.1f KiB (collectgarbage(\"count\"); collectgarbage() frees what "
                 "nothing refers to)\n",
            kib);
    fflush(out);
}
