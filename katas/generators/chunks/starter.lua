-- chunks.lua: cut any iterator into arrays of up to `size` items (the
-- `chunks` kata). Run `dojo check chunks` to grade it and `dojo hint chunks`
-- when stuck.
--
--   for batch in chunks(next_url, 50) do fetch_all(batch) end
--   chunks({ 1, 2, 3, 4, 5 }, 2)   -- hands out {1, 2}, {3, 4}, {5}, then nil
--
-- An iterator is a function that returns its next item on every call and
-- nil when it has no more. As it stands, chunks hands out nothing at all.

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

-- chunks(iter, size) -> a generator function returning arrays of `size`
-- consecutive items (the last may be shorter), then nil forever.
local function chunks(iter, size)
  -- TODO: check iter (a function or a table: bad argument #1) and size (a
  -- whole number >= 1: bad argument #2).
  local next_item = as_iterator(iter)

  return function()
    -- TODO: build a fresh chunk by calling next_item() at most `size` times.
    -- Stop at the first nil, and never call next_item() again after it.
    return nil
  end
end

return chunks
