-- expect: timeout
-- An outer coroutine that keeps resuming fresh inner ones, each swallowing
-- the error the deadline raises in it, under pcall at every level.
return function()
  local function nest(depth)
    return coroutine.wrap(function()
      while true do
        if depth > 0 then pcall(nest(depth - 1)) end
        pcall(coroutine.resume, coroutine.create(function() while true do end end))
      end
    end)
  end
  while true do pcall(nest(8)) end
end
