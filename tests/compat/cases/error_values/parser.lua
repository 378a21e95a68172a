-- parser.lua: solution module for the compat case "error_values": a number
-- parser that raises every kind of error value.
local parser = {}

local Err = {}
Err.__index = Err
Err.__tostring = function(e) return 'ParseError: ' .. e.msg end

function parser.number(s)
  if type(s) ~= 'string' then error('expected a string, got ' .. type(s)) end
  local n = tonumber(s)
  if n == nil then error(setmetatable({ msg = 'not a number: ' .. s }, Err)) end
  return n
end

function parser.strict(s)
  if s == '' then error({ code = 'EMPTY' }) end
  if s == 'nil' then error(nil) end
  if s == 'level0' then error('no position', 0) end
  if s == '42' then error(42) end
  if s == 'false' then error(false) end
  return parser.number(s)
end

function parser.deep(n)
  if n == 0 then return nil + 1 end
  return parser.deep(n - 1)
end

return parser
