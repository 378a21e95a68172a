/* test_memoize.c: cmocka unit tests of the plain-C core of the `memoize`
 * kata's reference (katas/decorators/memoize/reference.h): an LRU cache of
 * byte-string keys, run over an allocator that counts what is outstanding
 * and can be told to fail. Depends on cmocka and the reference. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../katas/decorators/memoize/reference.h"

/* A lua_Alloc-shaped allocator over malloc/free that keeps count of the
 * bytes and blocks outstanding (so a wrong size passed to a free shows as a
 * nonzero total at the end), and refuses an allocation once `budget`
 * allocations were made (when budget >= 0) or when it is bigger than
 * `max_block` bytes (when max_block > 0). */
struct counting {
    long long bytes, blocks;
    int budget;       /* allocations still allowed; -1 means no limit */
    size_t max_block; /* largest allocation allowed; 0 means no limit */
};

static void *counting_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    struct counting *a = ud;

    if (nsize == 0) {
        if (ptr != NULL) {
            a->bytes -= (long long)osize;
            a->blocks--;
            free(ptr);
        }
        return NULL;
    }
    assert_null(ptr); /* the cache never reallocates */
    if (a->budget == 0 || (a->max_block > 0 && nsize > a->max_block))
        return NULL;
    if (a->budget > 0)
        a->budget--;
    ptr = malloc(nsize);
    if (ptr != NULL) {
        a->bytes += (long long)nsize;
        a->blocks++;
    }
    return ptr;
}

/* put / get on C strings, with the terminating zero left out. */
static enum memoize_put put(struct memoize_cache *c, const char *key, long long value,
                            long long *dropped)
{
    return memoize_cache_put(c, key, strlen(key), value, dropped);
}

static bool get(struct memoize_cache *c, const char *key, long long *value)
{
    return memoize_cache_get(c, key, strlen(key), value);
}

static void init_makes_an_empty_cache_and_allocates_nothing(void **unused)
{
    (void)unused;
    struct counting a = {0, 0, -1, 0};
    struct memoize_cache c;
    long long v = 42;

    memoize_cache_init(&c, 4, counting_alloc, &a);
    assert_int_equal(0, c.size);
    assert_int_equal(4, c.maxsize);
    assert_int_equal(0, a.blocks);
    assert_false(get(&c, "x", &v));
    assert_int_equal(42, v); /* untouched on a miss */
    assert_int_equal(1, c.misses);
    assert_int_equal(0, c.hits);
    memoize_cache_free(&c);
}

static void put_then_get_hits(void **unused)
{
    (void)unused;
    struct counting a = {0, 0, -1, 0};
    struct memoize_cache c;
    long long v = 0, dropped = -1;

    memoize_cache_init(&c, 4, counting_alloc, &a);
    assert_int_equal(MEMOIZE_STORED, put(&c, "ada", 7, &dropped));
    assert_int_equal(-1, dropped);
    assert_true(get(&c, "ada", &v));
    assert_int_equal(7, v);
    assert_int_equal(1, c.hits);
    assert_int_equal(0, c.misses); /* put counts neither */
    assert_int_equal(1, c.size);
    memoize_cache_free(&c);
    assert_int_equal(0, a.bytes);
}

static void keys_are_compared_as_bytes_with_their_length(void **unused)
{
    (void)unused;
    struct counting a = {0, 0, -1, 0};
    struct memoize_cache c;
    long long v = 0, d;
    static const char zero1[] = {'a', '\0', 'b'};
    static const char zero2[] = {'a', '\0', 'c'};

    memoize_cache_init(&c, 0, counting_alloc, &a);
    put(&c, "ab", 1, &d);
    put(&c, "abc", 2, &d);
    assert_int_equal(MEMOIZE_STORED, memoize_cache_put(&c, zero1, 3, 3, &d));
    assert_int_equal(MEMOIZE_STORED, memoize_cache_put(&c, NULL, 0, 4, &d)); /* empty key */
    assert_int_equal(4, c.size);
    assert_true(get(&c, "ab", &v));
    assert_int_equal(1, v);
    assert_true(get(&c, "abc", &v));
    assert_int_equal(2, v);
    assert_true(memoize_cache_get(&c, zero1, 3, &v));
    assert_int_equal(3, v);
    assert_false(memoize_cache_get(&c, zero2, 3, &v));
    assert_false(get(&c, "a", &v)); /* a prefix of "ab" is not "ab" */
    assert_true(memoize_cache_get(&c, NULL, 0, &v));
    assert_int_equal(4, v);
    memoize_cache_free(&c);
}

static void full_cache_evicts_the_least_recently_used(void **unused)
{
    (void)unused;
    struct counting a = {0, 0, -1, 0};
    struct memoize_cache c;
    long long v, dropped = 0;

    memoize_cache_init(&c, 2, counting_alloc, &a);
    put(&c, "one", 1, &dropped);
    put(&c, "two", 2, &dropped);
    assert_int_equal(MEMOIZE_DROPPED, put(&c, "three", 3, &dropped));
    assert_int_equal(1, dropped); /* "one" was the least recently used */
    assert_int_equal(2, c.size);
    assert_false(get(&c, "one", &v));
    assert_true(get(&c, "two", &v));
    assert_true(get(&c, "three", &v));
    memoize_cache_free(&c);
    assert_int_equal(0, a.blocks);
}

static void a_hit_makes_an_entry_the_most_recently_used(void **unused)
{
    (void)unused;
    struct counting a = {0, 0, -1, 0};
    struct memoize_cache c;
    long long v, dropped = 0;

    memoize_cache_init(&c, 3, counting_alloc, &a);
    put(&c, "a", 1, &dropped);
    put(&c, "b", 2, &dropped);
    put(&c, "c", 3, &dropped);
    assert_true(get(&c, "a", &v)); /* order now: a, c, b */
    assert_int_equal(MEMOIZE_DROPPED, put(&c, "d", 4, &dropped));
    assert_int_equal(2, dropped);
    assert_int_equal(MEMOIZE_DROPPED, put(&c, "e", 5, &dropped));
    assert_int_equal(3, dropped);
    assert_true(get(&c, "a", &v));
    assert_int_equal(1, v);
    /* the list, from the head: a, e, d */
    assert_int_equal(1, c.head->value);
    assert_int_equal(5, c.head->next->value);
    assert_int_equal(4, c.tail->value);
    assert_null(c.head->prev);
    assert_null(c.tail->next);
    memoize_cache_free(&c);
}

static void putting_an_existing_key_replaces_its_value(void **unused)
{
    (void)unused;
    struct counting a = {0, 0, -1, 0};
    struct memoize_cache c;
    long long v, dropped = 0;

    memoize_cache_init(&c, 2, counting_alloc, &a);
    put(&c, "k", 1, &dropped);
    put(&c, "other", 2, &dropped);
    assert_int_equal(MEMOIZE_DROPPED, put(&c, "k", 10, &dropped));
    assert_int_equal(1, dropped); /* the old value left */
    assert_int_equal(2, c.size);  /* nothing evicted */
    assert_true(get(&c, "k", &v));
    assert_int_equal(10, v);
    assert_int_equal(10, c.head->value);
    memoize_cache_free(&c);
}

static void maxsize_one_keeps_the_latest(void **unused)
{
    (void)unused;
    struct counting a = {0, 0, -1, 0};
    struct memoize_cache c;
    long long v, dropped = 0;

    memoize_cache_init(&c, 1, counting_alloc, &a);
    put(&c, "x", 1, &dropped);
    assert_int_equal(MEMOIZE_DROPPED, put(&c, "y", 2, &dropped));
    assert_int_equal(1, dropped);
    assert_false(get(&c, "x", &v));
    assert_true(get(&c, "y", &v));
    assert_int_equal(1, c.size);
    memoize_cache_free(&c);
    assert_int_equal(0, a.bytes);
}

static void unlimited_cache_keeps_thousands_of_entries(void **unused)
{
    (void)unused;
    struct counting a = {0, 0, -1, 0};
    struct memoize_cache c;
    char key[32];
    long long v, dropped;
    int i;

    memoize_cache_init(&c, 0, counting_alloc, &a);
    for (i = 0; i < 5000; i++) {
        snprintf(key, sizeof key, "key-%d", i);
        assert_int_equal(MEMOIZE_STORED, put(&c, key, i, &dropped));
    }
    assert_int_equal(5000, c.size);
    assert_true(c.nbuckets >= 5000); /* it grew as it filled */
    for (i = 0; i < 5000; i++) {
        snprintf(key, sizeof key, "key-%d", i);
        assert_true(get(&c, key, &v));
        assert_int_equal(i, v);
    }
    assert_int_equal(5000, c.hits);
    memoize_cache_free(&c);
    assert_int_equal(0, a.bytes);
    assert_int_equal(0, a.blocks);
}

static void clear_frees_everything_and_resets_the_counts(void **unused)
{
    (void)unused;
    struct counting a = {0, 0, -1, 0};
    struct memoize_cache c;
    long long v, dropped;

    memoize_cache_init(&c, 8, counting_alloc, &a);
    put(&c, "a", 1, &dropped);
    put(&c, "b", 2, &dropped);
    get(&c, "a", &v);
    get(&c, "z", &v);
    memoize_cache_note_miss(&c);
    assert_int_equal(1, c.hits);
    assert_int_equal(2, c.misses);
    memoize_cache_clear(&c);
    assert_int_equal(0, a.bytes);
    assert_int_equal(0, c.size);
    assert_int_equal(0, c.hits);
    assert_int_equal(0, c.misses);
    assert_int_equal(8, c.maxsize);
    assert_null(c.head);
    assert_null(c.tail);
    assert_false(get(&c, "a", &v));
    put(&c, "a", 3, &dropped); /* usable again */
    assert_true(get(&c, "a", &v));
    assert_int_equal(3, v);
    memoize_cache_free(&c);
    assert_int_equal(0, a.bytes);
}

static void out_of_memory_changes_nothing(void **unused)
{
    (void)unused;
    struct counting a = {0, 0, 0, 0}; /* no allocation allowed */
    struct memoize_cache c;
    long long v, dropped = -1;

    memoize_cache_init(&c, 2, counting_alloc, &a);
    assert_int_equal(MEMOIZE_NOMEM, put(&c, "a", 1, &dropped));
    assert_int_equal(0, c.size);
    assert_int_equal(-1, dropped);
    a.budget = -1;
    put(&c, "a", 1, &dropped);
    put(&c, "b", 2, &dropped);
    a.budget = 0; /* the buckets exist; the entry can't be allocated */
    assert_int_equal(MEMOIZE_NOMEM, put(&c, "c", 3, &dropped));
    assert_int_equal(2, c.size); /* nothing was evicted for it */
    assert_true(get(&c, "a", &v));
    assert_true(get(&c, "b", &v));
    assert_int_equal(-1, dropped);
    memoize_cache_free(&c);
    assert_int_equal(0, a.bytes);
}

static void failed_grow_still_stores_in_the_buckets_it_has(void **unused)
{
    (void)unused;
    struct counting a = {0, 0, -1, 0};
    struct memoize_cache c;
    char key[16];
    long long v, dropped;
    int i;

    memoize_cache_init(&c, 0, counting_alloc, &a);
    for (i = 0; i < 8; i++) { /* fills the first 8 buckets */
        snprintf(key, sizeof key, "k%d", i);
        put(&c, key, i, &dropped);
    }
    /* room for an entry (a few dozen bytes), not for 16 buckets (128) */
    a.max_block = sizeof(struct memoize_entry) + 8;
    assert_int_equal(MEMOIZE_STORED, put(&c, "k8", 8, &dropped));
    assert_int_equal(8, c.nbuckets);
    a.max_block = 0;
    for (i = 0; i < 9; i++) {
        snprintf(key, sizeof key, "k%d", i);
        assert_true(get(&c, key, &v));
        assert_int_equal(i, v);
    }
    memoize_cache_free(&c);
    assert_int_equal(0, a.blocks);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(init_makes_an_empty_cache_and_allocates_nothing),
        cmocka_unit_test(put_then_get_hits),
        cmocka_unit_test(keys_are_compared_as_bytes_with_their_length),
        cmocka_unit_test(full_cache_evicts_the_least_recently_used),
        cmocka_unit_test(a_hit_makes_an_entry_the_most_recently_used),
        cmocka_unit_test(putting_an_existing_key_replaces_its_value),
        cmocka_unit_test(maxsize_one_keeps_the_latest),
        cmocka_unit_test(unlimited_cache_keeps_thousands_of_entries),
        cmocka_unit_test(clear_frees_everything_and_resets_the_counts),
        cmocka_unit_test(out_of_memory_changes_nothing),
        cmocka_unit_test(failed_grow_still_stores_in_the_buckets_it_has),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
