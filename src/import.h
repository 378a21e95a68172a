/* import.h: `dojo import busted`: an exercise in Exercism's Lua-track layout
 * (NAME.lua, NAME_spec.lua, .meta/example.lua, .meta/config.json, .docs/)
 * becomes a dojo kata with a Lua reference (manifest `reference = "lua"`).
 * The engine only: the command's flags live in the command layer.
 * Depends on util.h, kata.h, lazylib.h and libjansson (loaded on first use). */
#ifndef DOJO_IMPORT_H
#define DOJO_IMPORT_H

#include <stddef.h>

/* What to import and where. Strings are the caller's. */
struct import_opts {
    const char *src;     /* the exercise folder (Exercism layout) */
    const char *concept; /* the kata's concept: katas/<concept>/ */
    const char *pack;    /* the pack folder (holds katas/ or pack.lua) */
    const char *id;      /* the kata id; NULL: the exercise's folder name */
    int force;           /* non-zero: replace a kata already at the destination */
};

/* What an import wrote, for the command's report. */
struct import_result {
    char dir[4700];   /* the kata folder written */
    char id[128];     /* the kata id */
    char module[128]; /* the module the spec requires (a Lua name) */
    int rewrote;      /* the spec's require of the solution was rewritten */
    int copied;       /* editor and helper files copied beside the spec */
    int todo_hint;    /* the manifest's only hint is a TODO (no .docs/hints.md) */
    int difficulty;   /* 1..5 from the track's config.json, 0 when unknown */
};

/* import_busted: writes katas/<concept>/<id>/ in o->pack: kata.lua (title
 * from the track's config.json or the slug, concept, difficulty when the
 * track's config.json gives one (Exercism's 1..10 halved, rounded up; else
 * 1 with a TODO comment), summary from the blurb, module = the solution's
 * module name with '-' as '_', reference = "lua", hints from
 * .docs/hints.md or one marked TODO), README.md (.docs/introduction.md,
 * instructions.md, instructions.append.md, in that order), starter.lua
 * (the solution stub), spec.lua (the test file, its require of the
 * solution rewritten when the module name changed), reference.lua (the
 * example or exemplar), and every `editor` file of the config plus any
 * other top-level .lua file (helpers) under its own name. The kata is
 * written into a temporary folder beside the destination and renamed into
 * place, so a failed import leaves nothing behind; an existing kata is
 * replaced only with o->force. Returns 0 and fills *res; on failure -1 with
 * one line in `err` naming the file at fault ("PATH:LINE: message" for a
 * malformed config.json). */
int import_busted(const struct import_opts *o, struct import_result *res, char *err, size_t errcap);

/* import_find_pack: the pack `dir` stands in: `dir` itself when it holds
 * katas/ or pack.lua. Writes it into out (capacity cap) and returns 0, or
 * -1 when `dir` is not a pack (the command then asks for --pack). */
int import_find_pack(const char *dir, char *out, size_t cap);

#endif
