-- twice.lua: a passing solution (tests/integration/packs.sh uses it).
local M = {}
function M.twice(f)
  return function(x) return f(f(x)) end
end
return M
