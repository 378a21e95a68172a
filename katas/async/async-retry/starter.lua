-- async_retry.lua: retry a flaky server without blocking the event loop
-- (the `async-retry` kata). Run `dojo check async-retry` to grade it and
-- `dojo hint async-retry` when stuck.
--
--   local fetch = with_retry{ times = 4, backoff = 0.5 }(async.http_get)
--   local response = fetch(url)   -- inside async.run
--   -- a 5xx or a transport error is tried again after 0.5 s, 1 s, 2 s
--
-- As it stands, it makes one attempt and never retries: some tests already
-- pass, the rest tell you what is missing.

local async = require("async")

local function with_retry(opts)
  -- TODO: check the options (a table or nil; times an integer >= 1,
  -- backoff a number >= 0, sleep a function) and raise an error whose
  -- message contains "bad argument #1" and the option's name otherwise.
  -- Defaults: times = 3, backoff = 0.1, sleep = async.sleep.

  return function(fn)
    return function(...)
      -- TODO: try up to `times` times. Retry a result whose status is
      -- 500..599 and an error table with a `kind` (but never a
      -- cancellation), sleeping backoff * 2^(k-1) after failed attempt k.
      return fn(...)
    end
  end
end

return with_retry
