-- expect: timeout
-- in-process
-- coroutine.close runs a suspended coroutine's __close handlers: a handler
-- that loops must still meet the deadline.
return function()
  while true do
    local co = coroutine.create(function()
      local guard <close> = setmetatable({}, { __close = function() while true do end end })
      coroutine.yield()
    end)
    coroutine.resume(co)
    pcall(coroutine.close, co)
  end
end
