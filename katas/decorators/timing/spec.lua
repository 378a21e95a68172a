-- spec.lua: the busted spec for the `timing` kata (see README.md).
-- Time is faked: now() returns a number the test moves by hand, and counts
-- how often it was read. Nothing here waits for real. Times are multiples of
-- 0.25, which binary floating point holds exactly, so durations compare
-- exactly.

local timing = require("timing")

-- A clock that starts at `start` (0 by default) and moves only when told:
-- advance(s) is time passing (inside a wrapped function, say); sleep(s) is
-- there because every dojo clock has one, but timing never needs it.
-- `reads` counts the calls of now().
local function fake_clock(start)
  local clock = { time = start or 0, reads = 0, sleeps = {} }
  function clock.now()
    clock.reads = clock.reads + 1
    return clock.time
  end
  function clock.sleep(seconds)
    clock.sleeps[#clock.sleeps + 1] = seconds
    clock.time = clock.time + seconds
  end
  function clock.advance(seconds)
    clock.time = clock.time + seconds
  end
  return clock
end

local function noop() end

describe("timing", function()
  local clock, log

  before_each(function()
    clock = fake_clock()
    log = {}
  end)

  describe("the log", function()
    it("appends one entry per call: name, duration and ok", function()
      local work = timing(log, clock)(function()
        clock.advance(2.5)
      end, "work")
      work()
      assert.are.same({ { name = "work", duration = 2.5, ok = true } }, log)
      clock.advance(10)
      work()
      assert.are.same({ name = "work", duration = 2.5, ok = true }, log[2])
      assert.are.equal(2, #log)
    end)

    it("measures from just before the call to just after it", function()
      local seen
      local f = timing(log, clock)(function()
        seen = clock.now()
        clock.advance(0.75)
      end, "f")
      clock.advance(100)
      f()
      assert.are.equal(100, seen)
      assert.are.equal(0.75, log[1].duration)
    end)

    it("names an entry '?' when the decorator was given no name", function()
      timing(log, clock)(noop)()
      assert.are.same({ { name = "?", duration = 0, ok = true } }, log)
    end)

    it("keeps appending to a log that already has entries", function()
      log[1] = "an older entry"
      timing(log, clock)(noop, "next")()
      assert.are.equal("an older entry", log[1])
      assert.are.same({ name = "next", duration = 0, ok = true }, log[2])
    end)

    it("logs an inner call before the outer call that made it", function()
      local deco = timing(log, clock)
      local inner = deco(function() clock.advance(1) end, "inner")
      local outer = deco(function()
        clock.advance(0.5)
        inner()
      end, "outer")
      outer()
      assert.are.same({
        { name = "inner", duration = 1, ok = true },
        { name = "outer", duration = 1.5, ok = true },
      }, log)
    end)

    it("writes to the log it was given, one log per timing() call", function()
      local other = {}
      local f = timing(log, clock)(noop, "f")
      local g = timing(other, clock)(noop, "g")
      f()
      g()
      g()
      assert.are.equal(1, #log)
      assert.are.equal(2, #other)
      assert.are.equal("g", other[2].name)
    end)
  end)

  describe("when the clock is read", function()
    it("reads nothing when the decorator is made or applied, twice per call", function()
      local deco = timing(log, clock)
      local f = deco(noop, "f")
      assert.are.equal(0, clock.reads)
      assert.are.same({}, log)
      f()
      assert.are.equal(2, clock.reads)
      f()
      assert.are.equal(4, clock.reads)
    end)
  end)

  describe("calls pass through", function()
    it("passes every argument on, nils in the middle and at the end included", function()
      local got
      local f = timing(log, clock)(function(...)
        got = table.pack(...)
      end, "f")
      f(nil, "b", nil, false, nil)
      assert.are.same({ n = 5, nil, "b", nil, false, nil }, got)
      f()
      assert.are.same({ n = 0 }, got)
    end)

    it("passes 200 arguments on", function()
      local args = {}
      for i = 1, 200 do
        args[i] = i
      end
      local f = timing(log, clock)(function(...)
        return select("#", ...), (select(200, ...))
      end)
      local count, last = f(table.unpack(args, 1, 200))
      assert.are.equal(200, count)
      assert.are.equal(200, last)
    end)

    it("returns every result, nil holes and trailing nils included", function()
      local f = timing(log, clock)(function()
        return 1, nil, "three", nil, nil
      end, "f")
      assert.are.same({ n = 5, 1, nil, "three", nil, nil }, table.pack(f()))
      local g = timing(log, clock)(noop, "g")
      assert.are.equal(0, select("#", g()))
    end)
  end)

  describe("errors", function()
    it("re-raises an error unchanged and logs the call with ok = false", function()
      local function save()
        clock.advance(1.25)
        error("disk full") -- level 1: the message gets this line's position
      end
      local _, expected = pcall(save) -- what save raises when nothing wraps it
      local ok, err = pcall(timing(log, clock)(save, "save"))
      assert.is_false(ok)
      assert.are.equal(expected, err) -- the same text, with no second position
      assert.are.same({ { name = "save", duration = 1.25, ok = false } }, log)
    end)

    it("re-raises a table as the very same table, a bare message as it was", function()
      local problem = { code = 42 }
      local f = timing(log, clock)(function() error(problem) end, "f")
      local ok, err = pcall(f)
      assert.is_false(ok)
      assert.are.equal(problem, err) -- the same table, not a copy
      local g = timing(log, clock)(function() error("exact text", 0) end, "g")
      assert.are.same({ false, "exact text" }, { pcall(g) })
      assert.are.same({ false, false }, { log[1].ok, log[2].ok })
    end)

    it("keeps working after a call that raised", function()
      local fail = true
      local f = timing(log, clock)(function()
        if fail then error("once", 0) end
        return "fine"
      end, "f")
      assert.is_false((pcall(f)))
      fail = false
      assert.are.equal("fine", f())
      assert.are.same({ false, true }, { log[1].ok, log[2].ok })
    end)
  end)

  describe("bad arguments", function()
    it("rejects a log that is not a table", function()
      assert.error_matches(function() timing(nil, clock) end, "bad argument #1", 1, true)
      assert.error_matches(function() timing("log", clock) end, "bad argument #1", 1, true)
    end)

    it("rejects a clock that is not a table with a now function", function()
      assert.error_matches(function() timing(log) end, "bad argument #2", 1, true)
      assert.error_matches(function() timing(log, { now = 5 }) end, "bad argument #2", 1, true)
    end)

    it("rejects a name that is not a string", function()
      local deco = timing(log, clock)
      assert.error_matches(function() deco(noop, 42) end, "bad argument #2", 1, true)
      assert.error_matches(function() deco(noop, {}) end, "bad argument #2", 1, true)
    end)
  end)

  describe("inside coroutines", function()
    it("lets the wrapped function yield, and times the whole call", function()
      local f = timing(log, clock)(function(x)
        local y = coroutine.yield(x + 1)
        clock.advance(3)
        return y * 2
      end, "co")
      local co = coroutine.wrap(f)
      assert.are.equal(11, co(10))
      assert.are.same({}, log)
      assert.are.equal(14, co(7))
      assert.are.same({ { name = "co", duration = 3, ok = true } }, log)
    end)
  end)
end)
