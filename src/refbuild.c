/* refbuild.c: compiles a kata's reference.c into a cached shared object and
 * dlopen's it, for katas outside the built-in pack (refbuild.h). The
 * compiler runs as a child (fork + execvp, no shell), its stderr kept in the
 * cache folder for the message. Depends on kata.h, util.h, libdl. */

#include "refbuild.h"

#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util.h"

#ifndef DOJO_LUA_INCLUDE
#define DOJO_LUA_INCLUDE "/usr/include/lua5.4"
#endif

/* fnv: FNV-1a, 64 bits (Fowler, Noll, Vo; http://www.isthe.com/chongo/tech/comp/fnv/),
 * continued from h over n bytes. */
static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *s = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ s[i]) * 1099511628211ull;
    return h;
}

/* hash_file: folds the file's name and bytes into h (a missing file too). */
static uint64_t hash_file(uint64_t h, const char *dir, const char *name)
{
    char path[4200];
    size_t len = 0;
    char *text = util_path_join(path, sizeof path, dir, name) == 0 ? util_read_file(path, &len) : NULL;
    h = fnv(h, name, strlen(name) + 1);
    if (text != NULL)
        h = fnv(h, text, len);
    free(text);
    return h;
}

/* source_hash: reference.c, every *.h of the folder (sorted) and `cmd`. */
static uint64_t source_hash(const char *dir, const char *cmd)
{
    struct dirent **names = NULL;
    uint64_t h = fnv(14695981039346656037ull, cmd, strlen(cmd));
    int n = scandir(dir, &names, NULL, alphasort);
    h = hash_file(h, dir, "reference.c");
    for (int i = 0; i < n; i++) {
        if (util_ends_with(names[i]->d_name, ".h"))
            h = hash_file(h, dir, names[i]->d_name);
        free(names[i]);
    }
    free(names);
    return h;
}

/* cache_dir: $XDG_CACHE_HOME/dojo/references, else ~/.cache/..., created. */
static int cache_dir(char *out, size_t cap)
{
    const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
    int n;
    if (xdg && *xdg)
        n = snprintf(out, cap, "%s/dojo/references", xdg);
    else
        n = snprintf(out, cap, "%s/.cache/dojo/references", home && *home ? home : "/tmp");
    if (n < 0 || (size_t)n >= cap)
        return -1;
    return util_mkdirs(out);
}

/* first_error: the compiler's first "error" line of the log at `path`,
 * into err; its line number into *line. */
static void first_error(const char *path, int *line, char *err, size_t cap)
{
    char *log = util_read_file(path, NULL), *p, *nl;
    const char *c;
    if (log == NULL || (p = strstr(log, "error")) == NULL)
        p = log;
    if (p != NULL) {
        while (p > log && p[-1] != '\n')
            p--;
        if ((nl = strchr(p, '\n')) != NULL)
            *nl = '\0';
        if ((c = strstr(p, "reference.c:")) != NULL)
            *line = atoi(c + strlen("reference.c:"));
    }
    snprintf(err, cap, "%s", p && *p ? p : "the compiler failed and said nothing");
    free(log);
}

/* compile: runs cc ... -o out src, stderr to log. 0 ok, else -1 with err. */
static int compile(const char *cc, const char *dir, const char *src, const char *out,
                   const char *log, int *line, char *err, size_t cap)
{
    char inc_lua[4200], inc_dir[4200];
    const char *argv[] = {cc,    "-std=c11", "-O1", "-shared", "-fPIC",   inc_lua,
                          inc_dir, "-o",     out,   src,       (char *)0};
    int status = 0, fd;
    pid_t pid;
    snprintf(inc_lua, sizeof inc_lua, "-I%s", DOJO_LUA_INCLUDE);
    snprintf(inc_dir, sizeof inc_dir, "-I%s", dir);
    fflush(NULL);
    pid = fork();
    if (pid < 0) {
        snprintf(err, cap, "cannot start the compiler: %s", strerror(errno));
        return -1;
    }
    if (pid == 0) {
        fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (fd >= 0) {
            dup2(fd, 2);
            dup2(fd, 1);
        }
        execvp(cc, (char *const *)argv);
        fprintf(stderr, "cannot run the C compiler '%s': %s\n", cc, strerror(errno));
        _exit(127);
    }
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return 0;
    first_error(log, line, err, cap);
    return -1;
}

lua_CFunction refbuild_open(const struct kata *k, int *line, char *err, size_t cap)
{
    const char *cc = getenv("CC") && *getenv("CC") ? getenv("CC") : "cc";
    char src[4200], cache[4096], so[4400], tmp[4500], log[4500], sym[300], cmd[600];
    lua_CFunction fn = NULL;
    void *h;
    int n;
    /* the folder's name, not k->id: an id may be qualified, "pack/name" */
    const char *name = strrchr(k->dir, '/') ? strrchr(k->dir, '/') + 1 : k->dir;
    *line = 0;
    if (util_path_join(src, sizeof src, k->dir, "reference.c") != 0 || !util_is_file(src)) {
        snprintf(err, cap, "%s/reference.c: no such file", k->dir);
        return NULL;
    }
    if (cache_dir(cache, sizeof cache) != 0) {
        snprintf(err, cap, "%s: cannot make the cache folder: %s", cache, strerror(errno));
        return NULL;
    }
    snprintf(cmd, sizeof cmd, "%s -std=c11 -O1 -shared -fPIC -I%s", cc, DOJO_LUA_INCLUDE);
    n = snprintf(so, sizeof so, "%s/%s-%016llx.so", cache, name,
                 (unsigned long long)source_hash(k->dir, cmd));
    if (n < 0 || (size_t)n >= sizeof so) {
        snprintf(err, cap, "%s: path too long", cache);
        return NULL;
    }
    snprintf(log, sizeof log, "%s.log", so);
    if (!util_is_file(so)) {
        /* Compiled under a private name, then renamed: two validates at
           once never load a half-written object. */
        snprintf(tmp, sizeof tmp, "%s.%ld.tmp", so, (long)getpid());
        if (compile(cc, k->dir, src, tmp, log, line, err, cap) != 0) {
            unlink(tmp);
            return NULL;
        }
        if (rename(tmp, so) != 0) {
            snprintf(err, cap, "%s: %s", so, strerror(errno));
            unlink(tmp);
            return NULL;
        }
    }
    if ((h = dlopen(so, RTLD_NOW | RTLD_LOCAL)) == NULL) {
        snprintf(err, cap, "%s: cannot load: %s", so, dlerror());
        return NULL;
    }
    snprintf(sym, sizeof sym, "luaopen_%s", name);
    for (char *p = sym; *p; p++)
        if (*p == '-')
            *p = '_';
    *(void **)&fn = dlsym(h, sym); /* POSIX's way to turn a symbol into a function */
    if (fn == NULL)
        snprintf(err, cap, "%s/reference.c: defines no %s (a kata 'a-b' needs luaopen_a_b)", k->dir, sym);
    return fn;
}

int refbuild_in_builtin_pack(const char *dir)
{
    char real[PATH_MAX], builtin[PATH_MAX];
    size_t n;
    if (realpath(dir, real) == NULL || realpath(DOJO_SOURCE_DIR "/katas", builtin) == NULL)
        return 0;
    n = strlen(builtin);
    return strncmp(real, builtin, n) == 0 && real[n] == '/';
}

lua_CFunction refbuild_reference(const struct kata *k, int *built, int *line, char *err, size_t cap)
{
    lua_CFunction fn;
    *built = 0;
    *line = 0;
    if (refbuild_in_builtin_pack(k->dir) && (fn = kata_reference_open(k->id)) != NULL)
        return fn;
    fn = refbuild_open(k, line, err, cap);
    if (fn == NULL)
        return NULL;
    kata_reference_set(k->id, fn);
    *built = 1;
    return fn;
}
