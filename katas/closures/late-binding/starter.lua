-- late_binding.lua: closures made in a loop (the `late-binding` kata).
-- Run `dojo check late-binding` to grade it and `dojo hint late-binding`
-- when stuck.
--
--   local gets, sets = late_binding.fresh(3)   -- gets[i]() --> i
--   local gets, sets = late_binding.shared(3)  -- gets[i]() --> 3, for all i
--   late_binding.bind(f, 1, 2)(3)              -- f(1, 2, 3)
--   local gets = late_binding.fixed(3)         -- gets[i]() --> i, via bind
--
-- As it stands, fresh makes Python's mistake, shared and fixed return
-- empty lists, and bind ignores what it is given to bind. One test
-- passes; the rest tell you what is missing.

local late_binding = {}

-- TODO: fresh, shared and fixed must reject an `n` that is not a whole
-- number >= 0 with an error containing "bad argument #1" (see README.md).

function late_binding.fresh(n)
  local gets, sets = {}, {}
  local i = 0
  while i < n do
    i = i + 1
    -- TODO: both closures capture `i`, the one counter of the whole
    -- loop, so they all see its last value. Give each iteration a
    -- variable of its own.
    gets[i] = function() return i end
    sets[i] = function(v) i = v end
  end
  return gets, sets
end

function late_binding.shared(n)
  local gets, sets = {}, {}
  -- TODO: n getters and n setters that all use one variable, which
  -- holds n once the loop is over.
  return gets, sets
end

function late_binding.bind(f, ...)
  -- TODO: return a function that calls f with these arguments first,
  -- then its own, nils included, and returns all of f's results.
  return f
end

function late_binding.fixed(n)
  local gets = {}
  -- TODO: shared's loop, but make each function with bind, so that
  -- gets[i]() returns i.
  return gets
end

return late_binding
