/* term.c: terminal capabilities (colour on/off, width) for every renderer.
 * Depends on libc and POSIX ioctl only. */
#include "term.h"

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

static enum term_color_mode color_mode = TERM_COLOR_AUTO; /* --color */

void term_set_color_mode(enum term_color_mode m)
{
    color_mode = m;
}

int term_parse_color_mode(const char *s, enum term_color_mode *out)
{
    static const char *const names[] = {"auto", "always", "never"};
    for (int i = 0; i < 3; i++)
        if (strcmp(s, names[i]) == 0) {
            *out = (enum term_color_mode)i;
            return 0;
        }
    return -1;
}

int term_color(FILE *f)
{
    const char *no = getenv("NO_COLOR");
    const char *term = getenv("TERM");
    if (color_mode != TERM_COLOR_AUTO)
        return color_mode == TERM_COLOR_ALWAYS;
    if (no != NULL && no[0] != '\0')
        return 0;
    if (term != NULL && strcmp(term, "dumb") == 0)
        return 0;
    return isatty(fileno(f)) ? 1 : 0;
}

int term_width(FILE *f)
{
    struct winsize ws;
    const char *cols = getenv("COLUMNS");
    int w = 80;
    if (cols != NULL && atoi(cols) > 0)
        w = atoi(cols);
    else if (isatty(fileno(f)) && ioctl(fileno(f), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        w = ws.ws_col;
    return w < 20 ? 20 : w;
}

const char *term_style(int on, const char *sgr)
{
    return on ? sgr : "";
}

int term_height(FILE *f)
{
    struct winsize ws;
    const char *lines = getenv("LINES");
    if (lines != NULL && atoi(lines) > 0)
        return atoi(lines);
    if (isatty(fileno(f)) && ioctl(fileno(f), TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0)
        return ws.ws_row;
    return 24;
}
