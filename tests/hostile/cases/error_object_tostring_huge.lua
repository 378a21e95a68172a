-- expect: runtime|memory
-- timeout: 20
-- tests: 3
-- An error object whose __tostring returns a huge string, then one that
-- fills the heap: the runner shows them under the cap and goes on.
local n = 0
return function()
  n = n + 1
  if n == 1 then
    error(setmetatable({}, { __tostring = function() return string.rep("y", 4 * 1024 * 1024) end }))
  end
  error(setmetatable({}, { __tostring = function()
    local t = {}
    while true do t[#t + 1] = string.rep("z", 1024) end
  end }))
end
