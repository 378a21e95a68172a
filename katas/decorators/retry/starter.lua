-- retry.lua: a retry decorator with exponential backoff (the `retry` kata).
-- Run `dojo check retry` to grade it and `dojo hint retry` when stuck.
--
--   local with_retry = retry{ times = 3, backoff = 0.5, errors = { "timeout" },
--                             sleep = clock.sleep }
--   local fetch = with_retry(fetch_page)  -- retries "...timeout..." errors,
--                                         -- sleeping 0.5 s, then 1 s
--
-- As it stands, it makes one attempt and never retries: some tests already
-- pass, the rest tell you what is missing.

local function retry(opts)
  -- TODO: check `opts`. It must be a table (retry(fn), a decorator used
  -- without its call, must fail here), and its fields must be valid; a bad
  -- one raises an error whose message contains "bad argument #1" and the
  -- field's name. Defaults: times = 3, backoff = 1, errors = nil (retry
  -- every error). `sleep` is required. Read the options now, not later.

  local function decorator(fn)
    local function wrapper(...)
      -- TODO: run fn in protected mode. On an error that `opts.errors`
      -- lists (a plain substring of a message, or the `kind` of a table
      -- error), sleep backoff * 2^(attempt - 1) and try again, at most
      -- `times` attempts in all. Raise any other error, and the last one,
      -- unchanged. Return every result of the attempt that succeeds.
      return fn(...)
    end

    return wrapper
  end

  return decorator
end

return retry
