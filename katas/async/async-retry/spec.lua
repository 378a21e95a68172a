-- spec.lua: the busted spec for the `async-retry` kata (see README.md).
-- It needs dojo, not plain busted: dojo's `async` and `http` modules, and
-- the loopback fixture server that dojo starts because kata.lua says
-- `server = true` (its address is dojo.server_url).
-- Time is never slept for real. Where the exact delays matter, the wrapper
-- gets a recording `sleep` that only writes each delay down; where the
-- default, async.sleep, is under test, the loop runs on the virtual clock,
-- which jumps to the next timer when every task waits and stands still
-- while HTTP transfers run, so async.now() is the sum of the backoffs.
-- Backoffs are multiples of 1/8, which binary floating point holds exactly.

local with_retry = require("async_retry")
local async = require("async")
local http = require("http")

local base = dojo.server_url

-- The server counts /flaky requests per KEY for as long as it runs, and one
-- server may serve several runs of this spec (`dojo validate` grades the C
-- reference and the starter in one process). So each run asks the server
-- for a number of its own, the count of a shared key, and puts it in every
-- key it uses.
local run_id = http.get(base .. "/flaky/async-retry-runs/999999999").body:match('"attempt":(%d+)')

-- /flaky/KEY/n: 503 for the first n requests, then 200.
local function flaky(name, n)
  return base .. "/flaky/ar" .. run_id .. "-" .. name .. "/" .. n
end

local function attempt_of(response)
  return tonumber(response.body:match('"attempt":(%d+)'))
end

local function get(url, opts)
  return async.http_get(url, opts)
end

-- A sleep that doesn't wait: it writes each delay into the list `sleeps`.
local function recorder()
  local sleeps = {}
  return sleeps, function(seconds) sleeps[#sleeps + 1] = seconds end
end

-- A function whose calls return { status = s } for s in `statuses`, one
-- after the other; `calls()` tells how many calls it had.
local function scripted(statuses)
  local n = 0
  local fn = function()
    n = n + 1
    return { status = statuses[n] }
  end
  return fn, function() return n end
end

local function virtual(fn)
  return async.run(fn, { clock = "virtual" })
end

describe("with_retry", function()
  local sleeps, sleep

  before_each(function()
    sleeps, sleep = recorder()
  end)

  describe("retrying", function()
    it("returns a success at once, without sleeping", function()
      local fetch = with_retry { times = 3, backoff = 0.25, sleep = sleep } (get)
      local r = async.run(fetch, base .. "/status/200")
      assert.are.equal(200, r.status)
      assert.are.same({}, sleeps)
    end)

    it("retries a 503 until the server answers 200", function()
      local fetch = with_retry { times = 5, backoff = 0.25, sleep = sleep } (get)
      local r = async.run(fetch, flaky("twice", 2))
      assert.are.equal(200, r.status)
      assert.are.equal(3, attempt_of(r))
      assert.are.same({ 0.25, 0.5 }, sleeps)
    end)

    it("doubles the backoff after each failed attempt", function()
      local fetch = with_retry { times = 4, backoff = 0.125, sleep = sleep } (get)
      local r = async.run(fetch, flaky("doubling", 3))
      assert.are.equal(200, r.status)
      assert.are.same({ 0.125, 0.25, 0.5 }, sleeps)
    end)

    it("returns the last 5xx response after `times` attempts, with no sleep after it", function()
      local fetch = with_retry { times = 3, backoff = 0.5, sleep = sleep } (get)
      local r = async.run(fetch, flaky("never", 100))
      assert.are.equal(503, r.status)
      assert.are.equal(3, attempt_of(r))
      assert.are.same({ 0.5, 1 }, sleeps)
    end)

    it("makes a single attempt with times = 1", function()
      local fetch = with_retry { times = 1, backoff = 0.5, sleep = sleep } (get)
      local r = async.run(fetch, flaky("once", 5))
      assert.are.equal(503, r.status)
      assert.are.equal(1, attempt_of(r))
      assert.are.same({}, sleeps)
    end)

    it("retries the statuses 500 to 599, and only those", function()
      for _, s in ipairs({ 500, 502, 599 }) do
        local fn, calls = scripted({ s, 200 })
        local r = with_retry { times = 3, backoff = 1, sleep = sleep } (fn)()
        assert.are.equal(200, r.status)
        assert.are.equal(2, calls())
      end
      for _, s in ipairs({ 200, 204, 404, 429, 499, 600 }) do
        local fn, calls = scripted({ s, 200 })
        local r = with_retry { times = 3, backoff = 1, sleep = sleep } (fn)()
        assert.are.equal(s, r.status)
        assert.are.equal(1, calls())
      end
      assert.are.same({ 1, 1, 1 }, sleeps)
    end)

    it("starts every call of the wrapper at attempt 1", function()
      local fn, calls = scripted({ 503, 200, 503, 200 })
      local wrapped = with_retry { times = 2, backoff = 0.5, sleep = sleep } (fn)
      assert.are.equal(200, wrapped().status)
      assert.are.equal(200, wrapped().status)
      assert.are.equal(4, calls())
      assert.are.same({ 0.5, 0.5 }, sleeps)
    end)

    it("passes the same arguments to every attempt and returns every result", function()
      local seen = {}
      local n = 0
      local wrapped = with_retry { times = 3, backoff = 1, sleep = sleep } (function(...)
        n = n + 1
        seen[n] = table.pack(...)
        if n < 3 then return { status = 500 } end
        return { status = 200 }, nil, "third"
      end)
      local results = table.pack(wrapped("url", nil, { timeout = 1 }))
      assert.are.equal(3, results.n)
      assert.are.equal(200, results[1].status)
      assert.are.equal("third", results[3])
      for i = 1, 3 do
        assert.are.same({ n = 3, "url", nil, { timeout = 1 } }, seen[i])
      end
    end)
  end)

  describe("errors", function()
    it("retries a transport error, then returns the success", function()
      local n = 0
      local fetch = with_retry { times = 3, backoff = 0.25, sleep = sleep } (function()
        n = n + 1
        if n == 1 then return get(base .. "/delay/2000", { timeout = 0.1 }) end -- times out
        return get(base .. "/status/200")
      end)
      local r = async.run(fetch)
      assert.are.equal(200, r.status)
      assert.are.equal(2, n)
      assert.are.same({ 0.25 }, sleeps)
    end)

    it("raises the last transport error, the very same value, after `times` attempts", function()
      local problem = { kind = "connection refused", message = "no one listens" }
      local n = 0
      local wrapped = with_retry { times = 3, backoff = 0.25, sleep = sleep } (function()
        n = n + 1
        error(problem)
      end)
      local ok, err = pcall(wrapped)
      assert.is_false(ok)
      assert.are.equal(problem, err) -- the same table, not a copy
      assert.are.equal(3, n)
      assert.are.same({ 0.25, 0.5 }, sleeps)
    end)

    it("raises any other error at once, unchanged: a bug won't go away by itself", function()
      local n = 0
      local wrapped = with_retry { times = 3, backoff = 1, sleep = sleep } (function()
        n = n + 1
        error("attempt to index a nil value", 0)
      end)
      local ok, err = pcall(wrapped)
      assert.is_false(ok)
      assert.are.equal("attempt to index a nil value", err)
      local no_kind = { code = 7 }
      local other = with_retry { times = 3, backoff = 1, sleep = sleep } (function()
        n = n + 1
        error(no_kind)
      end)
      ok, err = pcall(other)
      assert.are.equal(no_kind, err)
      assert.are.equal(2, n)
      assert.are.same({}, sleeps)
    end)

    it("does not retry an attempt that was cancelled", function()
      local n = 0
      local slow = with_retry { times = 3, backoff = 1, sleep = sleep } (function()
        n = n + 1
        async.sleep(10)
        return { status = 200 }
      end)
      local cancelled, now = virtual(function()
        local task = async.spawn(slow)
        async.sleep(1)
        task:cancel()
        pcall(task.await, task)
        return task:cancelled(), async.now()
      end)
      assert.is_true(cancelled)
      assert.are.equal(1, n)
      assert.are.equal(1, now)
      assert.are.same({}, sleeps)
    end)

    it("can be cancelled while it waits to try again", function()
      local fn, calls = scripted({ 503, 200 })
      local wrapped = with_retry { times = 3, backoff = 5 } (fn) -- sleeps with async.sleep
      local cancelled, now = virtual(function()
        local task = async.spawn(wrapped)
        async.sleep(1)
        task:cancel()
        pcall(task.await, task)
        return task:cancelled(), async.now()
      end)
      assert.is_true(cancelled)
      assert.are.equal(1, calls())
      assert.are.equal(1, now)
    end)
  end)

  describe("waiting", function()
    it("sleeps with async.sleep by default", function()
      local fetch = with_retry { times = 4, backoff = 0.5 } (get)
      local r, now = virtual(function()
        local r = fetch(flaky("default-sleep", 2))
        return r, async.now()
      end)
      assert.are.equal(200, r.status)
      assert.are.equal(1.5, now) -- 0.5 + 1 of virtual time: the two backoffs
    end)

    it("lets other tasks run while it waits: three retrying calls take 3 s in all, not 9", function()
      local fetch = with_retry { times = 3, backoff = 1 } (get)
      local statuses, now = virtual(function()
        local rs = async.gather(function() return fetch(flaky("side-1", 2)).status end,
                                function() return fetch(flaky("side-2", 2)).status end,
                                function() return fetch(flaky("side-3", 2)).status end)
        return rs, async.now()
      end)
      assert.are.same({ 200, 200, 200, n = 3 }, statuses)
      assert.are.equal(3, now)
    end)

    it("makes 3 attempts with a first backoff of 0.1 s by default", function()
      local fetch = with_retry { sleep = sleep } (get)
      local r = async.run(fetch, flaky("defaults", 100))
      assert.are.equal(503, r.status)
      assert.are.equal(3, attempt_of(r))
      assert.are.same({ 0.1, 0.2 }, sleeps)
    end)
  end)

  describe("options", function()
    it("rejects bad options, naming the one at fault", function()
      local function refuses(opts, word)
        assert.error_matches(function() with_retry(opts) end, "bad argument #1", 1, true)
        assert.error_matches(function() with_retry(opts) end, word, 1, true)
      end
      refuses(get, "table")   -- with_retry(fn): the options were forgotten
      refuses("fast", "table")
      refuses({ times = 0 }, "times")
      refuses({ times = 1.5 }, "times")
      refuses({ times = "3" }, "times")
      refuses({ backoff = -1 }, "backoff")
      refuses({ backoff = 0 / 0 }, "backoff")
      refuses({ backoff = "1" }, "backoff")
      refuses({ sleep = 5 }, "sleep")
      assert.are.equal("function", type(with_retry()))
      assert.are.equal("function", type(with_retry {}))
    end)
  end)
end)
