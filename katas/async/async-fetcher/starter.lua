-- async_fetcher.lua: fetch many URLs, a few at a time (the `async-fetcher`
-- kata). Run `dojo check async-fetcher` to grade it and
-- `dojo hint async-fetcher` when stuck.
--
--   local results = fetcher.fetch_all(urls, 3)   -- inside async.run
--   -- results[i] = { ok = true, status = 200, body = "..." }
--   --           or { ok = false, error = "timeout" }
--
-- As it stands, it fetches one URL after the other and lets the first
-- failure escape: some tests already pass, the rest tell you what is missing.

local async = require("async")

local M = {}

function M.fetch_all(urls, limit, opts)
  -- TODO: check the arguments: `urls` must be a table ("bad argument #1")
  -- and `limit` an integer >= 1 ("bad argument #2").

  -- TODO: run the requests concurrently, at most `limit` at a time (one
  -- async.Semaphore per call), and turn a failed request into
  -- { ok = false, error = ... } instead of letting it escape.
  local results = {}
  for i, url in ipairs(urls) do
    local response = async.http_get(url, opts)
    results[i] = { ok = true, status = response.status, body = response.body }
  end
  return results
end

return M
