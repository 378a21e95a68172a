-- expect: timeout|fail
-- in-process
-- tests: 3
-- A wrong answer whose __tostring (and __name, __eq) loop: formatting it
-- for the failure message runs under the deadline, and every test is
-- reported.
local mt = {
  __tostring = function() while true do end end,
  __eq = function() while true do end end,
  __name = "loop",
}
return function() return setmetatable({}, mt) end
