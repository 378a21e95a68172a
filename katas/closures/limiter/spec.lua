-- spec.lua: the busted spec for the `limiter` kata (see README.md).
-- Time is faked: the clock below never sleeps for real; its sleep(s) moves
-- now() forward by s and writes s down, so a test can check every wait.
-- Times are multiples of 0.25, which binary floating point holds exactly.

local limiter = require("limiter")

-- A clock that starts at `start` seconds (0 by default) and only moves when
-- told to: by advance(s) (time passing between calls) or by sleep(s) (the
-- limiter waiting). `sleeps` lists every sleep, in order.
local function fake_clock(start)
  local clock = { time = start or 0, sleeps = {} }
  function clock.now()
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

describe("limiter", function()
  local clock

  before_each(function()
    clock = fake_clock()
  end)

  describe("timing", function()
    it("never sleeps on the first call, even at time 0", function()
      local f = limiter(3, clock)(noop)
      f()
      assert.are.same({}, clock.sleeps)
    end)

    it("sleeps for exactly the rest of the window on a call inside it", function()
      local f = limiter(3, clock)(noop)
      f()
      clock.advance(1)
      f()
      assert.are.same({ 2 }, clock.sleeps)
      assert.are.equal(3, clock.now())
    end)

    it("sleeps for the whole window when no time has passed", function()
      local f = limiter(1.5, clock)(noop)
      f()
      f()
      assert.are.same({ 1.5 }, clock.sleeps)
    end)

    it("does not sleep on a call after the window", function()
      local f = limiter(3, clock)(noop)
      f()
      clock.advance(5)
      f()
      assert.are.same({}, clock.sleeps)
    end)

    it("does not sleep on a call exactly at the end of the window", function()
      local f = limiter(3, clock)(noop)
      f()
      clock.advance(3)
      f()
      assert.are.same({}, clock.sleeps)
    end)

    it("sleeps for what is left just before the end of the window", function()
      local f = limiter(3, clock)(noop)
      f()
      clock.advance(2.75)
      f()
      assert.are.same({ 0.25 }, clock.sleeps)
    end)

    it("measures the next window from when the sleep ended", function()
      local f = limiter(3, clock)(noop)
      f()                -- at 0
      clock.advance(1)
      f()                -- at 1: sleeps 2, so this call starts at 3
      clock.advance(0.5)
      f()                -- at 3.5: 0.5 after the last call, sleeps 2.5
      assert.are.same({ 2, 2.5 }, clock.sleeps)
      assert.are.equal(6, clock.now())
    end)

    it("calls the wrapped function after sleeping, not before", function()
      local seen = {}
      local f = limiter(3, clock)(function()
        seen[#seen + 1] = clock.now()
      end)
      f()
      clock.advance(0.5)
      f()
      assert.are.same({ 0, 3 }, seen)
    end)

    it("never sleeps with a window of zero seconds", function()
      local f = limiter(0, clock)(noop)
      for _ = 1, 5 do
        f()
      end
      assert.are.same({}, clock.sleeps)
    end)

    it("works with any clock origin", function()
      clock = fake_clock(1000000.5)
      local f = limiter(2, clock)(noop)
      f()
      clock.advance(0.5)
      f()
      assert.is.near(1.5, clock.sleeps[1], 1e-9)
      assert.are.equal(1, #clock.sleeps)
    end)
  end)

  describe("state is per wrapped function", function()
    it("keeps separate state for functions decorated by separate limiters", function()
      local f = limiter(3, clock)(noop)
      local g = limiter(3, clock)(noop)
      f()
      g()
      assert.are.same({}, clock.sleeps)
    end)

    it("keeps separate state for two functions wrapped by the same decorator", function()
      local every_3s = limiter(3, clock)
      local f = every_3s(noop)
      local g = every_3s(noop)
      f()
      g() -- g has never been called: no sleep, whatever f did
      assert.are.same({}, clock.sleeps)
      clock.advance(1)
      f() -- f was called 1 second ago
      assert.are.same({ 2 }, clock.sleeps)
    end)

    it("gives each wrapper its own state even around the same function", function()
      local every_3s = limiter(3, clock)
      local f1 = every_3s(noop)
      local f2 = every_3s(noop)
      f1()
      f2()
      f2()
      assert.are.same({ 3 }, clock.sleeps)
    end)

    it("does not start a wrapper's window before its first call", function()
      local every_3s = limiter(3, clock)
      local f = every_3s(noop)
      clock.advance(1)
      local g = every_3s(noop)
      g()
      f()
      assert.are.same({}, clock.sleeps)
    end)
  end)

  describe("calls pass through", function()
    it("calls the wrapped function once per call, with its arguments", function()
      local double = spy.new(function(x) return 2 * x end)
      local f = limiter(3, clock)(double)
      assert.are.equal(42, f(21))
      assert.are.equal(8, f(4))
      assert.spy(double).was.called(2)
      assert.spy(double).was.called_with(21)
      assert.spy(double).was.called_with(4)
    end)

    it("passes every argument on, nils and trailing nils included", function()
      local got
      local f = limiter(1, clock)(function(...)
        got = table.pack(...)
      end)
      f(nil, "b", nil, false, nil)
      assert.are.same({ n = 5, nil, "b", nil, false, nil }, got)
      clock.advance(1)
      f()
      assert.are.same({ n = 0 }, got)
    end)

    it("passes many arguments on", function()
      local args = {}
      for i = 1, 200 do
        args[i] = i
      end
      local f = limiter(1, clock)(function(...)
        return select("#", ...), (select(200, ...))
      end)
      local count, last = f(table.unpack(args, 1, 200))
      assert.are.equal(200, count)
      assert.are.equal(200, last)
    end)

    it("returns every result, nils included, and nothing more", function()
      local f = limiter(1, clock)(function()
        return 1, nil, "three", nil
      end)
      assert.are.same({ n = 4, 1, nil, "three", nil }, table.pack(f()))
      local g = limiter(1, clock)(noop)
      assert.are.equal(0, select("#", g()))
    end)
  end)

  describe("errors", function()
    it("lets an error from the wrapped function through unchanged", function()
      local f = limiter(3, clock)(function()
        error("boom", 0)
      end)
      assert.has_error(function() f() end, "boom")
    end)

    it("lets a table error value through as the very same table", function()
      local problem = { code = 42 }
      local f = limiter(3, clock)(function()
        error(problem)
      end)
      local ok, err = pcall(f)
      assert.is_false(ok)
      assert.are.equal(problem, err) -- the same table, not a copy
    end)

    it("counts a call that raised: the next one still waits", function()
      local calls = 0
      local f = limiter(3, clock)(function()
        calls = calls + 1
        if calls == 1 then
          error("first call fails", 0)
        end
        return "ok"
      end)
      assert.is_false((pcall(f)))
      clock.advance(1)
      assert.are.equal("ok", f())
      assert.are.same({ 2 }, clock.sleeps)
    end)
  end)

  describe("bad arguments", function()
    it("rejects a negative number of seconds", function()
      assert.error_matches(function() limiter(-1, clock) end, "bad argument #1", 1, true)
    end)

    it("rejects seconds that are not a number", function()
      assert.error_matches(function() limiter("soon", clock) end, "bad argument #1", 1, true)
      assert.error_matches(function() limiter(nil, clock) end, "bad argument #1", 1, true)
    end)

    it("rejects a missing clock or one that is not a table", function()
      assert.error_matches(function() limiter(3) end, "bad argument #2", 1, true)
      assert.error_matches(function() limiter(3, noop) end, "bad argument #2", 1, true)
    end)

    it("rejects a clock without now and sleep functions", function()
      local no_sleep = { now = clock.now }
      local bad_now = { now = 0, sleep = clock.sleep }
      assert.error_matches(function() limiter(3, no_sleep) end, "bad argument #2", 1, true)
      assert.error_matches(function() limiter(3, bad_now) end, "bad argument #2", 1, true)
      assert.has_error(function() limiter(3, {}) end)
    end)
  end)

  describe("inside coroutines", function()
    it("lets the wrapped function yield", function()
      local f = limiter(3, clock)(function(x)
        local y = coroutine.yield(x + 1)
        return y * 2
      end)
      local co = coroutine.wrap(f)
      assert.are.equal(11, co(10))
      assert.are.equal(14, co(7))
    end)

    it("lets the clock's sleep yield, as an asynchronous clock would", function()
      local async = fake_clock()
      function async.sleep(seconds)
        coroutine.yield("sleeping", seconds)
        async.time = async.time + seconds
      end
      local f = limiter(3, async)(function() return "done" end)
      assert.are.equal("done", f())
      local co = coroutine.wrap(f)
      assert.are.same({ "sleeping", 3 }, { co() })
      assert.are.equal("done", co())
      assert.are.equal(3, async.now())
    end)
  end)
end)
