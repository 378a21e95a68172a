/* table.c: the table of dojo's commands: for each its name, arguments,
 * summary, help paragraph, flags, group and function. main.c dispatches
 * through it; `dojo help`, `dojo CMD --help`, the man page and the bash
 * completion are generated from it (cmd/help.c). Depends on cmd/cmd.h.
 *
 * ADDING A COMMAND (one new file + one table entry):
 *  1. Write src/cmd/NAME.c with a comment at the top and
 *       int cmd_NAME(struct app *a, const struct cmd_args *args)
 *     Its positional arguments are args->argc/args->argv (flags removed);
 *     read a flag with cmd_flag(args, "--flag") (NULL absent, "" for a
 *     switch given), numbers with cmd_positive/cmd_whole/cmd_number, check
 *     the count with cmd_positionals; report bad usage with usage_error()
 *     (one line, returns 2). --help, unknown flags and missing values are
 *     handled before cmd_NAME runs.
 *  2. Declare it in cmd/cmd.h, add its flags array and one row below (in
 *     the order `dojo help` should list it; its last field says which
 *     folders it needs: APP_NEEDS_WORK/DATA/STATE, or 0 / left out), and
 *     add the file to CMakeLists.txt (dojocore). Help, man page and
 *     completion follow (a metavar or synopsis word KATA or LESSON completes
 *     kata ids or lesson names). tests/integration/help.sh then checks its
 *     --help lists every flag, and that README.md's Commands table has a
 *     row `dojo NAME ...` naming each of them. */
#include "cmd/cmd.h"

#include <string.h>

#define END {NULL, NULL, NULL}

/* Shared by the grading commands (gradeflags.h reads them). */
#define F_TIMEOUT {"--timeout", "SECONDS", "time limit of each test (default: the kata's, else 5 seconds)"}
#define F_FILE_TIMEOUT                                                                               \
    {"--file-timeout", "SECONDS", "time limit of a whole spec file (default: the kata's, else scaled from --timeout)"}
#define F_MEMORY {"--memory", "MIB", "memory limit of the Lua heap, in MiB (default: the kata's, else 256)"}
#define F_SOLUTION {"--solution", "FILE", "grade FILE instead of your file in the work folder"}

static const struct cmd_flag no_flags[] = {END};

static const struct cmd_flag check_flags[] = {
    F_SOLUTION,
    {"--reference", NULL, "grade the kata's reference instead: C, or reference.lua for an imported kata (records nothing)"},
    {"--format", "FORMAT", "human, tap, junit, json, gradescope or exercism (default: human on a terminal, else tap)"},
    F_TIMEOUT,
    F_FILE_TIMEOUT,
    F_MEMORY,
    END};

static const struct cmd_flag watch_flags[] = {F_SOLUTION, F_TIMEOUT, F_FILE_TIMEOUT, F_MEMORY, END};

static const struct cmd_flag start_flags[] = {
    {"--edit", NULL, "then open the file in $VISUAL or $EDITOR"}, END};

static const struct cmd_flag hint_flags[] = {
    {"--all", NULL, "every hint seen so far, again"}, END};

static const struct cmd_flag reset_flags[] = {
    {"--yes", NULL, "do not ask first (the old file is still kept as a backup)"}, END};

static const struct cmd_flag grade_flags_table[] = {
    {"--format", "FORMAT", "human, tap, junit, json, gradescope or exercism (default: human on a terminal, else tap)"},
    {"--jobs", "N", "grade N spec files at once (default: one per core)"},
    F_TIMEOUT,
    F_FILE_TIMEOUT,
    F_MEMORY,
    {"--reference", NULL, "grade each kata's reference (C, or reference.lua for an imported kata)"},
    {"--kata", "KATA", "the PATHs are folders of submissions of kata KATA"},
    {"--spec", "GLOB", "the spec files of a busted-layout folder (a name pattern, or a path pattern with '/')"},
    {"--output", "FILE", "write the report to FILE instead of stdout"},
    {"--summary", "FILE", "also write one CSV line per submission to FILE"},
    {"--show-hidden", NULL, "show the names and messages of hidden tests"},
    {"--server", NULL, "start the loopback HTTP fixture server for the specs"},
    {"--roster", "CSV", "with --kata: name submissions from CSV (folder or file name, student); list who sent none"},
    {"--per-student", "DIR", "also write each submission's own report, in --format, into DIR"},
    {"--html", "FILE", "also write the instructor's class page (histogram, hardest tests, verdict grid) to FILE"},
    {"--submission-timeout", "SECONDS", "time limit of a whole submission, all its spec files together"},
    {"--cache", "DIR", "with --kata: keep results in DIR; a regrade skips unchanged submissions"},
    END};

static const struct cmd_flag learn_flags[] = {
    {"--html", "FILE", "write the lesson to FILE as a self-contained web page (for an LMS) instead"},
    END};

static const struct cmd_flag progress_flags[] = {
    {"--format", "FORMAT", "human or json"},
    {"--html", "FILE", "write a self-contained HTML page to FILE"},
    END};

static const struct cmd_flag quiz_flags[] = {
    {"--all", NULL, "every question, due or not (practice: the schedule is unchanged)"}, END};

static const struct cmd_flag bench_flags[] = {
    F_SOLUTION,
    {"--format", "FORMAT", "human or tsv"},
    {"--timeout", "SECONDS", "time limit of each case (default 60)"},
    F_MEMORY,
    END};

static const struct cmd_flag serve_flags[] = {
    {"--port", "N", "listen on port N of 127.0.0.1 (0: any free port)"}, END};

static const struct cmd_flag validate_flags[] = {
    {"--format", "FORMAT", "human (one line per check) or json (one object: checks and totals)"},
    END};

static const struct cmd_flag new_flags[] = {
    {"--pack", "DIR", "the pack to write into (default: the one dojo uses)"},
    END};

static const struct cmd_flag similar_flags[] = {
    {"--kata", "KATA", "discount the structure of kata KATA's starter"},
    {"--starter", "FILE", "discount the structure of FILE"},
    {"--top", "N", "show the N most similar pairs (0: every pair; default 20)"},
    {"--threshold", "X", "flag pairs at or above similarity X, from 0 to 1 (default 0.5)"},
    {"--format", "FORMAT", "human, json or csv"},
    END};

static const struct cmd_flag import_flags[] = {
    {"--concept", "CONCEPT", "the concept the kata teaches: it goes in katas/CONCEPT/ (required)"},
    {"--pack", "DIR", "the pack to write into (default: the current folder, when it holds katas/ or pack.lua)"},
    {"--id", "ID", "the kata id (default: the exercise folder's name)"},
    {"--force", NULL, "replace a kata already at katas/CONCEPT/ID"},
    END};
static const struct cmd_flag packs_flags[] = {{"--format", "FORMAT", "human or json"}, END};

static const struct cmd_flag help_flags[] = {{"--man", NULL, "print the man page (roff)"}, END};

/* A row may end at its function: `needs` is then 0 (no folder needed), so
 * rows written before that field existed still compile under -Wextra. */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

const struct cmd cmd_table[] = {
    {"learn", "[LESSON]", "read a lesson, then try it in the REPL",
     "Renders lesson LESSON (a name such as closures, or a number; default: the last one read, "
     "else the first) in the terminal, through $PAGER when it is longer than the screen, then "
     "opens the REPL where :run N runs the lesson's code blocks. With --html FILE, writes the "
     "lesson as one HTML page (inline CSS, Lua highlighted, quiz answers folded) and opens nothing.",
     learn_flags, CMD_LEARNER, cmd_learn, APP_NEEDS_DATA},
    {"katas", "", "the katas by concept, with your progress",
     "Lists every kata of the pack, grouped by concept in the order of the lessons, with its "
     "difficulty and whether you have started or passed it.",
     no_flags, CMD_LEARNER, cmd_katas, APP_NEEDS_DATA},
    {"kata", "KATA", "read a kata's task",
     "Prints kata KATA's task (its README), through $PAGER when it is longer than the screen, "
     "and how to start or check it.",
     no_flags, CMD_LEARNER, cmd_kata, APP_NEEDS_WORK | APP_NEEDS_DATA},
    {"next", "", "go on with whatever comes next",
     "Takes the next step on the path: reads the next lesson, starts the next kata (printing "
     "its task), or says which started kata to finish; once every kata is passed, the quiz.",
     no_flags, CMD_LEARNER, cmd_next, APP_NEEDS_WORK | APP_NEEDS_DATA},
    {"start", "KATA", "copy a kata's starter and task into your work folder",
     "Copies kata KATA's starter.lua and README.md to your work folder ($DOJO_HOME/KATA/) and "
     "prints the file's path. A file already there is kept as it is. With --edit, opens it.",
     start_flags, CMD_LEARNER, cmd_start, APP_NEEDS_WORK | APP_NEEDS_DATA},
    {"edit", "[KATA]", "open your solution in your editor",
     "Opens your file of kata KATA (default: the kata you started last) in $VISUAL, else "
     "$EDITOR, else vi.",
     no_flags, CMD_LEARNER, cmd_edit, APP_NEEDS_WORK | APP_NEEDS_DATA},
    {"check", "[KATA]", "grade your solution and record your progress",
     "Runs kata KATA's (default: the kata you started last) spec against your file in the work folder (or --solution FILE, or the C "
     "reference), shows each test's verdict as it ends and records the attempt. Exit status: "
     "0 all passed, 1 some test failed, 2 the check could not run.",
     check_flags, CMD_LEARNER, cmd_check, 0 /* by its flags: cmd/check.c */},
    {"watch", "[KATA]", "check again on every save",
     "Checks kata KATA (default: the kata you started last), then again every time your file "
     "is saved (inotify; editors that save by renaming too), until q or Ctrl-C. A save during "
     "a run starts the run again. Keys: h hint, n next kata, r run again, e editor, q quit.",
     watch_flags, CMD_LEARNER, cmd_watch, 0 /* by its flags: cmd/watch.c */},
    {"hint", "[KATA] [N]", "the next hint, one level at a time",
     "Prints kata KATA's (default: the kata you started last) next hint, from a nudge to "
     "nearly the answer, and remembers how many you have seen; hint N shows that one again.",
     hint_flags, CMD_LEARNER, cmd_hint, APP_NEEDS_DATA},
    {"reset", "KATA", "put a kata's starter back (keeping your file)",
     "Replaces your file of kata KATA with its starter, after asking; your file is kept beside "
     "it as FILE.YYYYMMDD-HHMMSS.bak.",
     reset_flags, CMD_LEARNER, cmd_reset, APP_NEEDS_WORK | APP_NEEDS_DATA},
    {"reference", "KATA", "the kata's C reference, once you passed it",
     "Shows how kata KATA works underneath: its C reference implementation (upvalues, "
     "coroutines, metatables...), highlighted. Only once the kata has passed.",
     no_flags, CMD_LEARNER, cmd_reference, APP_NEEDS_DATA},
    {"quiz", "[CONCEPT]", "the mastery questions that are due",
     "Asks the recall and predict-the-output questions that are due (of CONCEPT, or of every "
     "concept), and schedules each one again by how well you answered (FSRS).",
     quiz_flags, CMD_LEARNER, cmd_quiz, APP_NEEDS_DATA},
    {"progress", "", "where you stand, per concept",
     "Shows, per concept, the lesson read, the katas passed and the questions known, and what "
     "to do next.",
     progress_flags, CMD_LEARNER, cmd_progress, APP_NEEDS_DATA},
    {"bench", "KATA", "your solution's speed against the C reference",
     "Runs kata KATA's bench.lua against your solution and against the C reference, and "
     "prints the median wall time and peak Lua memory of each case.",
     bench_flags, CMD_LEARNER, cmd_bench, 0 /* by its flags: cmd/bench.c */},
    {"grade", "PATH...", "grade submissions in batch, for CI; records nothing",
     "Grades each PATH: a kata id, a kata folder, a folder in the busted layout (*_spec.lua "
     "files beside the modules they require), or with --kata KATA a folder of submissions "
     "(sub-folders, <student>_<module>.lua files, a zip per student; see docs/class-grading.md). "
     "Exit status: 0 all passed, 1 some test failed, 2 grading could not run.",
     grade_flags_table, CMD_INSTRUCTOR, cmd_grade},
    {"validate", "[PACK|CONCEPT-DIR|KATA|LESSON.md]", "check a pack, a concept, one kata or one lesson",
     "Checks only the target (default: the pack dojo uses): a pack folder, its katas/ folder, a "
     "concept folder (katas/CONCEPT), a kata folder or id, or a lesson file. Katas: the manifest "
     "(fields, types, unknown fields), hints, files, the reference passing its spec (a reference.c "
     "outside the built-in pack is compiled with cc into ~/.cache/dojo), the starter failing it "
     "and passing no test not named in starter_passes. Lessons: code blocks run (or fail as "
     "marked), mentions of katas resolve, quiz answers hold. Each fault names FILE:LINE. Exit "
     "status: 0 clean, 1 something failed, 2 could not run. Guide: docs/instructors.md.",
     validate_flags, CMD_INSTRUCTOR, cmd_validate},
    {"new", "kata CONCEPT/NAME | lesson NAME | pack DIR", "scaffold a kata, a lesson or a pack",
     "Writes a skeleton that validates as written, its TODOs marked: a kata (kata.lua, README.md, "
     "starter.lua, spec.lua, reference.c) in PACK/katas/CONCEPT/NAME, a lesson with six quiz "
     "questions in PACK/lessons/NN-NAME.md, or an empty pack (pack.lua, lessons/, katas/) in DIR. "
     "Never overwrites; a bad name is one line and exit status 2. Guide: docs/instructors.md.",
     new_flags, CMD_INSTRUCTOR, cmd_new},
    {"import", "busted DIR", "an Exercism/busted exercise becomes a kata",
     "Turns DIR, an exercise in Exercism's Lua-track layout (NAME.lua, NAME_spec.lua, "
     ".meta/example.lua, .meta/config.json, .docs/), into the kata katas/CONCEPT/ID/ of a pack: "
     "the stub becomes the starter, the spec the kata's spec, the example its reference "
     "(reference.lua, marked reference = \"lua\" in the manifest), the docs its README; what "
     "the import could not know is marked TODO. See docs/import.md.",
     import_flags, CMD_INSTRUCTOR, cmd_import},
    {"packs", "", "the packs of lessons and katas dojo reads",
     "Lists the packs dojo reads: the built-in one, then each folder of $DOJO_PATH (colon-separated), "
     "with each pack's name, version, folder and how many lessons and katas it has (docs/packs.md). "
     "A kata or lesson that two packs have is named PACK/ID.",
     packs_flags, CMD_INSTRUCTOR, cmd_packs},
    {"similar", "SUBMISSIONS", "pairs of submissions alike in structure",
     "Ranks the pairs of submissions in folder SUBMISSIONS by shared structure (token "
     "fingerprints, starter code discounted). Exit status 1 when a pair reaches the threshold.",
     similar_flags, CMD_INSTRUCTOR, cmd_similar},
    {"serve", "", "the loopback HTTP server the async katas use",
     "Starts the fixture server the async katas' specs talk to, on 127.0.0.1, and logs each "
     "request until Ctrl-C.",
     serve_flags, CMD_INSTRUCTOR, cmd_serve},
    {"help", "[COMMAND]", "this list, or a command's help",
     "Prints the list of commands, or the help of COMMAND with every flag it takes; with "
     "--man, the man page in roff.",
     help_flags, CMD_LEARNER, cmd_help},
    {"completion", "bash", "print the bash completion script",
     "Prints a bash completion script for dojo: commands, each command's flags, kata ids and "
     "lesson names. Try it with: source <(dojo completion bash)",
     no_flags, CMD_INSTRUCTOR, cmd_completion},
    {"__complete", "commands|flags CMD|katas|lessons|pack-root", "(for the completion script)",
     "Prints one word per line: the command names, a command's flags, the kata ids or the "
     "lesson names; or the pack folder in use.",
     no_flags, CMD_HIDDEN, cmd_complete},
    {NULL, NULL, NULL, NULL, NULL, CMD_HIDDEN, NULL}};

/* edits: the Levenshtein distance between a and b, or 99 when either is
 * longer than 31 bytes (no command is). */
static int edits(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    int d[32][32];
    if (n > 31 || m > 31)
        return 99;
    for (size_t i = 0; i <= n; i++)
        d[i][0] = (int)i;
    for (size_t j = 0; j <= m; j++)
        d[0][j] = (int)j;
    for (size_t i = 1; i <= n; i++)
        for (size_t j = 1; j <= m; j++) {
            int sub = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            int del = d[i - 1][j] + 1, ins = d[i][j - 1] + 1;
            d[i][j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
        }
    return d[n][m];
}

const struct cmd *cmd_nearest(const char *name)
{
    const struct cmd *best = NULL;
    int least = 3;
    for (const struct cmd *c = cmd_table; c->name; c++) {
        int e = c->group == CMD_HIDDEN ? 99 : edits(name, c->name);
        if (e < least) {
            least = e;
            best = c;
        }
    }
    return best;
}

const struct cmd *cmd_find(const char *name)
{
    for (const struct cmd *c = cmd_table; c->name; c++)
        if (strcmp(c->name, name) == 0)
            return c;
    return NULL;
}
