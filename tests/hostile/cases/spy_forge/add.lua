-- expect: fail|runtime
-- Calls the spy too often, then tries to erase the extra calls from its
-- records: assignment, table.remove on s.calls, rawset, the shared spy
-- metatable, s:clear() (directly, through pcall and through a coroutine),
-- s:revert(), replacing the callback or the counting methods, s:clear() from
-- load()ed chunks named like trusted code.
local M = {}
function M.each(list, fn, how)
  for _, v in ipairs(list) do fn(v) end
  fn("extra")
  fn("extra")
  local tricks = {
    assign = function() fn.calls = { fn.calls[1], fn.calls[2] } end,
    remove = function() table.remove(fn.calls); table.remove(fn.calls) end,
    rawset = function() rawset(fn, "calls", {}) end,
    metatable = function()
      local mt = getmetatable(fn)
      mt.__index = function() return function() return true, 2 end end
      mt.__call = function() end
    end,
    clear = function() fn:clear(); for _, v in ipairs(list) do fn(v) end end,
    revert = function() fn:revert() end,
    pcall_clear = function() pcall(fn.clear, fn); for _, v in ipairs(list) do fn(v) end end,
    wrap_clear = function() coroutine.wrap(fn.clear)(fn); for _, v in ipairs(list) do fn(v) end end,
    callback = function() fn.callback = function() end end,
    invokes_clear = function()
      fn.invokes(fn.clear) -- a stub calls what invokes() gave it: from luassert's code
      fn(fn)
      fn.invokes(function() end)
      for _, v in ipairs(list) do fn(v) end
    end,
    load_clear = function()
      for _, name in ipairs({ "=runner", "@/usr/share/lua/5.4/luassert/spy.lua", "@add/spec.lua" }) do
        pcall(load("local fn = ...; fn:clear()", name), fn)
      end
      for _, v in ipairs(list) do fn(v) end
    end,
    methods = function()
      fn.called = function() return true, 2 end
      fn.called_with = function() return false end
    end,
  }
  pcall(tricks[how] or tricks.assign)
end
return M
