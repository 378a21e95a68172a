-- parity.lua: solution module for the compat case "helper_assertions".
local parity = {}

function parity.double(n) return n * 2 end
function parity.next_odd(n) return n % 2 == 0 and n + 1 or n + 2 end
function parity.first_evens(n)
  local out = {}
  for i = 1, n do out[i] = 2 * i end
  return out
end
function parity.broken() error('parity is broken') end

return parity
