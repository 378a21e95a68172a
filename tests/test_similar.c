/* test_similar.c: cmocka tests of the Lua tokenizer (src/lualex.c: long
 * brackets, comments, escapes, numerals, newlines, errors) and of winnowed
 * fingerprints (src/similar.c): the SIGMOD 2003 paper's own example, window
 * invariants on random hashes, the inverted index against brute force, and
 * the memoize fixtures in tests/fixtures/similar. Depends on cmocka,
 * lualex.h, similar.h, util.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lualex.h"
#include "similar.h"
#include "util.h"

#ifndef DOJO_TEST_DIR
#error "compile with -DDOJO_TEST_DIR=\"/path/to/tests\""
#endif

/* lex: tokenizes s; the result must be freed with lualex_free. */
static struct lualex_result lex(const char *s)
{
    struct lualex_result r;
    assert_int_equal(lualex_run(s, strlen(s), &r), 0);
    return r;
}

/* names: the token names of s joined by spaces, e.g. "local <name> = 1". */
static void expect_tokens(const char *s, const char *want)
{
    struct lualex_result r = lex(s);
    struct sbuf b = SBUF_INIT;
    for (size_t i = 0; i < r.ntokens; i++)
        sbuf_printf(&b, "%s%s", i ? " " : "", lualex_name(r.tokens[i].code));
    assert_string_equal(sbuf_cstr(&b), want);
    assert_int_equal(r.nerrors, 0);
    sbuf_free(&b);
    lualex_free(&r);
}

static void test_lex_keywords_operators(void **state)
{
    (void)state;
    expect_tokens("local function f(a, ...) return a // 2 .. 'x' end",
                  "local function <name> ( <name> , ... ) return <name> // <number> .. <string> end");
    expect_tokens("a.b:c{} x[1] ~= y and not z or #t >= 3 << 1 >> 2 goto l ::l::",
                  "<name> . <name> : <name> { } <name> [ <number> ] ~= <name> and not <name> or # <name> >= "
                  "<number> << <number> >> <number> goto <name> :: <name> ::");
    expect_tokens("while true do break end repeat until false if nil then elseif x then else end",
                  "while true do break end repeat until false if nil then elseif <name> then else end");
    expect_tokens("a ~ b & c | d ^ e % f", "<name> ~ <name> & <name> | <name> ^ <name> % <name>");
    expect_tokens("#!/usr/bin/lua\nx = 1", "<name> = <number>");
}

static void test_lex_long_brackets(void **state)
{
    struct lualex_result r;
    (void)state;
    expect_tokens("x = [[a]] .. [==[ ]] ]=] ]==] .. y", "<name> = <string> .. <string> .. <name>");
    expect_tokens("--[[ a\n long ]] x --[==[ ]] ]==] y -- [[ line\n z", "<name> <name> <name>");
    expect_tokens("--[ not long\nx --[= neither\ny", "<name> <name>");
    expect_tokens("t[ [[s]] ] = 1", "<name> [ <string> ] = <number>");
    r = lex("s = [[\none\ntwo]]\nnext");
    assert_int_equal(r.ntokens, 4);
    assert_int_equal(r.tokens[2].line, 1);
    assert_int_equal(r.tokens[2].last, 3);
    assert_int_equal(r.tokens[3].line, 4);
    lualex_free(&r);
}

static void test_lex_strings_and_escapes(void **state)
{
    struct lualex_result r;
    (void)state;
    expect_tokens("x = \"a\\\"b\" .. 'it\\'s' .. '\\\\' .. \"\\x41\\u{48}\\065\"",
                  "<name> = <string> .. <string> .. <string> .. <string>");
    expect_tokens("x = \"-- not a comment\" y", "<name> = <string> <name>");
    r = lex("s = \"a\\z\n\n   b\" t = 'c\\\nd' u");
    assert_int_equal(r.ntokens, 7);
    assert_int_equal(r.nerrors, 0);
    assert_int_equal(r.tokens[3].line, 3); /* t: after \z and its two newlines */
    assert_int_equal(r.tokens[6].line, 4); /* u: after the escaped newline */
    lualex_free(&r);
}

static void test_lex_numerals(void **state)
{
    (void)state;
    expect_tokens("3 3.0 3.1416 314.16e-2 0.31416E1 34e1 .5", "<number> <number> <number> <number> <number> "
                                                            "<number> <number>");
    expect_tokens("0xff 0xBEBADA 0x0.1E 0xA23p-4 0X1.921FB54442D18P+1 1e+5",
                  "<number> <number> <number> <number> <number> <number>");
    expect_tokens("a.b 1 .. 2 x-1", "<name> . <name> <number> .. <number> <name> - <number>");
}

static void test_lex_newlines(void **state)
{
    struct lualex_result r = lex("a\r\nb\n\rc\r\rd\ne");
    (void)state;
    assert_int_equal(r.ntokens, 5);
    assert_int_equal(r.tokens[1].line, 2);
    assert_int_equal(r.tokens[2].line, 3);
    assert_int_equal(r.tokens[3].line, 5);
    assert_int_equal(r.tokens[4].line, 6);
    lualex_free(&r);
}

static void test_lex_errors_go_on(void **state)
{
    struct lualex_result r;
    (void)state;
    r = lex("a $ b @ c");
    assert_int_equal(r.ntokens, 3);
    assert_int_equal(r.nerrors, 2);
    assert_int_equal(r.first_error, 1);
    assert_string_equal(r.what, "unexpected symbol");
    lualex_free(&r);
    r = lex("x\ny = \"open\nz = 3x w");
    assert_int_equal(r.nerrors, 2); /* the unfinished string, the numeral 3x */
    assert_int_equal(r.first_error, 2);
    assert_string_equal(r.what, "unfinished string");
    assert_int_equal(r.ntokens, 8); /* x y = <string> z = <number> w */
    lualex_free(&r);
    r = lex("a --[[ never closed\n b");
    assert_int_equal(r.ntokens, 1);
    assert_string_equal(r.what, "unfinished long comment");
    lualex_free(&r);
    r = lex("s = [==[ never closed ]=]");
    assert_int_equal(r.ntokens, 3);
    assert_string_equal(r.what, "unfinished long string");
    lualex_free(&r);
    assert_int_equal(lualex_run("a\0b", 3, &r), 0); /* a NUL byte is one error */
    assert_int_equal(r.ntokens, 2);
    assert_int_equal(r.nerrors, 1);
    lualex_free(&r);
}

/* lex_tree: lexes every .lua file under dir; each must lex cleanly (they
 * all load in Lua). Returns how many files. */
static int lex_tree(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int files = 0;
    assert_non_null(d);
    while ((e = readdir(d)) != NULL) {
        char path[4096];
        struct stat st;
        if (e->d_name[0] == '.')
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (stat(path, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode)) {
            files += lex_tree(path);
        } else if (util_ends_with(e->d_name, ".lua")) {
            size_t len;
            char *text = util_read_file(path, &len);
            struct lualex_result r;
            assert_non_null(text);
            assert_int_equal(lualex_run(text, len, &r), 0);
            if (r.nerrors != 0)
                fail_msg("%s:%d: %s", path, r.first_error, r.what);
            assert_true(r.ntokens > 0);
            lualex_free(&r);
            free(text);
            files++;
        }
    }
    closedir(d);
    return files;
}

/* Every kata's Lua (manifests, starters, specs) and dojo's own Lua lex with
 * no error. */
static void test_lex_the_pack(void **state)
{
    (void)state;
    assert_true(lex_tree(DOJO_TEST_DIR "/../katas") >= 90); /* 3 files x 30 katas and more */
    assert_true(lex_tree(DOJO_TEST_DIR "/../src") >= 2);
    assert_true(lex_tree(DOJO_TEST_DIR "/fixtures/solutions") >= 10);
}

/* Random bytes never crash the tokenizer, and every token it returns has
 * sane lines. */
static void test_lex_random_bytes(void **state)
{
    char buf[512];
    uint32_t seed = 12345;
    (void)state;
    for (int round = 0; round < 2000; round++) {
        struct lualex_result r;
        size_t n = (size_t)(round % 500) + 1;
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            buf[i] = "[]=-\"'\\\n\rz0x.e+ ab_\x80\0"[(seed >> 16) % 21];
        }
        assert_int_equal(lualex_run(buf, n, &r), 0);
        for (size_t i = 0; i < r.ntokens; i++)
            assert_true(r.tokens[i].line >= 1 && r.tokens[i].last >= r.tokens[i].line);
        lualex_free(&r);
    }
}

/* The paper's example (Schleimer, Wilkerson and Aiken 2003, figure 2):
 * these hashes, windows of 4, give the fingerprints 17 17 8 39 17 at
 * positions 3 6 8 11 15 (0-based). */
static void test_winnow_paper_example(void **state)
{
    const uint64_t h[] = {77, 74, 42, 17, 98, 50, 17, 98, 8, 88, 67, 39, 77, 74, 42, 17, 98};
    const size_t want[] = {3, 6, 8, 11, 15};
    size_t sel[17], n;
    (void)state;
    n = similar_winnow(h, 17, 4, sel);
    assert_int_equal(n, 5);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(sel[i], want[i]);
    assert_int_equal(similar_winnow(h, 2, 4, sel), 1); /* shorter than a window */
    assert_int_equal(sel[0], 1);
    assert_int_equal(similar_winnow(h, 0, 4, sel), 0);
}

/* On random hashes (few values, so ties happen): positions increase, and
 * every window holds a selected position carrying its minimum; the choice
 * changes only when the old one left the window or a smaller hash (or the
 * window's rightmost minimum, after the old one left) came in. */
static void test_winnow_invariants(void **state)
{
    uint64_t h[300];
    size_t sel[300];
    uint32_t seed = 7;
    (void)state;
    for (int round = 0; round < 200; round++) {
        size_t n = (size_t)(round % 299) + 1, nsel;
        int w = round % 9 + 1;
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            h[i] = (seed >> 16) % 7;
        }
        nsel = similar_winnow(h, n, w, sel);
        assert_true(nsel >= 1);
        for (size_t i = 1; i < nsel; i++)
            assert_true(sel[i] > sel[i - 1]);
        for (size_t s = 0; s + (size_t)w <= n; s++) {
            uint64_t min = h[s];
            int found = 0;
            for (size_t i = s; i < s + (size_t)w; i++)
                min = h[i] < min ? h[i] : min;
            for (size_t i = 0; i < nsel; i++)
                found |= sel[i] >= s && sel[i] < s + (size_t)w && h[sel[i]] == min;
            assert_true(found);
        }
    }
}

/* A run of equal hashes gives one fingerprint per window, the rightmost of
 * the first window, then each one just as the previous leaves. */
static void test_winnow_robust_ties(void **state)
{
    uint64_t h[40];
    size_t sel[40], n;
    (void)state;
    for (int i = 0; i < 40; i++)
        h[i] = 5;
    n = similar_winnow(h, 40, 8, sel);
    assert_int_equal(n, 5); /* 7, 15, 23, 31, 39 */
    for (size_t i = 0; i < n; i++)
        assert_int_equal(sel[i], 8 * i + 7);
}

/* doc_of: a doc holding one text. */
static void doc_of(struct similar_doc *d, const char *name, const char *text, int keep_all)
{
    struct similar_opts o = similar_opts_default();
    int nerr = -1, line = -1;
    assert_int_equal(similar_doc_init(d, name), 0);
    d->keep_all = keep_all;
    assert_int_equal(similar_doc_add(d, "f.lua", text, strlen(text), &o, &nerr, &line), 0);
}

static const char loop_code[] =
    "local function total(items)\n"
    "  local sum = 0\n"
    "  for i, v in ipairs(items) do\n"
    "    if v > 0 then sum = sum + v * i end\n"
    "  end\n"
    "  return sum, #items\n"
    "end\n"
    "local function average(items)\n"
    "  local s, n = total(items)\n"
    "  if n == 0 then return nil, \"empty\" end\n"
    "  return s / n\n"
    "end\n"
    "return { total = total, average = average }\n";

static const char loop_code_restyled[] =
    "-- totals, with different names, layout and comments\n"
    "local function add_up(list) --[[ weights by index ]]\n"
    "  local acc=0 for k,x in ipairs(list) do if x>0 then acc=acc+x*k end end return acc,#list end\n"
    "\n\n"
    "local function mean(list)\n"
    "  local a, count = add_up(list) -- the sum first\n"
    "  if count == 0 then return nil, [[none]] end\n"
    "  return a / count\n"
    "end\n"
    "return { total = add_up, average = mean }\n";

/* Whitespace, comments, names and literals change nothing: the same hashes
 * in the same order. */
static void test_fingerprints_ignore_layout_and_names(void **state)
{
    struct similar_doc a, b;
    (void)state;
    doc_of(&a, "a", loop_code, 0);
    doc_of(&b, "b", loop_code_restyled, 0);
    assert_true(a.nfps > 3);
    assert_int_equal(a.nfps, b.nfps);
    for (size_t i = 0; i < a.nfps; i++)
        assert_true(a.fps[i].hash == b.fps[i].hash);
    similar_doc_free(&a);
    similar_doc_free(&b);
}

/* The inverted index counts what brute-force set intersection counts, and
 * max_share drops exactly the hashes held by more docs than that. */
static void test_compare_matches_brute_force(void **state)
{
    enum { N = 12 };
    struct similar_doc d[N];
    struct similar_opts o = similar_opts_default();
    struct similar_pair *p;
    size_t np, ncommon;
    uint32_t seed = 99;
    (void)state;
    for (int i = 0; i < N; i++) {
        struct sbuf b = SBUF_INIT;
        for (int line = 0; line < 60; line++) {
            seed = seed * 1103515245u + 12345u;
            static const char *stmts[] = {"x = x + 1", "if a then b() end", "for i = 1, n do t[i] = i end",
                                          "return f(x, y)", "local s = 'k' .. v", "while p do p = p.next end"};
            sbuf_printf(&b, "%s\n", stmts[(seed >> 16) % (unsigned)(3 + i % 4)]);
        }
        doc_of(&d[i], "d", sbuf_cstr(&b), 0);
        sbuf_free(&b);
    }
    o.max_share = 6;
    assert_int_equal(similar_compare(d, N, NULL, &o, &p, &np, &ncommon), 0);
    assert_true(ncommon > 0); /* the common-code rule was exercised */
    similar_rank(p, np, np);
    for (int a = 0; a < N; a++)
        for (int b = a + 1; b < N; b++) {
            size_t shared = 0, found = 0;
            for (size_t i = 0; i < d[a].nset; i++)
                for (size_t j = 0; j < d[b].nset; j++)
                    shared += d[a].set[i] == d[b].set[j];
            for (size_t k = 0; k < np; k++)
                if (p[k].a == a && p[k].b == b) {
                    assert_int_equal(p[k].shared, shared);
                    found = 1;
                }
            assert_int_equal(found, shared > 0);
        }
    for (size_t k = 1; k < np; k++)
        assert_true(p[k - 1].score >= p[k].score);
    for (int i = 0; i < N; i++) {
        for (size_t j = 0; j < d[i].nset; j++) {
            int holders = 0;
            for (int k = 0; k < N; k++)
                for (size_t m = 0; m < d[k].nset; m++)
                    holders += d[k].set[m] == d[i].set[j];
            assert_true(holders <= 6);
        }
    }
    free(p);
    for (int i = 0; i < N; i++)
        similar_doc_free(&d[i]);
}

static const char *const class_names[] = {"alice", "bob", "carol", "dave", "erin", "frank"};
enum { NCLASS = 6 };

/* load_class: the memoize fixtures, and the kata's starter when `starter`. */
static void load_class(struct similar_doc *d, struct similar_doc *starter)
{
    char path[4096];
    for (int i = 0; i < NCLASS; i++) {
        size_t len;
        char *text;
        snprintf(path, sizeof path, "%s/fixtures/similar/memoize/%s/memoize.lua", DOJO_TEST_DIR, class_names[i]);
        text = util_read_file(path, &len);
        assert_non_null(text);
        doc_of(&d[i], class_names[i], text, 0);
        free(text);
    }
    if (starter != NULL) {
        char *text;
        snprintf(path, sizeof path, "%s/../katas/decorators/memoize/starter.lua", DOJO_TEST_DIR);
        text = util_read_file(path, NULL);
        assert_non_null(text);
        doc_of(starter, "starter", text, 1);
        free(text);
    }
}

/* score_of: the score of pair (names a, b), 0 when they share nothing. */
static double score_of(const struct similar_pair *p, size_t np, int a, int b)
{
    for (size_t k = 0; k < np; k++)
        if ((p[k].a == a && p[k].b == b) || (p[k].a == b && p[k].b == a))
            return p[k].score;
    return 0;
}

/* With the starter left out: alice ~ bob (renamed, reordered) ranks first
 * and high; every other pair, independent solutions included, stays below
 * the default threshold of 0.5. erin and frank (starters barely touched)
 * share nothing once the starter is out, though they would be flagged
 * without it. */
static void test_class_fixtures(void **state)
{
    struct similar_doc d[NCLASS], starter;
    struct similar_opts o = similar_opts_default();
    struct similar_pair *p;
    size_t np;
    struct similar_range *r;
    int nr;
    (void)state;
    load_class(d, &starter);
    assert_int_equal(similar_compare(d, NCLASS, &starter, &o, &p, &np, NULL), 0);
    similar_rank(p, np, np);
    assert_true(np > 0);
    assert_int_equal(p[0].a, 0);
    assert_int_equal(p[0].b, 1);
    assert_true(p[0].score >= 0.8);
    for (size_t k = 1; k < np; k++)
        assert_true(p[k].score < 0.3);
    assert_true(score_of(p, np, 2, 3) < 0.3); /* carol ~ dave: independent */
    assert_true(score_of(p, np, 0, 3) < 0.3); /* alice ~ dave: both from the starter */
    assert_true(score_of(p, np, 4, 5) == 0);  /* erin ~ frank */
    nr = similar_ranges(&d[0], &d[1], &r);     /* alice's lines shared with bob */
    assert_true(nr >= 1);
    for (int i = 0; i < nr; i++) {
        assert_true(r[i].line >= 13); /* the starter's header comment is not code */
        if (i > 0)
            assert_true(r[i].line > r[i - 1].last + 1);
    }
    free(r);
    {
        struct similar_match *m;
        int nm = similar_matches(&d[0], &d[1], &m), crossed = 0, total = 0;
        assert_true(nm >= 2);
        for (int i = 0; i < nm; i++) {
            total += m[i].fingerprints;
            assert_true(m[i].a.line >= 13 && m[i].a.line <= m[i].a.last);
            assert_true(m[i].b.line >= 1 && m[i].b.line <= m[i].b.last);
            if (i > 0)
                assert_true(m[i].a.line >= m[i - 1].a.line); /* in alice's order */
            for (int j = 0; j < i; j++)
                crossed |= m[j].b.line > m[i].b.line; /* bob moved it up */
        }
        assert_true(crossed);
        assert_true((size_t)total >= p[0].shared * 8 / 10);
        free(m);
        assert_int_equal(similar_matches(&d[4], &d[5], &m), 0); /* erin, frank: nothing */
        assert_null(m);
    }
    free(p);
    for (int i = 0; i < NCLASS; i++)
        similar_doc_free(&d[i]);

    load_class(d, NULL); /* the same class, starter kept in */
    assert_int_equal(similar_compare(d, NCLASS, NULL, &o, &p, &np, NULL), 0);
    assert_true(score_of(p, np, 4, 5) >= 0.5);
    free(p);
    for (int i = 0; i < NCLASS; i++)
        similar_doc_free(&d[i]);
    similar_doc_free(&starter);
}

/* similar_rank's best k are a full sort's first k, for every k. */
static void test_rank_partial(void **state)
{
    enum { N = 300 };
    struct similar_pair all[N], part[N];
    uint32_t seed = 4;
    (void)state;
    for (int i = 0; i < N; i++) {
        seed = seed * 1103515245u + 12345u;
        all[i] = (struct similar_pair){i % 17, 17 + i, 1, (double)((seed >> 16) % 10) / 10,
                                       (double)((seed >> 20) % 4) / 4};
    }
    memcpy(part, all, sizeof all);
    similar_rank(all, N, N);
    for (size_t k = 0; k <= N; k += k < 20 ? 1 : 37) {
        struct similar_pair p[N];
        memcpy(p, part, sizeof p);
        similar_rank(p, N, k);
        for (size_t i = 0; i < k; i++)
            assert_true(p[i].a == all[i].a && p[i].b == all[i].b);
    }
}

/* Text that does not lex still gives the fingerprints of what does. */
static void test_garbage_still_fingerprinted(void **state)
{
    struct similar_doc a, b;
    struct similar_opts o = similar_opts_default();
    struct similar_pair *p;
    size_t np;
    struct sbuf g = SBUF_INIT;
    int nerr = 0, line = 0;
    (void)state;
    sbuf_printf(&g, "$$$ @@@ \"unclosed\n%s\n`!?", loop_code);
    doc_of(&a, "a", loop_code, 0);
    assert_int_equal(similar_doc_init(&b, "b"), 0);
    assert_int_equal(similar_doc_add(&b, "g.lua", sbuf_cstr(&g), g.len, &o, &nerr, &line), 0);
    assert_int_equal(nerr, 4); /* "$$$", "@@@", the unclosed string, "`!?" */
    assert_int_equal(line, 1);
    assert_int_equal(similar_compare(&a, 1, NULL, &o, &p, &np, NULL), 0);
    free(p);
    {
        struct similar_doc both[2] = {a, b};
        assert_int_equal(similar_compare(both, 2, NULL, &o, &p, &np, NULL), 0);
        assert_int_equal(np, 1);
        assert_true(p[0].score >= 0.8);
        free(p);
        a = both[0];
        b = both[1];
    }
    similar_doc_free(&a);
    similar_doc_free(&b);
    sbuf_free(&g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lex_keywords_operators),
        cmocka_unit_test(test_lex_long_brackets),
        cmocka_unit_test(test_lex_strings_and_escapes),
        cmocka_unit_test(test_lex_numerals),
        cmocka_unit_test(test_lex_newlines),
        cmocka_unit_test(test_lex_errors_go_on),
        cmocka_unit_test(test_lex_random_bytes),
        cmocka_unit_test(test_lex_the_pack),
        cmocka_unit_test(test_winnow_paper_example),
        cmocka_unit_test(test_winnow_invariants),
        cmocka_unit_test(test_winnow_robust_ties),
        cmocka_unit_test(test_fingerprints_ignore_layout_and_names),
        cmocka_unit_test(test_compare_matches_brute_force),
        cmocka_unit_test(test_class_fixtures),
        cmocka_unit_test(test_garbage_still_fingerprinted),
        cmocka_unit_test(test_rank_partial),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
