/* reference.c: the `memoize` kata: memoize(maxsize) is a decorator factory
 * whose wrappers cache results in an LRU cache, with cache_info() and
 * cache_clear() as in Python's functools.lru_cache
 * (https://docs.python.org/3/library/functools.html#functools.lru_cache).
 * Idiom (part 1, no Lua; tests/test_memoize.c): the classic LRU design, a
 * hash map (chained buckets, doubled as it fills; FNV-1a hash, Fowler, Noll,
 * Vo, http://www.isthe.com/chongo/tech/comp/fnv/) whose entries are also
 * on a doubly linked list in order of use, so lookup, move-to-front and
 * evicting the tail are all O(1). Memory comes through a lua_Alloc-style
 * allocator, so the binding charges it to the Lua state.
 * Binding (luaopen_memoize): the cache lives in a userdata (freed by __gc),
 * the upvalue of the __call of a callable table and of cache_info and
 * cache_clear; results stay in a Lua table (its user value) under slot
 * numbers, the only values the core stores. fn is called with lua_callk so
 * it may yield: Lua 5.4 manual sec. 4.5 "Handling Yields in C". */

#include "reference.h"

#include <assert.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

/* ------------------------------------------------------------------------
 * Part 1: the core.
 *
 * An LRU cache needs two things to be fast: finding an entry by its key
 * (a hash table: the array `buckets`, each a chain of entries linked by
 * `hnext`) and knowing which entry was used least recently (a doubly
 * linked list through the same entries, by `prev`/`next`, most recently
 * used at `head`). Every entry is in both at once. A hit unlinks its entry
 * and pushes it at the head; a full cache evicts `tail`. All of that is
 * O(1), and the table doubles its buckets to keep chains short.
 * ------------------------------------------------------------------------ */

/* hash_bytes: 64-bit FNV-1a of `len` bytes. */
static uint64_t hash_bytes(const unsigned char *p, size_t len)
{
    uint64_t h = 14695981039346656037u;
    size_t i;

    for (i = 0; i < len; i++) {
        h ^= p[i];
        h *= 1099511628211u;
    }
    return h;
}

static size_t entry_size(size_t len)
{
    return sizeof(struct memoize_entry) + len;
}

/* find: the entry for `key`, or NULL; `*link` (if not NULL) is set to the
 * pointer that points at it in its bucket chain, for unchaining. */
static struct memoize_entry *find(const struct memoize_cache *c, uint64_t h, const void *key,
                                  size_t len, struct memoize_entry ***link)
{
    struct memoize_entry **pp;

    if (c->nbuckets == 0)
        return NULL;
    for (pp = &c->buckets[h & (c->nbuckets - 1)]; *pp != NULL; pp = &(*pp)->hnext) {
        struct memoize_entry *e = *pp;
        if (e->hash == h && e->len == len && (len == 0 || memcmp(e->key, key, len) == 0)) {
            if (link != NULL)
                *link = pp;
            return e;
        }
    }
    return NULL;
}

/* list_unlink / list_push: take `e` out of the LRU list, put it at the head. */
static void list_unlink(struct memoize_cache *c, struct memoize_entry *e)
{
    if (e->prev != NULL)
        e->prev->next = e->next;
    else
        c->head = e->next;
    if (e->next != NULL)
        e->next->prev = e->prev;
    else
        c->tail = e->prev;
    e->prev = e->next = NULL;
}

static void list_push(struct memoize_cache *c, struct memoize_entry *e)
{
    e->prev = NULL;
    e->next = c->head;
    if (c->head != NULL)
        c->head->prev = e;
    c->head = e;
    if (c->tail == NULL)
        c->tail = e;
}

/* grow: doubles the bucket array (8 to start with) and rechains every
 * entry. Returns 0, or -1 when out of memory (the cache is unchanged). */
static int grow(struct memoize_cache *c)
{
    size_t n = c->nbuckets ? c->nbuckets * 2 : 8, i;
    struct memoize_entry **b = c->alloc(c->alloc_ud, NULL, 0, n * sizeof *b);
    struct memoize_entry *e;

    if (b == NULL)
        return -1;
    for (i = 0; i < n; i++)
        b[i] = NULL;
    for (e = c->head; e != NULL; e = e->next) {
        e->hnext = b[e->hash & (n - 1)];
        b[e->hash & (n - 1)] = e;
    }
    if (c->buckets != NULL)
        c->alloc(c->alloc_ud, c->buckets, c->nbuckets * sizeof *b, 0);
    c->buckets = b;
    c->nbuckets = n;
    return 0;
}

/* evict: unchains, unlinks and frees the least recently used entry, and
 * returns its value. The cache must not be empty. */
static long long evict(struct memoize_cache *c)
{
    struct memoize_entry *e = c->tail, **link = NULL;
    long long value;

    assert(e != NULL);
    find(c, e->hash, e->key, e->len, &link);
    assert(link != NULL && *link == e);
    *link = e->hnext;
    list_unlink(c, e);
    value = e->value;
    c->alloc(c->alloc_ud, e, entry_size(e->len), 0);
    c->size--;
    return value;
}

/* memoize_cache_init: an empty cache; allocates nothing. Can't fail. */
void memoize_cache_init(struct memoize_cache *c, size_t maxsize, memoize_alloc_fn alloc,
                        void *alloc_ud)
{
    assert(c != NULL && alloc != NULL);
    c->alloc = alloc;
    c->alloc_ud = alloc_ud;
    c->maxsize = maxsize;
    c->size = c->hits = c->misses = 0;
    c->buckets = NULL;
    c->nbuckets = 0;
    c->head = c->tail = NULL;
}

/* memoize_cache_get: a hit moves the entry to the head. Counts either way. */
bool memoize_cache_get(struct memoize_cache *c, const void *key, size_t len, long long *value)
{
    struct memoize_entry *e;

    assert(c != NULL && value != NULL && (key != NULL || len == 0));
    e = find(c, hash_bytes(key, len), key, len, NULL);
    if (e == NULL) {
        c->misses++;
        return false;
    }
    c->hits++;
    list_unlink(c, e);
    list_push(c, e);
    *value = e->value;
    return true;
}

/* memoize_cache_note_miss: one more miss. Can't fail. */
void memoize_cache_note_miss(struct memoize_cache *c)
{
    assert(c != NULL);
    c->misses++;
}

/* memoize_cache_put: insert or replace, evicting the LRU entry when full.
 * Everything that can fail (growing, allocating the entry) happens before
 * anything is changed, so MEMOIZE_NOMEM leaves the cache as it was. */
enum memoize_put memoize_cache_put(struct memoize_cache *c, const void *key, size_t len,
                                   long long value, long long *dropped)
{
    uint64_t h;
    struct memoize_entry *e, **bucket;
    enum memoize_put rc = MEMOIZE_STORED;

    assert(c != NULL && dropped != NULL && (key != NULL || len == 0));
    h = hash_bytes(key, len);
    e = find(c, h, key, len, NULL);
    if (e != NULL) { /* already there (added by a recursive call, say) */
        *dropped = e->value;
        e->value = value;
        list_unlink(c, e);
        list_push(c, e);
        return MEMOIZE_DROPPED;
    }
    if (c->size + 1 > c->nbuckets && grow(c) != 0 && c->nbuckets == 0)
        return MEMOIZE_NOMEM; /* a failed grow is fine if there are buckets */
    e = c->alloc(c->alloc_ud, NULL, 0, entry_size(len));
    if (e == NULL)
        return MEMOIZE_NOMEM;
    if (c->maxsize != 0 && c->size >= c->maxsize) {
        *dropped = evict(c);
        rc = MEMOIZE_DROPPED;
    }
    e->hash = h;
    e->value = value;
    e->len = len;
    if (len > 0)
        memcpy(e->key, key, len);
    bucket = &c->buckets[h & (c->nbuckets - 1)];
    e->hnext = *bucket;
    *bucket = e;
    list_push(c, e);
    c->size++;
    return rc;
}

/* memoize_cache_clear: frees all entries and buckets; resets the counts. */
void memoize_cache_clear(struct memoize_cache *c)
{
    struct memoize_entry *e, *next;

    assert(c != NULL);
    for (e = c->head; e != NULL; e = next) {
        next = e->next;
        c->alloc(c->alloc_ud, e, entry_size(e->len), 0);
    }
    if (c->buckets != NULL)
        c->alloc(c->alloc_ud, c->buckets, c->nbuckets * sizeof *c->buckets, 0);
    c->buckets = NULL;
    c->nbuckets = 0;
    c->head = c->tail = NULL;
    c->size = c->hits = c->misses = 0;
}

/* memoize_cache_free: releases everything the cache owns. Can't fail. */
void memoize_cache_free(struct memoize_cache *c)
{
    memoize_cache_clear(c);
}

/* ------------------------------------------------------------------------
 * Part 2: the Lua binding.
 *
 *   l_memoize(maxsize)  checks maxsize, returns the decorator, a C closure
 *                       over maxsize.
 *   l_decorate(fn)      makes a new cache: a userdata `state` holding a
 *                       struct memoize_cache (freed by its __gc), whose
 *                       user value is `slots`, a table from slot numbers to
 *                       entries { res = packed results, args = packed
 *                       arguments }. Returns `cached`, a table with fields
 *                       cache_info and cache_clear and a metatable whose
 *                       __call is l_call; all three are C closures over
 *                       `state` (and l_call over fn too).
 *   l_call(self, ...)   encodes the arguments into a key, asks the core,
 *                       and on a miss calls fn and stores the results.
 *
 * The core stores only numbers, slot numbers: the results themselves are
 * Lua values and must stay where the garbage collector sees them, in
 * `slots`. When the core drops a slot (evicted, replaced), the binding
 * removes it from `slots` and the collector frees the results.
 *
 * Keys are byte strings: the argument count, then for each argument a type
 * tag and its bytes: nothing for nil, the value of a boolean, the integer
 * (floats with an integral value become integers, as 1.0 == 1 in Lua) or
 * the bits of a float, the length and bytes of a string, or the address of
 * a table, function, userdata or thread. An address names an object only
 * while it is alive; `args` keeps every argument of a cached call alive for
 * as long as its entry exists, so no other object can take that address
 * meanwhile. Tags keep the types apart ("1" is not 1), the count and the
 * lengths keep the boundaries apart ("a,b" is not "a", "b").
 *
 * The core allocates through Lua's allocator (lua_getallocf), so it counts
 * against the same memory limit as the rest of the state. No memory is
 * held outside Lua's reach across a call that can raise: the core's own is
 * owned by the userdata from the start, and keys are Lua strings.
 * ------------------------------------------------------------------------ */

#define STATE_MT "dojo.memoize.state"

/* The userdata behind one cached function. */
struct state {
    struct memoize_cache cache;
    long long next_slot; /* the last slot number given out */
};

enum { DECO_MAXSIZE = 1 };        /* upvalue of the decorator */
enum { UP_STATE = 1, UP_FN };     /* upvalues of l_call (UP_STATE: all three) */
enum { KEY_IDX = 1, KEEP_IDX };   /* stack of l_call after a miss */
enum step { STEP_STORE, STEP_UNCACHED };

static int call_k(lua_State *L, int status, lua_KContext ctx);

/* has_nan: is one of the `n` values from index `first` a NaN? */
static int has_nan(lua_State *L, int first, int n)
{
    int i;

    for (i = first; i < first + n; i++) {
        if (lua_type(L, i) == LUA_TNUMBER && !lua_isinteger(L, i)) {
            lua_Number d = lua_tonumber(L, i);
            if (d != d)
                return 1;
        }
    }
    return 0;
}

/* add_bytes: appends a tag byte and `len` bytes to the key. */
static void add_bytes(luaL_Buffer *b, char tag, const void *p, size_t len)
{
    luaL_addchar(b, tag);
    luaL_addlstring(b, p, len);
}

/* push_key: pushes the key of the `n` arguments from index `first` (none
 * of them NaN). [-0, +1, m] */
static void push_key(lua_State *L, int first, int n)
{
    luaL_Buffer b;
    lua_Integer count = n;
    int i;

    luaL_buffinit(L, &b);
    add_bytes(&b, '#', &count, sizeof count);
    for (i = first; i < first + n; i++) {
        int type = lua_type(L, i), isint = 0;
        switch (type) {
        case LUA_TNIL:
            luaL_addchar(&b, 'z');
            break;
        case LUA_TBOOLEAN:
            luaL_addchar(&b, lua_toboolean(L, i) ? 't' : 'f');
            break;
        case LUA_TNUMBER: {
            lua_Integer iv = lua_tointegerx(L, i, &isint); /* exact only */
            if (isint) {
                add_bytes(&b, 'i', &iv, sizeof iv);
            } else {
                lua_Number d = lua_tonumber(L, i);
                add_bytes(&b, 'd', &d, sizeof d);
            }
            break;
        }
        case LUA_TSTRING: {
            size_t len;
            const char *s = lua_tolstring(L, i, &len);
            add_bytes(&b, 's', &len, sizeof len);
            luaL_addlstring(&b, s, len);
            break;
        }
        default: { /* by identity: tables, functions, userdata, threads */
            const void *p = lua_topointer(L, i);
            add_bytes(&b, (char)('A' + type), &p, sizeof p);
            break;
        }
        }
    }
    luaL_pushresult(&b);
}

/* pack: pops nothing; pushes a table { n = count, [1..count] = the
 * `count` values from index `first` }. [-0, +1, m] */
static void pack(lua_State *L, int first, int count)
{
    int i;

    lua_createtable(L, count, 1);
    for (i = 0; i < count; i++) {
        lua_pushvalue(L, first + i);
        lua_rawseti(L, -2, i + 1);
    }
    lua_pushinteger(L, count);
    lua_setfield(L, -2, "n");
}

/* store: fn returned. Stack: key, keep (the packed arguments), results.
 * Stores the results under a new slot, tells the core, forgets whatever
 * slot the core dropped, and returns the results. */
static int store(lua_State *L)
{
    struct state *s = lua_touserdata(L, lua_upvalueindex(UP_STATE));
    int nres = lua_gettop(L) - KEEP_IDX;
    long long slot = ++s->next_slot, dropped = 0;
    size_t len;
    const char *key = lua_tolstring(L, KEY_IDX, &len);
    enum memoize_put rc;

    lua_getiuservalue(L, lua_upvalueindex(UP_STATE), 1); /* slots */
    lua_createtable(L, 0, 2);
    pack(L, KEEP_IDX + 1, nres);
    lua_setfield(L, -2, "res");
    lua_pushvalue(L, KEEP_IDX);
    lua_setfield(L, -2, "args");
    lua_rawseti(L, -2, slot); /* slots[slot] = entry */

    rc = memoize_cache_put(&s->cache, key, len, slot, &dropped);
    if (rc == MEMOIZE_NOMEM) {
        lua_pushnil(L);
        lua_rawseti(L, -2, slot);
        return luaL_error(L, "not enough memory");
    }
    if (rc == MEMOIZE_DROPPED) {
        lua_pushnil(L);
        lua_rawseti(L, -2, dropped);
    }
    lua_pop(L, 1); /* slots */
    return nres;
}

/* call_k: the continuation after fn yielded and then returned. */
static int call_k(lua_State *L, int status, lua_KContext ctx)
{
    (void)status; /* always LUA_YIELD: errors unwind past lua_callk */
    if (ctx == STEP_STORE)
        return store(L);
    return lua_gettop(L); /* STEP_UNCACHED: fn's results, nothing to store */
}

/* push_hit: pushes the results stored in `slot`; returns their count. */
static int push_hit(lua_State *L, long long slot)
{
    lua_Integer i, n;

    lua_getiuservalue(L, lua_upvalueindex(UP_STATE), 1);
    lua_rawgeti(L, -1, slot);
    lua_getfield(L, -1, "res");
    lua_getfield(L, -1, "n");
    n = lua_tointeger(L, -1);
    lua_pop(L, 1);
    luaL_checkstack(L, (int)n, "too many results");
    for (i = 1; i <= n; i++)
        lua_rawgeti(L, -(int)i, i); /* the res table sits i - 1 slots down */
    return (int)n;
}

/* l_call: cached(...), through __call(cached, ...) -> fn's results, from
 * the cache or from a call of fn (stored if it returns). */
static int l_call(lua_State *L)
{
    struct state *s = lua_touserdata(L, lua_upvalueindex(UP_STATE));
    int nargs;
    long long slot;
    size_t len;
    const char *key;

    lua_remove(L, 1); /* the callable table itself */
    nargs = lua_gettop(L);
    luaL_checkstack(L, nargs + 8, "too many arguments");
    if (has_nan(L, 1, nargs)) { /* equal to nothing: never cached */
        memoize_cache_note_miss(&s->cache);
        lua_pushvalue(L, lua_upvalueindex(UP_FN));
        lua_insert(L, 1);
        lua_callk(L, nargs, LUA_MULTRET, STEP_UNCACHED, call_k);
        return lua_gettop(L);
    }
    push_key(L, 1, nargs);
    lua_insert(L, KEY_IDX); /* key, args */
    key = lua_tolstring(L, KEY_IDX, &len);
    if (memoize_cache_get(&s->cache, key, len, &slot))
        return push_hit(L, slot);
    pack(L, KEY_IDX + 1, nargs);
    lua_insert(L, KEEP_IDX); /* key, keep, args */
    lua_pushvalue(L, lua_upvalueindex(UP_FN));
    lua_insert(L, KEEP_IDX + 1); /* key, keep, fn, args */
    lua_callk(L, nargs, LUA_MULTRET, STEP_STORE, call_k);
    return store(L);
}

/* l_cache_info: cached.cache_info() -> { hits, misses, size, maxsize },
 * a new table; maxsize is nil for a cache without a limit. Arguments are
 * ignored, so the colon form works too. */
static int l_cache_info(lua_State *L)
{
    const struct state *s = lua_touserdata(L, lua_upvalueindex(UP_STATE));

    lua_createtable(L, 0, 4);
    lua_pushinteger(L, (lua_Integer)s->cache.hits);
    lua_setfield(L, -2, "hits");
    lua_pushinteger(L, (lua_Integer)s->cache.misses);
    lua_setfield(L, -2, "misses");
    lua_pushinteger(L, (lua_Integer)s->cache.size);
    lua_setfield(L, -2, "size");
    if (s->cache.maxsize != 0) {
        lua_pushinteger(L, (lua_Integer)s->cache.maxsize);
        lua_setfield(L, -2, "maxsize");
    }
    return 1;
}

/* l_cache_clear: cached.cache_clear() empties the cache and resets the
 * counts. The slots table is replaced by an empty one: the results and
 * arguments it held become garbage. Returns nothing. */
static int l_cache_clear(lua_State *L)
{
    struct state *s = lua_touserdata(L, lua_upvalueindex(UP_STATE));

    memoize_cache_clear(&s->cache);
    lua_newtable(L);
    lua_setiuservalue(L, lua_upvalueindex(UP_STATE), 1);
    return 0;
}

/* l_state_gc: __gc of the state userdata: frees the core's memory. */
static int l_state_gc(lua_State *L)
{
    struct state *s = luaL_checkudata(L, 1, STATE_MT);

    memoize_cache_free(&s->cache);
    return 0;
}

/* l_decorate: decorator(fn) -> cached, a callable table with its own,
 * empty cache. fn is not checked: a value that can't be called fails on
 * the first miss. */
static int l_decorate(lua_State *L)
{
    struct state *s;
    void *ud = NULL;
    lua_Alloc alloc = lua_getallocf(L, &ud);

    lua_settop(L, 1); /* fn */
    s = lua_newuserdatauv(L, sizeof *s, 1);
    memoize_cache_init(&s->cache, (size_t)lua_tointeger(L, lua_upvalueindex(DECO_MAXSIZE)),
                       alloc, ud);
    s->next_slot = 0;
    luaL_setmetatable(L, STATE_MT);
    lua_newtable(L);
    lua_setiuservalue(L, 2, 1); /* fn, state */

    lua_createtable(L, 0, 2); /* fn, state, cached */
    lua_pushvalue(L, 2);
    lua_pushcclosure(L, l_cache_info, 1);
    lua_setfield(L, -2, "cache_info");
    lua_pushvalue(L, 2);
    lua_pushcclosure(L, l_cache_clear, 1);
    lua_setfield(L, -2, "cache_clear");

    lua_createtable(L, 0, 1); /* fn, state, cached, mt */
    lua_pushvalue(L, 2);
    lua_pushvalue(L, 1);
    lua_pushcclosure(L, l_call, 2);
    lua_setfield(L, -2, "__call");
    lua_setmetatable(L, -2);
    return 1;
}

/* l_memoize: memoize(maxsize) -> decorator. maxsize: nil (no limit) or an
 * integer >= 1; anything else, a function included, is refused with
 * "bad argument #1". */
static int l_memoize(lua_State *L)
{
    if (!lua_isnoneornil(L, 1) && (!lua_isinteger(L, 1) || lua_tointeger(L, 1) < 1)) {
        int t = lua_type(L, 1);
        const char *got = t == LUA_TNUMBER ? luaL_tolstring(L, 1, NULL) : luaL_typename(L, 1);
        const char *why = lua_pushfstring(L, "maxsize must be an integer >= 1 or nil, got %s", got);
        return luaL_argerror(L, 1, why);
    }
    lua_settop(L, 1);
    if (lua_isnil(L, 1)) {
        lua_pop(L, 1);
        lua_pushinteger(L, 0); /* the core's "no limit" */
    }
    lua_pushcclosure(L, l_decorate, 1);
    return 1;
}

/* luaopen_memoize: the module's loader. require("memoize") returns the
 * function `memoize` itself, as the kata's spec expects. It also registers
 * the metatable of the state userdata. */
int luaopen_memoize(lua_State *L)
{
    if (luaL_newmetatable(L, STATE_MT)) {
        lua_pushcfunction(L, l_state_gc);
        lua_setfield(L, -2, "__gc");
    }
    lua_pop(L, 1);
    lua_pushcfunction(L, l_memoize);
    return 1;
}
