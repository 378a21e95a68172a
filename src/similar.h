/* similar.h: structural similarity between Lua submissions (`dojo similar`),
 * by winnowed fingerprints of normalised token k-grams: Schleimer, Wilkerson
 * and Aiken, "Winnowing: local algorithms for document fingerprinting",
 * SIGMOD 2003 (the method behind MOSS). Depends on lualex.h and libc.
 * Ownership: a struct similar_doc owns its strings and arrays until
 * similar_doc_free; similar_compare's pair array is the caller's (free()). */
#ifndef DOJO_SIMILAR_H
#define DOJO_SIMILAR_H

#include <stddef.h>
#include <stdint.h>

struct similar_opts {
    int k;      /* tokens per k-gram (default SIMILAR_K) */
    int window; /* winnowing window, in consecutive k-grams (SIMILAR_WINDOW) */
    int max_share; /* a fingerprint found in more submissions than this is
                      common code, like the starter's; 0 = max(10, n / 2) */
};

#define SIMILAR_K 12
#define SIMILAR_WINDOW 8

/* One selected fingerprint: the hash of a k-gram and the lines it spans. */
struct similar_fp {
    uint64_t hash;
    int file;        /* index into the doc's files */
    int line, last;  /* 1-based first and last line of the k-gram */
};

struct similar_doc {
    char *name;        /* the submission's name (malloc'ed) */
    char **files;      /* its files, as shown to the user (malloc'ed) */
    int nfiles;
    struct similar_fp *fps; /* selected fingerprints, in text order */
    size_t nfps, capfps;
    uint64_t *all;     /* every k-gram hash (kept only when keep_all) */
    size_t nall, capall;
    int keep_all;      /* set before adding text: the starter keeps them all */
    uint64_t *set;     /* distinct hashes that count, sorted (similar_compare) */
    size_t nset;
};

/* A compared pair: docs a < b (indices), sorted best first. */
struct similar_pair {
    int a, b;
    size_t shared;     /* distinct fingerprints both have */
    double score;      /* shared / min(|A|, |B|), 0..1 (0 when either is 0) */
    double jaccard;    /* shared / |A u B|, 0..1 */
};

/* similar_opts_default: k = SIMILAR_K, window = SIMILAR_WINDOW, max_share 0. */
struct similar_opts similar_opts_default(void);

/* similar_common_limit: how many of n docs may hold a fingerprint before it
 * counts as common code and is dropped: o->max_share, or when that is 0,
 * max(10, n / 2) (MOSS drops passages found in more than 10 programs by
 * default). Can't fail. */
int similar_common_limit(const struct similar_opts *o, int n);

/* similar_winnow: the positions winnowing selects among n hashes with window
 * w >= 1: in each window of w consecutive hashes a minimum: the one chosen
 * for the window before when it is still inside and still minimal, else
 * the rightmost (the paper's robust winnowing, section 5.2). When 0 < n < w
 * the whole array is one window. Writes the positions, increasing, into sel
 * (capacity n) and returns how many. */
size_t similar_winnow(const uint64_t *h, size_t n, int w, size_t *sel);

/* similar_doc_init: an empty doc named `name` (copied). 0, or -1 when memory
 * runs out. */
int similar_doc_init(struct similar_doc *d, const char *name);

/* similar_doc_add: tokenizes `len` bytes of Lua `text` (file `file`, the
 * name shown; copied), hashes its normalised k-grams (names, strings and
 * numbers each one symbol; keywords and operators kept) and appends the
 * winnowed fingerprints to d. Text that does not lex still gives the
 * fingerprints of what does: *nerrors (may be NULL) gets how many lexing
 * errors there were, and *errline the line of the first. Returns 0, or -1
 * when memory runs out. */
int similar_doc_add(struct similar_doc *d, const char *file, const char *text, size_t len,
                    const struct similar_opts *o, int *nerrors, int *errline);

/* similar_doc_free: frees everything d owns. NULL or an empty doc is fine. */
void similar_doc_free(struct similar_doc *d);

/* similar_compare: for n docs, fills each doc's `set` (its distinct
 * fingerprints minus every k-gram of `starter`, which may be NULL and must
 * have had keep_all set, and minus those held by more than
 * similar_common_limit(o, n) docs), then counts the fingerprints each pair
 * shares through an inverted index (fingerprint -> docs), so the cost grows
 * with the matches, not with n^2 comparisons of sets (the counts take
 * n(n-1)/2 x 4 bytes). Stores the pairs sharing at least one fingerprint in
 * *out (malloc'ed, caller frees), in no order (similar_rank orders them);
 * *nout their count; *ncommon how many fingerprints were dropped as
 * common (may be NULL). Returns 0, or -1 when memory runs out. */
int similar_compare(struct similar_doc *docs, int n, const struct similar_doc *starter,
                    const struct similar_opts *o, struct similar_pair **out, size_t *nout,
                    size_t *ncommon);

/* similar_rank: puts the `best` best of the n pairs first, in order (score,
 * then jaccard, then a, then b), in O(n + best log best) on average; the
 * rest follow in no order. best >= n sorts them all. Can't fail. */
void similar_rank(struct similar_pair *p, size_t n, size_t best);

/* A run of lines in one file of a doc. */
struct similar_range {
    int file;
    int line, last;
};

/* similar_ranges: the line ranges of `d` covered by fingerprints that doc
 * `other` also has (both sets filled by similar_compare), merged when they
 * overlap or touch, sorted by file then line. Stores them in *out
 * (malloc'ed, caller frees; NULL when none) and returns how many, or -1 when
 * memory runs out. */
int similar_ranges(const struct similar_doc *d, const struct similar_doc *other,
                   struct similar_range **out);

/* A passage both docs have: lines of A and the lines of B they match. */
struct similar_match {
    struct similar_range a, b;
    int fingerprints; /* how many shared fingerprints it holds */
};

/* similar_matches: the passages docs a and b share (sets filled by
 * similar_compare), in a's text order: a's shared fingerprints are walked
 * in order and each found at its first place in b; consecutive ones stay in
 * one passage while their places in b move forward by a few fingerprints in
 * the same file (so a function moved elsewhere is its own passage). Stores
 * them in *out (malloc'ed, caller frees; NULL when none) and returns how
 * many, or -1 when memory runs out. */
int similar_matches(const struct similar_doc *a, const struct similar_doc *b, struct similar_match **out);

#endif
