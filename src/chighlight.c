/* chighlight.c: C source styled for a terminal (see chighlight.h). */
#include "chighlight.h"

#include <ctype.h>
#include <string.h>

#include "term.h"

static const char *const keywords[] = {
    "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else", "enum",
    "extern", "float", "for", "goto", "if", "inline", "int", "long", "register", "restrict", "return",
    "short", "signed", "sizeof", "static", "struct", "switch", "typedef", "union", "unsigned", "void",
    "volatile", "while", "_Alignas", "_Alignof", "_Atomic", "_Bool", "_Generic", "_Noreturn",
    "_Static_assert", "_Thread_local", "NULL", "size_t", "bool", "true", "false", NULL};

static int is_keyword(const char *s, size_t n)
{
    for (const char *const *k = keywords; *k; k++)
        if (strlen(*k) == n && memcmp(*k, s, n) == 0)
            return 1;
    return 0;
}

static int is_lua_api(const char *s, size_t n)
{
    return (n > 4 && memcmp(s, "lua_", 4) == 0) || (n > 5 && memcmp(s, "luaL_", 5) == 0) ||
           (n > 4 && memcmp(s, "LUA_", 4) == 0) || (n > 8 && memcmp(s, "luaopen_", 8) == 0);
}

/* Styled output state: the line numbers go in front of each line, and a
 * style open across a newline is closed before it and reopened after. */
struct out {
    FILE *f;
    int color, numbers, line;
    int need_head; /* the next byte starts a line */
};

static void line_head(struct out *o)
{
    o->need_head = 0;
    if (!o->numbers)
        return;
    fprintf(o->f, "%s%4d |%s ", term_style(o->color, TERM_DIM), o->line, term_style(o->color, TERM_RESET));
}

/* put: bytes s[0..n) in `style` (NULL: plain). */
static void put(struct out *o, const char *s, size_t n, const char *style)
{
    for (size_t i = 0; i < n; i++) {
        if (o->need_head)
            line_head(o);
        if (s[i] == '\n') {
            fputc('\n', o->f);
            o->line++;
            o->need_head = 1;
            continue;
        }
        if (o->color && style && (i == 0 || s[i - 1] == '\n'))
            fputs(style, o->f);
        fputc(s[i], o->f);
        if (o->color && style && (i + 1 == n || s[i + 1] == '\n'))
            fputs(TERM_RESET, o->f);
    }
}

/* literal_end: the end of a string or character literal starting at p
 * (its quote), at the closing quote or the line's end. */
static size_t literal_end(const char *s, size_t len, size_t p)
{
    char q = s[p];
    size_t i = p + 1;
    while (i < len && s[i] != q && s[i] != '\n') {
        if (s[i] == '\\' && i + 1 < len)
            i++;
        i++;
    }
    return i < len && s[i] == q ? i + 1 : i;
}

int chighlight_print(FILE *f, const char *s, size_t len, int color, int numbers)
{
    struct out o = {f, color, numbers, 1, 1};
    size_t i = 0;
    int line_start = 1;
    while (i < len) {
        size_t j = i;
        char c = s[i];
        if (c == '/' && i + 1 < len && s[i + 1] == '*') {
            const char *end = NULL;
            for (size_t k = i + 2; k + 1 < len; k++)
                if (s[k] == '*' && s[k + 1] == '/') {
                    end = s + k + 2;
                    break;
                }
            j = end ? (size_t)(end - s) : len;
            put(&o, s + i, j - i, TERM_DIM);
        } else if (c == '/' && i + 1 < len && s[i + 1] == '/') {
            while (j < len && s[j] != '\n')
                j++;
            put(&o, s + i, j - i, TERM_DIM);
        } else if (line_start && c == '#') {
            /* A preprocessor line, with its backslash continuations. */
            while (j < len && s[j] != '\n')
                j += s[j] == '\\' && j + 1 < len ? 2 : 1;
            put(&o, s + i, j - i, TERM_MAGENTA);
        } else if (c == '"' || c == '\'') {
            j = literal_end(s, len, i);
            put(&o, s + i, j - i, TERM_GREEN);
        } else if (isalpha((unsigned char)c) || c == '_') {
            while (j < len && (isalnum((unsigned char)s[j]) || s[j] == '_'))
                j++;
            put(&o, s + i, j - i,
                is_keyword(s + i, j - i) ? TERM_BOLD : is_lua_api(s + i, j - i) ? TERM_CYAN : NULL);
        } else if (isdigit((unsigned char)c)) {
            while (j < len && (isalnum((unsigned char)s[j]) || s[j] == '.'))
                j++;
            put(&o, s + i, j - i, TERM_YELLOW);
        } else {
            j = i + 1;
            put(&o, s + i, 1, NULL);
        }
        /* Is the next token the first of its line (spaces aside)? */
        if (s[j - 1] == '\n')
            line_start = 1;
        else if (!(c == ' ' || c == '\t'))
            line_start = 0;
        i = j;
    }
    return ferror(f) ? -1 : 0;
}
