return {
  title = "Memoize with an LRU cache",
  concept = "decorators",
  difficulty = 3,
  points = 15,
  module = "memoize",
  summary = "A decorator factory, memoize(maxsize), that caches a function's results by its exact arguments, evicts the least recently used entry when full, and reports hits and misses.",
  hints = {
    "The key is the hard part. A string glued from the arguments collides (\"a,b\" against \"a\", \"b\"; 1 against \"1\") and loses nils. Tables already compare keys by value for strings and numbers and by identity for tables: what if the cache were a tree of tables, one level per argument?",
    "Walk the arguments with `for i = 1, select(\"#\", ...)`: start at `root[n]` (n = the argument count, so f(nil) and f() differ), then go one table deeper per argument, `node = node[v]`, creating levels as you go. A nil can't be a table key, so use a private sentinel, `local NIL = {}`, in its place; NaN can't be one either (`v ~= v`): don't cache that call at all. Store the entry in the last node under another private key.",
    "An entry is `{ results = table.pack(fn(...)), node = node, prev = ..., next = ... }`, in a doubly linked list whose head is the most recently used. On a hit, unlink it and push it at the head, then `return table.unpack(e.results, 1, e.results.n)`. On a miss, count it, call fn first (an error then leaves the cache untouched), then insert; if size > maxsize, unlink the tail and clear `tail.node[ENTRY]`. Return a table with cache_info and cache_clear, whose metatable's `__call = function(self, ...)` does all this.",
  },
  -- Tests the starter passes as written (dojo validate checks that every
  -- other test fails on it).
  starter_passes = {
    "memoize caching runs the function once for the same arguments",
    "memoize caching keys tables by identity, not by contents",
    "memoize caching gives each decorated function a cache of its own",
    "memoize caching works for a recursive function that calls its memoized self",
    "memoize errors never caches a call that raised",
    "memoize errors lets a table error through as the very same table",
    "memoize least recently used eviction keeps everything when maxsize is nil",
    "memoize cache_info and cache_clear reports hits, misses, size and maxsize",
    "memoize cache_info and cache_clear empties the cache and resets the counts on cache_clear",
    "memoize inside coroutines lets the wrapped function yield, and caches what it returns",
  },
}
