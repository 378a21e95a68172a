/* term.h: what the terminal can show (colour, width) and the ANSI styles dojo
 * uses. Depends on nothing but libc. Colour follows https://no-color.org:
 * off when NO_COLOR is set (to anything non-empty), when TERM is "dumb", or
 * when the stream is not a terminal, unless --color says otherwise. */
#ifndef DOJO_TERM_H
#define DOJO_TERM_H

#include <stdio.h>

/* ANSI SGR sequences. Each is a static string; print them only when
 * term_color() said yes, and always close with TERM_RESET. */
#define TERM_RESET "\033[0m"
#define TERM_BOLD "\033[1m"
#define TERM_DIM "\033[2m"
#define TERM_ITALIC "\033[3m"
#define TERM_UNDERLINE "\033[4m"
#define TERM_RED "\033[31m"
#define TERM_GREEN "\033[32m"
#define TERM_YELLOW "\033[33m"
#define TERM_BLUE "\033[34m"
#define TERM_MAGENTA "\033[35m"
#define TERM_CYAN "\033[36m"

/* --color=auto|always|never: auto (the default) decides per stream as
 * term_color says; always and never override it, NO_COLOR included (a
 * command-line flag beats the environment, as no-color.org asks). */
enum term_color_mode { TERM_COLOR_AUTO, TERM_COLOR_ALWAYS, TERM_COLOR_NEVER };

/* term_set_color_mode: the process-wide switch term_color obeys (main.c
 * sets it from --color). Can't fail. */
void term_set_color_mode(enum term_color_mode m);

/* term_parse_color_mode: "auto", "always" or "never" into *out. Returns
 * 0, or -1 for anything else (*out untouched). */
int term_parse_color_mode(const char *s, enum term_color_mode *out);

/* term_color: 1 if styled output should be written to `f`, else 0. With
 * --color=always 1 and --color=never 0; otherwise reads NO_COLOR and TERM
 * and asks isatty(fileno(f)). Can't fail. */
int term_color(FILE *f);

/* term_width: the width of the terminal on `f` in columns, or 80 when `f` is
 * not a terminal or the width can't be read. Honors COLUMNS when set. Never
 * returns less than 20. */
int term_width(FILE *f);

/* term_height: the height of the terminal on `f` in rows: LINES when set,
 * else the terminal's, else 24. Never less than 1. */
int term_height(FILE *f);

/* term_style: returns `sgr` when `on` is non-zero, else "". The result is a
 * static string; handy for printf("%s...%s", term_style(c, TERM_BOLD),
 * term_style(c, TERM_RESET)). */
const char *term_style(int on, const char *sgr);

#endif
