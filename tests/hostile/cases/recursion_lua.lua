-- expect: runtime|timeout
local function f(n) return 1 + f(n + 1) end
return function() return f(1) end
