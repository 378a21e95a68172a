local M = {}
function M.evens(n) return function() return nil end end
return M
