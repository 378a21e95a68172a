-- expect: fail|memory|runtime|timeout
-- tests: 3
-- A wrong answer whose __tostring builds a string near the memory cap:
-- shown under the cap, the runner goes on and reports every test.
local mt = { __tostring = function() return string.rep("x", 40 * 1024 * 1024) end }
return function() return setmetatable({}, mt) end
