-- expect: fail
-- tests: 9
-- A wrong answer (it calls back with items times 100) that catches the
-- assertion failures the spec's callback raises, in each way a solution
-- can catch an error: pcall, xpcall, coroutine.resume, coroutine.close of a
-- coroutine suspended with a pending <close>, pcall over coroutine.wrap,
-- load() with a reader function (load returns its error), and a __gc
-- finalizer (whose errors Lua turns into warnings), and an async task that
-- no one awaits.
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
    elseif how == "wrap" then pcall(coroutine.wrap(fn), w)
    elseif how == "load" then load(function() fn(w) end)
    elseif how == "task" then
      local async = require("async")
      async.run(function() async.spawn(fn, w) async.sleep(0) end)
    else
      setmetatable({}, { __gc = function() fn(w) end })
      collectgarbage()
      collectgarbage()
    end
  end
end
return M
