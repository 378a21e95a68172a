/* pager.h: long output through a pager, as git does: text meant for a
 * terminal is collected, and when it is taller than the terminal it goes to
 * $PAGER (default "less -R", with LESS=FRX when LESS is unset), else it is
 * written straight out. Never pages when the destination is not a terminal.
 * Depends on libc, POSIX and term.h. */
#ifndef DOJO_PAGER_H
#define DOJO_PAGER_H

#include <stdio.h>

struct pager {
    FILE *dest; /* where the text ends up when it is not paged */
    FILE *mem;  /* open_memstream collecting it, NULL when writing straight */
    char *buf;  /* open_memstream's buffer (owned until pager_close) */
    size_t len;
};

/* pager_open: starts a paged output to `dest` and returns the stream to
 * write to: a memory stream when `dest` is a terminal, else `dest` itself
 * (also when memory runs out). Can't fail. */
FILE *pager_open(struct pager *p, FILE *dest);

/* pager_close: ends it. When the text was collected: it goes to the pager
 * ($PAGER run by /bin/sh -c, as git runs it) if it has at least as many
 * lines (long lines counted as they wrap) as the terminal has rows, else
 * to dest. An empty $PAGER or "cat" writes straight. Waits for the pager
 * to end; a pager quit early (SIGPIPE) is not an error. Returns 0, or -1
 * when the pager could not be started (the text is then written to dest). */
int pager_close(struct pager *p);

/* pager_lines: how many terminal rows `len` bytes of `text` take on a
 * terminal `width` columns wide (ANSI escapes take no room, a UTF-8
 * character one column). Can't fail. */
size_t pager_lines(const char *text, size_t len, int width);

#endif
