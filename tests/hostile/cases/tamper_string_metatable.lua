-- expect: fail
local mt = getmetatable("")
if type(mt) == "table" then
  mt.__index = { format = function() return "" end, rep = function() return "" end }
  mt.__eq = function() return true end
end
string.format = function() return "" end
return function(a, b) return tostring(a + b + 1) end
