/* help.c: what is generated from the command table (cmd/table.c): `dojo
 * --help`, `dojo help [CMD]`, `dojo CMD --help`, the man page (`dojo help
 * --man`, roff as man(7) describes), the bash completion script (`dojo
 * completion bash`) and the hidden `dojo __complete` lists it calls back.
 * Depends on cmd/cmd.h, kata.h, pack.h, util.h. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "kata.h"
#include "pack.h"
#include "util.h"

#define WRAP 78 /* columns of the help text */

static const char *const group_title[] = {"Learning", "Teaching and grading", NULL};

/* wrap: writes `text` and a newline to out, the cursor being at column
 * `col`, breaking lines before `width` columns and indenting the next ones
 * by `indent` spaces (a word longer than a line stays whole). */
static void wrap(FILE *out, const char *text, int col, int indent, int width)
{
    int fresh = 1; /* no word of text on this line yet */
    while (*text) {
        size_t n = strcspn(text, " ");
        if (!fresh && col + 1 + (int)n > width) {
            col = fprintf(out, "\n%*s", indent, "") - 1;
            fresh = 1;
        }
        col += fprintf(out, "%s%.*s", fresh ? "" : " ", (int)n, text);
        fresh = 0;
        text += n;
        while (*text == ' ')
            text++;
    }
    fputc('\n', out);
}

/* flag_label: "--flag METAVAR" into buf. */
static const char *flag_label(const struct cmd_flag *f, char *buf, size_t cap)
{
    snprintf(buf, cap, "%s%s%s", f->name, f->metavar ? " " : "", f->metavar ? f->metavar : "");
    return buf;
}

void cmd_print_usage(FILE *out)
{
    char head[128];
    fprintf(out, "usage: dojo [COMMAND] [FLAGS] [ARGS]   (dojo help COMMAND: its flags)\n");
    for (int g = CMD_LEARNER; g <= CMD_INSTRUCTOR; g++) {
        fprintf(out, "\n%s:\n", group_title[g]);
        for (const struct cmd *c = cmd_table; c->name; c++) {
            if ((int)c->group != g)
                continue;
            snprintf(head, sizeof head, "%s %s", c->name, c->synopsis);
            if (strlen(head) > 20)
                fprintf(out, "  dojo %s\n  %25s %s\n", head, "", c->summary);
            else
                fprintf(out, "  dojo %-20s %s\n", head, c->summary);
        }
    }
    fprintf(out, "\nRunning Lua:\n"
                 "  dojo                      the REPL: try Lua, read lessons, check katas\n"
                 "  dojo -e CHUNK             run CHUNK, printing its values as the REPL does\n"
                 "  dojo FILE.lua [ARGS]      run a file (its values printed, arg as in lua)\n"
                 "  ... | dojo                run Lua from stdin, line by line\n"
                 "  dojo --version            the version of dojo and of Lua\n"
                 "\nEvery command takes --help, and --color WHEN (auto, always or never; before\n"
                 "or after the command word). NO_COLOR=1 turns colour off unless --color says\n"
                 "otherwise. Files: $DOJO_HOME (your solutions, default ~/dojo), $XDG_DATA_HOME\n"
                 "(progress), $XDG_STATE_HOME (REPL history), $DOJO_PACK (lessons and katas).\n");
}

void cmd_print_help(const struct cmd *c, FILE *out)
{
    char label[128];
    int width = 0;
    fprintf(out, "usage: dojo %s [FLAGS]%s%s\n\n", c->name, c->synopsis[0] ? " " : "", c->synopsis);
    wrap(out, c->summary, 0, 0, WRAP);
    fputc('\n', out);
    wrap(out, c->help, 0, 0, WRAP);
    for (const struct cmd_flag *f = c->flags; f->name; f++) {
        int n = (int)strlen(flag_label(f, label, sizeof label));
        width = n > width ? n : width;
    }
    width = width < 12 ? 12 : width;
    fprintf(out, "\nFlags:\n");
    for (const struct cmd_flag *f = c->flags; f->name; f++)
        wrap(out, f->help, fprintf(out, "  %-*s  ", width, flag_label(f, label, sizeof label)), width + 4, WRAP);
    for (const struct cmd_flag *f = cmd_global_flags; f->name; f++)
        wrap(out, f->help, fprintf(out, "  %-*s  ", width, flag_label(f, label, sizeof label)), width + 4, WRAP);
    fprintf(out, "  %-*s  %s\n", width, "-h, --help", "this help");
}

/* roff: `s` escaped for roff text: backslash (\e), the dashes of an
 * option such as --help (\-: a hyphen inside a word such as busted-layout
 * stays one), and a leading . or ' (\&). */
static void roff(FILE *out, const char *s)
{
    const char *start = s;
    if (*s == '.' || *s == '\'')
        fputs("\\&", out);
    for (; *s; s++) {
        if (*s == '\\')
            fputs("\\e", out);
        else if (*s == '-' && (s == start || strchr(" ([-", s[-1]) != NULL))
            fputs("\\-", out);
        else
            fputc(*s, out);
    }
}

void cmd_print_man(FILE *out)
{
    char label[128];
    fprintf(out, ".TH DOJO 1 \"\" \"dojo %s\" \"User Commands\"\n", DOJO_VERSION);
    fprintf(out, ".SH NAME\ndojo \\- a terminal dojo for advanced programming patterns, in Lua\n");
    fprintf(out, ".SH SYNOPSIS\n.B dojo\n.RI [ COMMAND ] \" \" [ FLAGS ] \" \" [ ARGS ]\n.br\n"
                 ".B dojo \\-e\n.I CHUNK\n.br\n.B dojo\n.IR FILE .lua\n");
    fprintf(out, ".SH DESCRIPTION\ndojo teaches closures, decorators, generators, context managers, "
                 "interfaces, properties and async through lessons, a Lua REPL, katas graded against "
                 "busted specs, C reference implementations and spaced-repetition quizzes. Without a "
                 "command it opens the REPL (or, when stdin is not a terminal, runs the Lua read "
                 "from it).\n");
    for (int g = CMD_LEARNER; g <= CMD_INSTRUCTOR; g++) {
        fprintf(out, ".SH \"%s COMMANDS\"\n", g == CMD_LEARNER ? "LEARNING" : "TEACHING AND GRADING");
        for (const struct cmd *c = cmd_table; c->name; c++) {
            if ((int)c->group != g)
                continue;
            fprintf(out, ".TP\n.B dojo ");
            roff(out, c->name);
            if (c->synopsis[0]) {
                fputs("\n.I ", out);
                roff(out, c->synopsis);
            }
            fputc('\n', out);
            roff(out, c->help);
            fputc('\n', out);
            for (const struct cmd_flag *f = c->flags; f->name; f++) {
                fputs(".RS\n.TP\n.B ", out);
                roff(out, flag_label(f, label, sizeof label));
                fputc('\n', out);
                roff(out, f->help);
                fputs(".\n.RE\n", out);
            }
        }
    }
    fprintf(out, ".SH \"FLAGS OF EVERY COMMAND\"\n");
    for (const struct cmd_flag *f = cmd_global_flags; f->name; f++) {
        fputs(".TP\n.B ", out);
        roff(out, flag_label(f, label, sizeof label));
        fputc('\n', out);
        roff(out, f->help);
        fputs(".\n", out);
    }
    fputs(".TP\n.B \\-h, \\-\\-help\nthe command's help.\n", out);
    fprintf(out, ".SH ENVIRONMENT\n"
                 ".TP\n.B DOJO_HOME\nthe work folder where katas are started (default ~/dojo)\n"
                 ".TP\n.B DOJO_PACK\nthe pack of lessons and katas to use\n"
                 ".TP\n.B DOJO_PATH\nmore packs, a colon\\-separated list of folders (see dojo packs)\n"
                 ".TP\n.B DOJO_DB\nthe progress database (off: record nothing)\n"
                 ".TP\n.B XDG_DATA_HOME, XDG_STATE_HOME\nwhere progress and REPL history are kept\n"
                 ".TP\n.B NO_COLOR\nwhen set and not empty, no colour (https://no\\-color.org)\n"
                 ".TP\n.B PAGER\nthe pager for long lessons (default less \\-R)\n"
                 ".TP\n.B VISUAL, EDITOR\nthe editor of :edit\n");
    fprintf(out, ".SH EXIT STATUS\n0 success (every test passed); 1 some test failed; 2 the command "
                 "could not run (bad usage, a missing or malformed file), with one line on stderr.\n");
    fprintf(out, ".SH SEE ALSO\n.BR lua (1),\n.BR busted (1)\n");
}

/* words: the names of c's flags, space-separated, into out. */
static void flag_words(const struct cmd *c, FILE *out)
{
    for (const struct cmd_flag *f = c->flags; f->name; f++)
        fprintf(out, "%s ", f->name);
    for (const struct cmd_flag *f = cmd_global_flags; f->name; f++)
        fprintf(out, "%s ", f->name);
    fputs("--help", out);
}

/* kind: what completes a word named `meta` (a metavar or a synopsis). */
static const char *kind(const char *meta)
{
    if (meta == NULL)
        return "none";
    if (strstr(meta, "KATA"))
        return "katas";
    if (strstr(meta, "LESSON") || strstr(meta, "CONCEPT")) /* a concept is named after its lesson */
        return "lessons";
    if (strstr(meta, "COMMAND"))
        return "commands";
    if (strcmp(meta, "bash") == 0)
        return "bash";
    if (strstr(meta, "FILE") || strstr(meta, "DIR") || strstr(meta, "PATH") || strstr(meta, "GLOB") ||
        strstr(meta, "SUBMISSIONS"))
        return "files";
    return "none";
}

void cmd_print_completion(FILE *out)
{
    fputs("# bash completion for dojo, generated by `dojo completion bash` from dojo's command\n"
          "# table. Install: dojo completion bash > ~/.local/share/bash-completion/completions/dojo\n"
          "_dojo_words() { # KIND: candidates for the current word\n"
          "    local dojo=${COMP_WORDS[0]}\n"
          "    case $1 in\n"
          "    katas | lessons | commands) COMPREPLY=($(compgen -W \"$(\"$dojo\" __complete $1 2>/dev/null)\""
          " -- \"$cur\")) ;;\n"
          "    bash) COMPREPLY=($(compgen -W bash -- \"$cur\")) ;;\n"
          "    files) COMPREPLY=($(compgen -f -- \"$cur\")) ;;\n"
          "    *) COMPREPLY=() ;;\n"
          "    esac\n"
          "}\n"
          "_dojo() {\n"
          "    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} cmd= i\n"
          "    for ((i = 1; i < COMP_CWORD; i++)); do\n"
          "        case ${COMP_WORDS[i]} in --color) ((i++)) ;; -*) ;; *) cmd=${COMP_WORDS[i]}; break ;; esac\n"
          "    done\n"
          "    if [[ $prev == --color ]]; then\n"
          "        COMPREPLY=($(compgen -W \"auto always never\" -- \"$cur\"))\n"
          "        return\n"
          "    fi\n"
          "    if [[ -z $cmd ]]; then\n"
          "        [[ $prev == -e ]] && { COMPREPLY=(); return; }\n"
          "        COMPREPLY=($(compgen -W \"",
          out);
    for (const struct cmd *c = cmd_table; c->name; c++)
        if (c->group != CMD_HIDDEN)
            fprintf(out, "%s ", c->name);
    fputs("--help --version --color -e\" -- \"$cur\"))\n"
          "        return\n"
          "    fi\n"
          "    case \"$cmd $prev\" in\n",
          out);
    for (const struct cmd *c = cmd_table; c->name; c++)
        for (const struct cmd_flag *f = c->flags; c->group != CMD_HIDDEN && f->name; f++)
            if (f->metavar)
                fprintf(out, "    \"%s %s\") _dojo_words %s; return ;;\n", c->name, f->name, kind(f->metavar));
    fputs("    esac\n"
          "    if [[ $cur == -* ]]; then\n"
          "        case $cmd in\n",
          out);
    for (const struct cmd *c = cmd_table; c->name; c++) {
        if (c->group == CMD_HIDDEN)
            continue;
        fprintf(out, "        %s) COMPREPLY=($(compgen -W \"", c->name);
        flag_words(c, out);
        fputs("\" -- \"$cur\")) ;;\n", out);
    }
    fputs("        esac\n"
          "        return\n"
          "    fi\n"
          "    case $cmd in\n",
          out);
    for (const struct cmd *c = cmd_table; c->name; c++)
        if (c->group != CMD_HIDDEN)
            fprintf(out, "    %s) _dojo_words %s ;;\n", c->name, kind(c->synopsis));
    fputs("    *) COMPREPLY=($(compgen -f -- \"$cur\")) ;;\n"
          "    esac\n"
          "}\n"
          "complete -F _dojo dojo\n",
          out);
}

int cmd_help(struct app *a, const struct cmd_args *args)
{
    const struct cmd *c;
    int rc = cmd_positionals(args, 0, 1, "one command name");
    (void)a;
    if (rc != 0)
        return rc;
    if (cmd_flag(args, "--man")) {
        cmd_print_man(stdout);
        return 0;
    }
    if (args->argc == 0) {
        cmd_print_usage(stdout);
        return 0;
    }
    if ((c = cmd_find(args->argv[0])) == NULL)
        return usage_error("help", "unknown command '%s'", args->argv[0]);
    cmd_print_help(c, stdout);
    return 0;
}

int cmd_completion(struct app *a, const struct cmd_args *args)
{
    int rc = cmd_positionals(args, 1, 1, "a shell name (bash)");
    (void)a;
    if (rc != 0)
        return rc;
    if (strcmp(args->argv[0], "bash") != 0)
        return usage_error("completion", "knows bash only, not '%s'", args->argv[0]);
    cmd_print_completion(stdout);
    return 0;
}

static void print_kata_id(const char *dir, void *ud)
{
    (void)ud;
    printf("%s\n", pack_kata_name(dir)); /* pack/id when two packs have the id */
}

/* print_lessons: the names of pack/lessons/NN-NAME.md, as NAME, sorted. */
static void print_lessons(const char *pack)
{
    char dir[4200];
    struct dirent **names = NULL;
    const struct pack_set *packs;
    int n;
    if (pack_catalogue_of(pack, &packs, dir, sizeof dir) == 1) { /* every pack's */
        for (int i = 0; i < packs->nlessons; i++)
            printf("%s\n", packs->lessons[i].shown);
        return;
    }
    if (util_path_join(dir, sizeof dir, pack, "lessons") != 0 || (n = scandir(dir, &names, NULL, alphasort)) < 0)
        return;
    for (int i = 0; i < n; i++) {
        const char *name = names[i]->d_name, *dash = strchr(name, '-');
        if (dash && util_ends_with(name, ".md"))
            printf("%.*s\n", (int)(strlen(dash + 1) - 3), dash + 1);
        free(names[i]);
    }
    free(names);
}

int cmd_complete(struct app *a, const struct cmd_args *args)
{
    const char *what = args->argc ? args->argv[0] : "";
    if (strcmp(what, "commands") == 0 && args->argc == 1) {
        for (const struct cmd *c = cmd_table; c->name; c++)
            if (c->group != CMD_HIDDEN)
                printf("%s\n", c->name);
    } else if (strcmp(what, "flags") == 0 && args->argc == 2) {
        const struct cmd *c = cmd_find(args->argv[1]);
        if (c == NULL)
            return usage_error("__complete", "unknown command '%s'", args->argv[1]);
        for (const struct cmd_flag *f = c->flags; f->name; f++)
            printf("%s\n", f->name);
    } else if (strcmp(what, "katas") == 0 && args->argc == 1) {
        kata_list(a->pack, print_kata_id, NULL);
    } else if (strcmp(what, "lessons") == 0 && args->argc == 1) {
        print_lessons(a->pack);
    } else if (strcmp(what, "pack-root") == 0 && args->argc == 1) {
        printf("%s\n", a->pack);
    } else {
        return usage_error("__complete", "wants commands, flags CMD, katas, lessons or pack-root");
    }
    return 0;
}
