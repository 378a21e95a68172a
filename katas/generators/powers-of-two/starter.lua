-- powers_of_two.lua: powers of two on demand, and taking a few values from
-- any iterator (the `powers-of-two` kata). Run `dojo check powers-of-two` to
-- grade it and `dojo hint powers-of-two` when stuck.
--
--   for p in powers_of_two.generator(10) do print(p) end   -- 1, 2, 4, 8
--   powers_of_two.take(powers_of_two.generator(), 3)       -- { 1, 2, 4 }
--
-- As it stands, the generator works for small limits but breaks at the
-- edges, and take takes nothing: the failing tests tell you what is missing.

local powers_of_two = {}

-- generator(limit) -> a function returning 1, 2, 4, ... (every power of two
-- <= limit; with no limit, every one a Lua integer holds), then nil forever.
function powers_of_two.generator(limit)
  -- TODO: check limit (nil, or a number that is not NaN).
  -- TODO: stop at 1 << 62: doubling it wraps around to a negative number.
  -- TODO: once exhausted, return nil without resuming the dead coroutine.
  return coroutine.wrap(function()
    local p = 1
    while p <= (limit or math.huge) do
      coroutine.yield(p)
      p = p * 2
    end
  end)
end

-- take(iter, k) -> an array of the first k values iter returns (fewer if it
-- returns nil first). Calls iter at most k times.
function powers_of_two.take(iter, k)
  -- TODO: check iter (a function) and k (a whole number >= 0), then pull.
  return {}
end

return powers_of_two
