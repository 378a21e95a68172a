/* similar.c: `dojo similar SUBMISSIONS [--kata ID | --starter FILE]
 * [--top N] [--format human|json|csv] [--threshold X]`: reads a class's
 * submissions (bounded: 1 MiB each, 2000 and 256 MiB in all), fingerprints them with
 * similar.h, and prints the pairs that share the most structure with the
 * line ranges they share. Exit status: 0 no pair flagged, 1 some pair
 * flagged, 2 bad input. Depends on cmd/cmd.h, kata.h, similar.h, util.h. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "kata.h"
#include "similar.h"
#include "util.h"

#define SIM_MAX_BYTES (1u << 20) /* per submission, all its files together */
#define SIM_MAX_SUBS 2000        /* pairs grow as n^2: 2000 -> 2 million */
#define SIM_MAX_TOTAL (256u << 20) /* all submissions together (memory) */
#define SIM_MAX_FILES 64         /* .lua files read per submission */
#define SIM_MAX_DEPTH 3          /* folders below a submission's own */
#define SIM_MIN_SHARED 5         /* fewer shared fingerprints never flag a pair */
#define SIM_MATCHES_SHOWN 6      /* passages listed per pair (human) */

enum sim_format { SIM_HUMAN, SIM_JSON, SIM_CSV };

struct sim_flags {
    const char *dir, *kata, *starter;
    int top;          /* pairs listed; 0 = every pair sharing something */
    double threshold; /* a pair at or above this score is flagged, 0..1 */
    enum sim_format format;
};

struct sim_set {
    struct similar_doc *docs;
    int n, cap;
    struct similar_opts opts;
    size_t total_left;       /* bytes still to read, of SIM_MAX_TOTAL */
    int skipped;             /* submissions past SIM_MAX_SUBS or the total */
    char first_skipped[256]; /* the first of them */
};

/* by_name: scandir order that does not depend on the locale. */
static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

/* number: parses all of `s` as a double in [lo, hi] into *v. 0 or -1. */
static int number(const char *s, double lo, double hi, double *v)
{
    char *end;
    errno = 0;
    *v = strtod(s, &end);
    return s[0] == '\0' || *end != '\0' || errno != 0 || !(*v >= lo && *v <= hi) ? -1 : 0; /* NaN too */
}

/* parse: the command line into f. 0, or 2 after a one-line usage error. */
static int parse(const struct cmd_args *args, struct sim_flags *f)
{
    const char *v;
    double x;
    *f = (struct sim_flags){NULL, NULL, NULL, 20, 0.5, SIM_HUMAN};
    if (args->argc > 1)
        return usage_error("similar", "takes one SUBMISSIONS folder, got '%s' and '%s'", args->argv[0],
                           args->argv[1]);
    f->dir = args->argc ? args->argv[0] : NULL;
    f->kata = cmd_flag(args, "--kata");
    f->starter = cmd_flag(args, "--starter");
    if ((v = cmd_flag(args, "--top")) != NULL) {
        if (number(v, 0, 1e6, &x) != 0 || x != (int)x)
            return usage_error("similar", "--top takes a whole number >= 0 (0: every pair), not '%s'", v);
        f->top = (int)x;
    }
    if ((v = cmd_flag(args, "--threshold")) != NULL && number(v, 0, 1, &f->threshold) != 0)
        return usage_error("similar", "--threshold takes a number from 0 to 1, not '%s'", v);
    if ((v = cmd_flag(args, "--format")) != NULL) {
        if (strcmp(v, "human") == 0 || strcmp(v, "json") == 0 || strcmp(v, "csv") == 0)
            f->format = v[0] == 'h' ? SIM_HUMAN : v[0] == 'j' ? SIM_JSON : SIM_CSV;
        else
            return usage_error("similar", "--format takes human, json or csv, not '%s'", v);
    }
    if (f->dir == NULL)
        return usage_error("similar", "needs a SUBMISSIONS folder");
    if (f->kata && f->starter)
        return usage_error("similar", "takes --kata or --starter, not both");
    return 0;
}

/* read_bounded: at most `cap` bytes of the regular file at `path`, cut
 * after its last whole line when the file is longer; *len the bytes kept,
 * *size the file's size. malloc'ed (caller frees), or NULL with errno set. */
static char *read_bounded(const char *path, size_t cap, size_t *len, size_t *size)
{
    struct stat st;
    char *buf = NULL;
    size_t want, got = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK); /* a FIFO must not block */
    if (fd < 0)
        return NULL;
    if (fstat(fd, &st) != 0)
        goto out_close;
    if (!S_ISREG(st.st_mode)) {
        errno = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
        goto out_close;
    }
    *size = (size_t)st.st_size;
    want = *size < cap ? *size : cap;
    if ((buf = malloc(want + 1)) == NULL)
        goto out_close;
    while (got < want) {
        ssize_t r = read(fd, buf + got, want - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            free(buf);
            buf = NULL;
            goto out_close;
        }
        if (r == 0)
            break;
        got += (size_t)r;
    }
    if (*size > got) /* cut: keep whole lines only */
        while (got > 0 && buf[got - 1] != '\n')
            got--;
    buf[got] = '\0';
    *len = got;
out_close:
    close(fd);
    return buf;
}

/* add_text: reads `path` (shown as `shown`) into doc d within *budget bytes
 * (lowered by what is read), warning on stderr when it is cut or does not
 * lex. 0, or 2 after a one-line error naming the file. */
static int add_text(struct similar_doc *d, const char *path, const char *shown, size_t *budget,
                    const struct similar_opts *o)
{
    size_t len = 0, size = 0;
    int nerr = 0, line = 0;
    char *text = read_bounded(path, *budget, &len, &size);
    if (text == NULL) {
        fprintf(stderr, "dojo similar: %s: cannot read: %s\n", path, strerror(errno));
        return 2;
    }
    if (size > len)
        fprintf(stderr, "dojo similar: %s: cut after %zu of its %zu bytes (at most %u KiB per "
                        "submission are compared)\n", path, len, size, SIM_MAX_BYTES / 1024);
    *budget -= len;
    if (similar_doc_add(d, shown, text, len, o, &nerr, &line) != 0) {
        free(text);
        fprintf(stderr, "dojo similar: %s: not enough memory\n", path);
        return 2;
    }
    if (nerr > 0)
        fprintf(stderr, "dojo similar: %s:%d: not valid Lua (%d lexing error%s; the tokens around "
                        "them still count)\n", path, line, nerr, nerr == 1 ? "" : "s");
    free(text);
    return 0;
}

/* add_folder: the .lua files under `dir` (rel: the path shown, relative to
 * the submission), in name order, skipping hidden names, symbolic links and
 * spec files. 0 or 2. */
static int add_folder(struct similar_doc *d, const char *dir, const char *rel, int depth, size_t *budget,
                      const struct similar_opts *o)
{
    struct dirent **names = NULL;
    char path[4096], shown[4096];
    struct stat st;
    int n = scandir(dir, &names, NULL, by_name), rc = 0;
    if (n < 0) {
        fprintf(stderr, "dojo similar: %s: cannot read: %s\n", dir, strerror(errno));
        return 2;
    }
    for (int i = 0; i < n; i++) {
        const char *e = names[i]->d_name;
        int ok = rc == 0 && e[0] != '.' && util_path_join(path, sizeof path, dir, e) == 0 &&
                 (size_t)snprintf(shown, sizeof shown, "%s%s%s", rel, rel[0] ? "/" : "", e) < sizeof shown &&
                 lstat(path, &st) == 0;
        if (ok && S_ISLNK(st.st_mode)) {
            fprintf(stderr, "dojo similar: %s: a symbolic link, not followed (not compared)\n", path);
        } else if (ok && S_ISDIR(st.st_mode) && depth < SIM_MAX_DEPTH) {
            rc = add_folder(d, path, shown, depth + 1, budget, o);
        } else if (ok && S_ISREG(st.st_mode) && util_ends_with(e, ".lua") && !util_ends_with(e, "_spec.lua") &&
                   strcmp(e, "spec.lua") != 0) {
            if (d->nfiles >= SIM_MAX_FILES)
                fprintf(stderr, "dojo similar: %s: skipped (at most %d .lua files per submission)\n", path,
                        SIM_MAX_FILES);
            else if (*budget == 0)
                fprintf(stderr, "dojo similar: %s: skipped (the submission's first %u KiB are compared)\n",
                        path, SIM_MAX_BYTES / 1024);
            else
                rc = add_text(d, path, shown, budget, o);
        }
        free(names[i]);
    }
    free(names);
    return rc;
}

/* add_submission: one entry of the SUBMISSIONS folder: a folder, or a
 * `.lua` file (its name without .lua). Other entries are not submissions,
 * symbolic links are not followed (a warning says so), and past
 * SIM_MAX_SUBS submissions or SIM_MAX_TOTAL bytes they are counted in
 * s->skipped only. 0 or 2. */
static int add_submission(struct sim_set *s, const char *dir, const char *e)
{
    char path[4096], name[4096];
    struct stat st;
    size_t budget;
    struct similar_doc *d;
    int rc;
    if (e[0] == '.' || util_path_join(path, sizeof path, dir, e) != 0 || lstat(path, &st) != 0)
        return 0;
    if (S_ISLNK(st.st_mode)) {
        fprintf(stderr, "dojo similar: %s: a symbolic link, not followed (not compared)\n", path);
        return 0;
    }
    if (!S_ISDIR(st.st_mode) && !(S_ISREG(st.st_mode) && util_ends_with(e, ".lua")))
        return 0;
    if (s->n == SIM_MAX_SUBS || s->total_left == 0) {
        if (s->skipped++ == 0)
            snprintf(s->first_skipped, sizeof s->first_skipped, "%s", e);
        return 0;
    }
    if (s->n == s->cap) {
        int cap = s->cap ? s->cap * 2 : 64;
        struct similar_doc *p = realloc(s->docs, (size_t)cap * sizeof *p);
        if (p == NULL)
            goto out_oom;
        s->docs = p;
        s->cap = cap;
    }
    snprintf(name, sizeof name, "%s", e);
    if (!S_ISDIR(st.st_mode))
        name[strlen(name) - 4] = '\0';
    d = &s->docs[s->n];
    if (similar_doc_init(d, name) != 0)
        goto out_oom;
    s->n++;
    budget = s->total_left < SIM_MAX_BYTES ? s->total_left : SIM_MAX_BYTES;
    s->total_left -= budget;
    rc = S_ISDIR(st.st_mode) ? add_folder(d, path, "", 0, &budget, &s->opts)
                             : add_text(d, path, e, &budget, &s->opts);
    s->total_left += budget; /* what it did not use */
    if (rc == 0 && d->nfiles == 0)
        fprintf(stderr, "dojo similar: %s: no .lua file (compared as empty)\n", path);
    return rc;
out_oom:
    fprintf(stderr, "dojo similar: %s: not enough memory\n", path);
    return 2;
}

/* load_all: every submission in f->dir. 0 or 2. */
static int load_all(struct sim_set *s, const struct sim_flags *f)
{
    struct dirent **names = NULL;
    struct stat st;
    int n, rc = 0;
    if (stat(f->dir, &st) != 0) {
        fprintf(stderr, "dojo similar: %s: %s\n", f->dir, strerror(errno));
        return 2;
    }
    if (!S_ISDIR(st.st_mode)) {
        fprintf(stderr, "dojo similar: %s: not a folder (SUBMISSIONS holds one sub-folder or .lua "
                        "file per submission)\n", f->dir);
        return 2;
    }
    if ((n = scandir(f->dir, &names, NULL, by_name)) < 0) {
        fprintf(stderr, "dojo similar: %s: cannot read: %s\n", f->dir, strerror(errno));
        return 2;
    }
    for (int i = 0; i < n; i++) {
        if (rc == 0)
            rc = add_submission(s, f->dir, names[i]->d_name);
        free(names[i]);
    }
    free(names);
    if (rc == 0 && s->skipped > 0)
        fprintf(stderr, "dojo similar: %s: only the first %d submissions (in name order) are compared "
                        "(at most %d, %u MiB in all); the %d from %s on are not\n", f->dir, s->n,
                SIM_MAX_SUBS, SIM_MAX_TOTAL >> 20, s->skipped, s->first_skipped);
    return rc;
}

/* load_starter: --kata ID's starter.lua, or --starter FILE, into d with every
 * k-gram kept; *path gets which file. 0 (nothing asked: d stays empty) or 2. */
static int load_starter(struct app *a, const struct sim_flags *f, struct similar_doc *d, char *path,
                        size_t cap, const struct similar_opts *o)
{
    char dir[4096], err[1024];
    size_t budget = SIM_MAX_BYTES;
    if (f->kata == NULL && f->starter == NULL)
        return 0;
    if (f->kata != NULL) {
        if (kata_find(a->pack, f->kata, dir, sizeof dir, err, sizeof err) != 0) {
            fprintf(stderr, "dojo similar: %s\n", err);
            return 2;
        }
        if (util_path_join(path, cap, dir, "starter.lua") != 0)
            return usage_error("similar", "%s: path too long", dir);
    } else {
        snprintf(path, cap, "%s", f->starter);
    }
    if (similar_doc_init(d, "starter") != 0)
        return 2;
    d->keep_all = 1;
    return add_text(d, path, path, &budget, o);
}

/* json_str: s as a JSON string literal on f. */
static void json_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(f, "\\%c", *p);
        else if (*p < 0x20)
            fprintf(f, "\\u%04x", *p);
        else
            fputc(*p, f);
    }
    fputc('"', f);
}

/* csv_str: s as one CSV field (RFC 4180: quoted when it needs to be). */
static void csv_str(FILE *f, const char *s)
{
    if (strpbrk(s, ",\"\r\n") == NULL) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

/* print_ranges: doc d's line ranges shared with `other`, as a JSON array
 * of {file, first, last}. 0, or -1 when memory runs out. */
static int print_ranges(FILE *f, const struct similar_doc *d, const struct similar_doc *other)
{
    struct similar_range *r;
    int n = similar_ranges(d, other, &r);
    if (n < 0)
        return -1;
    fputc('[', f);
    for (int i = 0; i < n; i++) {
        fprintf(f, "%s{\"file\": ", i ? ", " : "");
        json_str(f, d->files[r[i].file]);
        fprintf(f, ", \"first\": %d, \"last\": %d}", r[i].line, r[i].last);
    }
    fputc(']', f);
    free(r);
    return 0;
}

static int cmp_int_desc(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x < y) - (x > y);
}

/* print_matches: the passages a and b share: human lines "a FILE:L-L ~ b
 * FILE:L-L" (the SIM_MATCHES_SHOWN largest, in a's order), or a JSON array. 0, or -1 when
 * memory runs out. */
static int print_matches(FILE *f, const struct similar_doc *a, const struct similar_doc *b, int json)
{
    struct similar_match *m;
    int n = similar_matches(a, b, &m);
    int w = (int)(strlen(a->name) > strlen(b->name) ? strlen(a->name) : strlen(b->name));
    int thr = 0, ties = SIM_MATCHES_SHOWN; /* human: the largest passages, in a's order */
    if (n < 0)
        return -1;
    if (!json && n > SIM_MATCHES_SHOWN) {
        int *c = malloc((size_t)n * sizeof *c);
        if (c == NULL) {
            free(m);
            return -1;
        }
        for (int i = 0; i < n; i++)
            c[i] = m[i].fingerprints;
        qsort(c, (size_t)n, sizeof *c, cmp_int_desc);
        thr = c[SIM_MATCHES_SHOWN - 1];
        for (int i = 0; i < SIM_MATCHES_SHOWN; i++)
            ties -= c[i] > thr; /* how many of the shown equal thr */
        free(c);
    }
    if (json)
        fputc('[', f);
    for (int i = 0; i < n; i++) {
        if (json) {
            fprintf(f, "%s{\"a\": {\"file\": ", i ? ", " : "");
            json_str(f, a->files[m[i].a.file]);
            fprintf(f, ", \"first\": %d, \"last\": %d}, \"b\": {\"file\": ", m[i].a.line, m[i].a.last);
            json_str(f, b->files[m[i].b.file]);
            fprintf(f, ", \"first\": %d, \"last\": %d}, \"fingerprints\": %d}", m[i].b.line, m[i].b.last,
                    m[i].fingerprints);
        } else if (m[i].fingerprints > thr || (m[i].fingerprints == thr && ties-- > 0)) {
            char left[4200];
            snprintf(left, sizeof left, "%-*s %s:%d-%d", w, a->name, a->files[m[i].a.file], m[i].a.line,
                     m[i].a.last);
            fprintf(f, "      %-*s ~ %s %s:%d-%d\n", w + 24, left, b->name, b->files[m[i].b.file], m[i].b.line,
                    m[i].b.last);
        }
    }
    if (json)
        fputc(']', f);
    else if (n > SIM_MATCHES_SHOWN)
        fprintf(f, "      (and %d smaller passage%s; --format json lists them all)\n", n - SIM_MATCHES_SHOWN,
                n - SIM_MATCHES_SHOWN == 1 ? "" : "s");
    free(m);
    return 0;
}

/* flagged: 1 when pair p reaches the threshold with enough evidence. */
static int flagged(const struct similar_pair *p, double threshold)
{
    return p->score >= threshold && p->shared >= SIM_MIN_SHARED;
}

/* npairs_of: how many pairs s's submissions make. */
static size_t npairs_of(const struct sim_set *s)
{
    return s->n > 1 ? (size_t)s->n * (size_t)(s->n - 1) / 2 : 0;
}

/* print_csv: the `show` best pairs as CSV on stdout. */
static void print_csv(const struct sim_set *s, const struct similar_pair *p, size_t show, double threshold)
{
    printf("rank,a,b,similarity,jaccard,shared,a_fingerprints,b_fingerprints,flagged\n");
    for (size_t i = 0; i < show; i++) {
        const struct similar_doc *a = &s->docs[p[i].a], *b = &s->docs[p[i].b];
        printf("%zu,", i + 1);
        csv_str(stdout, a->name);
        putchar(',');
        csv_str(stdout, b->name);
        printf(",%.3f,%.3f,%zu,%zu,%zu,%s\n", p[i].score, p[i].jaccard, p[i].shared, a->nset, b->nset,
               flagged(&p[i], threshold) ? "yes" : "no");
    }
}

/* print_json: the report as one JSON object on stdout. 0, or -1 on no
 * memory. */
static int print_json(const struct sim_set *s, const struct similar_pair *p, size_t show, size_t nflag,
                      const struct sim_flags *f, const char *starter, size_t ncommon)
{
    int bad = 0;
    printf("{\"submissions\": %d, \"pairs_compared\": %zu, \"k\": %d, \"window\": %d, "
           "\"threshold\": %.3f, \"min_shared\": %d, \"common_fingerprints\": %zu, \"starter\": ",
           s->n, npairs_of(s), s->opts.k, s->opts.window, f->threshold, SIM_MIN_SHARED, ncommon);
    starter ? json_str(stdout, starter) : (void)fputs("null", stdout);
    printf(", \"flagged\": %zu, \"pairs\": [", nflag);
    for (size_t i = 0; i < show && !bad; i++) {
        const struct similar_doc *a = &s->docs[p[i].a], *b = &s->docs[p[i].b];
        printf("%s\n  {\"a\": ", i ? "," : "");
        json_str(stdout, a->name);
        printf(", \"b\": ");
        json_str(stdout, b->name);
        printf(", \"similarity\": %.3f, \"jaccard\": %.3f, \"shared\": %zu, \"a_fingerprints\": %zu, "
               "\"b_fingerprints\": %zu, \"flagged\": %s, \"a_lines\": ",
               p[i].score, p[i].jaccard, p[i].shared, a->nset, b->nset,
               flagged(&p[i], f->threshold) ? "true" : "false");
        bad |= print_ranges(stdout, a, b);
        printf(", \"b_lines\": ");
        bad |= print_ranges(stdout, b, a);
        printf(", \"matches\": ");
        bad |= print_matches(stdout, a, b, 1);
        putchar('}');
    }
    printf("\n]}\n");
    return bad;
}

/* print_human: the table, each pair with the line ranges of both sides.
 * 0, or -1 on no memory. */
static int print_human(const struct sim_set *s, const struct similar_pair *p, size_t np, size_t show,
                       size_t nflag, const struct sim_flags *f, const char *starter, size_t ncommon)
{
    int bad = 0;
    printf("%d submission%s, %zu pair%s compared", s->n, s->n == 1 ? "" : "s", npairs_of(s),
           npairs_of(s) == 1 ? "" : "s");
    if (starter)
        printf("; the starter's code (%s) left out", starter);
    if (ncommon)
        printf("; %zu fingerprint%s found in more than %d submissions left out as common code", ncommon,
               ncommon == 1 ? "" : "s", similar_common_limit(&s->opts, s->n));
    printf("\n");
    if (show == 0) {
        printf("No two submissions share any structure%s.\n", starter ? " beyond the starter's" : "");
        return 0;
    }
    printf("rank  similar  jaccard  shared  pair\n");
    for (size_t i = 0; i < show && !bad; i++) {
        const struct similar_doc *a = &s->docs[p[i].a], *b = &s->docs[p[i].b];
        printf("%4zu  %6.0f%%  %6.0f%%  %6zu  %s ~ %s%s\n", i + 1, p[i].score * 100, p[i].jaccard * 100,
               p[i].shared, a->name, b->name, flagged(&p[i], f->threshold) ? "   <- above the threshold" : "");
        bad |= print_matches(stdout, a, b, 0);
    }
    if (show < np)
        printf("(%zu more pairs share something; --top 0 lists them all)\n", np - show);
    printf("%zu pair%s at or above %.0f%% similar (with at least %d fingerprints in common)\n", nflag,
           nflag == 1 ? "" : "s", f->threshold * 100, SIM_MIN_SHARED);
    return bad;
}

/* print_pairs: the report in f->format on stdout; p ranked at least up to
 * f->top. 0, or -1 on no memory. */
static int print_pairs(const struct sim_set *s, const struct similar_pair *p, size_t np,
                       const struct sim_flags *f, const char *starter, size_t ncommon)
{
    size_t show = f->top == 0 || (size_t)f->top > np ? np : (size_t)f->top, nflag = 0;
    for (size_t i = 0; i < np; i++)
        nflag += flagged(&p[i], f->threshold);
    if (f->format == SIM_CSV) {
        print_csv(s, p, show, f->threshold);
        return 0;
    }
    if (f->format == SIM_JSON)
        return print_json(s, p, show, nflag, f, starter, ncommon);
    return print_human(s, p, np, show, nflag, f, starter, ncommon);
}

int cmd_similar(struct app *a, const struct cmd_args *args)
{
    struct sim_flags f;
    struct sim_set s = {NULL, 0, 0, similar_opts_default(), SIM_MAX_TOTAL, 0, ""};
    struct similar_doc starter = {0};
    struct similar_pair *pairs = NULL;
    size_t np = 0, ncommon = 0;
    char spath[4200] = "";
    int rc = parse(args, &f);
    if (rc != 0)
        return rc;
    if ((rc = load_starter(a, &f, &starter, spath, sizeof spath, &s.opts)) != 0 ||
        (rc = load_all(&s, &f)) != 0)
        goto out_free;
    if (similar_compare(s.docs, s.n, spath[0] ? &starter : NULL, &s.opts, &pairs, &np, &ncommon) != 0 ||
        (similar_rank(pairs, np, f.top > 0 ? (size_t)f.top : np),
         print_pairs(&s, pairs, np, &f, spath[0] ? spath : NULL, ncommon) != 0)) {
        fprintf(stderr, "dojo similar: %s: not enough memory\n", f.dir);
        rc = 2;
        goto out_free;
    }
    rc = 0;
    for (size_t i = 0; i < np; i++)
        if (flagged(&pairs[i], f.threshold))
            rc = 1;
out_free:
    fflush(stdout);
    free(pairs);
    similar_doc_free(&starter);
    for (int i = 0; i < s.n; i++)
        similar_doc_free(&s.docs[i]);
    free(s.docs);
    return rc;
}
