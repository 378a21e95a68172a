-- tally.lua: solution module for the compat case "assert_basic": small
-- functions whose results the assertions check.
local tally = {}

function tally.count(words)
  local out = {}
  for _, w in ipairs(words) do out[w] = (out[w] or 0) + 1 end
  return out
end

function tally.nested()
  return { a = { b = { c = { 1, 2, 3 } } }, list = { 'x', { 'y' } } }
end

function tally.third()
  return 1 / 3
end

function tally.label(n)
  return 'item-' .. n
end

function tally.nothing() end

return tally
