-- spec.lua: the busted spec for the `counter` kata (see README.md).
-- No clock is needed: a counter does nothing over time. Fractions are
-- multiples of 0.25, which binary floating point holds exactly.

local counter = require("counter")

-- Sorted list of the keys of table t, to compare with assert.are.same.
local function keys_of(t)
  local keys = {}
  for k in pairs(t) do
    keys[#keys + 1] = tostring(k)
  end
  table.sort(keys)
  return keys
end

describe("counter", function()
  describe("counter.new", function()
    it("returns a table of exactly three functions: increment, reset and get", function()
      local c = counter.new()
      assert.are.same({ "get", "increment", "reset" }, keys_of(c))
      assert.is.equal("function", type(c.increment))
      assert.is.equal("function", type(c.reset))
      assert.is.equal("function", type(c.get))
    end)

    it("starts at 0 when no start is given", function()
      assert.are.equal(0, counter.new().get())
      assert.are.equal(0, counter.new(nil).get())
      assert.are.equal(1, counter.new().increment())
    end)

    it("starts at the given start, negative or fractional too", function()
      assert.are.equal(10, counter.new(10).get())
      assert.are.equal(-3, counter.new(-3).get())
      assert.are.equal(2.5, counter.new(2.5).get())
      assert.are.equal(11, counter.new(10).increment())
    end)

    it("rejects a start that is not a number", function()
      assert.error_matches(function() counter.new("5") end, "bad argument", 1, true)
      assert.error_matches(function() counter.new({}) end, "bad argument", 1, true)
      assert.error_matches(function() counter.new(true) end, "bad argument", 1, true)
      assert.error_matches(function() counter.new(print) end, "bad argument", 1, true)
    end)
  end)

  describe("increment", function()
    it("adds 1 by default and returns the new count", function()
      local c = counter.new()
      assert.are.equal(1, c.increment())
      assert.are.equal(2, c.increment())
      assert.are.equal(3, c.increment(nil))
    end)

    it("adds the given step, negative or fractional too", function()
      local c = counter.new(10)
      assert.are.equal(15, c.increment(5))
      assert.are.equal(13, c.increment(-2))
      assert.are.equal(13.5, c.increment(0.5))
      assert.are.equal(13.25, c.increment(-0.25))
      assert.are.equal(13.25, c.increment(0))
    end)

    it("rejects a step that is not a number, and keeps the count", function()
      local c = counter.new(7)
      c.increment()
      assert.error_matches(function() c.increment("2") end, "bad argument", 1, true)
      assert.error_matches(function() c.increment(false) end, "bad argument", 1, true)
      assert.error_matches(function() c.increment({}) end, "bad argument", 1, true)
      assert.are.equal(8, c.get())
      assert.are.equal(9, c.increment())
    end)

    it("is a function, not a method: a colon call is an error", function()
      local c = counter.new()
      -- c:increment() is c.increment(c): the table arrives as the step.
      assert.error_matches(function() c:increment() end, "bad argument", 1, true)
      assert.are.equal(0, c.get())
    end)
  end)

  describe("the three functions share one count", function()
    it("lets get and reset see what increment did", function()
      local c = counter.new()
      c.increment()
      c.increment(4)
      assert.are.equal(5, c.get())
      assert.are.equal(5, c.get()) -- get changes nothing
      c.reset()
      assert.are.equal(0, c.get())
      assert.are.equal(1, c.increment())
    end)

    it("resets to the start, not to 0", function()
      local c = counter.new(10)
      c.increment(5)
      c.reset()
      assert.are.equal(10, c.get())
      local d = counter.new(-4)
      d.increment(9)
      d.reset()
      assert.are.equal(-4, d.get())
    end)

    it("counts on from the start after a reset, and resets again", function()
      local c = counter.new(100)
      c.increment(50)
      c.reset()
      assert.are.equal(101, c.increment())
      assert.are.equal(103, c.increment(2))
      c.reset()
      c.reset()
      assert.are.equal(100, c.get())
    end)
  end)

  describe("counters are independent", function()
    it("never shares a count between two counters with the same start", function()
      local a = counter.new(1)
      local b = counter.new(1)
      a.increment()
      a.increment()
      assert.are.equal(2, b.increment())
      assert.are.equal(3, a.get())
      a.reset()
      assert.are.equal(1, a.get())
      assert.are.equal(2, b.get())
    end)

    it("keeps a hundred counts for a hundred counters", function()
      local counters = {}
      for i = 1, 100 do
        counters[i] = counter.new(i)
      end
      for i = 1, 100 do
        counters[i].increment(i)
      end
      for i = 1, 100 do
        assert.are.equal(2 * i, counters[i].get())
      end
      counters[50].reset()
      assert.are.equal(50, counters[50].get())
      assert.are.equal(102, counters[51].get())
    end)
  end)

  describe("closures, not methods", function()
    it("work when taken out of the table", function()
      local c = counter.new(3)
      local inc, reset, get = c.increment, c.reset, c.get
      inc()
      inc(2)
      assert.are.equal(6, get())
      assert.are.equal(6, c.get())
      reset()
      assert.are.equal(3, c.get())
    end)

    it("keep working after the table is gone", function()
      local inc = counter.new(41).increment
      collectgarbage()
      collectgarbage()
      assert.are.equal(42, inc())
      assert.are.equal(43, inc())
    end)
  end)
end)
