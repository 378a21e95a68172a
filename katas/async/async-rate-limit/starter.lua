-- async_rate_limit.lua: a rate limit for async functions (the
-- `async-rate-limit` kata). Run `dojo check async-rate-limit` to grade it
-- and `dojo hint async-rate-limit` when stuck.
--
--   local rate_limit = require("async_rate_limit")
--   local fetch = rate_limit(2)(fetch_page)  -- at most 2 calls a second
--   -- then, from any number of tasks under async.run: fetch(url)
--
-- As it stands, it calls straight through and never waits: the tests of
-- arguments and results already pass, the rest tell you what is missing.

local async = require("async")

local function rate_limit(calls_per_second)
  -- TODO: check calls_per_second: a number > 0 (math.huge means no limit);
  -- otherwise raise an error whose message contains "bad argument #1".

  local function decorator(fn)
    -- TODO: where does this function's schedule live, so that every
    -- function the decorator wraps has its own?

    local function wrapper(...)
      -- TODO: read async.now(), claim the next free slot for this call
      -- (before sleeping: other tasks may call while this one sleeps),
      -- then async.sleep until the slot if it isn't now.
      return fn(...)
    end

    return wrapper
  end

  return decorator
end

return rate_limit
