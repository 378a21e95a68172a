-- spec.lua: the busted spec for the `powers-of-two` kata (see README.md).
-- No time is involved: nothing here waits or reads a clock. Loops that drain
-- a generator stop after a fixed number of calls, so a generator that never
-- ends fails its test instead of hanging it.

local powers_of_two = require("powers_of_two")
local generator, take = powers_of_two.generator, powers_of_two.take

-- drain: calls gen up to `cap` times (200 by default) and returns the
-- values it handed out before its first nil.
local function drain(gen, cap)
  local out = {}
  for _ = 1, cap or 200 do
    local v = gen()
    if v == nil then
      return out
    end
    out[#out + 1] = v
  end
  return out
end

describe("powers_of_two", function()
  -- An endless source that counts how often it was called: 1, 2, 3, ...
  local counter

  before_each(function()
    counter = { calls = 0 }
    function counter.next()
      counter.calls = counter.calls + 1
      return counter.calls
    end
  end)

  describe("generator(limit)", function()
    it("hands out 1, 2, 4, ... up to the limit, then nil", function()
      assert.are.same({ 1, 2, 4, 8, 16, 32, 64 }, drain(generator(100)))
    end)

    it("includes the limit itself when it is a power of two", function()
      assert.are.same({ 1, 2, 4, 8, 16, 32, 64 }, drain(generator(64)))
      assert.are.same({ 1, 2, 4, 8, 16, 32 }, drain(generator(63)))
      assert.are.same({ 1, 2, 4, 8 }, drain(generator(10.5)))
    end)

    it("hands out only 1 for a limit of 1, and nothing below 1", function()
      assert.are.same({ 1 }, drain(generator(1)))
      assert.are.same({}, drain(generator(0.5)))
      assert.are.same({}, drain(generator(0)))
      assert.are.same({}, drain(generator(-8)))
    end)

    it("keeps returning nil once exhausted, and a second loop runs zero times", function()
      local gen = generator(4)
      assert.are.same({ 1, 2, 4 }, drain(gen))
      for _ = 1, 3 do
        local ok, v = pcall(gen)
        assert.is_true(ok, "calling an exhausted generator raised: " .. tostring(v))
        assert.is_nil(v)
      end
      local again = 0
      for _ in gen do
        again = again + 1
      end
      assert.are.equal(0, again)
      assert.are.same({ 1, 2, 4 }, drain(generator(4))) -- a new one starts over
    end)

    it("without a limit, goes on up to 2^62, the last power a Lua integer holds", function()
      local all = drain(generator())
      assert.are.equal(63, #all)
      assert.are.equal(1 << 62, all[63])
      for i, v in ipairs(all) do
        assert.are.equal("integer", math.type(v))
        assert.are.equal(1 << (i - 1), v)
      end
    end)

    it("stops at 2^62 even when the limit is larger: no wrap-around", function()
      for _, limit in ipairs({ math.maxinteger, math.huge, 2 ^ 70 }) do
        local all = drain(generator(limit))
        assert.are.equal(63, #all)
        assert.are.equal(1 << 62, all[#all])
      end
      local just_below = drain(generator((1 << 62) - 1))
      assert.are.equal(1 << 61, just_below[#just_below])
    end)

    it("gives each generator its own state", function()
      local a, b = generator(), generator()
      a(); a(); a()
      assert.are.equal(1, b())
      assert.are.equal(8, a())
    end)

    it("rejects a limit that is not a number, when called", function()
      for _, limit in ipairs({ "64", {}, true, 0 / 0 }) do
        assert.error_matches(function() generator(limit) end, "bad argument #1", 1, true)
      end
    end)
  end)

  describe("take(iter, k)", function()
    it("takes the first k values of an endless generator", function()
      assert.are.same({ 1, 2, 4, 8, 16 }, take(generator(), 5))
    end)

    it("pulls exactly k values: the generator carries on where take stopped", function()
      local gen = generator()
      assert.are.same({ 1, 2, 4 }, take(gen, 3))
      assert.are.equal(8, gen())
      assert.are.same({ 16, 32 }, take(gen, 2))
    end)

    it("calls an endless iterator exactly k times, and never for k = 0", function()
      assert.are.same({ 1, 2, 3, 4 }, take(counter.next, 4))
      assert.are.equal(4, counter.calls)
      assert.are.same({}, take(counter.next, 0))
      assert.are.equal(4, counter.calls)
    end)

    it("returns fewer values when the iterator ends first, without calling it again", function()
      local source = coroutine.wrap(function()
        coroutine.yield("a")
        coroutine.yield("b")
      end) -- raises "cannot resume dead coroutine" if called after its nil
      assert.are.same({ "a", "b" }, take(source, 10))
      assert.are.same({}, take(generator(0), 3))
    end)

    it("returns a fresh table on every call", function()
      local gen = generator()
      local first = take(gen, 2)
      first[1] = "changed"
      local second = take(gen, 2)
      assert.are_not.equal(first, second)
      assert.are.same({ 4, 8 }, second)
    end)

    it("rejects an iterator that is not a function and a k that is not a whole number >= 0", function()
      assert.error_matches(function() take(nil, 3) end, "bad argument #1", 1, true)
      assert.error_matches(function() take({ 1, 2 }, 1) end, "bad argument #1", 1, true)
      for _, k in ipairs({ -1, 1.5, "2", 0 / 0 }) do
        assert.error_matches(function() take(counter.next, k) end, "bad argument #2", 1, true)
      end
      assert.error_matches(function() take(counter.next) end, "bad argument #2", 1, true)
    end)

    it("works inside a coroutine when the iterator itself yields", function()
      -- An iterator that pauses before every value, as one that waits for
      -- the network would; the coroutine around take sees each pause.
      local function slow()
        coroutine.yield("waiting")
        return counter.next()
      end
      local run = coroutine.wrap(function() return take(slow, 2) end)
      assert.are.equal("waiting", run())
      assert.are.equal("waiting", run())
      assert.are.same({ 1, 2 }, run())
    end)
  end)
end)
