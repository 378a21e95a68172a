/* fuzz_manifest.c: libFuzzer target for the kata manifest loader (kata.c):
 * the input is a kata.lua; kata_load runs it in its sandbox and reads and
 * checks every field, whatever table (or value) it returns. Then the rules
 * it gives (test_points, hidden, points) score a made-up run, as grading
 * does. The same input then goes through pack.c's pack.lua loader
 * (pack_load_text), whose manifests are run the same way.
 * Depends on kata.h, pack.h, report/report.h and fuzz_common.h. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "kata.h"
#include "pack.h"
#include "report/report.h"

/* check_loaded: the promises kata.h makes about a manifest that loaded. */
static void check_loaded(const struct kata *k)
{
    fuzz_check(k->title && *k->title && k->concept && *k->concept && k->summary && *k->summary,
               "a loaded kata has a title, concept and summary");
    fuzz_check(k->module && *k->module && k->id && k->dir, "a loaded kata has an id and module");
    fuzz_check(strchr(k->module, '/') == NULL && strcmp(k->module, "..") != 0,
               "module names a file in the kata's folder, never a path");
    fuzz_check(!strchr(k->title, '\033') && !strchr(k->concept, '\033') && !strchr(k->summary, '\033'),
               "no ESC byte in the texts shown on the terminal");
    for (int i = 0; i < k->nhints; i++)
        fuzz_check(k->hints[i] && !strchr(k->hints[i], '\033'), "no ESC byte in a hint");
    fuzz_check(k->difficulty >= 1 && k->difficulty <= 5, "difficulty is 1..5");
    fuzz_check(k->nhints >= 1 && k->nhints <= KATA_MAX_HINTS, "1 to 8 hints");
    fuzz_check(k->points >= 0, "points >= 0");
}

/* score_run: scores a run whose cases are named after the manifest's own
 * rules (and a describe-prefix of each), so every rule matches something;
 * every score must be a finite number from 0 to its max_score. */
static void score_run(const struct kata *k)
{
    struct report_case cases[24];
    struct report_run run;
    char names[24][96], rules[512];
    size_t n = 0;
    memset(cases, 0, sizeof cases);
    memset(&run, 0, sizeof run);
    for (int j = 0; j < k->ntest_points + k->nhidden && n + 2 <= 24; j++) {
        const char *rule = j < k->ntest_points ? k->test_points[j].name : k->hidden[j - k->ntest_points];
        snprintf(names[n], sizeof names[n], "%s", rule);
        snprintf(names[n + 1], sizeof names[n + 1], "%s test", rule);
        n += 2;
    }
    snprintf(names[n], sizeof names[n], "%s", "a test no rule names");
    n++;
    for (size_t i = 0; i < n; i++) {
        cases[i].id = (int)i + 1;
        cases[i].name = names[i];
        cases[i].verdict = i % 2 ? VERDICT_PASS : VERDICT_FAIL;
    }
    run.cases = cases;
    run.ncases = run.cap = n;
    kata_score(k, &run);
    for (size_t i = 0; i < n; i++) {
        fuzz_check(isfinite(cases[i].max_score) && cases[i].max_score >= 0,
                   "max_score is a finite number >= 0");
        fuzz_check(isfinite(cases[i].score) && cases[i].score >= 0 &&
                       cases[i].score <= cases[i].max_score,
                   "score is finite, from 0 to max_score");
    }
    (void)kata_check_rules(k, &run, rules, sizeof rules);
}

/* check_pack: the promises pack.h makes about a pack.lua that loaded. */
static void check_pack(const struct pack *p)
{
    fuzz_check(p->name && *p->name && strspn(p->name, "abcdefghijklmnopqrstuvwxyz0123456789-") ==
                                          strlen(p->name) && strlen(p->name) <= 64,
               "a pack's name is 1 to 64 of [a-z0-9-]");
    fuzz_check(!p->version || !strchr(p->version, '\033'), "no ESC byte in version");
    fuzz_check(!p->description || !strchr(p->description, '\033'), "no ESC byte in description");
    fuzz_check(p->nauthors >= 0 && p->nauthors <= PACK_MAX_AUTHORS, "at most 64 authors");
    fuzz_check(p->npath >= 0 && p->npath <= PACK_MAX_PATH, "at most 256 path entries");
    for (int i = 0; i < p->nauthors; i++)
        fuzz_check(p->authors[i] && *p->authors[i] && !strchr(p->authors[i], '\033'), "authors are texts");
    for (int i = 0; i < p->npath; i++)
        fuzz_check(p->path[i] && *p->path[i] && !strchr(p->path[i], '/') && !strstr(p->path[i], ".."),
                   "a path entry is a name, never a path");
}

/* fuzz_pack: the same input as a pack.lua (pack_load_text, pack.c). */
static void fuzz_pack(const char *dir, const uint8_t *data, size_t size)
{
    char file[4200], err[1024] = "";
    struct pack p;
    int rc;
    snprintf(file, sizeof file, "%s/pack.lua", dir);
    rc = pack_load_text(file, NULL, (const char *)data, size, &p, err, sizeof err);
    if (getenv("DOJO_FUZZ_VERBOSE"))
        fprintf(stderr, "pack_load_text: %s\n", rc == 0 ? "ok" : err);
    fuzz_check(rc == 0 || rc == -1, "pack_load_text returns 0 or -1");
    if (rc == 0) {
        check_pack(&p);
        pack_free(&p);
    } else {
        fuzz_check(p.name == NULL && p.authors == NULL && p.path == NULL, "a failed load leaves nothing");
        fuzz_check(strncmp(err, file, strlen(file)) == 0 && err[strlen(file)] == ':',
                   "the message starts FILE:");
    }
}

/* Set DOJO_FUZZ_VERBOSE=1 to see what kata_load said about each input. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[1024] = "";
    struct kata *k = NULL;
    const char *dir = fuzz_scratch_file("kata.lua", data, size);
    double t0 = fuzz_cpu_seconds();
    int rc = kata_load(dir, &k, err, sizeof err);
    /* The manifest's own budget is 1 s of wall clock and 10^6 instructions;
       5 s of CPU leaves room for a sanitizer build and still catches a spin
       in C code (CPU time: a busy machine only stretches the wall clock). */
    fuzz_check(fuzz_cpu_seconds() - t0 < FUZZ_CPU_LIMIT, "kata_load uses under 5 s of CPU");
    if (getenv("DOJO_FUZZ_VERBOSE"))
        fprintf(stderr, "kata_load: %s\n", rc == 0 ? "ok" : err);
    if (rc == 0) {
        fuzz_check(k != NULL, "kata_load returned 0 and a kata");
        check_loaded(k);
        score_run(k);
        kata_free(k);
    } else {
        fuzz_check(k == NULL, "a failed kata_load leaves *out NULL");
        fuzz_check(err[0] != '\0', "a failed kata_load says why");
        fuzz_check(strstr(err, dir) != NULL, "the message names the manifest");
    }
    t0 = fuzz_cpu_seconds();
    fuzz_pack(dir, data, size);
    fuzz_check(fuzz_cpu_seconds() - t0 < FUZZ_CPU_LIMIT, "pack_load_text uses under 5 s of CPU");
    return 0;
}
