-- expect: memory
-- timeout: 5
return function() return #string.rep("x", 1 << 30) end
