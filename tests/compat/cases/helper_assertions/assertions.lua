-- assertions.lua: a spec helper for the compat case "helper_assertions": it
-- requires luassert and say itself and registers a custom assertion, so it
-- must run in the spec's world (a solution can't require luassert).
local assert = require('luassert.assert')
local say = require('say')

local function even_number(state, arguments)
  local n = arguments[1]
  return type(n) == 'number' and n % 2 == 0
end
say:set('assertion.even_number.positive', 'Expected %s to be an even number')
say:set('assertion.even_number.negative', 'Expected %s not to be an even number')
assert:register('assertion', 'even_number', even_number,
  'assertion.even_number.positive', 'assertion.even_number.negative')

local M = {}

-- evens(list): the even numbers of list, in order.
function M.evens(list)
  local out = {}
  for _, v in ipairs(list) do
    if v % 2 == 0 then out[#out + 1] = v end
  end
  return out
end

return M
