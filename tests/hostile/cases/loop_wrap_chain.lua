-- expect: timeout
-- in-process
-- Chains of coroutine.wrap, each swallowing its inner one's error with pcall
-- and starting a fresh one.
local function nest(depth)
  if depth == 0 then return function() while true do end end end
  return coroutine.wrap(function()
    while true do pcall(nest(depth - 1)) end
  end)
end
return function() nest(6)() end
