/* pack.h: packs. A pack is a folder holding lessons/ and katas/ in dojo's
 * layout and, optionally, a pack.lua manifest (name, version, authors,
 * description, path). dojo reads the built-in pack and each folder of
 * $DOJO_PATH, and keeps one catalogue of every pack's katas and lessons,
 * with the ids dojo shows (bare, or `pack/id` when two packs clash) and
 * stores (bare for the built-in pack, `pack/id` for the others).
 * pack.c reads one pack, packset.c the catalogue. Depends on Lua 5.4
 * (through kata.h's manifest runner) and util.h.
 *
 * Ownership: a struct pack owns its strings (pack_free); a struct pack_set
 * owns its packs and items (pack_set_free). Pointers into a set (items,
 * packs) live until pack_set_free. */
#ifndef DOJO_PACK_H
#define DOJO_PACK_H

#include <stddef.h>
#include <stdio.h>

#define PACK_MAX_AUTHORS 64
#define PACK_MAX_PATH 256

struct pack {
    char *name;        /* [a-z0-9-]+: pack.lua's `name`, else from the folder's name */
    char *version;     /* pack.lua's `version`, or NULL */
    char *description; /* pack.lua's `description`, or NULL */
    char **authors;    /* pack.lua's `authors` (nauthors strings) */
    int nauthors;
    char **path;       /* pack.lua's `path`: concept or lesson names in the
                          order of the curriculum (npath strings) */
    int npath;
    char *root;        /* the folder holding lessons/ and katas/ */
    char *manifest;    /* root/pack.lua, or NULL when the pack has none */
    int builtin;       /* 1 for the built-in pack (first in a set) */
    int nkatas, nlessons; /* counted by pack_set_open */
};

/* One kata or lesson of a pack, as the catalogue knows it. */
struct pack_item {
    const struct pack *pack;
    char *name;      /* kata: its folder's name ("limiter"); lesson: its
                        file's name without .md ("01-closures") */
    char *concept;   /* kata: its concept folder; lesson: the name after "NN-" */
    char *path;      /* kata: its folder; lesson: its .md file */
    char *qualified; /* "pack/name" for a kata, "pack/concept" for a lesson */
    char *key;       /* the id progress stores: kata: name (built-in pack) or
                        qualified; lesson: its file name ("01-closures.md"),
                        with "pack/" in front outside the built-in pack */
    char *shown;     /* what lists show: name (kata) or concept (lesson),
                        or qualified when another pack has the same one */
};

struct pack_set {
    struct pack *packs; /* the built-in pack first, then DOJO_PATH's order */
    int npacks;
    struct pack_item *katas; /* every pack's katas: pack by pack, each in
                                its path's order (then by lesson number) */
    int nkatas;
    struct pack_item *lessons; /* every pack's lessons, in the same order */
    int nlessons;
};

/* pack_load: reads the pack at folder `root`: its pack.lua when there is
 * one (run as kata.lua is: text only, an empty environment, no libraries,
 * 16 MiB, about 1 s), else a pack named after the folder (lower-cased,
 * other characters than a-z, 0-9 and '-' made '-'). Returns 0 with *out
 * filled (free with pack_free); 1 when `root` is no pack (not a folder, or
 * no pack.lua, katas/ or lessons/ in it), with the reason in err; -1 with
 * "ROOT/pack.lua:LINE: message" in err (capacity errcap) for a bad
 * manifest: a syntax error, not a table, a missing name, a name not
 * [a-z0-9-]+, a field of the wrong type, an unknown field, a path entry
 * naming no lesson or concept of the pack. *out is zeroed on failure. */
int pack_load(const char *root, struct pack *out, char *err, size_t errcap);

/* pack_load_text: pack_load's manifest checks on the text[0..len) of a
 * pack.lua said to be `file` (for messages), in a pack at `root` (for
 * path entries; NULL skips that check). Same returns, never 1. */
int pack_load_text(const char *file, const char *root, const char *text, size_t len,
                   struct pack *out, char *err, size_t errcap);

/* pack_folder_name: the name a folder without pack.lua gets: its last
 * component, lower-cased, every byte outside [a-z0-9-] made '-', cut to 64
 * bytes ("pack" when nothing is left). Malloc'ed; NULL out of memory. */
char *pack_folder_name(const char *root);

/* pack_is_lesson_file: 1 when file name f is a lesson's, "NN-name.md"
 * (digits, '-', a non-empty name, ".md": lesson.c's rule), else 0. */
int pack_is_lesson_file(const char *f);

/* pack_free: frees what a pack owns and zeroes it. NULL is allowed. */
void pack_free(struct pack *p);

/* pack_set_open: the built-in pack at `builtin` (a folder), then every
 * folder of `dojo_path` (colon-separated, as $DOJO_PATH; NULL or empty for
 * none; empty entries are ignored), and the catalogue of their katas and
 * lessons. A DOJO_PATH folder that is missing, is no pack, is the same
 * folder as an earlier pack or takes an earlier pack's name gets one line
 * on `warn` ("dojo: DOJO_PATH: FOLDER: why; skipped"; NULL: silent) and is
 * left out. Returns 0 with *s filled (free with pack_set_free), or -1 with
 * one line in err (a bad pack.lua: "FILE:LINE: message"; out of memory);
 * *s is then empty. */
int pack_set_open(struct pack_set *s, const char *builtin, const char *dojo_path, FILE *warn,
                  char *err, size_t errcap);

/* pack_set_free: frees a set made by pack_set_open and zeroes it. */
void pack_set_free(struct pack_set *s);

/* pack_find_kata / pack_find_lesson: the item `id` names: "pack/name"
 * always (a lesson: "pack/" and any lesson name below); a bare name when
 * exactly one pack has it. A lesson answers to its concept ("closures"),
 * its file name with or without .md, or its number ("1"). Returns the item
 * (owned by the set), or NULL with one line in err: no such item (with the
 * names known), or a bare name two packs have ("kata 'x' is in more than
 * one pack: dojo/x, extra/x"). */
const struct pack_item *pack_find_kata(const struct pack_set *s, const char *id, char *err,
                                       size_t errcap);
const struct pack_item *pack_find_lesson(const struct pack_set *s, const char *name, char *err,
                                         size_t errcap);

/* pack_kata_at: the kata of the set whose folder is `dir` (compared after
 * realpath), or NULL when it is none of them. */
const struct pack_item *pack_kata_at(const struct pack_set *s, const char *dir);

/* pack_kata_load: kata_load of the item's folder, with the kata's id set to
 * the item's key (bare in the built-in pack, "pack/id" elsewhere: the id
 * progress, the work folder and the C reference lookup use; the module name
 * still comes from the folder). 0 with *out (free with kata_free), or -1
 * with kata_load's "FILE:LINE: message" in err. */
struct kata;
int pack_kata_load(const struct pack_item *it, struct kata **out, char *err, size_t errcap);

/* pack_by_name: the pack named `name`, or NULL. */
const struct pack *pack_by_name(const struct pack_set *s, const char *name);

/* The process's catalogue. app_init names the built-in pack's folder once
 * (pack_register_builtin); then kata_find and kata_list (kata.c) given that
 * same folder, kata_load, quiz_load_pack (quiz.c) and the commands share
 * one pack_set of it and $DOJO_PATH's packs, opened on first use (one line
 * on stderr per DOJO_PATH folder skipped, once) and kept until the process
 * ends. kata_find or kata_list given any other folder read that folder
 * alone (dojo validate DIR). */

/* pack_register_builtin: the built-in pack's folder (copied); a catalogue
 * already open is dropped (tests re-register). Can't fail. */
void pack_register_builtin(const char *root);

/* pack_catalogue: the process's set, opened on the first call. NULL with
 * one line in err when no folder was registered or a pack.lua is bad
 * ("FILE:LINE: message"; every later call says the same). */
const struct pack_set *pack_catalogue(char *err, size_t errcap);

/* pack_catalogue_of: 1 with *out the process's set when `root` is the
 * registered built-in folder (the same string); 0 with *out NULL when it
 * is another folder (read it alone); -1 with err as pack_catalogue. */
int pack_catalogue_of(const char *root, const struct pack_set **out, char *err, size_t errcap);

/* pack_catalogue_if_open: the process's set when it is open, else NULL;
 * never opens it (pack_kata_name uses it). */
const struct pack_set *pack_catalogue_if_open(void);

/* pack_kata_name: the name lists and completion show for the kata in
 * folder `dir`: its shown name (pack_item) when the process's catalogue is
 * open and has it, else the folder's last component. Never NULL; it points
 * into the catalogue or into dir. */
const char *pack_kata_name(const char *dir);

/* pack_kata_pack: the name of the pack holding the kata in folder `dir`
 * when the process's catalogue is open and has it outside the built-in
 * pack, else "" (never NULL; owned by the catalogue). */
const char *pack_kata_pack(const char *dir);

#endif
