-- async_spec.lua: dojo's `async` module, graded by dojo itself: ordering,
-- the virtual clock, gather, wait_for, cancellation, errors, queues and
-- semaphores. Virtual time everywhere but one test, so nothing sleeps.
local async = require("async")

local function virtual(fn) return async.run(fn, { clock = "virtual" }) end

describe("async.run", function()
  it("returns every result of the main task", function()
    assert.are.same({ 1, nil, 3 }, { async.run(function() return 1, nil, 3 end) })
  end)
  it("passes arguments to the main function", function()
    assert.are.equal(5, async.run(function(a, b) return a + b end, 2, 3))
  end)
  it("raises the main task's error", function()
    assert.has_error(function() async.run(function() error("boom", 0) end) end, "boom")
  end)
  it("can't be nested", function()
    assert.has_error(function() async.run(function() async.run(function() end) end) end)
  end)
  it("reports a deadlock instead of hanging", function()
    local ok, err = pcall(async.run, function() async.Queue():get() end)
    assert.is_false(ok)
    assert.truthy(tostring(err):find("deadlock"))
  end)
  it("refuses sleep outside a task", function()
    assert.has_error(function() async.sleep(1) end)
  end)
  it("waits in real time on the monotonic clock", function()
    local elapsed = async.run(function()
      local t0 = async.now()
      async.sleep(0.05)
      return async.now() - t0
    end)
    assert.is_true(elapsed >= 0.05)
  end)
end)

describe("the virtual clock", function()
  it("jumps to the next timer when every task waits", function()
    assert.are.equal(3600, virtual(function() async.sleep(3600) return async.now() end))
  end)
  it("runs concurrent sleeps in the maximum, not the sum", function()
    local took = virtual(function()
      async.gather(function() async.sleep(3) end, function() async.sleep(5) end,
                   function() async.sleep(1) end)
      return async.now()
    end)
    assert.are.equal(5, took)
  end)
  it("wakes tasks in the order of their deadlines, ties first come first", function()
    local order = {}
    virtual(function()
      local ts = {}
      for i, d in ipairs({ 3, 1, 2, 1 }) do
        ts[i] = async.spawn(function() async.sleep(d) order[#order + 1] = i end)
      end
      async.gather(table.unpack(ts))
    end)
    assert.are.same({ 2, 4, 3, 1 }, order)
  end)
end)

describe("tasks", function()
  it("run when the spawner yields, and sleep(0) lets others go first", function()
    local log = {}
    virtual(function()
      local t = async.spawn(function() log[#log + 1] = "task" end)
      log[#log + 1] = "main before"
      async.sleep(0)
      log[#log + 1] = "main after"
      t:await()
    end)
    assert.are.same({ "main before", "task", "main after" }, log)
  end)
  it("await gives every result, also of a task already done", function()
    local a, b = virtual(function()
      local t = async.spawn(function() return "x", "y" end)
      async.sleep(1)
      return t:await()
    end)
    assert.are.equal("x", a)
    assert.are.equal("y", b)
  end)
  it("spawn passes every argument, nils and the count included", function()
    local n, a, c = virtual(function()
      local t = async.spawn(function(...) return select("#", ...), (...), (select(3, ...)) end,
                            "a", nil, "c", nil)
      return t:await()
    end)
    assert.are.equal(4, n)
    assert.are.equal("a", a)
    assert.are.equal("c", c)
  end)
  it("spawn refuses a non-function, and refuses to run outside async.run", function()
    local ok, err = virtual(function() return pcall(async.spawn, 42) end)
    assert.is_false(ok)
    assert.truthy(tostring(err):find("function expected, got number", 1, true))
    ok, err = pcall(async.spawn, function() end)
    assert.is_false(ok)
    assert.truthy(tostring(err):find("must be called under async.run", 1, true))
  end)
  it("a task that returned nothing reads as done, whether awaited before or after it ended", function()
    local r = virtual(function()
      local early = async.spawn(function() async.sleep(1) end)
      local late = async.spawn(function() end)
      local waited = select("#", early:await()) -- awaited while it runs
      async.sleep(0)
      return { waited, early:done(), late:done(), select("#", late:await()), tostring(late) }
    end)
    assert.are.same({ 0, true, true, 0 }, { r[1], r[2], r[3], r[4] })
    assert.truthy(r[5]:find("done", 1, true))
  end)
  it("await raises the task's error", function()
    local ok, err = virtual(function()
      local t = async.spawn(function() async.sleep(1) error({ code = 7 }) end)
      return pcall(t.await, t)
    end)
    assert.is_false(ok)
    assert.are.equal(7, err.code)
  end)
end)

describe("cancellation", function()
  it("wakes the task with CancelledError where it waits, closing <close> variables", function()
    local closed, seen = false, nil
    local status = virtual(function()
      local t = async.spawn(function()
        local guard <close> = setmetatable({}, { __close = function() closed = true end })
        local ok, err = pcall(async.sleep, 100)
        seen = err
        error(err, 0)
      end)
      async.sleep(1)
      t:cancel()
      pcall(t.await, t)
      return t:cancelled()
    end)
    assert.is_true(status)
    assert.is_true(closed)
    assert.is_true(async.is_cancelled(seen))
  end)
  it("of a task that never ran means it never runs", function()
    local ran = false
    virtual(function()
      local t = async.spawn(function() ran = true end)
      t:cancel()
      async.sleep(1)
    end)
    assert.is_false(ran)
  end)
  it("returns false for a task that already ended", function()
    assert.is_false(virtual(function()
      local t = async.spawn(function() end)
      t:await()
      return t:cancel()
    end))
  end)
end)

describe("async.gather", function()
  it("returns results in argument order, not finishing order", function()
    local r = virtual(function()
      return async.gather(function() async.sleep(2) return "slow" end,
                          function() async.sleep(1) return "fast" end)
    end)
    assert.are.same({ "slow", "fast", n = 2 }, r)
  end)
  it("cancels the rest on the first error and raises it", function()
    local finished, ok, err = false, nil, nil
    virtual(function()
      ok, err = pcall(async.gather, function() async.sleep(1) error("bad", 0) end,
                      function() async.sleep(5) finished = true end)
      async.sleep(10)
    end)
    assert.is_false(ok)
    assert.are.equal("bad", err)
    assert.is_false(finished)
  end)
  it("with return_errors gives errors back as values", function()
    local r = virtual(function()
      return async.gather(function() error("x", 0) end, function() return 2 end,
                          { return_errors = true })
    end)
    assert.are.equal("x", r[1])
    assert.are.equal(2, r[2])
  end)
end)

describe("fairness", function()
  it("gather with nothing to gather gives an empty list", function()
    assert.are.same({ n = 0 }, virtual(function() return async.gather() end))
  end)
  it("a task spinning on sleep(0) does not starve a timer or the main task", function()
    local spins = async.run(function()
      local n = 0
      local spinner = async.spawn(function() while true do async.sleep(0) n = n + 1 end end)
      async.sleep(0.02)
      spinner:cancel()
      return n
    end)
    assert.is_true(spins > 0)
  end)
end)

describe("async.wait_for", function()
  it("returns the results when the task is in time", function()
    assert.are.equal("done", virtual(function()
      return async.wait_for(function() async.sleep(1) return "done" end, 2)
    end))
  end)
  it("raises TimeoutError and cancels the task when it is late", function()
    local ok, err, cancelled = virtual(function()
      local t = async.spawn(function() async.sleep(10) end)
      local ok, err = pcall(async.wait_for, t, 2)
      return ok, err, t:cancelled(), async.now()
    end)
    assert.is_false(ok)
    assert.is_true(async.is_timeout(err))
    assert.is_true(cancelled)
  end)
end)

describe("Queue and Semaphore", function()
  it("a bounded queue hands items over in order, producers waiting when full", function()
    local got = virtual(function()
      local q, got = async.Queue(2), {}
      local producer = async.spawn(function() for i = 1, 5 do q:put(i) end q:put(false) end)
      while true do
        local v = q:get()
        if not v then break end
        got[#got + 1] = v
      end
      producer:await()
      return got
    end)
    assert.are.same({ 1, 2, 3, 4, 5 }, got)
  end)
  it("a semaphore lets at most n tasks in, released by <close>", function()
    local most, took = virtual(function()
      local sem, inside, most = async.Semaphore(2), 0, 0
      local ts = {}
      for i = 1, 6 do
        ts[i] = async.spawn(function()
          local hold <close> = sem:acquire()
          inside = inside + 1
          most = math.max(most, inside)
          async.sleep(1)
          inside = inside - 1
        end)
      end
      async.gather(table.unpack(ts))
      return most, async.now()
    end)
    assert.are.equal(2, most)
    assert.are.equal(3, took)
  end)
end)

describe("the scheduler", function()
  it("runs ready tasks round-robin: each sleep(0) goes to the back of the queue", function()
    local log = {}
    virtual(function()
      local ts = {}
      for _, name in ipairs({ "a", "b", "c" }) do
        ts[#ts + 1] = async.spawn(function()
          for k = 1, 3 do log[#log + 1] = name .. k async.sleep(0) end
        end)
      end
      async.gather(table.unpack(ts))
    end)
    assert.are.same({ "a1", "b1", "c1", "a2", "b2", "c2", "a3", "b3", "c3" }, log)
  end)
  it("a bare coroutine.yield in a task counts as sleep(0)", function()
    local log = {}
    virtual(function()
      local t = async.spawn(function()
        log[#log + 1] = "t1"
        local r = select("#", coroutine.yield("ignored", 2))
        log[#log + 1] = "t2 got " .. r
      end)
      async.sleep(0)
      log[#log + 1] = "main"
      t:await()
    end)
    assert.are.same({ "t1", "main", "t2 got 0" }, log)
  end)
  it("wakes the tasks awaiting one task in the order they came", function()
    local log = {}
    virtual(function()
      local slow = async.spawn(function() async.sleep(1) return "x" end)
      local ws = {}
      for i = 1, 4 do
        ws[i] = async.spawn(function() local v = slow:await() log[#log + 1] = v .. i end)
      end
      async.gather(table.unpack(ws))
    end)
    assert.are.same({ "x1", "x2", "x3", "x4" }, log)
  end)
  it("a cancelled waiter is not woken again when the awaited task ends", function()
    local log = {}
    virtual(function()
      local slow = async.spawn(function() async.sleep(2) return "v" end)
      local a = async.spawn(function()
        local ok, err = pcall(slow.await, slow)
        log[#log + 1] = async.is_cancelled(err) and "a cancelled" or "a " .. tostring(err)
        async.sleep(5)
        log[#log + 1] = "a slept"
      end)
      local b = async.spawn(function() local v = slow:await() log[#log + 1] = "b " .. v end)
      async.sleep(1)
      a:cancel()
      b:await()
      a:await()
    end)
    assert.are.same({ "a cancelled", "b v", "a slept" }, log)
  end)
  it("a task that fails closes its <close> variables; an error in __close replaces it", function()
    local closed = {}
    local e1, e2 = virtual(function()
      local t1 = async.spawn(function()
        local g <close> = setmetatable({}, { __close = function(_, e) closed[1] = e end })
        async.sleep(1)
        error("first", 0)
      end)
      local t2 = async.spawn(function()
        local g <close> = setmetatable({}, { __close = function() error("from close", 0) end })
        error("second", 0)
      end)
      return select(2, pcall(t1.await, t1)), select(2, pcall(t2.await, t2))
    end)
    assert.are.equal("first", e1)
    assert.are.equal("first", closed[1])
    assert.are.equal("from close", e2)
  end)
  it("tasks still pending when the main task ends are closed and stay pending", function()
    local closed, left = false, nil
    virtual(function()
      left = async.spawn(function()
        local g <close> = setmetatable({}, { __close = function() closed = true end })
        async.sleep(100)
      end)
      async.sleep(1)
    end)
    assert.is_true(closed)
    assert.is_false(left:done())
    -- a later run can't await it: its run has ended
    local ok, err = pcall(virtual, function() return left:await() end)
    assert.is_false(ok)
    assert.truthy(tostring(err):find("ended", 1, true))
    assert.is_false(virtual(function() return left:cancel() end))
  end)
  it("a task resumed by hand from another task ends in an error, not a crash", function()
    local r = virtual(function()
      local co
      local a = async.spawn(function() co = coroutine.running() async.sleep(0) return "a done" end)
      async.sleep(0) -- a runs up to its sleep(0), still queued
      local ok, v = coroutine.resume(co) -- main resumes it by hand: a returns
      return { ok, v, pcall(a.await, a) }
    end)
    assert.are.same({ true, "a done", false, "cannot resume dead coroutine" }, r)
  end)
  it("a coroutine a task stashed can't reach the loop after the run", function()
    local co
    virtual(function()
      async.spawn(function() co = coroutine.running() async.sleep(100) end)
      async.sleep(0)
    end)
    assert.are.equal("dead", coroutine.status(co)) -- closed with the run
    assert.is_false((coroutine.resume(co)))
  end)
  it("sleep(0.0), sleep(-1) and sleep('0') yield as sleep(0) does", function()
    local log = {}
    virtual(function()
      local t = async.spawn(function()
        for _, d in ipairs({ 0.0, -1, "0" }) do async.sleep(d) log[#log + 1] = "t" end
      end)
      for _ = 1, 3 do log[#log + 1] = "m" async.sleep(0) end
      t:await()
      return async.now()
    end)
    -- t's first sleep comes before its first entry: m, (t sleeps), m, t, m, t, t
    assert.are.same({ "m", "m", "t", "m", "t", "t" }, log)
  end)
  it("keeps every result, nils included, for each of several awaits", function()
    local r = virtual(function()
      local t = async.spawn(function() async.sleep(1) return nil, 2, nil end)
      local a = { n = select("#", t:await()), t:await() }
      local b = { n = select("#", t:await()), t:await() }
      return { a, b }
    end)
    assert.are.same({ { n = 3, nil, 2, nil }, { n = 3, nil, 2, nil } }, r)
  end)
  it("refuses a task awaiting itself and await outside a task", function()
    local ok, err = virtual(function()
      local me
      me = async.spawn(function() async.sleep(0) return pcall(me.await, me) end)
      return me:await()
    end)
    assert.is_false(ok)
    assert.truthy(tostring(err):find("itself", 1, true))
    local t
    virtual(function() t = async.spawn(function() async.sleep(1) end) end)
    assert.has_error(function() t:await() end)
  end)
end)

describe("yields the scheduler can't take", function()
  it("sleep(0) and await where no yield is possible raise, and leave the task as it was", function()
    local r = virtual(function()
      local other = async.spawn(function() async.sleep(1) return "o" end)
      local ok1, e1 = pcall(table.sort, { 2, 1 }, function(a, b) async.sleep(0) return a < b end)
      local ok2, e2 = pcall(table.sort, { 2, 1 }, function(a, b) other:await() return a < b end)
      async.sleep(2) -- a task wrongly left queued or waiting would be resumed here
      return { ok1, ok2, tostring(e1):find("C%-call boundary") ~= nil,
               tostring(e2):find("C%-call boundary") ~= nil, other:await() }
    end)
    assert.are.same({ false, false, true, true, "o" }, r)
  end)
end)
