/* new.c: `dojo new kata CONCEPT/NAME | lesson NAME | pack DIR [--pack DIR]`:
 * skeletons that validate as written (scaffold.h does the writing).
 * Depends on cmd/cmd.h, scaffold.h. */
#include <string.h>

#include "cmd/cmd.h"
#include "scaffold.h"

int cmd_new(struct app *a, const struct cmd_args *args)
{
    const char *pack = cmd_flag(args, "--pack"), *kind, *name;
    int rc = cmd_positionals(args, 2, 2, "a kind (kata, lesson or pack) and a name");
    if (rc != 0)
        return rc;
    kind = args->argv[0];
    name = args->argv[1];
    if (pack == NULL || *pack == '\0')
        pack = a->pack;
    if (strcmp(kind, "kata") == 0)
        return scaffold_kata(pack, name);
    if (strcmp(kind, "lesson") == 0)
        return scaffold_lesson(pack, name);
    if (strcmp(kind, "pack") == 0) {
        if (cmd_flag(args, "--pack"))
            return usage_error("new", "new pack takes the new pack's folder, not --pack");
        return scaffold_pack(name);
    }
    return usage_error("new", "unknown kind '%s' (kata, lesson or pack)", kind);
}
