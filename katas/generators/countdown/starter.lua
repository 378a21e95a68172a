-- countdown.lua: a countdown as a coroutine and as a generator (the
-- `countdown` kata). Run `dojo check countdown` to grade it and
-- `dojo hint countdown` when stuck.
--
--   local co = countdown.create(3)     -- resume it: 3, 2, 1, then "liftoff"
--   for n in countdown.generator(3) do print(n) end   -- 3, 2, 1
--
-- As it stands, create yields only the first value and generator hands out
-- nothing: a few tests pass, the rest tell you what is missing.

local countdown = {}

-- create(n) -> a coroutine yielding n, n-1, ..., 1, whose body then
-- returns "liftoff".
function countdown.create(n)
  -- TODO: check n (a whole number >= 0) here, before the coroutine exists;
  -- raise an error containing "bad argument #1" otherwise.
  return coroutine.create(function()
    coroutine.yield(n)
    -- TODO: count on down to 1, then return "liftoff".
  end)
end

-- generator(n) -> a function returning n, n-1, ..., 1 on successive calls,
-- then nil on every call after that.
function countdown.generator(n)
  -- TODO: check n, then hand out the values. Once the values run out,
  -- keep returning nil: never resume a dead coroutine.
  return function()
    return nil
  end
end

return countdown
