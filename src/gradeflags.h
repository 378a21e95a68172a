/* cli.h: what the grading commands (check.c, batch.c) share: their flags,
 * how flags become limits, and grading one kata file. Internal to dojo's
 * command layer. Depends on kata.h, report/report.h, spec.h. */
#ifndef DOJO_CLI_H
#define DOJO_CLI_H

#include "kata.h"
#include "report/report.h"
#include "spec.h"

/* Flags shared by check, watch and grade. Strings point into argv. */
struct grade_flags {
    enum report_format format;
    int format_set;
    double timeout;       /* seconds; 0 = the kata's or the default */
    double file_timeout;  /* --file-timeout: seconds for a whole spec file;
                             0 = the kata's or the default */
    double memory;        /* MiB; 0 = the kata's or the default */
    const char *solution; /* --solution FILE */
    int reference;        /* --reference */
    int jobs;             /* --jobs N; 0 = one per core */
    const char *kata;     /* --kata ID: the paths are folders of submissions */
    const char *output;   /* --output FILE */
    const char *summary;  /* --summary FILE (CSV) */
    int show_hidden;      /* --show-hidden */
    int tsv;              /* --format tsv (only where `allowed` lists "tsv") */
    int server;           /* --server: start the loopback fixture server */
    const char *spec;     /* --spec GLOB: the spec files of a busted-layout
                             folder (a name pattern inside it, or a path
                             pattern when it holds a '/') */
};

/* parse_flags: consumes the flags in argv, keeping the positional arguments
 * (compacted) in argv and their count in *npos. `allowed` lists the flags
 * the command takes, space-separated. Defaults the format to human on a
 * terminal, tap otherwise. Returns 0, or 2 after a one-line usage error. */
int parse_flags(const char *cmd, const char *allowed, int argc, char **argv, struct grade_flags *f,
                int *npos);

/* limits_for: the limits a job runs under: the flags first, then the kata's
 * manifest (k may be NULL), then the defaults of spec.h. */
struct spec_limits limits_for(const struct grade_flags *f, const struct kata *k);

/* grade_kata_file: grades `solution` (or, with `reference`, the compiled C
 * reference) against kata k's spec, appending cases to `run`. Returns 0, or
 * 2 after printing why it could not run. */
int grade_kata_file(const struct kata *k, const char *solution, int reference,
                    const struct grade_flags *f, struct report_run *run);

#endif
