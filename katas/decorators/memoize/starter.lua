-- memoize.lua: a memoizing decorator with an LRU cache (the `memoize` kata).
-- Run `dojo check memoize` to grade it and `dojo hint memoize` when stuck.
--
--   local cached = memoize(128)(slow_lookup)   -- keep the 128 latest results
--   cached("ada")                              -- runs slow_lookup("ada")
--   cached("ada")                              -- answered from the cache
--   cached.cache_info()   --> { hits = 1, misses = 1, size = 1, maxsize = 128 }
--   cached.cache_clear()
--
-- As it stands, it caches, but badly: some tests already pass, the rest
-- tell you what is wrong.

local function memoize(maxsize)
  -- TODO: check maxsize: nil (no limit) or an integer >= 1; anything else
  -- (a function, say: memoize(fn) forgets the call) raises an error whose
  -- message contains "bad argument #1".

  local function decorator(fn)
    local cache = {}
    local hits, misses, size = 0, 0, 0

    -- TODO: a key made by gluing strings together collides: ("a,b") and
    -- ("a", "b") get the same key, and so do 1 and "1". nil arguments are
    -- lost too. Key on the number of arguments and on each value itself.
    local function key_of(...)
      local parts = {}
      for i = 1, select("#", ...) do
        parts[i] = tostring((select(i, ...)))
      end
      return table.concat(parts, ",")
    end

    local cached = {}

    function cached.cache_info()
      return { hits = hits, misses = misses, size = size, maxsize = maxsize }
    end

    function cached.cache_clear()
      cache = {}
      hits, misses, size = 0, 0, 0
    end

    -- A table with a __call metamethod can be called like a function, and
    -- can still carry fields such as cache_info. Note the first parameter:
    -- calling cached(x) calls __call(cached, x).
    return setmetatable(cached, {
      __call = function(_, ...)
        local key = key_of(...)
        if cache[key] ~= nil then
          hits = hits + 1
          return cache[key]
        end
        misses = misses + 1
        -- TODO: this keeps only the first result, and nothing ever leaves
        -- the cache: when it is full, drop the least recently used entry.
        local result = fn(...)
        cache[key] = result
        size = size + 1
        return result
      end,
    })
  end

  return decorator
end

return memoize
