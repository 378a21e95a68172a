-- expect: fail|runtime
-- tests: 4
-- A wrong answer (pairs { x, 0 }) that keeps the spec's assertion from ever
-- raising its failure: it calls the callback with nearly all of Lua's C
-- stack used (200 nested calls: through pcall, coroutine.resume or
-- coroutine.wrap), from the deepest level down, until the callback runs and
-- its assertion dies inside luassert of "C stack overflow" (an error with a
-- position, not a failure), which it catches; or it hands over a table
-- whose __index raises while luassert compares it. Caught failures were
-- already noted; these errors must count too.
local function nest(n, f, ...)
  if n == 0 then return f(...) end
  local ok, e = pcall(nest, n - 1, f, ...)
  if not ok then error(e, 0) end
end
local function conest(n, f, ...)
  if n == 0 then return f(...) end
  local ok, e = coroutine.resume(coroutine.create(conest), n - 1, f, ...)
  if not ok then error(e, 0) end
end
local function wrapnest(n, f, ...)
  if n == 0 then return f(...) end
  return coroutine.wrap(wrapnest)(n - 1, f, ...)
end
local M = {}
function M.each(list, fn, how)
  for _, x in ipairs(list) do
    local v = { x, 0 }
    if how == "index_raise" then
      pcall(fn, setmetatable({ x }, { __index = function() error("not telling") end }))
    else
      local deep = how == "cstack_pcall" and nest or how == "cstack_resume" and conest or wrapnest
      for d = 220, 100, -1 do
        local ok, e = pcall(deep, d, fn, v)
        -- stop once the callback ran: its error carries a position
        if ok or type(e) ~= "string" or e:find(":%d+: ") then break end
      end
    end
  end
end
return M
