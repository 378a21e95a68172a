-- http_spec.lua: dojo's `http` module and async.http_get, against the
-- loopback fixture server only (graded with `dojo grade tests/http --server`,
-- which also refuses every other origin). Real time: the server's /delay
-- route waits for real, so the timings here are bounds with wide margins.
local http = require("http")
local async = require("async")
local base = dojo.server_url

describe("http.get", function()
  it("returns status, headers, body and elapsed", function()
    local r = http.get(base .. "/status/201")
    assert.are.equal(201, r.status)
    assert.are.equal('{"status":201}', r.body)
    assert.are.equal("application/json", r.headers["content-type"])
    assert.is_true(r.elapsed >= 0)
  end)
  it("returns HTTP error statuses instead of raising", function()
    assert.are.equal(503, http.get(base .. "/status/503").status)
    assert.are.equal(404, http.get(base .. "/no/such/route").status)
  end)
  it("sends the headers it is given", function()
    local r = http.get(base .. "/echo", { headers = { ["X-Kata"] = "fetcher" } })
    assert.truthy(r.body:find('"x%-kata":"fetcher"') or r.body:find('"X%-Kata":"fetcher"'))
  end)
  it("raises a timeout error that names its kind", function()
    local ok, err = pcall(http.get, base .. "/delay/2000", { timeout = 0.2 })
    assert.is_false(ok)
    assert.are.equal("timeout", err.kind)
  end)
  it("raises 'too large' past max_bytes", function()
    local ok, err = pcall(http.get, base .. "/products?page=1", { max_bytes = 16 })
    assert.is_false(ok)
    assert.are.equal("too large", err.kind)
  end)
  it("refuses every origin but the fixture server's", function()
    for _, url in ipairs({ "http://127.0.0.1:1/", "http://example.com/", "file:///etc/passwd" }) do
      local ok, err = pcall(http.get, url)
      assert.is_false(ok)
      assert.are.equal("refused", err.kind)
    end
  end)
end)

describe("async.http_get", function()
  it("runs transfers concurrently: four 300 ms delays take far less than 1.2 s", function()
    local statuses, took = async.run(function()
      local t0 = async.now()
      local rs = async.gather(
        function() return async.http_get(base .. "/delay/300").status end,
        function() return async.http_get(base .. "/delay/300").status end,
        function() return async.http_get(base .. "/delay/300").status end,
        function() return async.http_get(base .. "/delay/300").status end)
      return rs, async.now() - t0
    end)
    assert.are.same({ 200, 200, 200, 200, n = 4 }, statuses)
    assert.is_true(took >= 0.3)
    assert.is_true(took < 0.9)
  end)
  it("keeps to the transfer cap: with 2 at a time, four 200 ms delays take two rounds", function()
    local took = async.run(function()
      async.limit_transfers(2)
      local t0 = async.now()
      local fs = {}
      for i = 1, 4 do fs[i] = function() return async.http_get(base .. "/delay/200") end end
      async.gather(table.unpack(fs))
      return async.now() - t0
    end)
    assert.is_true(took >= 0.4)
  end)
  it("raises transport errors in the task that made the request", function()
    local ok, err = async.run(function()
      return pcall(async.http_get, base .. "/delay/2000", { timeout = 0.2 })
    end)
    assert.is_false(ok)
    assert.are.equal("timeout", err.kind)
  end)
  it("lets other tasks run while a transfer waits", function()
    local order = {}
    async.run(function()
      local fetch = async.spawn(function()
        async.http_get(base .. "/delay/200")
        order[#order + 1] = "fetched"
      end)
      async.sleep(0.05)
      order[#order + 1] = "slept"
      fetch:await()
    end)
    assert.are.same({ "slept", "fetched" }, order)
  end)
  it("a cancelled transfer's task ends cancelled, the loop goes on", function()
    local cancelled, after = async.run(function()
      local t = async.spawn(async.http_get, base .. "/delay/2000")
      async.sleep(0.05)
      t:cancel()
      pcall(t.await, t)
      return t:cancelled(), async.http_get(base .. "/status/200").status
    end)
    assert.is_true(cancelled)
    assert.are.equal(200, after)
  end)
  it("retries a flaky endpoint until it answers", function()
    local attempts = async.run(function()
      for attempt = 1, 5 do
        if async.http_get(base .. "/flaky/spec-key/2").status == 200 then return attempt end
        async.sleep(0.01)
      end
    end)
    assert.are.equal(3, attempts)
  end)
end)
