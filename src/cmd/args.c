/* args.c: a command's words parsed against its row of the command table:
 * flags (--flag VALUE, --flag=VALUE, switches, -- ends them), positional
 * arguments, numbers checked with one-line usage errors (exit status 2).
 * The syntax is getopt_long's for long options (glibc's getopt(3)), without
 * abbreviations. Depends on cmd/cmd.h. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"

int usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "dojo %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, " (see: dojo %s --help)\n", cmd);
    return 2;
}

/* flag_index: the row of c's flags named name[0..n-1], or -1. */
static int flag_index(const struct cmd *c, const char *name, size_t n)
{
    for (int i = 0; c->flags[i].name; i++)
        if (strlen(c->flags[i].name) == n && strncmp(c->flags[i].name, name, n) == 0)
            return i;
    return -1;
}

int cmd_parse(const struct cmd *c, int argc, char **argv, struct cmd_args *out, int *help)
{
    char **pos = argv; /* positionals are compacted to the front */
    int npos = 0, flags_done = 0;
    memset(out, 0, sizeof *out);
    out->cmd = c;
    *help = 0;
    for (int i = 0; i < argc; i++) {
        char *arg = argv[i];
        const char *eq;
        size_t n;
        int k;
        if (flags_done || arg[0] != '-' || strcmp(arg, "-") == 0) {
            pos[npos++] = arg;
            continue;
        }
        if (strcmp(arg, "--") == 0) {
            flags_done = 1;
            continue;
        }
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            *help = 1;
            return 0;
        }
        eq = strchr(arg, '=');
        n = eq && strncmp(arg, "--", 2) == 0 ? (size_t)(eq - arg) : strlen(arg);
        if ((k = flag_index(c, arg, n)) < 0)
            return usage_error(c->name, "unknown flag '%.*s'", (int)n, arg);
        if (c->flags[k].metavar == NULL) {
            if (eq && n < strlen(arg))
                return usage_error(c->name, "%s takes no value", c->flags[k].name);
            out->value[k] = "";
        } else if (n < strlen(arg)) {
            out->value[k] = arg + n + 1;
        } else if (i + 1 < argc) {
            out->value[k] = argv[++i];
        } else {
            return usage_error(c->name, "%s needs a value (%s)", c->flags[k].name, c->flags[k].metavar);
        }
    }
    out->argc = npos;
    out->argv = argv;
    return 0;
}

const char *cmd_flag(const struct cmd_args *a, const char *name)
{
    int k = flag_index(a->cmd, name, strlen(name));
    return k < 0 ? NULL : a->value[k];
}

/* parse_number: all of `s` as a finite double into *v. 0 or -1. */
static int parse_number(const char *s, double *v)
{
    char *end;
    errno = 0;
    *v = strtod(s, &end);
    return s[0] == '\0' || *end != '\0' || errno != 0 || !isfinite(*v) ? -1 : 0;
}

int cmd_positive(const struct cmd_args *a, const char *name, const char *what, double *out)
{
    const char *s = cmd_flag(a, name);
    double v;
    if (s == NULL)
        return 0;
    if (parse_number(s, &v) != 0 || !(v > 0))
        return usage_error(a->cmd->name, "%s takes a number of %s > 0, not '%s'", name, what, s);
    *out = v;
    return 0;
}

int cmd_whole(const struct cmd_args *a, const char *name, long lo, long hi, long *out)
{
    const char *s = cmd_flag(a, name);
    double v;
    if (s == NULL)
        return 0;
    if (parse_number(s, &v) != 0 || v != floor(v) || v < (double)lo || v > (double)hi)
        return usage_error(a->cmd->name, "%s takes a whole number from %ld to %ld, not '%s'", name, lo, hi, s);
    *out = (long)v;
    return 0;
}

int cmd_number(const struct cmd_args *a, const char *name, double lo, double hi, double *out)
{
    const char *s = cmd_flag(a, name);
    double v;
    if (s == NULL)
        return 0;
    if (parse_number(s, &v) != 0 || v < lo || v > hi)
        return usage_error(a->cmd->name, "%s takes a number from %g to %g, not '%s'", name, lo, hi, s);
    *out = v;
    return 0;
}

int cmd_positionals(const struct cmd_args *a, int lo, int hi, const char *what)
{
    if (a->argc < lo)
        return usage_error(a->cmd->name, "needs %s", what);
    if (hi >= 0 && a->argc > hi) {
        if (hi == 0)
            return usage_error(a->cmd->name, "takes no arguments, got '%s'", a->argv[0]);
        return usage_error(a->cmd->name, "takes at most %d argument%s (%s), got %d", hi, hi == 1 ? "" : "s",
                           what, a->argc);
    }
    return 0;
}
