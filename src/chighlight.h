/* chighlight.h: C source coloured for a terminal, for `dojo reference`
 * (a kata's C reference implementation). A small lexer in the spirit of
 * source-highlight's C language definition: comments, string and character
 * literals, preprocessor lines, keywords of C11, numbers, and the Lua C
 * API's names (lua_*, luaL_*, LUA_*) so the learner sees where C talks to
 * Lua. Anything it does not recognise is printed as it is, so the text is
 * never altered, only styled. Depends on term.h. */
#ifndef DOJO_CHIGHLIGHT_H
#define DOJO_CHIGHLIGHT_H

#include <stddef.h>
#include <stdio.h>

/* chighlight_print: writes the `len` bytes of C source `src` to `out`, with
 * ANSI styles when `color` is non-zero (exactly the bytes of src when it is
 * zero). When `numbers` is non-zero every line starts with its number,
 * right-aligned, and a bar. Returns 0, or -1 when writing failed. */
int chighlight_print(FILE *out, const char *src, size_t len, int color, int numbers);

#endif
