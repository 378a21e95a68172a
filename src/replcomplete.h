/* replcomplete.h: the REPL's Tab completion (readline's attempted
 * completion function does the calling). Depends on Lua 5.4 and readline.
 * Ownership: the state and pack path given to replcomplete_setup are
 * borrowed (the pack path is copied); the array replcomplete returns is
 * readline's (rl_completion_matches: the caller frees each string and the
 * array). */
#ifndef DOJO_REPLCOMPLETE_H
#define DOJO_REPLCOMPLETE_H

#include <lua.h>

/* replcomplete_setup: the state whose names are completed and the pack
 * (holding katas/ and lessons/) whose kata and lesson names are. L may be
 * NULL (completion then offers nothing). */
void replcomplete_setup(lua_State *L, const char *pack);

/* replcomplete: the matches for the word `text`, which starts at byte
 * `start` of the input line `line`: ":commands" at the start of a line;
 * kata ids after :kata/:start/:check/:hint/:load/:edit; lesson names (the
 * NAME of lessons/NN-NAME.md) after :lesson; otherwise Lua names: session
 * locals and globals, or the fields of a.b. / a:b (string keys, then the
 * keys of each metatable's __index while it is a table; raw access only,
 * no Lua code runs), sorted bytewise. Returns a NULL-terminated array whose element 0 is
 * the common prefix (readline's convention), or NULL for no match. */
char **replcomplete(const char *line, const char *text, int start);

#endif
