-- bench/solutions/memoize.lua: a Lua solution of the `memoize` kata, for
-- bench/kata_memoize.py (`dojo bench memoize --solution` this file).
--
-- The cache is a tree of tables: root[argument count][arg 1][arg 2]...,
-- so keys compare as Lua compares table keys (1 == 1.0, tables by
-- identity, 1 ~= "1") and nothing is glued into a string. The leaf holds
-- the entry under a private key. Entries are also in a doubly linked list,
-- most recently used first, for O(1) moves to the front and evictions. An
-- evicted entry's empty tree nodes are pruned, so a bounded cache stays
-- bounded whatever the arguments are.

local NIL = {}   -- stands for a nil argument (nil can't be a table key)
local ENTRY = {} -- the key under which a leaf node holds its entry

local function bad_maxsize(maxsize)
  local got = math.type(maxsize) or type(maxsize)
  error("bad argument #1 to 'memoize' (maxsize must be an integer >= 1 or nil, got "
        .. got .. ")", 3)
end

local function memoize(maxsize)
  if maxsize ~= nil and (math.type(maxsize) ~= "integer" or maxsize < 1) then
    bad_maxsize(maxsize)
  end

  return function(fn)
    local root, hits, misses, size
    -- head/tail sentinels of the LRU list: head.next is the most recent.
    local head, tail = {}, {}

    local function clear()
      root, hits, misses, size = {}, 0, 0, 0
      head.next, tail.prev = tail, head
    end
    clear()

    local function unlink(e)
      e.prev.next, e.next.prev = e.next, e.prev
    end

    local function push_front(e)
      e.prev, e.next = head, head.next
      head.next.prev = e
      head.next = e
    end

    -- drop: remove entry e from the tree, pruning nodes left empty.
    local function drop(e)
      local path, keys = e.path, e.keys
      local i = #path
      path[i][ENTRY] = nil
      while i > 1 and next(path[i]) == nil do
        path[i - 1][keys[i - 1]] = nil
        i = i - 1
      end
    end

    local cached = {}

    function cached.cache_info()
      return { hits = hits, misses = misses, size = size, maxsize = maxsize }
    end

    function cached.cache_clear()
      clear()
    end

    setmetatable(cached, {
      __call = function(_, ...)
        local n = select("#", ...)
        -- look up, without creating anything
        local node = root[n]
        for i = 1, n do
          local v = select(i, ...)
          if v == nil then
            v = NIL
          elseif v ~= v then -- NaN equals nothing: never a hit, never stored
            misses = misses + 1
            return fn(...)
          end
          if node ~= nil then
            node = node[v]
          end
        end
        local e = node and node[ENTRY]
        if e then
          hits = hits + 1
          if head.next ~= e then
            unlink(e)
            push_front(e)
          end
          local r = e.results
          return table.unpack(r, 1, r.n)
        end

        misses = misses + 1
        -- call first: an error leaves the cache untouched
        local results = table.pack(fn(...))

        -- insert: walk again, creating the nodes (fn may have added or
        -- evicted entries meanwhile, through recursion or other calls)
        local path, keys = { root }, { n }
        node = root[n]
        if node == nil then
          node = {}
          root[n] = node
        end
        path[2] = node
        for i = 1, n do
          local v = select(i, ...)
          if v == nil then v = NIL end
          keys[i + 1] = v
          local child = node[v]
          if child == nil then
            child = {}
            node[v] = child
          end
          node = child
          path[i + 2] = node
        end
        e = node[ENTRY]
        if e then -- stored while fn ran: refresh it
          e.results = results
          unlink(e)
        else
          e = { results = results, path = path, keys = keys }
          node[ENTRY] = e
          size = size + 1
        end
        push_front(e)
        if maxsize and size > maxsize then
          local old = tail.prev
          unlink(old)
          drop(old)
          size = size - 1
        end
        return table.unpack(results, 1, results.n)
      end,
    })
    return cached
  end
end

return memoize
