-- spec.lua: the `async-rate-limit` kata. Every test runs inside
-- async.run(fn, { clock = "virtual" }): async.sleep never really waits, the
-- loop jumps its clock to the next timer, and async.now() gives the exact
-- time of every call. Rates are powers of two, so intervals are exact.
local rate_limit = require("async_rate_limit")
local async = require("async")

-- virtual: runs fn as the main task of a loop on the virtual clock and
-- returns its results.
local function virtual(fn)
  return async.run(fn, { clock = "virtual" })
end

-- recorder: a function to wrap that notes the time of each call (and its
-- first argument, when there is one) in `calls`.
local function recorder()
  local calls, labels = {}, {}
  local function fn(label)
    calls[#calls + 1] = async.now()
    labels[#labels + 1] = label
    return label
  end
  return fn, calls, labels
end

-- concurrently: spawns one task per label, each calling f(label), and
-- waits for all of them.
local function concurrently(f, labels)
  local tasks = {}
  for i, label in ipairs(labels) do
    tasks[i] = async.spawn(f, label)
  end
  return async.gather(table.unpack(tasks, 1, #tasks))
end

describe("async_rate_limit", function()
  describe("from one task", function()
    it("runs the first call at once", function()
      local fn, calls = recorder()
      virtual(function()
        async.sleep(3)
        rate_limit(2)(fn)()
      end)
      assert.are.same({ 3 }, calls)
    end)

    it("spaces calls 1 / calls_per_second apart", function()
      local fn, calls = recorder()
      virtual(function()
        local f = rate_limit(2)(fn)
        f()
        f()
        f()
      end)
      assert.are.same({ 0, 0.5, 1 }, calls)
    end)

    it("waits only for the rest of the interval", function()
      local fn, calls = recorder()
      virtual(function()
        local f = rate_limit(1)(fn)
        f()
        async.sleep(0.75)
        f()
      end)
      assert.are.same({ 0, 1 }, calls)
    end)

    it("does not wait once the interval has passed, or exactly at its end", function()
      local fn, calls = recorder()
      virtual(function()
        local f = rate_limit(4)(fn)
        f()
        async.sleep(5)
        f()
        async.sleep(0.25)
        f()
      end)
      assert.are.same({ 0, 5, 5.25 }, calls)
    end)

    it("takes fractional rates: half a call per second is one every 2 seconds", function()
      local fn, calls = recorder()
      virtual(function()
        local f = rate_limit(0.5)(fn)
        for _ = 1, 3 do f() end
      end)
      assert.are.same({ 0, 2, 4 }, calls)
    end)
  end)

  describe("from concurrent tasks", function()
    it("gives tasks that call together consecutive slots, in the order they called", function()
      local fn, calls, labels = recorder()
      local results = virtual(function()
        return concurrently(rate_limit(4)(fn), { "a", "b", "c", "d" })
      end)
      assert.are.same({ 0, 0.25, 0.5, 0.75 }, calls)
      assert.are.same({ "a", "b", "c", "d" }, labels)
      assert.are.same({ "a", "b", "c", "d", n = 4 }, results)
    end)

    it("keeps a hundred tasks exactly one interval apart", function()
      local fn, calls = recorder()
      local labels = {}
      for i = 1, 100 do labels[i] = i end
      local finished = virtual(function()
        concurrently(rate_limit(4)(fn), labels)
        return async.now()
      end)
      assert.are.equal(100, #calls)
      for i = 1, 100 do
        assert.are.equal((i - 1) * 0.25, calls[i])
      end
      assert.are.equal(24.75, finished)
    end)

    it("starts afresh after a quiet spell, with no burst of saved-up calls", function()
      local fn, calls = recorder()
      virtual(function()
        local f = rate_limit(2)(fn)
        concurrently(f, { 1, 2 })
        async.sleep(10 - async.now())
        concurrently(f, { 3, 4, 5 })
      end)
      assert.are.same({ 0, 0.5, 10, 10.5, 11 }, calls)
    end)

    it("spaces the starts of calls, not their ends: slow calls overlap", function()
      local starts, ends = {}, {}
      local finished = virtual(function()
        local f = rate_limit(1)(function(i)
          starts[i] = async.now()
          async.sleep(3) -- a slow call: the wrapped function waits too
          ends[i] = async.now()
        end)
        concurrently(f, { 1, 2, 3 })
        return async.now()
      end)
      assert.are.same({ 0, 1, 2 }, starts)
      assert.are.same({ 3, 4, 5 }, ends)
      assert.are.equal(5, finished)
    end)

    it("never calls fn for a task cancelled while it waits for its slot", function()
      local fn, calls, labels = recorder()
      local cancelled = virtual(function()
        local f = rate_limit(1)(fn)
        local first = async.spawn(f, "first")
        local second = async.spawn(f, "second")
        async.sleep(0.5) -- both have called: second waits for its slot at 1
        second:cancel()
        first:await()
        pcall(second.await, second)
        async.sleep(5)
        return second:cancelled()
      end)
      assert.is_true(cancelled)
      assert.are.same({ "first" }, labels)
      assert.are.same({ 0 }, calls)
    end)
  end)

  describe("state", function()
    it("gives every wrapped function its own schedule", function()
      local fn, calls, labels = recorder()
      virtual(function()
        local per_second = rate_limit(1)
        local f, g, h = per_second(fn), per_second(fn), rate_limit(1)(fn)
        f("f")
        g("g")
        h("h")
        f("f")
      end)
      assert.are.same({ "f", "g", "h", "f" }, labels)
      assert.are.same({ 0, 0, 0, 1 }, calls)
    end)

    it("reads no clock until a wrapper is called: decorate outside async.run", function()
      local fn, calls = recorder()
      local f = rate_limit(2)(fn) -- no loop is running here
      virtual(function()
        async.sleep(7)
        f()
        f()
      end)
      assert.are.same({ 7, 7.5 }, calls)
    end)
  end)

  describe("calls pass through", function()
    it("passes every argument, nils included, and returns every result", function()
      local got, results = nil, nil
      virtual(function()
        local f = rate_limit(2)(function(...)
          got = table.pack(...)
          return 1, nil, "three", nil
        end)
        results = table.pack(f(nil, "b", nil, false, nil))
      end)
      assert.are.same({ n = 5, nil, "b", nil, false, nil }, got)
      assert.are.same({ n = 4, 1, nil, "three", nil }, results)
    end)

    it("lets an error through unchanged, and the failed call still used its slot", function()
      local problem = { code = 42 }
      local ok, err, second_at = virtual(function()
        local calls = 0
        local f = rate_limit(2)(function()
          calls = calls + 1
          if calls == 1 then error(problem) end
          return async.now()
        end)
        local ok, err = pcall(f)
        return ok, err, f()
      end)
      assert.is_false(ok)
      assert.are.equal(problem, err)
      assert.are.equal(0.5, second_at)
    end)
  end)

  describe("bad arguments", function()
    it("rejects a rate that is not a number > 0", function()
      for _, bad in ipairs({ 0, -1, 0 / 0 }) do
        assert.error_matches(function() rate_limit(bad) end, "bad argument #1", 1, true)
      end
      assert.error_matches(function() rate_limit("2") end, "bad argument #1", 1, true)
      assert.error_matches(function() rate_limit(nil) end, "bad argument #1", 1, true)
    end)

    it("takes an infinite rate as no limit at all", function()
      local fn, calls = recorder()
      virtual(function()
        local f = rate_limit(math.huge)(fn)
        concurrently(f, { 1, 2, 3 })
      end)
      assert.are.same({ 0, 0, 0 }, calls)
    end)
  end)
end)
