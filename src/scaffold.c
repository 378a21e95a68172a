/* scaffold.c: `dojo new`: writes a kata, a lesson or an empty pack from the
 * templates in src/templates/ (embedded at build time, gen/tpl_*.h), with
 * @ID@-style placeholders filled in. Never overwrites; a kata half written
 * when a write fails is removed again. Depends on util.h and the generated
 * template headers. */
#include "scaffold.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

#include "tpl_README_md.h"
#include "tpl_kata_lua.h"
#include "tpl_lesson_md.h"
#include "tpl_pack_lua.h"
#include "tpl_reference_c.h"
#include "tpl_spec_lua.h"
#include "tpl_starter_lua.h"

int scaffold_name_ok(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 64 || !(s[0] >= 'a' && s[0] <= 'z') || s[n - 1] == '-')
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
            return 0;
    return 1;
}

/* The placeholders of one skeleton: "@KEY@" -> value. */
struct subst {
    const char *key, *value;
};

/* fill: the template with every placeholder replaced, into b. */
static void fill(struct sbuf *b, const char *tpl, const struct subst *subs)
{
    for (const char *p = tpl; *p;) {
        const struct subst *s = NULL;
        if (*p == '@')
            for (const struct subst *t = subs; t->key && s == NULL; t++)
                if (strncmp(p, t->key, strlen(t->key)) == 0)
                    s = t;
        if (s != NULL) {
            sbuf_puts(b, s->value);
            p += strlen(s->key);
        } else {
            sbuf_add(b, p++, 1);
        }
    }
}

/* write_new: writes the filled template to dir/name, refusing to replace a
 * file. 0, or 2 after one line on stderr. */
static int write_new(const char *dir, const char *name, const char *tpl, const struct subst *subs)
{
    char path[4200];
    struct sbuf b = SBUF_INIT;
    int rc = 0;
    if (util_path_join(path, sizeof path, dir, name) != 0) {
        fprintf(stderr, "dojo new: %s/%s: path too long\n", dir, name);
        return 2;
    }
    if (access(path, F_OK) == 0) {
        fprintf(stderr, "dojo new: %s: already exists (dojo new never overwrites)\n", path);
        return 2;
    }
    fill(&b, tpl, subs);
    if (util_write_file_atomic(path, sbuf_cstr(&b), b.len) != 0) {
        fprintf(stderr, "dojo new: %s: cannot write: %s\n", path, strerror(errno));
        rc = 2;
    }
    sbuf_free(&b);
    return rc;
}

/* make_dir: mkdir that refuses an existing path. 0, or 2 after a line. */
static int make_dir(const char *path, int may_exist)
{
    if (mkdir(path, 0777) == 0 || (may_exist && errno == EEXIST && util_is_dir(path)))
        return 0;
    if (errno == EEXIST)
        fprintf(stderr, "dojo new: %s: already exists (dojo new never overwrites)\n", path);
    else
        fprintf(stderr, "dojo new: %s: cannot make the folder: %s\n", path, strerror(errno));
    return 2;
}

int scaffold_kata(const char *pack, const char *concept_name)
{
    char concept[80], id[80], module[80], cname[80], katas[4200], cdir[4300], kdir[4400];
    const char *slash = strchr(concept_name, '/');
    static const char *const names[] = {"kata.lua", "README.md", "starter.lua", "spec.lua",
                                        "reference.c", NULL};
    const char *const tpls[] = {tpl_kata_lua, tpl_README_md, tpl_starter_lua, tpl_spec_lua,
                                tpl_reference_c};
    int rc = 0;
    if (slash == NULL || (size_t)(slash - concept_name) >= sizeof concept || strlen(slash + 1) >= sizeof id) {
        fprintf(stderr, "dojo new kata: '%s': give CONCEPT/NAME, e.g. closures/counter\n", concept_name);
        return 2;
    }
    snprintf(concept, sizeof concept, "%.*s", (int)(slash - concept_name), concept_name);
    snprintf(id, sizeof id, "%s", slash + 1);
    if (!scaffold_name_ok(concept) || !scaffold_name_ok(id)) {
        fprintf(stderr, "dojo new kata: '%s': a concept and a kata name are lower-case letters, digits "
                        "and '-', starting with a letter (at most 64)\n", concept_name);
        return 2;
    }
    snprintf(module, sizeof module, "%s", id);
    for (char *p = module; *p; p++)
        if (*p == '-')
            *p = '_';
    snprintf(cname, sizeof cname, "%s", module);
    const struct subst subs[] = {{"@ID@", id}, {"@CONCEPT@", concept}, {"@MODULE@", module},
                                 {"@CNAME@", cname}, {NULL, NULL}};
    if (!util_is_dir(pack)) {
        fprintf(stderr, "dojo new kata: %s: no such pack folder (dojo new pack NAME makes one)\n", pack);
        return 2;
    }
    snprintf(katas, sizeof katas, "%s/katas", pack);
    snprintf(cdir, sizeof cdir, "%s/%s", katas, concept);
    snprintf(kdir, sizeof kdir, "%s/%s", cdir, id);
    if ((rc = make_dir(katas, 1)) || (rc = make_dir(cdir, 1)) || (rc = make_dir(kdir, 0)))
        return rc;
    for (int i = 0; names[i] && rc == 0; i++)
        rc = write_new(kdir, names[i], tpls[i], subs);
    if (rc != 0) { /* no half kata left behind: it would break validate */
        char path[4600];
        for (int i = 0; names[i]; i++)
            if (snprintf(path, sizeof path, "%s/%s", kdir, names[i]) > 0)
                unlink(path);
        rmdir(kdir);
        return rc;
    }
    printf("wrote %s: kata.lua README.md starter.lua spec.lua reference.c\n"
           "next: replace the TODOs and the example task (docs/instructors.md), then\n"
           "  dojo validate %s\n"
           "the built-in pack compiles reference.c into dojo on the next cmake --build;\n"
           "validate builds it itself until then, and for any other pack.\n",
           kdir, kdir);
    return 0;
}

/* next_lesson_number: one more than the highest NN of lessons/NN-*.md;
 * -1 with *clash set when a lesson for `name` is already there. */
static int next_lesson_number(const char *dir, const char *name, char *clash, size_t cap)
{
    struct dirent **names = NULL;
    int n = scandir(dir, &names, NULL, alphasort), top = 0;
    size_t len = strlen(name);
    for (int i = 0; i < n; i++) {
        const char *d = names[i]->d_name, *dash = strchr(d, '-');
        if (util_ends_with(d, ".md") && dash && d[0] >= '0' && d[0] <= '9') {
            int num = atoi(d);
            top = num > top ? num : top;
            if (strncmp(dash + 1, name, len) == 0 && strcmp(dash + 1 + len, ".md") == 0)
                snprintf(clash, cap, "%s", d);
        }
        free(names[i]);
    }
    free(names);
    return *clash ? -1 : top + 1;
}

/* katas_text: the lesson skeleton's list of the concept's katas already in
 * the pack (pack/katas/NAME/ID/kata.lua), one `dojo start ID` line each,
 * into b; a TODO when there is none yet. */
static void katas_text(struct sbuf *b, const char *pack, const char *name)
{
    char cdir[4200], man[4600];
    struct dirent **ids = NULL;
    int n = snprintf(cdir, sizeof cdir, "%s/katas/%s", pack, name) < (int)sizeof cdir
                ? scandir(cdir, &ids, NULL, alphasort)
                : -1;
    for (int i = 0; i < n; i++) {
        if (ids[i]->d_name[0] != '.' && scaffold_name_ok(ids[i]->d_name) &&
            snprintf(man, sizeof man, "%s/%s/kata.lua", cdir, ids[i]->d_name) < (int)sizeof man &&
            util_is_file(man))
            sbuf_printf(b, "- `dojo start %s`: TODO what it practises\n", ids[i]->d_name);
        free(ids[i]);
    }
    free(ids);
    if (b->len == 0)
        sbuf_puts(b, "TODO: the katas that practise this, each as the command `dojo start`\n"
                     "followed by its id in one code span; validate checks each id names a kata.\n");
}

int scaffold_lesson(const char *pack, const char *name)
{
    char dir[4200], file[128], clash[256] = "";
    struct sbuf katas = SBUF_INIT;
    int num, rc;
    if (!scaffold_name_ok(name)) {
        fprintf(stderr, "dojo new lesson: '%s': a lesson is named for its concept: lower-case letters, "
                        "digits and '-', starting with a letter (at most 64)\n", name);
        return 2;
    }
    if (!util_is_dir(pack)) {
        fprintf(stderr, "dojo new lesson: %s: no such pack folder (dojo new pack NAME makes one)\n", pack);
        return 2;
    }
    snprintf(dir, sizeof dir, "%s/lessons", pack);
    if ((rc = make_dir(dir, 1)) != 0)
        return rc;
    if ((num = next_lesson_number(dir, name, clash, sizeof clash)) < 0) {
        fprintf(stderr, "dojo new lesson: %s/%s: already exists (dojo new never overwrites)\n", dir, clash);
        return 2;
    }
    snprintf(file, sizeof file, "%02d-%s.md", num, name);
    katas_text(&katas, pack, name);
    {
        const struct subst subs[] = {{"@NAME@", name}, {"@KATAS@\n", sbuf_cstr(&katas)}, {NULL, NULL}};
        rc = write_new(dir, file, tpl_lesson_md, subs);
    }
    sbuf_free(&katas);
    if (rc != 0)
        return rc;
    printf("wrote %s/%s\nnext: replace the TODOs (docs/instructors.md), then\n  dojo validate %s/%s\n",
           dir, file, dir, file);
    return 0;
}

int scaffold_pack(const char *dir)
{
    char path[4200], name[80];
    const char *base;
    size_t n = strlen(dir);
    int rc;
    while (n > 1 && dir[n - 1] == '/')
        n--;
    snprintf(path, sizeof path, "%.*s", (int)n, dir);
    base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    if (strlen(base) >= sizeof name || !scaffold_name_ok(base)) {
        fprintf(stderr, "dojo new pack: '%s': a pack's name (the folder's) is lower-case letters, digits "
                        "and '-', starting with a letter (at most 64)\n", base);
        return 2;
    }
    snprintf(name, sizeof name, "%s", base);
    const struct subst subs[] = {{"@NAME@", name}, {NULL, NULL}};
    if ((rc = make_dir(path, 0)) != 0)
        return rc;
    if ((rc = write_new(path, "pack.lua", tpl_pack_lua, subs)) != 0)
        return rc;
    snprintf(path + n, sizeof path - n, "/lessons");
    if ((rc = make_dir(path, 0)) != 0)
        return rc;
    snprintf(path + n, sizeof path - n, "/katas");
    if ((rc = make_dir(path, 0)) != 0)
        return rc;
    path[n] = '\0';
    printf("wrote %s: pack.lua lessons/ katas/\n"
           "next: dojo new kata CONCEPT/NAME --pack %s, dojo new lesson CONCEPT --pack %s;\n"
           "learners use it with DOJO_PATH=%s (docs/packs.md)\n",
           path, path, path, path);
    return 0;
}
