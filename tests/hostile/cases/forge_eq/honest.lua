-- A correct add for the forge_eq spec.
local M = {}
function M.pair(a, b, t) return t or { a, b, a + b } end
function M.into(list, fn, t) fn(t or M.pair(list[1], list[2])) end
function M.ids() return { 1, 2, 3 } end
return M
