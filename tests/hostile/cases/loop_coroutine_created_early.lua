-- expect: timeout
-- A coroutine created at load time, long before any deadline hook exists.
local co = coroutine.wrap(function()
  coroutine.yield()
  while true do end
end)
co()
return function() co() end
