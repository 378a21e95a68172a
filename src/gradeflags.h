/* gradeflags.h: what the grading commands (check, watch, grade, bench)
 * share: their flags read from a parsed command line, how flags become
 * limits, and grading one kata file. Depends on kata.h, grade.h,
 * report/report.h and spec.h; struct cmd_args is cmd/cmd.h's. */
#ifndef DOJO_GRADEFLAGS_H
#define DOJO_GRADEFLAGS_H

#include "grade.h"
#include "kata.h"
#include "report/report.h"
#include "spec.h"

struct cmd_args;

/* Flags shared by check, watch, grade and bench. Strings point into argv. */
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
    int tsv;              /* --format tsv (only when grade_flags_read is told so) */
    int server;           /* --server: start the loopback fixture server */
    const char *spec;     /* --spec GLOB: the spec files of a busted-layout
                             folder (a name pattern inside it, or a path
                             pattern when it holds a '/') */
};

/* grade_flags_read: fills *f (zeroed first) from whichever of the flags
 * above args's command has, checking numbers and formats. `tsv_ok`: accept
 * --format tsv (bench). Defaults the format to human on a terminal, tap
 * otherwise. Returns 0, or 2 after a one-line usage error. */
int grade_flags_read(const struct cmd_args *args, int tsv_ok, struct grade_flags *f);

/* limits_for: the limits a job runs under: the flags first, then the kata's
 * manifest (k may be NULL), then the defaults of spec.h. */
struct spec_limits limits_for(const struct grade_flags *f, const struct kata *k);

/* grade_kata_file: grades `solution` (or, with `reference`, the compiled C
 * reference) against kata k's spec, appending cases to `run`. Returns 0, or
 * 2 after printing why it could not run. */
int grade_kata_file(const struct kata *k, const char *solution, int reference,
                    const struct grade_flags *f, struct report_run *run);

/* grade_kata_file_watched: grade_kata_file where `w` (may be NULL) sees
 * each test start and end and may stop the run: returns 1 then. */
int grade_kata_file_watched(const struct kata *k, const char *solution, int reference,
                            const struct grade_flags *f, struct report_run *run,
                            const struct grade_watch *w);

#endif
