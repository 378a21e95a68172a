-- expect: fail
-- tests: 6
-- A wrong answer (it calls back with items times 100) that catches the
-- assertion failures the spec's callback raises, in each way a solution
-- can catch an error: pcall, xpcall, coroutine.resume, coroutine.close of a
-- coroutine suspended with a pending <close>, pcall over coroutine.wrap.
-- Busted passes such a test; dojo must fail every one.
local M = {}
function M.each(list, fn, how)
  for _, v in ipairs(list) do
    local w = v * 100
    if how == "pcall" then pcall(fn, w)
    elseif how == "xpcall" then xpcall(fn, function(e) return e end, w)
    elseif how == "resume" then coroutine.resume(coroutine.create(fn), w)
    elseif how == "close" then
      local c = coroutine.create(function(x)
        local guard <close> = setmetatable({}, { __close = function() fn(x) end })
        coroutine.yield()
      end)
      coroutine.resume(c, w)
      coroutine.close(c)
    else pcall(coroutine.wrap(fn), w)
    end
  end
end
return M
