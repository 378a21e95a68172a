/* importcmd.c: `dojo import busted DIR --concept C [--pack DIR] [--id ID]
 * [--force]`: the command around import.c's engine: its flags, where the
 * pack is, and what it tells the instructor. Exit 0 imported, 2 it could
 * not (one line on stderr naming the file). Depends on app.h, commands.h,
 * import.h. */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "import.h"

/* import_flags: reads argv into o (DIR into o->src). 0, or 2 after a
 * usage error. */
static int import_flags(int argc, char **argv, struct import_opts *o)
{
    int npos = 0;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        const char **slot = strcmp(arg, "--concept") == 0 ? &o->concept
                            : strcmp(arg, "--pack") == 0  ? &o->pack
                            : strcmp(arg, "--id") == 0    ? &o->id
                                                          : NULL;
        if (strcmp(arg, "--force") == 0) {
            o->force = 1;
        } else if (slot) {
            if (i + 1 >= argc || argv[i + 1][0] == '\0')
                return usage_error("import", "flag '%s' needs a value", arg);
            *slot = argv[++i];
        } else if (arg[0] == '-' && arg[1] != '\0') {
            return usage_error("import", "unknown flag '%s'", arg);
        } else if (npos++ == 0) {
            o->src = arg;
        } else {
            return usage_error("import", "takes one exercise folder, got '%s' as well", arg);
        }
    }
    if (o->src == NULL)
        return usage_error("import", "needs the exercise folder: dojo import busted DIR --concept C");
    if (o->concept == NULL)
        return usage_error("import", "needs --concept C: the concept the kata teaches (katas/C/)");
    return 0;
}

int cmd_import(struct app *a, int argc, char **argv)
{
    struct import_opts o;
    struct import_result res;
    char pack[4096], err[1200];
    int rc;
    (void)a;
    memset(&o, 0, sizeof o);
    if (argc < 1 || strcmp(argv[0], "busted") != 0)
        return usage_error("import", "knows one kind of exercise: dojo import busted DIR --concept C");
    if ((rc = import_flags(argc, argv, &o)) != 0)
        return rc;
    if (o.pack == NULL) {
        if (import_find_pack(".", pack, sizeof pack) != 0) {
            fprintf(stderr, "dojo: .: not a pack (no katas/ or pack.lua here): pass --pack DIR\n");
            return 2;
        }
        o.pack = pack;
    } else if (import_find_pack(o.pack, pack, sizeof pack) != 0) {
        fprintf(stderr, "dojo: %s: not a pack (no katas/ or pack.lua in it)\n", o.pack);
        return 2;
    }
    if (import_busted(&o, &res, err, sizeof err) != 0) {
        fprintf(stderr, "dojo: %s\n", err);
        return 2;
    }
    printf("imported %s as kata %s: %s\n", o.src, res.id, res.dir);
    printf("  module %s%s; reference.lua is its reference (reference = \"lua\")\n", res.module,
           res.rewrote ? " (the spec's require of the solution was rewritten to it)" : "");
    if (res.copied)
        printf("  %d editor or helper file%s copied beside the spec\n", res.copied, res.copied == 1 ? "" : "s");
    if (res.todo_hint || res.difficulty == 0)
        printf("  TODO in kata.lua: %s%s%s\n", res.difficulty ? "" : "difficulty",
               res.todo_hint && !res.difficulty ? ", " : "", res.todo_hint ? "hints" : "");
    printf("next: dojo validate %s\n", o.pack);
    return 0;
}
