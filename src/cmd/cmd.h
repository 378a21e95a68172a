/* cmd.h: dojo's command layer: one table of commands (cmd/table.c) with
 * each command's synopsis, help text and flags, the parsed command line a
 * command receives, and the entry function of every command (one file per
 * command under src/cmd/). main.c dispatches through the table; help, the
 * man page and bash completion (cmd/help.c) are generated from it.
 * Depends on app.h only; nothing below src/cmd/ includes this file. */
#ifndef DOJO_CMD_H
#define DOJO_CMD_H

#include <stddef.h>
#include <stdio.h>

#include "app.h"

#define CMD_MAX_FLAGS 24 /* flags of one command, at most */

/* One flag of a command. `metavar` NULL: a switch (no value); otherwise
 * the flag takes one value, given as `--flag VALUE` or `--flag=VALUE`, and
 * `metavar` names it in the help ("FILE", "SECONDS"). A metavar of KATA or
 * LESSON makes bash completion offer kata ids or lesson names; FILE, DIR
 * and PATH offer file names. */
struct cmd_flag {
    const char *name;    /* "--solution" */
    const char *metavar; /* "FILE", or NULL for a switch */
    const char *help;    /* one line, no final period */
};

enum cmd_group {
    CMD_LEARNER,    /* listed first by dojo help */
    CMD_INSTRUCTOR, /* grading, checking packs, CI */
    CMD_HIDDEN      /* not listed (dojo __complete) */
};

struct cmd_args;

/* One command: a row of cmd_table. `flags` ends with a {NULL} row. */
struct cmd {
    const char *name;     /* the command word */
    const char *synopsis; /* its arguments after the flags: "KATA", "[LESSON]", "PATH..." */
    const char *summary;  /* one line for dojo help */
    const char *help;     /* a paragraph for dojo CMD --help and the man page */
    const struct cmd_flag *flags;
    enum cmd_group group;
    /* the command itself: prints what the user sees and returns the exit
     * status: 0 success, 1 some test failed (check, grade, validate...),
     * 2 the command could not run, with one line on stderr. */
    int (*run)(struct app *a, const struct cmd_args *args);
    /* APP_NEEDS_* bits (app.h): the folders it needs; when one is unknown
     * (neither its variable nor HOME set) the command does not run:
     * one line, exit status 2. */
    unsigned needs;
};

/* The command line a command receives, parsed against its table row.
 * Strings point into the process's argv: valid for the whole run. */
struct cmd_args {
    const struct cmd *cmd;
    int argc;    /* positional arguments (after the flags, or after --) */
    char **argv; /* argv[0..argc-1], flags removed */
    const char *value[CMD_MAX_FLAGS]; /* per row of cmd->flags: the value,
                                         "" for a switch given, NULL absent */
};

/* cmd_table: every command, ending with a {NULL} row (cmd/table.c). */
extern const struct cmd cmd_table[];

/* cmd_find: the row of command `name`, or NULL. */
const struct cmd *cmd_find(const char *name);

/* cmd_nearest: the listed command closest to `name` when it is at most two
 * edits away (a typo: "chek"), or NULL. */
const struct cmd *cmd_nearest(const char *name);

/* cmd_parse: parses argv (the words after the command word) against c's
 * flags into *out: `--flag VALUE`, `--flag=VALUE`, a switch `--flag`,
 * `--` ends the flags, `-` alone is a positional; a flag given twice keeps
 * the last value. Sets *help when --help or -h was given (the rest is then
 * not checked). argv is reordered in place (positionals first). Returns 0,
 * or 2 after one line on stderr (unknown flag, missing value, a value given
 * to a switch). */
int cmd_parse(const struct cmd *c, int argc, char **argv, struct cmd_args *out, int *help);

/* cmd_global_flags: the flags every command takes, before or after its
 * word (--color WHEN), ending with a {NULL} row. */
extern const struct cmd_flag cmd_global_flags[];

/* cmd_global: when argv[0] is a global flag (--color WHEN or
 * --color=WHEN), applies it (term_set_color_mode) and sets *used to the
 * words it took (1 or 2); otherwise *used = 0. `cmd` names the command in
 * an error (NULL: before the command word). Returns 0, or 2 after a
 * one-line usage error. */
int cmd_global(const char *cmd, int argc, char **argv, int *used);

/* cmd_flag: the value of flag `name` ("" for a switch given), or NULL when
 * it was not given or the command has no such flag. */
const char *cmd_flag(const struct cmd_args *a, const char *name);

/* cmd_positive: when flag `name` was given, parses it as a finite number
 * > 0 into *out (`what` names the unit in the error: "seconds", "MiB").
 * Returns 0 (given and good, or absent: *out untouched), or 2 after a
 * one-line usage error. */
int cmd_positive(const struct cmd_args *a, const char *name, const char *what, double *out);

/* cmd_whole: like cmd_positive for a whole number in [lo, hi] into *out. */
int cmd_whole(const struct cmd_args *a, const char *name, long lo, long hi, long *out);

/* cmd_number: like cmd_positive for any number in [lo, hi] into *out. */
int cmd_number(const struct cmd_args *a, const char *name, double lo, double hi, double *out);

/* usage_error: prints "dojo CMD: MESSAGE (see: dojo CMD --help)" on
 * stderr and returns 2. */
int usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* cmd_positionals: checks that a command got between lo and hi positional
 * arguments (hi < 0: no upper bound); `what` names one ("a kata id").
 * Returns 0, or 2 after a usage error. */
int cmd_positionals(const struct cmd_args *a, int lo, int hi, const char *what);

/* Generated from the table (cmd/help.c). Each writes to `out`. */
void cmd_print_usage(FILE *out);                       /* dojo --help */
void cmd_print_help(const struct cmd *c, FILE *out);   /* dojo CMD --help */
void cmd_print_man(FILE *out);                         /* roff, man(7) */
void cmd_print_completion(FILE *out);                  /* a bash script */

/* The commands, one file each under src/cmd/ (named after the command). */
int cmd_learn(struct app *a, const struct cmd_args *args);
int cmd_katas(struct app *a, const struct cmd_args *args);
int cmd_start(struct app *a, const struct cmd_args *args);
int cmd_check(struct app *a, const struct cmd_args *args);
int cmd_watch(struct app *a, const struct cmd_args *args);
int cmd_hint(struct app *a, const struct cmd_args *args);
int cmd_kata(struct app *a, const struct cmd_args *args);      /* cmd/kata.c */
int cmd_next(struct app *a, const struct cmd_args *args);      /* cmd/next.c */
int cmd_edit(struct app *a, const struct cmd_args *args);      /* cmd/kata.c */
int cmd_reset(struct app *a, const struct cmd_args *args);     /* cmd/kata.c */
int cmd_reference(struct app *a, const struct cmd_args *args); /* cmd/kata.c */
int cmd_grade(struct app *a, const struct cmd_args *args);
int cmd_progress(struct app *a, const struct cmd_args *args);
int cmd_quiz(struct app *a, const struct cmd_args *args);
int cmd_validate(struct app *a, const struct cmd_args *args);
int cmd_packs(struct app *a, const struct cmd_args *args);
int cmd_new(struct app *a, const struct cmd_args *args);
int cmd_bench(struct app *a, const struct cmd_args *args);
int cmd_serve(struct app *a, const struct cmd_args *args);
int cmd_similar(struct app *a, const struct cmd_args *args);
int cmd_import(struct app *a, const struct cmd_args *args);
int cmd_help(struct app *a, const struct cmd_args *args);       /* cmd/help.c */
int cmd_completion(struct app *a, const struct cmd_args *args); /* cmd/help.c */
int cmd_complete(struct app *a, const struct cmd_args *args);   /* cmd/help.c: __complete */

#endif
