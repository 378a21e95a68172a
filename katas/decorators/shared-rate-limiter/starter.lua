-- shared_rate_limiter.lua: a rate limiter shared by several functions (the
-- `shared-rate-limiter` kata). Run `dojo check shared-rate-limiter` to grade
-- it and `dojo hint shared-rate-limiter` when stuck.
--
--   local limiter = RateLimiter.new(2, clock)  -- 2 calls a second, in all
--   local fetch_prices = limiter:wrap(get_prices)
--   local fetch_reviews = limiter(get_reviews) -- the same as limiter:wrap
--
-- As it stands, it calls straight through and never waits: some tests
-- already pass, the rest tell you what is missing.

local RateLimiter = {}

-- The metatable of every limiter object: its methods, and __call so that
-- a limiter can be used as a decorator directly.
local Limiter = {}
Limiter.__index = Limiter

function RateLimiter.new(calls_per_second, clock)
  -- TODO: check the arguments. `calls_per_second` must be a number > 0 and
  -- `clock` a table whose `now` and `sleep` are functions; otherwise raise
  -- an error whose message contains "bad argument #1" (the rate) or
  -- "bad argument #2" (the clock). See README.md for the wording.

  -- TODO: what does the object need to remember? Careful: a rate of 2
  -- calls a second is not 2 seconds between calls.
  return setmetatable({ clock = clock }, Limiter)
end

function Limiter:wrap(fn)
  return function(...)
    -- TODO: read self.clock.now(); work out when this call may start,
    -- given every call made through this limiter (whichever function it
    -- wrapped); claim that turn; sleep until it comes.
    return fn(...)
  end
end

-- limiter(fn) is the same as limiter:wrap(fn).
Limiter.__call = Limiter.wrap

return RateLimiter
