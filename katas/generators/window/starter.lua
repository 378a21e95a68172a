-- window.lua: slide a window of `size` items along any iterator (the
-- `window` kata). Run `dojo check window` to grade it and `dojo hint window`
-- when stuck.
--
--   for w in window({ 1, 2, 3, 4 }, 3) do print(w[1], w[2], w[3]) end
--   --> 1 2 3, then 2 3 4
--
-- An iterator is a function that returns its next item on every call and
-- nil when it has no more. As it stands, window hands out only the first
-- window, and not quite correctly at that.

-- as_iterator: turns an array into an iterator over t[1], t[2], ... up to
-- its first nil; returns an iterator unchanged.
local function as_iterator(src)
  if type(src) == "table" then
    local i = 0
    return function()
      i = i + 1
      return src[i]
    end
  end
  return src
end

-- window(iter, size) -> a generator function returning arrays of `size`
-- consecutive items, sliding by one item per call, then nil forever.
local function window(iter, size)
  -- TODO: check iter (a function or a table: bad argument #1) and size (a
  -- whole number >= 1: bad argument #2).
  local next_item = as_iterator(iter)
  local started = false

  return function()
    -- TODO: after the first window, pull just one more item per call.
    -- TODO: hand out a fresh table each time, and remember when the source
    -- has ended so that it is never called again.
    if started then
      return nil
    end
    started = true
    local w = {}
    for i = 1, size do
      w[i] = next_item()
    end
    return w
  end
end

return window
