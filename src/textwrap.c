/* textwrap.c: greedy filling of plain text to a width (see textwrap.h). */
#include "textwrap.h"

#include <string.h>

/* columns: the display columns of s[0..n): UTF-8 code points (continuation
 * bytes 10xxxxxx do not count), ANSI SGR sequences (ESC [ ... m) none. */
static int columns(const char *s, size_t n)
{
    int c = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\033' && i + 1 < n && s[i + 1] == '[') {
            i += 2;
            while (i < n && s[i] != 'm')
                i++;
            continue;
        }
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    }
    return c;
}

int textwrap_print(FILE *out, const char *text, int width, const char *first, const char *rest)
{
    const char *p = text ? text : "";
    const char *prefix = first ? first : "";
    int lines = 0, col, at_start = 1;
    if (width < 20)
        width = 20;
    fputs(prefix, out);
    col = columns(prefix, strlen(prefix));
    for (;;) {
        size_t n;
        int w;
        /* Spaces between words; a newline ends the line, two a paragraph. */
        while (*p == ' ' || *p == '\t' || *p == '\r')
            p++;
        if (*p == '\n') {
            int breaks = 0;
            while (*p == '\n' || *p == ' ' || *p == '\t' || *p == '\r')
                breaks += *p++ == '\n';
            if (*p == '\0')
                break;
            fputc('\n', out);
            lines++;
            if (breaks > 1) {
                fputc('\n', out);
                lines++;
            }
            prefix = rest ? rest : "";
            fputs(prefix, out);
            col = columns(prefix, strlen(prefix));
            at_start = 1;
            continue;
        }
        if (*p == '\0')
            break;
        n = strcspn(p, " \t\r\n");
        w = columns(p, n);
        if (!at_start && col + 1 + w > width) {
            fputc('\n', out);
            lines++;
            prefix = rest ? rest : "";
            fputs(prefix, out);
            col = columns(prefix, strlen(prefix));
            at_start = 1;
        }
        if (!at_start) {
            fputc(' ', out);
            col++;
        }
        /* A word wider than a whole line is cut at the width. */
        while (col + w > width && w > width - col && width - col > 0 && at_start && w > 1) {
            size_t cut = 0;
            int cc = 0;
            while (cut < n && cc < width - col) {
                cut++;
                while (cut < n && ((unsigned char)p[cut] & 0xC0) == 0x80)
                    cut++;
                cc++;
            }
            fwrite(p, 1, cut, out);
            fputc('\n', out);
            lines++;
            p += cut;
            n -= cut;
            w -= cc;
            prefix = rest ? rest : "";
            fputs(prefix, out);
            col = columns(prefix, strlen(prefix));
        }
        fwrite(p, 1, n, out);
        col += w;
        p += n;
        at_start = 0;
    }
    fputc('\n', out);
    return lines + 1;
}
