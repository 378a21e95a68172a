-- spec.lua: the busted spec for the `retry` kata (see README.md).
-- Time is faked: the clock's sleep(s) never waits; it moves now() forward by
-- s and writes s down, so a test can check every backoff exactly. Delays are
-- multiples of 0.25, which binary floating point holds exactly.

local retry = require("retry")

-- A clock that starts at 0 and only moves when something sleeps on it.
-- `sleeps` lists every sleep, in order.
local function fake_clock()
  local clock = { time = 0, sleeps = {} }
  function clock.now()
    return clock.time
  end
  function clock.sleep(seconds)
    clock.sleeps[#clock.sleeps + 1] = seconds
    clock.time = clock.time + seconds
  end
  return clock
end

-- flaky(failures, ...): a function that raises failures[1] on its first
-- call, failures[2] on its second, and so on (each with error(v, 0), so a
-- message has no position), then returns the remaining arguments.
-- `calls` counts its calls; `args` holds the arguments of each call.
local function flaky(failures, ...)
  local results = table.pack(...)
  local f = { calls = 0, args = {} }
  setmetatable(f, {
    __call = function(self, ...)
      self.calls = self.calls + 1
      self.args[self.calls] = table.pack(...)
      local failure = failures[self.calls]
      if failure ~= nil then
        error(failure, 0)
      end
      return table.unpack(results, 1, results.n)
    end,
  })
  return f
end

describe("retry", function()
  local clock

  before_each(function()
    clock = fake_clock()
  end)

  describe("retrying", function()
    it("returns at once when the first attempt succeeds", function()
      local f = flaky({}, "ok")
      local g = retry({ times = 3, backoff = 1, errors = { "timeout" }, sleep = clock.sleep })(f)
      assert.are.equal("ok", g())
      assert.are.equal(1, f.calls)
      assert.are.same({}, clock.sleeps)
    end)

    it("retries an error that matches, after sleeping the backoff", function()
      local f = flaky({ "connection timeout" }, "ok")
      local g = retry({ times = 3, backoff = 0.5, errors = { "timeout" }, sleep = clock.sleep })(f)
      assert.are.equal("ok", g())
      assert.are.equal(2, f.calls)
      assert.are.same({ 0.5 }, clock.sleeps)
    end)

    it("doubles the sleep after each failed attempt", function()
      local f = flaky({ "timeout", "timeout", "timeout" }, "ok")
      local g = retry({ times = 4, backoff = 0.25, errors = { "timeout" }, sleep = clock.sleep })(f)
      assert.are.equal("ok", g())
      assert.are.same({ 0.25, 0.5, 1 }, clock.sleeps)
    end)

    it("makes `times` attempts in all, then raises the last error as it was", function()
      local f = flaky({ "timeout 1", "timeout 2", "timeout 3", "timeout 4" }, "ok")
      local g = retry({ times = 3, backoff = 1, errors = { "timeout" }, sleep = clock.sleep })(f)
      local ok, err = pcall(g)
      assert.is_false(ok)
      assert.are.equal("timeout 3", err) -- the last one, and no position added
      assert.are.equal(3, f.calls)
      assert.are.same({ 1, 2 }, clock.sleeps) -- no sleep after the last attempt
      local once = flaky({ "timeout" }, "ok")
      g = retry({ times = 1, backoff = 1, errors = { "timeout" }, sleep = clock.sleep })(once)
      assert.has_error(function() g() end, "timeout")
      assert.are.equal(1, once.calls) -- times = 1: no retry at all
      assert.are.same({ 1, 2 }, clock.sleeps)
    end)

    it("starts every call afresh, with the first backoff", function()
      local f = flaky({ "timeout", "timeout", nil, "timeout" }, "ok")
      local g = retry({ times = 3, backoff = 1, errors = { "timeout" }, sleep = clock.sleep })(f)
      assert.are.equal("ok", g()) -- attempts 1, 2 fail, 3 succeeds
      assert.are.equal("ok", g()) -- its first attempt fails, its second succeeds
      assert.are.equal(5, f.calls)
      assert.are.same({ 1, 2, 1 }, clock.sleeps)
    end)

    it("sleeps through the sleep it was given, even for a backoff of 0", function()
      local f = flaky({ "timeout", "timeout" }, "ok")
      local g = retry({ times = 3, backoff = 0, errors = { "timeout" }, sleep = clock.sleep })(f)
      assert.are.equal("ok", g())
      assert.are.same({ 0, 0 }, clock.sleeps)
    end)

    it("uses times = 3, backoff = 1 and retries every error when left out", function()
      local f = flaky({ { "not even a string" }, 42 }, "ok")
      local g = retry({ sleep = clock.sleep })(f)
      assert.are.equal("ok", g())
      assert.are.same({ 1, 2 }, clock.sleeps)
      local h = retry({ sleep = clock.sleep })(flaky({ "a", "b", "c" }))
      assert.has_error(function() h() end, "c")
    end)
  end)

  describe("which errors are retried", function()
    it("lets any other error through at once, without sleeping", function()
      local f = flaky({ "permission denied" }, "ok")
      local g = retry({ times = 5, backoff = 1, errors = { "timeout", "busy" }, sleep = clock.sleep })(f)
      local ok, err = pcall(g)
      assert.are.same({ false, "permission denied" }, { ok, err })
      assert.are.equal(1, f.calls)
      assert.are.same({}, clock.sleeps)
      local h = flaky({ "timeout" }, "ok")
      g = retry({ times = 3, backoff = 1, errors = {}, sleep = clock.sleep })(h)
      assert.has_error(function() g() end, "timeout") -- an empty list retries nothing
      assert.are.equal(1, h.calls)
    end)

    it("matches a plain substring, not a Lua pattern", function()
      local opts = { times = 2, backoff = 1, errors = { "rate.limit", "50%" }, sleep = clock.sleep }
      assert.are.equal("ok", retry(opts)(flaky({ "rate.limit hit" }, "ok"))())
      assert.are.equal("ok", retry(opts)(flaky({ "at 50% capacity" }, "ok"))())
      -- as a pattern, "rate.limit" would match "rateXlimit": it must not
      local g = retry(opts)(flaky({ "rateXlimit" }, "ok"))
      assert.has_error(function() g() end, "rateXlimit")
    end)

    it("matches a table error by its kind field, and re-raises the same table", function()
      local busy = { kind = "busy", retry_after = 2 }
      local f = flaky({ busy, busy }, "ok")
      local g = retry({ times = 2, backoff = 1, errors = { "timeout", "busy" }, sleep = clock.sleep })(f)
      local ok, err = pcall(g)
      assert.is_false(ok)
      assert.are.equal(busy, err) -- the very same table
      assert.are.equal(2, f.calls)
      assert.are.same({ 1 }, clock.sleeps)
    end)

    it("does not retry other kinds, tables without a kind, or other values", function()
      local errors = { "busy", "404" }
      local function attempts(failure)
        local f = flaky({ failure }, "ok")
        pcall(retry({ times = 3, backoff = 1, errors = errors, sleep = clock.sleep })(f))
        return f.calls
      end
      assert.are.equal(1, attempts({ kind = "busy-ish" })) -- kind must be equal
      assert.are.equal(1, attempts({ message = "busy" })) -- no kind at all
      assert.are.equal(1, attempts(404)) -- a number is not a message, even "404"
      assert.are.equal(1, attempts(true))
      assert.are.equal(2, attempts({ kind = "busy" }))
      assert.are.equal(2, attempts("server busy"))
    end)

  end)

  describe("calls pass through", function()
    it("passes the same arguments to every attempt and returns every result", function()
      local f = flaky({ "timeout" }, 1, nil, "three", nil)
      local g = retry({ times = 2, backoff = 1, errors = { "timeout" }, sleep = clock.sleep })(f)
      assert.are.same({ n = 4, 1, nil, "three", nil }, table.pack(g(nil, "b", nil)))
      assert.are.same({ n = 3, nil, "b", nil }, f.args[1])
      assert.are.same({ n = 3, nil, "b", nil }, f.args[2])
      local none = retry({ sleep = clock.sleep })(function() end)
      assert.are.equal(0, select("#", none()))
    end)
  end)

  describe("options", function()
    it("reads its options once, when retry is called", function()
      local opts = { times = 2, backoff = 1, errors = { "timeout" }, sleep = clock.sleep }
      local deco = retry(opts)
      opts.times = 10
      opts.errors[1] = "something else"
      opts.sleep = nil
      local f = flaky({ "timeout", "timeout" }, "ok")
      assert.has_error(function() deco(f)() end, "timeout")
      assert.are.equal(2, f.calls)
      assert.are.same({ 1 }, clock.sleeps)
    end)

    it("rejects a function in place of the options: retry(fn), not retry{...}(fn)", function()
      assert.error_matches(function() retry(function() end) end, "bad argument #1", 1, true)
      assert.error_matches(function() retry() end, "bad argument #1", 1, true)
    end)

    it("rejects bad options, naming the one at fault", function()
      local s = clock.sleep
      local cases = {
        { { times = 0, sleep = s }, "times" },
        { { times = 2.5, sleep = s }, "times" },
        { { times = "3", sleep = s }, "times" },
        { { backoff = -1, sleep = s }, "backoff" },
        { { backoff = "1", sleep = s }, "backoff" },
        { { errors = "timeout", sleep = s }, "errors" },
        { { errors = { "timeout", 42 }, sleep = s }, "errors" },
        { { times = 3 }, "sleep" },
        { { sleep = "soon" }, "sleep" },
      }
      for _, case in ipairs(cases) do
        assert.error_matches(function() retry(case[1]) end, "bad argument #1", 1, true)
        assert.error_matches(function() retry(case[1]) end, case[2], 1, true)
      end
    end)
  end)

  describe("inside coroutines", function()
    it("lets the sleep yield, as an asynchronous clock's would", function()
      local function async_sleep(seconds)
        coroutine.yield("sleeping", seconds)
      end
      local f = flaky({ "timeout" }, "done")
      local g = retry({ times = 2, backoff = 0.5, errors = { "timeout" }, sleep = async_sleep })(f)
      local co = coroutine.wrap(g)
      assert.are.same({ "sleeping", 0.5 }, { co() })
      assert.are.equal("done", co())
    end)

    it("lets the wrapped function yield before it fails or returns", function()
      local calls = 0
      local g = retry({ times = 2, backoff = 1, errors = { "timeout" }, sleep = clock.sleep })(function(x)
        calls = calls + 1
        local y = coroutine.yield(x)
        if calls == 1 then error("timeout", 0) end
        return x + y
      end)
      local co = coroutine.wrap(g)
      assert.are.equal(1, co(1))  -- first attempt yields
      assert.are.equal(1, co(0))  -- it fails; the second attempt yields
      assert.are.equal(11, co(10))
      assert.are.same({ 1 }, clock.sleeps)
    end)
  end)
end)
