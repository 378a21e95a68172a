/* app.c: dojo's paths and the small text progress store ("key value" lines
 * in $STATE/progress). Depends on util.h. */
#include "app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static const char *home_dir(void)
{
    const char *h = getenv("HOME");
    return (h && *h) ? h : "/tmp";
}

void app_init(struct app *a)
{
    const char *pack = getenv("DOJO_PACK");
    const char *home = getenv("DOJO_HOME");
    const char *xdg = getenv("XDG_STATE_HOME");
    snprintf(a->pack, sizeof a->pack, "%s", (pack && *pack) ? pack : DOJO_SOURCE_DIR);
    if (home && *home)
        snprintf(a->home, sizeof a->home, "%s", home);
    else
        snprintf(a->home, sizeof a->home, "%s/dojo", home_dir());
    if (xdg && *xdg)
        snprintf(a->state, sizeof a->state, "%s/dojo", xdg);
    else
        snprintf(a->state, sizeof a->state, "%s/.local/state/dojo", home_dir());
}

int app_state_path(const struct app *a, const char *name, char *out, size_t cap)
{
    return util_path_join(out, cap, a->state, name);
}

int app_state_get(const struct app *a, const char *key, char *out, size_t cap)
{
    char path[4200];
    char *text, *line, *save = NULL;
    size_t klen = strlen(key);
    int found = 0;
    out[0] = '\0';
    if (app_state_path(a, "progress", path, sizeof path) != 0)
        return 0;
    text = util_read_file(path, NULL);
    if (text == NULL)
        return 0;
    for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
        if (strncmp(line, key, klen) == 0 && line[klen] == ' ') {
            snprintf(out, cap, "%s", line + klen + 1);
            found = 1;
        }
    free(text);
    return found;
}

int app_state_set(const struct app *a, const char *key, const char *value)
{
    char path[4200];
    char *text, *line, *save = NULL;
    struct sbuf b = SBUF_INIT;
    size_t klen = strlen(key);
    int rc;
    if (app_state_path(a, "progress", path, sizeof path) != 0 || util_mkdirs(a->state) != 0)
        return -1;
    text = util_read_file(path, NULL);
    for (line = text ? strtok_r(text, "\n", &save) : NULL; line; line = strtok_r(NULL, "\n", &save))
        if (!(strncmp(line, key, klen) == 0 && line[klen] == ' '))
            sbuf_printf(&b, "%s\n", line);
    sbuf_printf(&b, "%s %s\n", key, value);
    rc = util_write_file_atomic(path, sbuf_cstr(&b), b.len);
    free(text);
    sbuf_free(&b);
    return rc;
}
