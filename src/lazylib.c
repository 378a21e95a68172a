/* lazylib.c: loads optional shared libraries by SONAME on first use and
 * resolves the functions a module calls (lazylib.h). One mutex serialises
 * loading; a failure is remembered so every later use reports the same line.
 * Depends on POSIX dlopen/dlsym and pthreads. */
#include "lazylib.h"

#include <assert.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static pthread_mutex_t load_lock = PTHREAD_MUTEX_INITIALIZER;

/* try_load: [lock held] dlopen + dlsym every slot; 0 or -1 with lib->why. */
static int try_load(struct lazylib *lib)
{
    void *handle = dlopen(lib->soname, RTLD_NOW | RTLD_LOCAL);
    size_t i;
    if (handle == NULL) {
        const char *e = dlerror();
        snprintf(lib->why, sizeof lib->why, "%s could not be loaded (apt-get install %s): %s", lib->soname,
                 lib->package, e ? e : "dlopen failed");
        return -1;
    }
    for (i = 0; i < lib->nsyms; i++) {
        void *p = dlsym(handle, lib->syms[i].name);
        if (p == NULL) {
            snprintf(lib->why, sizeof lib->why, "%s has no %s (too old? dojo needs the %s of Debian 12)",
                     lib->soname, lib->syms[i].name, lib->package);
            dlclose(handle);
            return -1;
        }
        *lib->syms[i].slot = p;
    }
    return 0; /* never dlclose'd: the slots point into it */
}

int lazylib_load(struct lazylib *lib, char *err, size_t errcap)
{
    int state;
    assert(lib != NULL && lib->soname != NULL && (lib->syms != NULL || lib->nsyms == 0));
    pthread_mutex_lock(&load_lock);
    if (lib->state == 0)
        lib->state = try_load(lib) == 0 ? 1 : -1;
    state = lib->state;
    pthread_mutex_unlock(&load_lock);
    if (state < 0 && err != NULL && errcap > 0)
        snprintf(err, errcap, "%s", lib->why);
    return state > 0 ? 0 : -1;
}

int lazylib_is_mapped(const char *prefix)
{
    FILE *f = fopen("/proc/self/maps", "r");
    char line[1024];
    size_t n = strlen(prefix);
    int found = 0;
    if (f == NULL)
        return -1;
    while (!found && fgets(line, sizeof line, f) != NULL) {
        const char *slash = strrchr(line, '/');
        found = slash != NULL && strncmp(slash + 1, prefix, n) == 0;
    }
    fclose(f);
    return found;
}
