/* textwrap.h: plain text filled to a terminal's width, for hints and other
 * prose dojo prints outside lessons (lessons go through cmark). Greedy
 * filling as fmt(1) and Python's textwrap do: words are never split unless
 * one alone is wider than the line; blank lines (paragraph breaks) and
 * explicit line breaks in the text are kept. Width is counted in UTF-8
 * code points, so accented letters count as one column. Depends on stdio. */
#ifndef DOJO_TEXTWRAP_H
#define DOJO_TEXTWRAP_H

#include <stdio.h>

/* textwrap_print: writes `text` to `out` filled to `width` columns (values
 * below 20 are taken as 20). The first line starts with `first` and every
 * later one with `rest` (both may be NULL: no prefix; their columns count
 * toward the width; ANSI colour sequences in them count as none). Runs of spaces and tabs between words become one
 * space. Ends with a newline. Returns the number of lines written. */
int textwrap_print(FILE *out, const char *text, int width, const char *first, const char *rest);

#endif
