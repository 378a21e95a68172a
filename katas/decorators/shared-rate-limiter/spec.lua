-- spec.lua: the busted spec for the `shared-rate-limiter` kata (see README.md).
-- Time is faked: the clock below never sleeps for real; its sleep(s) moves
-- now() forward by s and writes s down, so a test can check every wait.
-- Rates are chosen so that every interval (1 / rate) and every time is a
-- multiple of 0.125, which binary floating point holds exactly.

local RateLimiter = require("shared_rate_limiter")

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

-- An asynchronous clock: sleep(s) writes s down and yields ("sleep", s) to
-- whoever resumed the coroutine, as an event loop's sleep would. Time does
-- not move by itself: the test sets clock.time before resuming a sleeper.
local function async_clock()
  local clock = fake_clock()
  function clock.sleep(seconds)
    clock.sleeps[#clock.sleeps + 1] = seconds
    coroutine.yield("sleep", seconds)
  end
  return clock
end

local function noop() end

describe("shared_rate_limiter", function()
  local clock

  before_each(function()
    clock = fake_clock()
  end)

  describe("timing", function()
    it("never sleeps on the first call, even at time 0", function()
      local f = RateLimiter.new(2, clock):wrap(noop)
      f()
      assert.are.same({}, clock.sleeps)
    end)

    it("reads the rate as calls per second: rate 2 means 0.5 s between calls", function()
      local seen = {}
      local f = RateLimiter.new(2, clock):wrap(function()
        seen[#seen + 1] = clock.now()
      end)
      f()
      f()
      f()
      assert.are.same({ 0.5, 0.5 }, clock.sleeps)
      assert.are.same({ 0, 0.5, 1 }, seen) -- each call runs after its sleep
    end)

    it("reads a rate below 1 the same way: rate 0.5 means 2 s between calls", function()
      local f = RateLimiter.new(0.5, clock):wrap(noop)
      f()
      clock.advance(0.5)
      f()
      assert.are.same({ 1.5 }, clock.sleeps)
    end)

    it("sleeps the rest of the interval inside it, and not at or after its end", function()
      local f = RateLimiter.new(4, clock):wrap(noop) -- one call every 0.25 s
      f()                   -- at 0
      clock.advance(0.125)
      f()                   -- at 0.125: sleeps 0.125, runs at 0.25
      clock.advance(0.25)
      f()                   -- at 0.5: exactly one interval later, no sleep
      clock.advance(1)
      f()                   -- at 1.5: long after, no sleep
      assert.are.same({ 0.125 }, clock.sleeps)
    end)

    it("measures the next interval from when the delayed call ran", function()
      local f = RateLimiter.new(2, clock):wrap(noop)
      f()                   -- at 0
      clock.advance(0.125)
      f()                   -- at 0.125: sleeps 0.375, runs at 0.5
      clock.advance(0.25)
      f()                   -- at 0.75: 0.25 after 0.5, sleeps 0.25
      assert.are.same({ 0.375, 0.25 }, clock.sleeps)
      assert.are.equal(1, clock.now())
    end)

    it("never sleeps with a rate of math.huge (an interval of 0)", function()
      local f = RateLimiter.new(math.huge, clock):wrap(noop)
      for _ = 1, 5 do
        f()
      end
      assert.are.same({}, clock.sleeps)
    end)
  end)

  describe("one bucket shared by every wrapped function", function()
    it("makes a second function wait for the first one's call", function()
      local limiter = RateLimiter.new(2, clock)
      local fetch_prices = limiter:wrap(noop)
      local fetch_reviews = limiter:wrap(noop)
      fetch_prices()   -- at 0
      fetch_reviews()  -- at 0: the bucket was used 0 s ago, sleeps 0.5
      clock.advance(0.25)
      fetch_prices()   -- at 0.75: the bucket was used at 0.5, sleeps 0.25
      assert.are.same({ 0.5, 0.25 }, clock.sleeps)
    end)

    it("wraps by a call, limiter(fn), as well as by limiter:wrap(fn), into the same bucket", function()
      local limiter = RateLimiter.new(2, clock)
      local f = limiter(noop)
      local g = limiter:wrap(noop)
      local h = limiter(noop)
      f()
      g()
      h()
      assert.are.same({ 0.5, 0.5 }, clock.sleeps)
    end)

    it("keeps separate buckets for separate limiters", function()
      local f = RateLimiter.new(2, clock):wrap(noop)
      local g = RateLimiter.new(2, clock):wrap(noop)
      f()
      g()
      assert.are.same({}, clock.sleeps)
      f()
      assert.are.same({ 0.5 }, clock.sleeps)
    end)

    it("reads no time until a wrapped function is called", function()
      local reads, sleeps = 0, 0
      local counting = {
        now = function() reads = reads + 1; return clock.time end,
        sleep = function() sleeps = sleeps + 1 end,
      }
      local limiter = RateLimiter.new(2, counting)
      local f = limiter:wrap(noop)
      limiter(noop)
      assert.are.equal(0, reads)
      f()
      assert.is_true(reads > 0)
      assert.are.equal(0, sleeps)
    end)
  end)

  describe("calls pass through", function()
    it("passes every argument on and returns every result, nils included", function()
      local limiter = RateLimiter.new(2, clock)
      local f = limiter:wrap(function(...)
        return select("#", ...), ...
      end)
      assert.are.same({ n = 6, 5, nil, "b", nil, false, nil }, table.pack(f(nil, "b", nil, false, nil)))
      assert.are.same({ n = 1, 0 }, table.pack(f()))
      local g = limiter(noop)
      assert.are.equal(0, select("#", g()))
    end)

    it("lets an error through unchanged, and the call still takes its turn", function()
      local problem = { code = 42 }
      local limiter = RateLimiter.new(2, clock)
      local f = limiter:wrap(function() error(problem) end)
      local g = limiter:wrap(function() return "ok" end)
      local ok, err = pcall(f)
      assert.is_false(ok)
      assert.are.equal(problem, err) -- the very same table
      assert.are.equal("ok", g())
      assert.are.same({ 0.5 }, clock.sleeps)
    end)
  end)

  describe("bad arguments", function()
    it("rejects a rate that is zero, negative, NaN or not a number (even \"2\")", function()
      for _, rate in ipairs({ 0, -1, -0.5, 0 / 0, "2", true, {} }) do
        assert.error_matches(function() RateLimiter.new(rate, clock) end, "bad argument #1", 1, true)
      end
      assert.error_matches(function() RateLimiter.new(nil, clock) end, "bad argument #1", 1, true)
    end)

    it("rejects a clock that is missing, not a table, or lacks now and sleep", function()
      assert.error_matches(function() RateLimiter.new(2) end, "bad argument #2", 1, true)
      assert.error_matches(function() RateLimiter.new(2, noop) end, "bad argument #2", 1, true)
      assert.error_matches(function() RateLimiter.new(2, { now = clock.now }) end, "bad argument #2", 1, true)
      assert.error_matches(function() RateLimiter.new(2, { now = 0, sleep = clock.sleep }) end,
        "bad argument #2", 1, true)
    end)
  end)

  describe("inside coroutines", function()
    it("lets the wrapped function yield", function()
      local f = RateLimiter.new(2, clock):wrap(function(x)
        local y = coroutine.yield(x + 1)
        return y * 2
      end)
      local co = coroutine.wrap(f)
      assert.are.equal(11, co(10))
      assert.are.equal(14, co(7))
    end)

    it("gives two coroutines that sleep at the same time consecutive turns", function()
      clock = async_clock()
      local ran = {}
      local limiter = RateLimiter.new(2, clock)
      local f = limiter:wrap(function(name) ran[#ran + 1] = name .. "@" .. clock.now() end)
      local g = limiter:wrap(function(name) ran[#ran + 1] = name .. "@" .. clock.now() end)
      f("main")                                  -- at 0: no sleep, takes the turn at 0
      local a = coroutine.create(f)
      local b = coroutine.create(g)
      assert.are.same({ true, "sleep", 0.5 }, { coroutine.resume(a, "a") })
      -- a is asleep until 0.5; b, also at 0, must queue behind it
      assert.are.same({ true, "sleep", 1 }, { coroutine.resume(b, "b") })
      clock.time = 0.5
      assert.is_true((coroutine.resume(a)))
      clock.time = 1
      assert.is_true((coroutine.resume(b)))
      assert.are.same({ "main@0", "a@0.5", "b@1" }, ran)
      assert.are.equal("dead", coroutine.status(a))
      assert.are.equal("dead", coroutine.status(b))
    end)

    it("keeps a sleeping coroutine's turn when another call comes meanwhile", function()
      clock = async_clock()
      local f = RateLimiter.new(4, clock):wrap(noop) -- one call every 0.25 s
      f()                                            -- turn at 0
      local a = coroutine.create(f)
      local b = coroutine.create(f)
      local c = coroutine.create(f)
      coroutine.resume(a)                            -- at 0: turn at 0.25
      coroutine.resume(b)                            -- at 0: turn at 0.5
      clock.time = 0.25
      coroutine.resume(a)                            -- a wakes and runs; b still sleeps
      coroutine.resume(c)                            -- at 0.25: turn at 0.75, not 0.5
      assert.are.same({ 0.25, 0.5, 0.5 }, clock.sleeps)
      clock.time = 1                                 -- everyone has slept enough
      coroutine.resume(b)
      coroutine.resume(c)
      f()                                            -- at 1: the last turn was 0.75
      assert.are.same({ 0.25, 0.5, 0.5 }, clock.sleeps)
    end)
  end)
end)
