-- expect: fail
-- tests: 6
-- A wrong answer made of values whose metamethods say yes to every
-- comparison: __eq true for anything (Lua 5.4 asks either operand's __eq,
-- so luassert's `equal`, which is ==, asks the solution's), and an __index
-- that answers any key, so luassert's deepcompare (which walks only its
-- first argument's raw keys) finds nothing missing when this comes first;
-- and ids whose __pairs lists different ids than the table holds
-- (luassert's unique walks pairs).
-- Every test must fail.
local yes = { __eq = function() return true end, __index = function() return true end,
              __len = function() return 3 end }
local M = {}
function M.pair() return setmetatable({}, yes) end
function M.into(_, fn) fn(setmetatable({}, yes)) end
function M.ids() return setmetatable({ 1, 1, 1 }, { __pairs = function() return next, { 1, 2, 3 } end }) end
return M
