-- expect: runtime
local bytes = string.dump(function() return 1 end)
return function(a, b) return a + b end
