-- expect: fail
-- Rewrite everything the spec might lean on, then answer wrongly.
assert = function() return true end
_G.describe, _G.it, _G.error, _G.pcall = nil, nil, nil, nil
setmetatable(_G, { __index = function() return function() return true end end })
return function(a, b) return 42 end
