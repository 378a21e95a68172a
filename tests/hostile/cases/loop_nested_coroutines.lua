-- expect: timeout
-- in-process
-- An outer coroutine that keeps resuming fresh inner ones: the deadline's
-- hook must reach the outer one too, not only the coroutine it fired in.
return function()
  local outer = coroutine.wrap(function()
    while true do
      local inner = coroutine.create(function() while true do end end)
      coroutine.resume(inner)
    end
  end)
  outer()
end
