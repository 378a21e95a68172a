/* scaffold.h: `dojo new kata CONCEPT/NAME`, `dojo new lesson NAME` and
 * `dojo new pack NAME`: skeletons that validate as written, their TODOs
 * marked in the text. `dojo new` (cmd/new.c) calls them. Depends on
 * nothing but the C library. */
#ifndef DOJO_SCAFFOLD_H
#define DOJO_SCAFFOLD_H

/* scaffold_name_ok: 1 when s is a kata, concept, lesson or pack name: 1 to
 * 64 bytes of lower-case letters, digits and '-', starting with a letter,
 * not ending with '-'. Else 0. */
int scaffold_name_ok(const char *s);

/* scaffold_kata: writes pack/katas/CONCEPT/NAME/ (kata.lua, README.md,
 * starter.lua, spec.lua, reference.c) for `concept_name` "CONCEPT/NAME".
 * Never overwrites: an existing folder is an error. Returns 0, or 2 after
 * one line on stderr (a bad name, the folder exists, a write failed; a
 * half-written folder is removed). */
int scaffold_kata(const char *pack, const char *concept_name);

/* scaffold_lesson: writes pack/lessons/NN-NAME.md, NN one more than the
 * highest lesson number there (01 for the first): a lesson with a runnable
 * block, a block marked failing, a `dojo start ID` line for each kata the
 * pack already has in katas/NAME/, and six quiz questions. 0, or 2 as above
 * (a lesson for NAME already there is an error). */
int scaffold_lesson(const char *pack, const char *name);

/* scaffold_pack: makes folder `dir` (its last component is the pack's
 * name) with pack.lua, lessons/ and katas/. 0, or 2 as above (the folder
 * exists). */
int scaffold_pack(const char *dir);

#endif
