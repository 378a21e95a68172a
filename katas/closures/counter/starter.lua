-- counter.lua: three closures sharing one count (the `counter` kata).
-- Run `dojo check counter` to grade it and `dojo hint counter` when stuck.
--
--   local c = counter.new(10)    -- start at 10 (0 if left out)
--   c.increment()  --> 11        c.increment(5)  --> 16
--   c.reset()                    -- back to 10
--   c.get()        --> 10
--
-- As it stands, the three functions are there but keep no count: get()
-- always says `start`. Two tests already pass; the rest tell you what
-- is missing.

local counter = {}

function counter.new(start)
  -- TODO: `start` defaults to 0; anything else that is not a number must
  -- raise an error whose message contains "bad argument" (see README.md).

  -- TODO: where does the count live, so that these three functions share
  -- it, and two counters never do?

  local function increment(step)
    -- TODO: `step` defaults to 1 and must be a number; add it to the
    -- count and return the new count.
    return start
  end

  local function reset()
    -- TODO: back to the start (which is not always 0).
  end

  local function get()
    return start
  end

  return { increment = increment, reset = reset, get = get }
end

return counter
