/* learnerops.c: the learner's way through the pack, shared by the shell
 * commands and the REPL: the kata list in path order with statuses, what
 * comes next, putting a starter back, the C reference once a kata passes
 * (as rustlings keeps its solutions until an exercise is done), and the
 * editor. Declared in learner.h. Depends on app.h, chighlight.h,
 * curriculum.h, kata.h, pager.h, term.h, util.h. */
#include "learner.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "chighlight.h"
#include "curriculum.h"
#include "kata.h"
#include "pack.h"
#include "pager.h"
#include "progress.h"
#include "term.h"
#include "util.h"

const char *learner_say(const struct app *a, char *buf, size_t cap, const char *verb, const char *id)
{
    snprintf(buf, cap, "%s%s%s%s", a->repl ? ":" : "dojo ", verb, id && *id ? " " : "", id ? id : "");
    return buf;
}

/* status_style: the colour of a status word. */
static const char *status_style(int color, int status)
{
    static const char *const styles[] = {TERM_DIM, TERM_YELLOW, TERM_RED, TERM_GREEN};
    return term_style(color, styles[status >= 0 && status <= 3 ? status : 0]);
}

/* fit: `text` cut at a word boundary to at most `cols` bytes, with "..."
 * when cut, into buf (capacity cap); returned. */
static const char *fit(const char *text, int cols, char *buf, size_t cap)
{
    size_t n = strlen(text);
    if (cols < 12)
        cols = 12;
    if (n <= (size_t)cols) {
        snprintf(buf, cap, "%s", text);
        return buf;
    }
    n = (size_t)cols - 3;
    while (n > 8 && text[n] != ' ')
        n--;
    snprintf(buf, cap, "%.*s...", (int)n, text);
    return buf;
}

int learner_list_katas(struct app *a)
{
    struct curriculum c;
    char err[1024], say[300];
    const char *concept = "", *pack = "";
    const struct curriculum_kata *next;
    int color = term_color(stdout), width = term_width(stdout);
    struct pager pg;
    FILE *out;
    if (curriculum_load(a, &c, err, sizeof err) != 0) {
        fprintf(stderr, "dojo: %s\n", err);
        return 2;
    }
    out = pager_open(&pg, stdout);
    for (size_t i = 0; i < c.n; i++) {
        const struct curriculum_kata *k = &c.katas[i];
        char stars[8], cut[200];
        int room;
        if (strcmp(concept, k->concept) != 0 || strcmp(pack, k->pack) != 0) {
            concept = k->concept;
            pack = k->pack;
            /* A concept from another pack than the built-in one names it. */
            fprintf(out, "%s%s%s%s%s%s%s\n", i ? "\n" : "", term_style(color, TERM_BOLD), concept,
                    term_style(color, TERM_RESET), *pack ? "  (pack " : "", pack, *pack ? ")" : "");
        }
        if (k->broken) {
            fprintf(out, "  %sbroken%s   %s\n", term_style(color, TERM_RED), term_style(color, TERM_RESET),
                    k->title);
            continue;
        }
        /* Difficulty as five marks: ##... is 2 of 5. */
        for (int d = 0; d < 5; d++)
            stars[d] = d < k->difficulty ? '#' : '.';
        stars[5] = '\0';
        char hints[32] = "";
        if (k->hints_seen > 0)
            snprintf(hints, sizeof hints, "hints %d/%d  ", k->hints_seen > k->nhints ? k->nhints : k->hints_seen,
                     k->nhints);
        room = width - 2 - 8 - 1 - 22 - 1 - 6 - 1 - (int)strlen(hints);
        fprintf(out, "  %s%-8s%s %-22s %s %s%s\n", status_style(color, k->status),
                curriculum_status_name(k->status), term_style(color, TERM_RESET), pack_kata_name(k->dir), stars, hints,
                fit(k->title, room, cut, sizeof cut));
    }
    fprintf(out, "\n%zu/%zu katas passed.\n", c.passed, c.n); /* Next on its own line: 80 columns */
    next = curriculum_next(&c, NULL);
    if (next)
        fprintf(out, "Next: %s%s%s (%s)\n", term_style(color, TERM_CYAN),
                learner_say(a, say, sizeof say, next->status == CURRICULUM_NEW ? "start" : "check", pack_kata_name(next->dir)),
                term_style(color, TERM_RESET), next->title);
    else
        fprintf(out, "Every kata is passed: well done.\n");
    fprintf(out, "Read a kata's task with %s; difficulty: # of 5.\n",
            learner_say(a, say, sizeof say, "kata", "KATA"));
    pager_close(&pg);
    curriculum_free(&c);
    return 0;
}

int learner_after_check(struct app *a, const char *id, int passed)
{
    struct curriculum c;
    char err[1024], say[300], say2[300];
    const struct curriculum_kata *next;
    if (!passed) {
        printf("\nNot yet. Stuck? %s\n", learner_say(a, say, sizeof say, "hint", id));
        return 0;
    }
    if (curriculum_load(a, &c, err, sizeof err) != 0) {
        printf("\nKata %s passed.\n", id);
        return 0;
    }
    printf("\nKata %s passed (%zu of %zu katas). Compare with the C reference: %s\n", id, c.passed, c.n,
           learner_say(a, say, sizeof say, "reference", id));
    next = curriculum_next(&c, id);
    if (next)
        printf("Next: %s   (%s)\n",
               learner_say(a, say2, sizeof say2, next->status == CURRICULUM_NEW ? "start" : "check", pack_kata_name(next->dir)),
               next->title);
    else
        printf("That was the last one: every kata is passed. Keep what you learned with %s\n",
               learner_say(a, say2, sizeof say2, "quiz", NULL));
    curriculum_free(&c);
    return 0;
}

int learner_next_kata(struct app *a, char *id, size_t cap, int *started)
{
    struct curriculum c;
    char err[1024];
    const struct curriculum_kata *next;
    if (curriculum_load(a, &c, err, sizeof err) != 0) {
        fprintf(stderr, "dojo: %s\n", err);
        return -1;
    }
    next = curriculum_next(&c, NULL);
    if (next) {
        snprintf(id, cap, "%s", pack_kata_name(next->dir));
        *started = next->status != CURRICULUM_NEW;
    }
    curriculum_free(&c);
    return next != NULL;
}

/* load: finds and loads kata `id`; prints why not and returns NULL. */
static struct kata *load(struct app *a, const char *id)
{
    char dir[4096], err[1024];
    struct kata *k = NULL;
    if (kata_find(a->pack, id, dir, sizeof dir, err, sizeof err) != 0 ||
        kata_load(dir, &k, err, sizeof err) != 0) {
        fprintf(stderr, "dojo: %s\n", err);
        return NULL;
    }
    return k;
}

/* kata_passed: 1 when the store says kata `id` passed. */
static int kata_passed(struct app *a, const char *id)
{
    char key[300], val[8];
    snprintf(key, sizeof key, "passed.%s", id);
    return app_state_get(a, key, val, sizeof val) && val[0] == '1';
}

int learner_reset(struct app *a, const char *id, int yes)
{
    char file[8400], backup[8500], src[4200], stamp[32], say[300];
    struct kata *k = load(a, id);
    char *starter, *old;
    size_t slen, olen;
    time_t now = time(NULL);
    int rc = 2;
    if (k == NULL)
        return 2;
    snprintf(file, sizeof file, "%s/%s/%s.lua", a->home, k->id, k->module);
    util_path_join(src, sizeof src, k->dir, "starter.lua");
    if (!util_is_file(file)) {
        fprintf(stderr, "dojo: %s: nothing to reset: kata %s is not started (%s)\n", file, k->id,
                learner_say(a, say, sizeof say, "start", k->id));
        kata_free(k);
        return 2;
    }
    if (!yes) {
        char answer[16] = "";
        if (!isatty(0)) {
            fprintf(stderr, "dojo reset: asks before replacing %s; pass --yes to skip the question\n", file);
            kata_free(k);
            return 2;
        }
        printf("Put kata %s's starter back in %s? Your file is kept as a backup. [y/N] ", k->id, file);
        fflush(stdout);
        if (fgets(answer, sizeof answer, stdin) == NULL || (answer[0] != 'y' && answer[0] != 'Y')) {
            printf("Nothing changed.\n");
            kata_free(k);
            return 0;
        }
    }
    starter = util_read_file(src, &slen);
    old = util_read_file(file, &olen);
    strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", localtime(&now));
    snprintf(backup, sizeof backup, "%s.%s.bak", file, stamp);
    if (starter == NULL || old == NULL) {
        fprintf(stderr, "dojo: %s: %s\n", starter ? file : src, strerror(errno));
    } else if (util_is_file(backup)) {
        fprintf(stderr, "dojo: %s: a backup of this second exists already; try again\n", backup);
    } else if (util_write_file_atomic(backup, old, olen) != 0) {
        fprintf(stderr, "dojo: %s: %s\n", backup, strerror(errno));
    } else if (util_write_file_atomic(file, starter, slen) != 0) {
        fprintf(stderr, "dojo: %s: %s\n", file, strerror(errno));
    } else {
        printf("%s is the starter again; your old file is %s\n", file, backup);
        rc = 0;
    }
    free(starter);
    free(old);
    kata_free(k);
    return rc;
}

int learner_reference(struct app *a, const char *id)
{
    char path[4200], say[300];
    struct kata *k = load(a, id);
    char *text;
    size_t len;
    if (k == NULL)
        return 2;
    if (!kata_passed(a, k->id)) {
        fprintf(stderr, "dojo: kata %s must pass first: the reference is a full answer (%s)\n", k->id,
                learner_say(a, say, sizeof say, "check", k->id));
        kata_free(k);
        return 2;
    }
    util_path_join(path, sizeof path, k->dir, "reference.c");
    if ((text = util_read_file(path, &len)) == NULL) {
        util_path_join(path, sizeof path, k->dir, "reference.lua"); /* a Lua-reference kata */
        text = util_read_file(path, &len);
    }
    if (text == NULL) {
        fprintf(stderr, "dojo: %s: %s\n", path, strerror(errno));
        kata_free(k);
        return 2;
    }
    {
        struct pager pg;
        FILE *out = pager_open(&pg, stdout);
        int color = term_color(stdout);
        fprintf(out, "%s%s%s: how kata %s works underneath, in C\n\n", term_style(color, TERM_BOLD), path,
                term_style(color, TERM_RESET), k->id);
        if (util_ends_with(path, ".c"))
            chighlight_print(out, text, len, color, isatty(1));
        else
            fwrite(text, 1, len, out);
        pager_close(&pg);
    }
    free(text);
    kata_free(k);
    return 0;
}

int learner_edit(struct app *a, const char *id, const char *file_in)
{
    char file[8400], say[300];
    const char *editor = getenv("VISUAL");
    int status;
    pid_t pid;
    if (file_in) {
        snprintf(file, sizeof file, "%s", file_in);
    } else {
        struct kata *k = load(a, id);
        if (k == NULL)
            return 2;
        snprintf(file, sizeof file, "%s/%s/%s.lua", a->home, k->id, k->module);
        kata_free(k);
    }
    if (!util_is_file(file)) {
        fprintf(stderr, "dojo: %s: no such file: start kata %s first (%s)\n", file, id,
                learner_say(a, say, sizeof say, "start", id));
        return 2;
    }
    if (editor == NULL || *editor == '\0')
        editor = getenv("EDITOR");
    if (editor == NULL || *editor == '\0')
        editor = "vi";
    fflush(stdout);
    /* As git does: the shell splits $EDITOR into words, the file is "$1". */
    if ((pid = fork()) < 0) {
        fprintf(stderr, "dojo: cannot start the editor: %s\n", strerror(errno));
        return 2;
    }
    if (pid == 0) {
        char cmd[4200];
        snprintf(cmd, sizeof cmd, "%s \"$@\"", editor);
        execl("/bin/sh", "sh", "-c", cmd, editor, file, (char *)NULL);
        _exit(127);
    }
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "dojo: the editor '%s' failed (status %d) on %s\n", editor,
                WIFEXITED(status) ? WEXITSTATUS(status) : -1, file);
        return 2;
    }
    printf("%s:1\n", file);
    return 0;
}
