-- spec.lua: the busted spec for the `chunks` kata (see README.md).
-- No time is involved: nothing here waits or reads a clock. Sources count
-- how often they are called, which is how the tests prove laziness, and
-- every loop that drains a generator stops after a fixed number of calls.

local chunks = require("chunks")

-- collect: calls gen up to `cap` times (100 by default) and returns what it
-- handed out before its first nil.
local function collect(gen, cap)
  local out = {}
  for _ = 1, cap or 100 do
    local v = gen()
    if v == nil then
      return out
    end
    out[#out + 1] = v
  end
  return out
end

-- list: an iterator over the given values that counts its calls and fails
-- the test if it is called again after it has returned nil.
local function list(...)
  local items, i = table.pack(...), 0
  local src = { calls = 0 }
  function src.next()
    src.calls = src.calls + 1
    assert(i <= items.n, "the source was called again after it returned nil")
    i = i + 1
    if i > items.n then
      return nil
    end
    return items[i]
  end
  return src
end

describe("chunks", function()
  -- An endless source, 1, 2, 3, ..., that counts its calls.
  local counter

  before_each(function()
    counter = { calls = 0 }
    function counter.next()
      counter.calls = counter.calls + 1
      return counter.calls
    end
  end)

  describe("splitting", function()
    it("hands out arrays of `size` items, the last one shorter", function()
      local src = list(1, 2, 3, 4, 5, 6, 7)
      assert.are.same({ { 1, 2, 3 }, { 4, 5, 6 }, { 7 } }, collect(chunks(src.next, 3)))
    end)

    it("adds no empty chunk when the items divide evenly", function()
      local src = list("a", "b", "c", "d")
      assert.are.same({ { "a", "b" }, { "c", "d" } }, collect(chunks(src.next, 2)))
    end)

    it("hands out nothing for an empty source", function()
      assert.is_nil(chunks(list().next, 3)())
      assert.is_nil(chunks({}, 3)())
    end)

    it("handles a size of 1 and a size larger than the whole input", function()
      assert.are.same({ { 1 }, { 2 }, { 3 } }, collect(chunks(list(1, 2, 3).next, 1)))
      assert.are.same({ { 1, 2, 3 } }, collect(chunks(list(1, 2, 3).next, 10)))
    end)

    it("accepts an array in place of an iterator", function()
      assert.are.same({ { "x", "y" }, { "z" } }, collect(chunks({ "x", "y", "z" }, 2)))
    end)

    it("keeps false items: only nil ends the source", function()
      local src = list(false, true, false)
      assert.are.same({ { false, true }, { false } }, collect(chunks(src.next, 2)))
    end)

    it("passes the items through untouched", function()
      local a, b = {}, {}
      local chunk = chunks(list(a, b).next, 2)()
      assert.are.equal(a, chunk[1]) -- the very same tables, not copies
      assert.are.equal(b, chunk[2])
    end)

    it("works as the iterator of a generic for", function()
      local sizes = {}
      for chunk in chunks(list(1, 2, 3, 4, 5).next, 2) do
        sizes[#sizes + 1] = #chunk
      end
      assert.are.same({ 2, 2, 1 }, sizes)
    end)
  end)

  describe("laziness", function()
    it("pulls nothing until the first chunk is asked for", function()
      local gen = chunks(counter.next, 4)
      assert.are.equal(0, counter.calls)
      assert.are.same({ 1, 2, 3, 4 }, gen())
      assert.are.equal(4, counter.calls)
    end)

    it("takes chunks from an endless source, pulling only the items it hands out", function()
      local gen = chunks(counter.next, 1000)
      local first, second = gen(), gen()
      assert.are.equal(1000, #first)
      assert.are.equal(2000, second[1000])
      assert.are.equal(2000, counter.calls)
    end)
  end)

  describe("chunks are separate tables", function()
    it("hands out a fresh table every time", function()
      local all = collect(chunks(counter.next, 2), 3)
      assert.are_not.equal(all[1], all[2])
      all[1][1] = "changed"
      all[1][3] = "added"
      assert.are.same({ 3, 4 }, all[2])
      assert.are.same({ 5, 6 }, all[3])
    end)
  end)

  describe("exhaustion", function()
    it("keeps returning nil, and never calls the source after its nil", function()
      local src = list(1, 2, 3)
      local gen = chunks(src.next, 2)
      assert.are.same({ { 1, 2 }, { 3 } }, collect(gen))
      for _ = 1, 3 do
        assert.is_nil(gen())
      end
      assert.are.equal(4, src.calls) -- 3 items and one nil

      local wrapped = coroutine.wrap(function() coroutine.yield("only") end)
      local gen2 = chunks(wrapped, 5) -- a dead wrapped coroutine raises if called
      assert.are.same({ "only" }, gen2())
      assert.has_no_error(function() gen2() end)
    end)
  end)

  describe("bad arguments", function()
    it("rejects a size that is not a whole number >= 1", function()
      for _, size in ipairs({ 0, -1, 2.5, "3", 0 / 0, math.huge }) do
        assert.error_matches(function() chunks(counter.next, size) end, "bad argument #2", 1, true)
      end
      assert.error_matches(function() chunks(counter.next) end, "bad argument #2", 1, true)
    end)

    it("rejects a source that is neither a function nor a table", function()
      for _, src in ipairs({ 42, "abc", true }) do
        assert.error_matches(function() chunks(src, 2) end, "bad argument #1", 1, true)
      end
      assert.error_matches(function() chunks(nil, 2) end, "bad argument #1", 1, true)
    end)
  end)

  describe("inside coroutines", function()
    it("lets the source yield, as a source that waits for the network would", function()
      local function slow()
        coroutine.yield("waiting")
        return counter.next()
      end
      local run = coroutine.wrap(function()
        local gen = chunks(slow, 2)
        return gen()
      end)
      assert.are.equal("waiting", run())
      assert.are.equal("waiting", run())
      assert.are.same({ 1, 2 }, run())
    end)
  end)
end)
