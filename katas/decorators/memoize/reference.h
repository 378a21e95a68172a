/* reference.h: the plain-C core of the `memoize` kata's reference: an LRU
 * cache, a hash table and a doubly linked list over the same entries, that
 * maps byte-string keys to numbers chosen by the caller. No Lua in it, so
 * tests/test_memoize.c can test it without a Lua state. The Lua binding
 * lives in reference.c. Depends on the C standard library only. */
#ifndef DOJO_KATA_MEMOIZE_REFERENCE_H
#define DOJO_KATA_MEMOIZE_REFERENCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The allocator the cache uses for all its memory, with the signature and
 * the contract of Lua's lua_Alloc: alloc(ud, NULL, 0, n) allocates n bytes
 * (NULL when it can't), alloc(ud, p, size, 0) frees p, which was allocated
 * with that size, and returns NULL. The cache never reallocates. */
typedef void *(*memoize_alloc_fn)(void *ud, void *ptr, size_t osize, size_t nsize);

/* One cached entry. The cache allocates it (with the key copied into it),
 * owns it and frees it; callers never see one. */
struct memoize_entry {
    struct memoize_entry *hnext; /* the next entry in the same hash bucket */
    struct memoize_entry *prev;  /* more recently used, NULL at the head */
    struct memoize_entry *next;  /* less recently used, NULL at the tail */
    uint64_t hash;               /* hash of the key */
    long long value;             /* the caller's value */
    size_t len;                  /* key length in bytes */
    unsigned char key[];         /* the key's bytes */
};

/* An LRU cache. The caller owns the struct itself (on the stack, in a Lua
 * userdata...); the cache owns the entries and the bucket array, allocated
 * through `alloc`, and memoize_cache_free releases them. Values are plain
 * numbers: when a value leaves the cache (evicted, replaced, cleared) the
 * caller is told, or does its own cleanup, for whatever the number names.
 * The fields are public for reading; change them only through the
 * functions below. */
struct memoize_cache {
    memoize_alloc_fn alloc;
    void *alloc_ud;
    size_t maxsize;                /* most entries held; 0 means no limit */
    size_t size;                   /* entries held now */
    size_t hits, misses;           /* lookups that found / did not find */
    struct memoize_entry **buckets;
    size_t nbuckets;               /* 0, or a power of two */
    struct memoize_entry *head;    /* most recently used, NULL when empty */
    struct memoize_entry *tail;    /* least recently used, NULL when empty */
};

/* What memoize_cache_put did. */
enum memoize_put {
    MEMOIZE_STORED = 0,  /* stored; nothing left the cache */
    MEMOIZE_DROPPED = 1, /* stored; one value left: *dropped says which */
    MEMOIZE_NOMEM = -1,  /* out of memory: the cache is unchanged */
};

/* memoize_cache_init: makes `c` an empty cache of at most `maxsize`
 * entries (0 for no limit) that allocates through alloc(alloc_ud, ...).
 * Allocates nothing yet; can't fail. */
void memoize_cache_init(struct memoize_cache *c, size_t maxsize, memoize_alloc_fn alloc,
                        void *alloc_ud);

/* memoize_cache_get: looks up the `len` bytes at `key` (NULL is fine when
 * len is 0). On a hit: stores the entry's value in *value, makes the entry
 * the most recently used, counts a hit and returns true. On a miss: counts
 * a miss, leaves *value alone and returns false. Can't fail. */
bool memoize_cache_get(struct memoize_cache *c, const void *key, size_t len, long long *value);

/* memoize_cache_note_miss: counts a miss for a call that can't be cached
 * at all (so was never looked up). Can't fail. */
void memoize_cache_note_miss(struct memoize_cache *c);

/* memoize_cache_put: stores `value` under a copy of the `len` bytes at
 * `key`, as the most recently used entry. If the key is there already its
 * value is replaced, and the old one is "dropped". Otherwise, if the cache
 * is full, the least recently used entry is evicted first, and its value
 * is "dropped". At most one value is dropped per call; it is stored in
 * *dropped and MEMOIZE_DROPPED returned. Returns MEMOIZE_STORED when no
 * value left the cache, MEMOIZE_NOMEM (changing nothing, counts included)
 * when an allocation failed. Counts neither a hit nor a miss. */
enum memoize_put memoize_cache_put(struct memoize_cache *c, const void *key, size_t len,
                                   long long value, long long *dropped);

/* memoize_cache_clear: frees every entry and the bucket array, and sets
 * size, hits and misses to 0; maxsize and the allocator stay. The values
 * are dropped without a word: a caller that must clean up after them walks
 * the list from c->head first. Can't fail. */
void memoize_cache_clear(struct memoize_cache *c);

/* memoize_cache_free: releases all the memory the cache owns (as
 * memoize_cache_clear). The struct can then be discarded, or used again as
 * an empty cache. Can't fail. */
void memoize_cache_free(struct memoize_cache *c);

#endif
