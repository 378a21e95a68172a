/* cmd/import.c: `dojo import busted DIR --concept C [--pack DIR] [--id ID]
 * [--force]`: the command around import.c's engine: where the pack is,
 * and what it tells the instructor. Exit 0 imported, 2 it could not (one
 * line on stderr naming the file). Depends on cmd/cmd.h, import.h. */
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "import.h"

/* say_done: what was written and what is left to do. */
static void say_done(const struct import_opts *o, const struct import_result *res)
{
    printf("imported %s as kata %s: %s\n", o->src, res->id, res->dir);
    printf("  module %s%s; reference.lua is its reference (reference = \"lua\")\n", res->module,
           res->rewrote ? " (the spec's require of the solution was rewritten to it)" : "");
    if (res->copied)
        printf("  %d editor or helper file%s copied beside the spec\n", res->copied,
               res->copied == 1 ? "" : "s");
    if (res->todo_hint || res->difficulty == 0)
        printf("  TODO in kata.lua: %s%s%s\n", res->difficulty ? "" : "difficulty",
               res->todo_hint && !res->difficulty ? ", " : "", res->todo_hint ? "hints" : "");
    printf("next: dojo validate %s\n", o->pack);
}

int cmd_import(struct app *a, const struct cmd_args *args)
{
    struct import_opts o;
    struct import_result res;
    char pack[4096], err[1200];
    int rc;
    (void)a;
    memset(&o, 0, sizeof o);
    if (args->argc < 1 || strcmp(args->argv[0], "busted") != 0)
        return usage_error("import", "knows one kind of exercise: dojo import busted DIR --concept C");
    if ((rc = cmd_positionals(args, 2, 2, "the word busted and an exercise folder")) != 0)
        return rc;
    o.src = args->argv[1];
    o.concept = cmd_flag(args, "--concept");
    o.pack = cmd_flag(args, "--pack");
    o.id = cmd_flag(args, "--id");
    o.force = cmd_flag(args, "--force") != NULL;
    if (o.concept == NULL || o.concept[0] == '\0')
        return usage_error("import", "needs --concept C: the concept the kata teaches (katas/C/)");
    if (o.id && o.id[0] == '\0')
        return usage_error("import", "--id needs a kata id");
    if (o.pack == NULL || o.pack[0] == '\0') {
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
    say_done(&o, &res);
    return 0;
}
