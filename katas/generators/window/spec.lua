-- spec.lua: the busted spec for the `window` kata (see README.md).
-- No time is involved: nothing here waits or reads a clock. Sources count
-- how often they are called, which is how the tests prove laziness, and
-- every loop that drains a generator stops after a fixed number of calls.

local window = require("window")

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

describe("window", function()
  -- An endless source, 1, 2, 3, ..., that counts its calls.
  local counter

  before_each(function()
    counter = { calls = 0 }
    function counter.next()
      counter.calls = counter.calls + 1
      return counter.calls
    end
  end)

  describe("sliding", function()
    it("hands out every run of `size` consecutive items, in order", function()
      local src = list(1, 2, 3, 4, 5)
      assert.are.same({ { 1, 2, 3 }, { 2, 3, 4 }, { 3, 4, 5 } }, collect(window(src.next, 3)))
    end)

    it("hands out one window when there are exactly `size` items", function()
      assert.are.same({ { "a", "b" } }, collect(window(list("a", "b").next, 2)))
    end)

    it("hands out nothing when there are fewer items than `size`", function()
      assert.are.same({}, collect(window(list(1, 2).next, 3)))
      assert.are.same({}, collect(window(list().next, 1)))
      assert.are.same({}, collect(window({}, 2)))
    end)

    it("with a size of 1, puts every item in a window of its own", function()
      assert.are.same({ { 1 }, { 2 }, { 3 } }, collect(window(list(1, 2, 3).next, 1)))
    end)

    it("accepts an array in place of an iterator", function()
      assert.are.same({ { "x", "y" }, { "y", "z" } }, collect(window({ "x", "y", "z" }, 2)))
    end)

    it("keeps false items: only nil ends the source", function()
      local src = list(false, true, false)
      assert.are.same({ { false, true }, { true, false } }, collect(window(src.next, 2)))
    end)

    it("passes the items through untouched, the same one in several windows", function()
      local a, b, c = {}, {}, {}
      local gen = window(list(a, b, c).next, 2)
      local w1, w2 = gen(), gen()
      assert.are.equal(a, w1[1])
      assert.are.equal(b, w1[2])
      assert.are.equal(b, w2[1]) -- the very same table, not a copy
      assert.are.equal(c, w2[2])
    end)
  end)

  describe("laziness", function()
    it("pulls nothing before the first call, then exactly `size` items", function()
      local gen = window(counter.next, 4)
      assert.are.equal(0, counter.calls)
      assert.are.same({ 1, 2, 3, 4 }, gen())
      assert.are.equal(4, counter.calls)
    end)

    it("pulls exactly one more item for each later window of an endless source", function()
      local gen = window(counter.next, 1000)
      gen()
      local w
      for _ = 1, 5 do
        w = gen()
      end
      assert.are.equal(1005, counter.calls)
      assert.are.equal(6, w[1])
      assert.are.equal(1005, w[1000])
      assert.are.equal(1000, #w)
    end)
  end)

  describe("windows are separate tables", function()
    it("hands out a fresh table every time, whatever you do with the last one", function()
      local gen = window(counter.next, 3)
      local w1 = gen()
      w1[1], w1[2], w1[3] = "x", "y", "z"
      w1[4] = "extra"
      local w2 = gen()
      assert.are_not.equal(w1, w2)
      assert.are.same({ 2, 3, 4 }, w2)
      local all = { w1, w2, gen(), gen() }
      assert.are.same({ 3, 4, 5 }, all[3])
      assert.are.same({ 4, 5, 6 }, all[4])
      assert.are.same({ 2, 3, 4 }, all[2]) -- kept windows don't change either
    end)
  end)

  describe("exhaustion", function()
    it("keeps returning nil, and never calls the source after its nil", function()
      local src = list(1, 2, 3)
      local gen = window(src.next, 2)
      assert.are.equal(2, #collect(gen))
      for _ = 1, 3 do
        assert.is_nil(gen())
      end
      assert.are.equal(4, src.calls) -- 3 items and one nil

      local short = list(1)
      local gen2 = window(short.next, 3)
      assert.is_nil(gen2())
      assert.is_nil(gen2())
      assert.are.equal(2, short.calls)

      local wrapped = coroutine.wrap(function() coroutine.yield("a"); coroutine.yield("b") end)
      local gen3 = window(wrapped, 2) -- a dead wrapped coroutine raises if called
      assert.are.same({ "a", "b" }, gen3())
      assert.has_no_error(function() gen3(); gen3() end)
    end)
  end)

  describe("bad arguments", function()
    it("rejects a size that is not a whole number >= 1", function()
      for _, size in ipairs({ 0, -2, 1.5, "2", 0 / 0, math.huge }) do
        assert.error_matches(function() window(counter.next, size) end, "bad argument #2", 1, true)
      end
      assert.error_matches(function() window(counter.next) end, "bad argument #2", 1, true)
    end)

    it("rejects a source that is neither a function nor a table", function()
      for _, src in ipairs({ 7, "abc", false }) do
        assert.error_matches(function() window(src, 2) end, "bad argument #1", 1, true)
      end
      assert.error_matches(function() window(nil, 2) end, "bad argument #1", 1, true)
    end)
  end)

  describe("inside coroutines", function()
    it("lets the source yield, as a source that waits for the network would", function()
      local function slow()
        coroutine.yield("waiting")
        return counter.next()
      end
      local run = coroutine.wrap(function()
        local gen = window(slow, 2)
        local first = gen()
        return first, gen()
      end)
      assert.are.equal("waiting", run())
      assert.are.equal("waiting", run())
      assert.are.equal("waiting", run()) -- the second window needs one more item
      local first, second = run()
      assert.are.same({ 1, 2 }, first)
      assert.are.same({ 2, 3 }, second)
    end)
  end)
end)
