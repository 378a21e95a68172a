-- limiter.lua: a per-function rate limiter (the `limiter` kata).
-- Run `dojo check limiter` to grade it and `dojo hint limiter` when stuck.
--
--   local every_3s = limiter(3, clock)   -- clock = { now = ..., sleep = ... }
--   local fetch = every_3s(fetch_page)   -- fetch calls fetch_page at most once every 3 s
--
-- As it stands, it calls straight through and never waits: some tests
-- already pass, the rest tell you what is missing.

local function limiter(seconds, clock)
  -- TODO: check the arguments. `seconds` must be a number >= 0 and `clock`
  -- a table whose `now` and `sleep` are functions; otherwise raise an error
  -- whose message contains "bad argument #1" (seconds) or "bad argument #2"
  -- (clock). See README.md for the suggested wording.

  local function decorator(fn)
    -- TODO: where does the time of fn's last call live, so that every
    -- function this decorator wraps has its own?

    local function wrapper(...)
      -- TODO: read clock.now(); if fn was called less than `seconds` ago,
      -- clock.sleep() for the rest of the window and read the clock again;
      -- then remember when this call started.
      return fn(...)
    end

    return wrapper
  end

  return decorator
end

return limiter
