-- spec.lua: the busted spec for the `async-fetcher` kata (see README.md).
-- It needs dojo, not plain busted: dojo's `async` and `http` modules, and
-- the loopback fixture server that dojo starts because kata.lua says
-- `server = true` (its address is dojo.server_url; every other origin is
-- refused). The server's /delay/MS route really waits, so the timing tests
-- measure real time with async.now() and allow wide margins: two rounds of
-- 200 ms requests (0.4 s) pass anywhere from 0.35 s to 1 s, and a bound
-- that separates "all at once" from "one round more" sits halfway between.
-- The whole spec takes under 4 seconds.

local m = require("async_fetcher")
local async = require("async")
local http = require("http")

local base = dojo.server_url

-- The server counts /flaky requests per KEY for as long as it runs, and one
-- server may serve several runs of this spec (`dojo validate` grades the C
-- reference and the starter in one process). So each run asks the server
-- for a number of its own, the count of a shared key, and puts it in every
-- key it uses.
local run_id = http.get(base .. "/flaky/async-fetcher-runs/999999999").body:match('"attempt":(%d+)')

local function flaky(name)
  return base .. "/flaky/af" .. run_id .. "-" .. name .. "/1000"
end

-- n URLs of /delay/ms.
local function delays(ms, n)
  local urls = {}
  for i = 1, n do urls[i] = base .. "/delay/" .. ms end
  return urls
end

-- fetch(...): m.fetch_all(...) run in a fresh event loop; returns its
-- result and how long it took, in seconds.
local function fetch(...)
  local args = table.pack(...)
  return async.run(function()
    local t0 = async.now()
    local results = m.fetch_all(table.unpack(args, 1, args.n))
    return results, async.now() - t0
  end)
end

local function attempt_of(body)
  return tonumber(body:match('"attempt":(%d+)'))
end

-- A URL the sandbox refuses at once (only the fixture server may be reached).
local REFUSED = "http://127.0.0.1:1/nowhere"

describe("fetch_all", function()
  describe("results", function()
    it("returns an empty list for an empty list of URLs", function()
      local results = fetch({}, 3)
      assert.are.equal("table", type(results))
      assert.are.equal(0, #results)
    end)

    it("returns the results in the order of the URLs, not in the order they finish", function()
      local urls = { base .. "/delay/300", base .. "/delay/10", base .. "/delay/150", base .. "/delay/0" }
      local results = fetch(urls, 4)
      assert.are.equal(4, #results)
      for i, ms in ipairs({ 300, 10, 150, 0 }) do
        assert.is_true(results[i].ok)
        assert.are.equal(200, results[i].status)
        assert.are.equal('{"delay_ms":' .. ms .. "}", results[i].body)
      end
    end)

    it("returns HTTP error statuses as results, not as errors", function()
      local urls = { base .. "/status/404", base .. "/status/503", base .. "/status/200" }
      local results = fetch(urls, 2)
      assert.are.same({ ok = true, status = 404, body = '{"status":404}' }, results[1])
      assert.are.same({ ok = true, status = 503, body = '{"status":503}' }, results[2])
      assert.are.same({ ok = true, status = 200, body = '{"status":200}' }, results[3])
    end)

    it("fetches every URL exactly once", function()
      local urls = {}
      for i = 1, 5 do urls[i] = flaky("once-" .. i) end
      local results = fetch(urls, 2)
      assert.are.equal(5, #results)
      for i = 1, 5 do
        assert.are.equal(503, results[i].status) -- /flaky answers 503 for a while
        assert.are.equal(1, attempt_of(results[i].body))
      end
    end)

    it("passes the request options on to every request", function()
      local urls = { base .. "/echo", base .. "/echo?second" }
      local results = fetch(urls, 2, { headers = { ["X-Kata"] = "async-fetcher" } })
      for i = 1, 2 do
        assert.are.equal(200, results[i].status)
        assert.truthy(results[i].body:lower():find('"x-kata":"async-fetcher"', 1, true))
      end
    end)
  end)

  describe("failures", function()
    it("reports a timeout in its place and keeps the other results", function()
      local urls = { base .. "/delay/0", base .. "/delay/3000", base .. "/status/201" }
      local results, took = fetch(urls, 3, { timeout = 0.3 })
      assert.are.equal(3, #results)
      assert.are.same({ ok = false, error = "timeout" }, results[2])
      assert.is_true(results[1].ok)
      assert.are.equal(200, results[1].status)
      assert.are.same({ ok = true, status = 201, body = '{"status":201}' }, results[3])
      assert.is_true(took < 2)
    end)

    it("reports a refused URL in its place and keeps the other results", function()
      local results = fetch({ base .. "/status/200", REFUSED, base .. "/status/202" }, 2)
      assert.are.equal(3, #results)
      assert.are.same({ ok = false, error = "refused" }, results[2])
      assert.are.equal(200, results[1].status)
      assert.are.equal(202, results[3].status)
    end)

    it("gives a failed request's slot back (limit 1, failures first)", function()
      local urls = { REFUSED, base .. "/status/200", REFUSED, base .. "/delay/3000", base .. "/status/204" }
      local results = fetch(urls, 1, { timeout = 0.2 })
      assert.are.equal(5, #results)
      assert.are.same({ ok = false, error = "refused" }, results[1])
      assert.are.equal(200, results[2].status)
      assert.are.same({ ok = false, error = "refused" }, results[3])
      assert.are.same({ ok = false, error = "timeout" }, results[4])
      assert.are.equal(204, results[5].status)
    end)

    it("starts no more requests once the task running it is cancelled", function()
      local late1, late2 = flaky("late-1"), flaky("late-2")
      local timed_out, attempts = async.run(function()
        local urls = { base .. "/delay/300", base .. "/delay/300", late1, late2 }
        local ok, err = pcall(async.wait_for, function() return m.fetch_all(urls, 2) end, 0.1)
        -- Had it gone on, its slots would have come free at 0.3 s and the
        -- last two URLs would have been fetched by now.
        async.sleep(0.4)
        local a1 = attempt_of(async.http_get(late1).body)
        local a2 = attempt_of(async.http_get(late2).body)
        return not ok and async.is_timeout(err), { a1, a2 }
      end)
      assert.is_true(timed_out)
      assert.are.same({ 1, 1 }, attempts) -- our own requests are the first
    end)
  end)

  describe("concurrency", function()
    it("keeps at most `limit` requests in flight: 6 x 200 ms with limit 3 take two rounds", function()
      local results, took = fetch(delays(200, 6), 3)
      assert.are.equal(6, #results)
      assert.is_true(took >= 0.35, ("took %.3f s: more than 3 at once?"):format(took))
      assert.is_true(took < 1.0, ("took %.3f s: fewer than 3 at once?"):format(took))
    end)

    it("never lets a request more through: 4 x 200 ms with limit 3 take two rounds", function()
      local _, took = fetch(delays(200, 4), 3)
      assert.is_true(took >= 0.35, ("took %.3f s: 4 at once?"):format(took))
    end)

    it("runs every request at once when the limit allows it", function()
      local results, took = fetch(delays(300, 3), 10)
      assert.are.equal(3, #results)
      assert.is_true(took < 0.55, ("took %.3f s: not all at once?"):format(took))
    end)

    it("fetches one URL after the other with limit 1", function()
      local urls = { base .. "/delay/100", base .. "/delay/110", base .. "/delay/120" }
      local results, took = fetch(urls, 1)
      assert.are.equal('{"delay_ms":120}', results[3].body)
      assert.is_true(took >= 0.3, ("took %.3f s: not one at a time?"):format(took))
    end)

    it("gives each call its own limit: two calls with limit 1 run side by side", function()
      local took = async.run(function()
        local t0 = async.now()
        async.gather(function() return m.fetch_all(delays(250, 2), 1) end,
                     function() return m.fetch_all(delays(250, 2), 1) end)
        return async.now() - t0
      end)
      assert.is_true(took >= 0.45, ("took %.3f s: more than 1 at once per call?"):format(took))
      assert.is_true(took < 0.85, ("took %.3f s: one limit for both calls?"):format(took))
    end)
  end)

  describe("bad arguments", function()
    it("rejects a limit that is not an integer >= 1", function()
      local urls = { base .. "/status/200" }
      for _, limit in ipairs({ 0, -1, 1.5, "3", false }) do
        assert.error_matches(function() fetch(urls, limit) end, "bad argument #2", 1, true)
      end
      assert.error_matches(function() fetch(urls) end, "bad argument #2", 1, true)
    end)

    it("rejects urls that are not a table", function()
      assert.error_matches(function() fetch(nil, 2) end, "bad argument #1", 1, true)
      assert.error_matches(function() fetch(base .. "/status/200", 2) end, "bad argument #1", 1, true)
    end)
  end)
end)
