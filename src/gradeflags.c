/* gradeflags.c: the grading commands' shared flags (struct grade_flags)
 * read from a parsed command line, the limits they give a job, and grading
 * one kata file in a child process (grade.h). Depends on cmd/cmd.h,
 * grade.h, kata.h, report/report.h, spec.h, util.h. */
#include "gradeflags.h"

#include <libgen.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "refbuild.h"
#include "util.h"

int grade_flags_read(const struct cmd_args *args, unsigned opts, struct grade_flags *f)
{
    const char *cmd = args->cmd->name, *fmt = cmd_flag(args, "--format");
    long jobs = 0;
    int rc, tsv_ok = (opts & GRADE_FLAGS_TSV) != 0;
    memset(f, 0, sizeof *f);
    if ((rc = cmd_positive(args, "--timeout", "seconds", &f->timeout)) != 0 ||
        (rc = cmd_positive(args, "--file-timeout", "seconds", &f->file_timeout)) != 0 ||
        (rc = cmd_positive(args, "--memory", "MiB", &f->memory)) != 0 ||
        (rc = cmd_whole(args, "--jobs", 1, 4096, &jobs)) != 0)
        return rc;
    f->jobs = (int)jobs;
    if (fmt) {
        if (tsv_ok && strcmp(fmt, "tsv") == 0)
            f->tsv = 1;
        else if (report_parse_format(fmt, &f->format) != 0)
            return usage_error(cmd, "unknown format '%s' (human, tap, junit, json, gradescope, exercism%s)", fmt,
                               tsv_ok ? ", tsv" : "");
        f->format_set = 1;
    }
    f->solution = cmd_flag(args, "--solution");
    f->reference = cmd_flag(args, "--reference") != NULL;
    f->kata = cmd_flag(args, "--kata");
    f->output = cmd_flag(args, "--output");
    f->summary = cmd_flag(args, "--summary");
    f->show_hidden = cmd_flag(args, "--show-hidden") != NULL;
    f->server = cmd_flag(args, "--server") != NULL;
    f->spec = cmd_flag(args, "--spec");
    if (!f->format_set)
        f->format = (opts & GRADE_FLAGS_PIPED_TAP) && !isatty(1) ? REPORT_TAP : REPORT_HUMAN;
    return 0;
}

struct spec_limits limits_for(const struct grade_flags *f, const struct kata *k)
{
    struct spec_limits l;
    double mib = f->memory > 0 ? f->memory : (k && k->memory > 0 ? k->memory : SPEC_DEFAULT_MEMORY_MIB);
    l.timeout = f->timeout > 0 ? f->timeout : (k && k->timeout > 0 ? k->timeout : SPEC_DEFAULT_TIMEOUT);
    l.file_timeout = f->file_timeout > 0                ? f->file_timeout
                     : k && k->file_timeout > 0         ? k->file_timeout
                                                        : spec_default_file_timeout(l.timeout);
    l.memory = (size_t)(mib * 1024 * 1024);
    l.output = SPEC_DEFAULT_OUTPUT;
    return l;
}

int grade_kata_file_watched(const struct kata *k, const char *solution, int reference,
                            const struct grade_flags *f, struct report_run *run,
                            const struct grade_watch *w)
{
    int rc;
    char spec[4200], dir[4200], err[512], shown[300], ref[4200];
    struct spec_job job;
    memset(&job, 0, sizeof job);
    util_path_join(spec, sizeof spec, k->dir, "spec.lua");
    job.spec_path = spec;
    snprintf(shown, sizeof shown, "%s/spec.lua", k->id); /* never the kata's absolute path */
    job.spec_name = shown;
    job.module = k->module;
    job.limits = limits_for(f, k);
    job.server = k->server || f->server;
    if (reference && kata_reference_file(k, ref, sizeof ref) != 0) {
        /* `reference = "lua"`: reference.lua is graded as a solution. */
        job.solution_dir = k->dir;
        job.solution_file = ref;
        if (!util_is_file(ref)) {
            fprintf(stderr, "dojo: %s/reference.lua: no such file (the manifest says reference = \"lua\")\n",
                    k->dir);
            return 2;
        }
    } else if (reference) {
        int built, line;
        job.reference = refbuild_reference(k, &built, &line, err, sizeof err);
        job.solution_dir = k->dir;
        if (job.reference == NULL) {
            fprintf(stderr, "dojo: %s/reference.c:%d: cannot build it: %s\n", k->dir, line, err);
            return 2;
        }
    } else {
        snprintf(dir, sizeof dir, "%s", solution);
        job.solution_dir = dirname(dir);
        job.solution_file = solution;
        job.given_dir = k->dir; /* the kata's editor files, if the folder lacks them */
        job.given = k->editor;
        job.ngiven = k->neditor;
    }
    if ((rc = grade_spec_watched(&job, run, w, err, sizeof err)) < 0) {
        fprintf(stderr, "dojo: %s\n", err);
        return 2;
    }
    kata_score(k, run);
    return rc;
}

int grade_kata_file(const struct kata *k, const char *solution, int reference,
                    const struct grade_flags *f, struct report_run *run)
{
    return grade_kata_file_watched(k, solution, reference, f, run, NULL);
}
