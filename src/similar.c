/* similar.c: the fingerprinting and pair ranking declared in similar.h:
 * normalised token k-grams hashed Karp-Rabin style, winnowed (Schleimer,
 * Wilkerson and Aiken, SIGMOD 2003, sections 4 and 5.2: the minimum of
 * each window, robust winnowing's rule on ties), the starter's k-grams and widely shared ones removed,
 * and pairs counted through an inverted index. Depends on lualex.h, libc. */
#include "similar.h"

#include <stdlib.h>
#include <string.h>

#include "lualex.h"

#define HASH_BASE 1000003u /* the Karp-Rabin base; arithmetic is mod 2^64 */

struct similar_opts similar_opts_default(void)
{
    struct similar_opts o = {SIMILAR_K, SIMILAR_WINDOW, 0};
    return o;
}

/* mix: splitmix64's finaliser (Steele, Lea and Flood, "Fast splittable
 * pseudorandom number generators", OOPSLA 2014), so that the window minimum
 * picks k-grams evenly rather than those of small token codes. */
static uint64_t mix(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

int similar_common_limit(const struct similar_opts *o, int n)
{
    return o->max_share > 0 ? o->max_share : n / 2 > 10 ? n / 2 : 10;
}

size_t similar_winnow(const uint64_t *h, size_t n, int w, size_t *sel)
{
    size_t nsel = 0, win = w < 1 ? 1 : (size_t)w;
    if (n == 0)
        return 0;
    if (n < win)
        win = n;
    for (size_t start = 0; start + win <= n; start++) {
        size_t best = start;
        for (size_t i = start + 1; i < start + win; i++)
            if (h[i] <= h[best])
                best = i; /* <=: the rightmost minimum */
        /* robust winnowing: the previous choice stays while it is in the
         * window and still a minimum (a run of equal hashes gives one
         * fingerprint per window, not one per position) */
        if (nsel > 0 && sel[nsel - 1] >= start && h[sel[nsel - 1]] == h[best])
            continue;
        sel[nsel++] = best;
    }
    return nsel;
}

int similar_doc_init(struct similar_doc *d, const char *name)
{
    memset(d, 0, sizeof *d);
    d->name = malloc(strlen(name) + 1);
    if (d->name == NULL)
        return -1;
    strcpy(d->name, name);
    return 0;
}

void similar_doc_free(struct similar_doc *d)
{
    if (d == NULL)
        return;
    free(d->name);
    for (int i = 0; i < d->nfiles; i++)
        free(d->files[i]);
    free(d->files);
    free(d->fps);
    free(d->all);
    free(d->set);
    memset(d, 0, sizeof *d);
}

/* grow: makes room for `more` elements of `size` bytes in *p (count *n,
 * capacity *cap). 0 or -1. */
static int grow(void **p, size_t *cap, size_t n, size_t more, size_t size)
{
    size_t c = *cap ? *cap : 64;
    void *q;
    if (n + more <= *cap)
        return 0;
    while (c < n + more)
        c *= 2;
    if ((q = realloc(*p, c * size)) == NULL)
        return -1;
    *p = q;
    *cap = c;
    return 0;
}

/* add_file: a copy of `file` appended to d->files. Its index, or -1. */
static int add_file(struct similar_doc *d, const char *file)
{
    char **f = realloc(d->files, (size_t)(d->nfiles + 1) * sizeof *f);
    if (f == NULL)
        return -1;
    d->files = f;
    if ((f[d->nfiles] = malloc(strlen(file) + 1)) == NULL)
        return -1;
    strcpy(f[d->nfiles], file);
    return d->nfiles++;
}

/* kgram_hashes: the hash of every k-gram of the n tokens into h (capacity
 * n - k + 1): a rolling Karp-Rabin hash (paper, section 5.1), then mixed. */
static void kgram_hashes(const struct lualex_token *t, size_t n, size_t k, uint64_t *h)
{
    uint64_t roll = 0, top = 1;
    for (size_t i = 1; i < k; i++)
        top *= HASH_BASE;
    for (size_t i = 0; i < n; i++) {
        if (i >= k)
            roll -= (uint64_t)t[i - k].code * top;
        roll = roll * HASH_BASE + (uint64_t)t[i].code;
        if (i + 1 >= k)
            h[i + 1 - k] = mix(roll);
    }
}

int similar_doc_add(struct similar_doc *d, const char *file, const char *text, size_t len,
                    const struct similar_opts *o, int *nerrors, int *errline)
{
    struct lualex_result lx;
    uint64_t *h = NULL;
    size_t *sel = NULL, nk, nsel, k = o->k < 1 ? 1 : (size_t)o->k;
    int rc = -1, fi;
    if (lualex_run(text, len, &lx) != 0)
        return -1;
    if (nerrors)
        *nerrors = lx.nerrors;
    if (errline)
        *errline = lx.first_error;
    if ((fi = add_file(d, file)) < 0)
        goto out_free_lex;
    if (lx.ntokens < k) {
        rc = 0; /* too short to say anything */
        goto out_free_lex;
    }
    nk = lx.ntokens - k + 1;
    h = malloc(nk * sizeof *h);
    sel = malloc(nk * sizeof *sel);
    if (h == NULL || sel == NULL)
        goto out_free;
    kgram_hashes(lx.tokens, lx.ntokens, k, h);
    if (d->keep_all) {
        if (grow((void **)&d->all, &d->capall, d->nall, nk, sizeof *d->all) != 0)
            goto out_free;
        memcpy(d->all + d->nall, h, nk * sizeof *h);
        d->nall += nk;
    }
    nsel = similar_winnow(h, nk, o->window, sel);
    if (grow((void **)&d->fps, &d->capfps, d->nfps, nsel, sizeof *d->fps) != 0)
        goto out_free;
    for (size_t i = 0; i < nsel; i++) {
        size_t p = sel[i];
        d->fps[d->nfps++] = (struct similar_fp){h[p], fi, lx.tokens[p].line, lx.tokens[p + k - 1].last};
    }
    rc = 0;
out_free:
    free(h);
    free(sel);
out_free_lex:
    lualex_free(&lx);
    return rc;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* has: 1 when sorted array s (n) holds v. */
static int has(const uint64_t *s, size_t n, uint64_t v)
{
    return n > 0 && bsearch(&v, s, n, sizeof *s, cmp_u64) != NULL;
}

/* build_set: d->set = d's distinct fingerprint hashes not in sorted `skip`
 * (nskip). 0 or -1. */
static int build_set(struct similar_doc *d, const uint64_t *skip, size_t nskip)
{
    size_t n = 0;
    free(d->set);
    d->set = NULL;
    d->nset = 0;
    if (d->nfps == 0)
        return 0;
    if ((d->set = malloc(d->nfps * sizeof *d->set)) == NULL)
        return -1;
    for (size_t i = 0; i < d->nfps; i++)
        if (!has(skip, nskip, d->fps[i].hash))
            d->set[n++] = d->fps[i].hash;
    qsort(d->set, n, sizeof *d->set, cmp_u64);
    d->nset = 0;
    for (size_t i = 0; i < n; i++)
        if (d->nset == 0 || d->set[d->nset - 1] != d->set[i])
            d->set[d->nset++] = d->set[i];
    return 0;
}

/* An inverted-index posting: fingerprint -> doc. */
struct posting {
    uint64_t hash;
    int doc;
};

static int cmp_posting(const void *a, const void *b)
{
    const struct posting *x = a, *y = b;
    if (x->hash != y->hash)
        return x->hash < y->hash ? -1 : 1;
    return (x->doc > y->doc) - (x->doc < y->doc);
}

static int cmp_pair(const void *pa, const void *pb)
{
    const struct similar_pair *x = pa, *y = pb;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    if (x->jaccard != y->jaccard)
        return x->jaccard > y->jaccard ? -1 : 1;
    if (x->a != y->a)
        return x->a < y->a ? -1 : 1;
    return (x->b > y->b) - (x->b < y->b);
}

/* select_best: quickselect (Hoare's FIND) with a three-way partition:
 * moves the `best` best pairs of p[0..n) before the others. */
static void select_best(struct similar_pair *p, size_t n, size_t best)
{
    size_t lo = 0, hi = n;
    while (hi - lo > 1) {
        struct similar_pair pivot = p[lo + (hi - lo) / 2], t;
        size_t lt = lo, i = lo, gt = hi; /* [lo,lt) better, [lt,gt) equal, [gt,hi) worse */
        while (i < gt) {
            int c = cmp_pair(&p[i], &pivot);
            if (c < 0) {
                t = p[lt], p[lt] = p[i], p[i] = t;
                lt++, i++;
            } else if (c > 0) {
                gt--;
                t = p[gt], p[gt] = p[i], p[i] = t;
            } else {
                i++;
            }
        }
        if (best < lt)
            hi = lt;
        else if (best > gt)
            lo = gt;
        else
            return;
    }
}

void similar_rank(struct similar_pair *p, size_t n, size_t best)
{
    if (best < n) {
        select_best(p, n, best);
        n = best;
    }
    if (n > 1)
        qsort(p, n, sizeof *p, cmp_pair);
}

/* tri: index of pair (i < j) among n docs in a packed upper triangle. */
static size_t tri(size_t i, size_t j, size_t n)
{
    return i * (2 * n - i - 1) / 2 + (j - i - 1);
}

/* remove_common: drops from every set the hashes of postings groups (sorted
 * postings p, np) held by more than max docs; counts them in *ncommon. */
static void remove_common(struct similar_doc *docs, const struct posting *p, size_t np, size_t max,
                          size_t *ncommon)
{
    for (size_t g = 0, e; g < np; g = e) {
        for (e = g + 1; e < np && p[e].hash == p[g].hash;)
            e++;
        if (e - g <= max)
            continue;
        (*ncommon)++;
        for (size_t i = g; i < e; i++) {
            struct similar_doc *d = &docs[p[i].doc];
            uint64_t *hit = bsearch(&p[g].hash, d->set, d->nset, sizeof *d->set, cmp_u64);
            memmove(hit, hit + 1, (size_t)(d->set + d->nset - hit - 1) * sizeof *hit);
            d->nset--;
        }
    }
}

int similar_compare(struct similar_doc *docs, int n, const struct similar_doc *starter,
                    const struct similar_opts *o, struct similar_pair **out, size_t *nout,
                    size_t *ncommon)
{
    struct posting *post = NULL;
    uint32_t *count = NULL;
    uint64_t *skip = NULL;
    size_t nskip = 0, np = 0, npairs, nc = 0, max;
    struct similar_pair *pairs = NULL;
    int rc = -1;
    *out = NULL;
    *nout = 0;
    max = (size_t)similar_common_limit(o, n);
    if (starter && starter->nall > 0) {
        if ((skip = malloc(starter->nall * sizeof *skip)) == NULL)
            goto out_free;
        memcpy(skip, starter->all, starter->nall * sizeof *skip);
        qsort(skip, starter->nall, sizeof *skip, cmp_u64);
        nskip = starter->nall;
    }
    for (int i = 0; i < n; i++) {
        if (build_set(&docs[i], skip, nskip) != 0)
            goto out_free;
        np += docs[i].nset;
    }
    if (np > 0 && (post = malloc(np * sizeof *post)) == NULL)
        goto out_free;
    np = 0;
    for (int i = 0; i < n; i++)
        for (size_t j = 0; j < docs[i].nset; j++)
            post[np++] = (struct posting){docs[i].set[j], i};
    if (np > 0)
        qsort(post, np, sizeof *post, cmp_posting);
    remove_common(docs, post, np, max, &nc);
    npairs = n > 1 ? (size_t)n * (size_t)(n - 1) / 2 : 0;
    if (npairs > 0 && (count = calloc(npairs, sizeof *count)) == NULL)
        goto out_free;
    for (size_t g = 0, e; g < np; g = e) {
        for (e = g + 1; e < np && post[e].hash == post[g].hash;)
            e++;
        if (e - g > max)
            continue; /* common code: dropped above */
        for (size_t i = g; i < e; i++)
            for (size_t j = i + 1; j < e; j++)
                count[tri((size_t)post[i].doc, (size_t)post[j].doc, (size_t)n)]++;
    }
    *nout = 0;
    for (size_t i = 0; i < npairs; i++)
        *nout += count[i] > 0;
    if (*nout > 0 && (pairs = malloc(*nout * sizeof *pairs)) == NULL)
        goto out_free;
    *nout = 0;
    for (int a = 0; a < n; a++)
        for (int b = a + 1; b < n; b++) {
            size_t s = count[tri((size_t)a, (size_t)b, (size_t)n)];
            size_t na = docs[a].nset, nb = docs[b].nset;
            if (s == 0)
                continue;
            pairs[(*nout)++] = (struct similar_pair){a, b, s, (double)s / (double)(na < nb ? na : nb),
                                                     (double)s / (double)(na + nb - s)};
        }
    *out = pairs;
    pairs = NULL;
    if (ncommon)
        *ncommon = nc;
    rc = 0;
out_free:
    if (rc != 0)
        *nout = 0;
    free(pairs);
    free(count);
    free(post);
    free(skip);
    return rc;
}

static int cmp_range(const void *pa, const void *pb)
{
    const struct similar_range *x = pa, *y = pb;
    if (x->file != y->file)
        return x->file < y->file ? -1 : 1;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    return (x->last > y->last) - (x->last < y->last);
}

int similar_ranges(const struct similar_doc *d, const struct similar_doc *other,
                   struct similar_range **out)
{
    struct similar_range *r;
    size_t n = 0, m = 0;
    *out = NULL;
    if (d->nfps == 0)
        return 0;
    if ((r = malloc(d->nfps * sizeof *r)) == NULL)
        return -1;
    for (size_t i = 0; i < d->nfps; i++) {
        const struct similar_fp *f = &d->fps[i];
        if (has(d->set, d->nset, f->hash) && has(other->set, other->nset, f->hash))
            r[n++] = (struct similar_range){f->file, f->line, f->last};
    }
    if (n == 0) {
        free(r);
        return 0;
    }
    qsort(r, n, sizeof *r, cmp_range);
    for (size_t i = 1; i < n; i++) {
        if (r[i].file == r[m].file && r[i].line <= r[m].last + 1) {
            if (r[i].last > r[m].last)
                r[m].last = r[i].last;
        } else {
            r[++m] = r[i];
        }
    }
    *out = r;
    return (int)(m + 1);
}

/* A fingerprint of b, for finding where in b a hash of a first appears. */
struct place {
    uint64_t hash;
    size_t at; /* index into b->fps */
};

static int cmp_place(const void *pa, const void *pb)
{
    const struct place *x = pa, *y = pb;
    if (x->hash != y->hash)
        return x->hash < y->hash ? -1 : 1;
    return (x->at > y->at) - (x->at < y->at);
}

#define MATCH_GAP 4 /* fingerprints of b a passage may skip and go on */

int similar_matches(const struct similar_doc *a, const struct similar_doc *b, struct similar_match **out)
{
    struct place *pl = NULL;
    struct similar_match *m = NULL;
    size_t npl = 0, nm = 0, last = 0;
    int rc = -1;
    *out = NULL;
    if (a->nfps == 0 || b->nfps == 0)
        return 0;
    if ((pl = malloc(b->nfps * sizeof *pl)) == NULL || (m = malloc(a->nfps * sizeof *m)) == NULL)
        goto out_free;
    for (size_t j = 0; j < b->nfps; j++)
        if (has(b->set, b->nset, b->fps[j].hash) && has(a->set, a->nset, b->fps[j].hash))
            pl[npl++] = (struct place){b->fps[j].hash, j};
    qsort(pl, npl, sizeof *pl, cmp_place);
    for (size_t i = 0; i < a->nfps && npl > 0; i++) {
        const struct similar_fp *fa = &a->fps[i], *fb;
        struct place key = {fa->hash, 0}, *p;
        size_t lo = 0, hi = npl;
        while (lo < hi) { /* the first place of this hash in b */
            size_t mid = lo + (hi - lo) / 2;
            if (cmp_place(&pl[mid], &key) < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo == npl || pl[lo].hash != fa->hash)
            continue;
        p = &pl[lo];
        fb = &b->fps[p->at];
        if (nm > 0 && m[nm - 1].a.file == fa->file && m[nm - 1].b.file == fb->file && p->at > last &&
            p->at - last <= MATCH_GAP) {
            struct similar_match *c = &m[nm - 1];
            c->a.last = fa->last > c->a.last ? fa->last : c->a.last;
            c->b.last = fb->last > c->b.last ? fb->last : c->b.last;
            c->fingerprints++;
        } else {
            m[nm++] = (struct similar_match){{fa->file, fa->line, fa->last}, {fb->file, fb->line, fb->last}, 1};
        }
        last = p->at;
    }
    if (nm > 0) {
        *out = m;
        m = NULL;
    }
    rc = (int)nm;
out_free:
    free(m);
    free(pl);
    return rc;
}
