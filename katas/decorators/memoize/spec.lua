-- spec.lua: the busted spec for the `memoize` kata (see README.md).
-- No clock is needed: a memoized function is told apart from the original
-- by counting how often the original really runs.

local memoize = require("memoize")

-- counted(fn): a function that calls fn and counts its calls in `calls`.
local function counted(fn)
  local c = { calls = 0 }
  c.fn = function(...)
    c.calls = c.calls + 1
    return fn(...)
  end
  return c
end

-- echo returns its argument count, then its arguments.
local function echo(...)
  return select("#", ...), ...
end

describe("memoize", function()
  local c

  before_each(function()
    c = counted(echo)
  end)

  describe("caching", function()
    it("runs the function once for the same arguments", function()
      local square = counted(function(x) return x * x end)
      local f = memoize(8)(square.fn)
      assert.are.equal(49, f(7))
      assert.are.equal(49, f(7))
      assert.are.equal(9, f(3))
      assert.are.equal(2, square.calls)
    end)

    it("keys on every argument, not on a string made of them", function()
      local f = memoize(16)(c.fn)
      f("a,b")
      f("a", "b")
      f(1)
      f("1")
      f(true)
      f("true")
      f("a", "bc")
      f("ab", "c")
      assert.are.equal(8, c.calls)
      assert.are.same({ n = 3, 2, "a", "b" }, table.pack(f("a", "b")))
      assert.are.same({ n = 2, 1, "1" }, table.pack(f("1")))
      assert.are.equal(8, c.calls)
    end)

    it("tells nil arguments and missing arguments apart", function()
      local f = memoize(16)(c.fn)
      assert.are.same({ n = 1, 0 }, table.pack(f()))
      assert.are.same({ n = 2, 1, nil }, table.pack(f(nil)))
      assert.are.same({ n = 3, 2, nil, nil }, table.pack(f(nil, nil)))
      assert.are.same({ n = 3, 2, "a", nil }, table.pack(f("a", nil)))
      assert.are.same({ n = 3, 2, nil, "a" }, table.pack(f(nil, "a")))
      assert.are.equal(5, c.calls)
      f(nil, "a")
      f(nil)
      f()
      assert.are.equal(5, c.calls)
    end)

    it("keys tables by identity, not by contents", function()
      local f = memoize(16)(c.fn)
      local t = { 1 }
      f(t)
      f({ 1 })
      f(t)
      assert.are.equal(2, c.calls)
    end)

    it("caches every result, with their count", function()
      local g = counted(function() return 1, nil, "three", nil end)
      local f = memoize(4)(g.fn)
      assert.are.same({ n = 4, 1, nil, "three", nil }, table.pack(f()))
      assert.are.same({ n = 4, 1, nil, "three", nil }, table.pack(f()))
      local none = counted(function() end)
      local h = memoize(4)(none.fn)
      h()
      assert.are.equal(0, select("#", h()))
      assert.are.same({ 1, 1 }, { g.calls, none.calls })
    end)

    it("gives each decorated function a cache of its own", function()
      local deco = memoize(4)
      local f = deco(c.fn)
      local g = deco(c.fn)
      f(1)
      g(1)
      assert.are.equal(2, c.calls)
      assert.are.equal(1, f.cache_info().size)
      assert.are.equal(1, g.cache_info().size)
    end)

    it("works for a recursive function that calls its memoized self", function()
      local calls = 0
      local fib
      fib = memoize(100)(function(n)
        calls = calls + 1
        if n < 2 then return n end
        return fib(n - 1) + fib(n - 2)
      end)
      assert.are.equal(832040, fib(30))
      assert.are.equal(31, calls)
    end)
  end)

  describe("errors", function()
    it("never caches a call that raised", function()
      local fail = true
      local g = counted(function(x)
        if fail then error("not yet", 0) end
        return x
      end)
      local f = memoize(4)(g.fn)
      local ok, err = pcall(f, 1)
      assert.are.same({ false, "not yet" }, { ok, err })
      pcall(f, 1)
      -- both calls were misses, and nothing was stored
      assert.are.same({ hits = 0, misses = 2, size = 0, maxsize = 4 }, f.cache_info())
      fail = false
      assert.are.equal(1, f(1))
      assert.are.equal(1, f(1))
      assert.are.equal(3, g.calls)
    end)

    it("lets a table error through as the very same table", function()
      local problem = { code = 7 }
      local f = memoize(4)(function() error(problem) end)
      local ok, err = pcall(f)
      assert.is_false(ok)
      assert.are.equal(problem, err)
    end)
  end)

  describe("least recently used eviction", function()
    it("evicts the least recently used entry when full", function()
      local f = memoize(2)(c.fn)
      f(1)
      f(2)
      f(3) -- full: 1 goes
      assert.are.equal(3, c.calls)
      f(3)
      f(2)
      assert.are.equal(3, c.calls)
      f(1) -- computed again; now 3 goes (2 was used more recently)
      assert.are.equal(4, c.calls)
      f(2)
      assert.are.equal(4, c.calls)
      f(3)
      assert.are.equal(5, c.calls)
      assert.are.equal(2, f.cache_info().size)
    end)

    it("counts a hit as a use", function()
      local f = memoize(2)(c.fn)
      f("a")
      f("b")
      f("a") -- a hit: "a" is now the most recently used, "b" the least
      f("c") -- evicts "b"
      f("a")
      assert.are.equal(3, c.calls)
      f("b")
      assert.are.equal(4, c.calls)
    end)

    it("keeps everything when maxsize is nil", function()
      local f = memoize(nil)(c.fn)
      for i = 1, 300 do
        f(i)
      end
      for i = 1, 300 do
        f(i)
      end
      assert.are.equal(300, c.calls)
      assert.are.same({ hits = 300, misses = 300, size = 300 }, f.cache_info())
    end)
  end)

  describe("cache_info and cache_clear", function()
    it("reports hits, misses, size and maxsize", function()
      local f = memoize(3)(c.fn)
      assert.are.same({ hits = 0, misses = 0, size = 0, maxsize = 3 }, f.cache_info())
      f(1)
      f(1)
      f(2)
      f(1)
      assert.are.same({ hits = 2, misses = 2, size = 2, maxsize = 3 }, f.cache_info())
      local info = f.cache_info()
      info.hits = 100 -- a fresh table each time: changing it changes nothing
      assert.are.equal(2, f.cache_info().hits)
    end)

    it("empties the cache and resets the counts on cache_clear", function()
      local f = memoize(3)(c.fn)
      f(1)
      f(1)
      f(2)
      f.cache_clear()
      assert.are.same({ hits = 0, misses = 0, size = 0, maxsize = 3 }, f.cache_info())
      f(1)
      assert.are.equal(3, c.calls)
    end)

    it("never stores a call with a NaN argument, which equals nothing", function()
      local f = memoize(3)(c.fn)
      local nan = 0 / 0
      local n, x = f(nan)
      assert.are.equal(1, n)
      assert.is_true(x ~= x)
      f(nan)
      assert.are.equal(2, c.calls)
      assert.are.same({ hits = 0, misses = 2, size = 0, maxsize = 3 }, f.cache_info())
    end)
  end)

  describe("bad arguments", function()
    it("rejects a maxsize that is not a whole number >= 1 or nil", function()
      assert.error_matches(function() memoize(0) end, "bad argument #1", 1, true)
      assert.error_matches(function() memoize(2.5) end, "bad argument #1", 1, true)
      assert.error_matches(function() memoize("10") end, "bad argument #1", 1, true)
      -- memoize(fn) is the decorator factory used without its call
      assert.error_matches(function() memoize(echo) end, "bad argument #1", 1, true)
    end)
  end)

  describe("inside coroutines", function()
    it("lets the wrapped function yield, and caches what it returns", function()
      local g = counted(function(x)
        local y = coroutine.yield("waiting")
        return x + y
      end)
      local f = memoize(4)(g.fn)
      local co = coroutine.wrap(function(...) return f(...) end)
      assert.are.equal("waiting", co(1))
      assert.are.equal(11, co(10))
      assert.are.equal(11, f(1)) -- from the cache: no yield this time
      assert.are.equal(1, g.calls)
    end)
  end)
end)
