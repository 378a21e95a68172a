-- exit_stack.lua: an ExitStack, like Python's contextlib.ExitStack (the
-- `exit-stack` kata). Run `dojo check exit-stack` to grade it and
-- `dojo hint exit-stack` when stuck.
--
--   local stack <close> = ExitStack.new()
--   local a = stack:enter_context(open_db("a"))   -- entered now
--   local b = stack:enter_context(open_db("b"))
--   stack:callback(print, "done")                 -- runs at the end
--   -- at the end of the block: print("done"), b's exit, a's exit
--
-- As it stands, it unwinds in the wrong order, hands no exit the error,
-- and stops at the first exit that fails.

local ExitStack = {}
ExitStack.__index = ExitStack

function ExitStack.new()
  return setmetatable({ exits = {} }, ExitStack)
end

function ExitStack:enter_context(cm)
  -- TODO: refuse something without enter and exit ("bad argument").
  local values = table.pack(cm:enter())
  self.exits[#self.exits + 1] = function(err) return cm:exit(err) end
  return table.unpack(values, 1, values.n)
end

function ExitStack:push(exit_fn)
  -- TODO: check it is a function
  self.exits[#self.exits + 1] = exit_fn
  return exit_fn
end

function ExitStack:callback(fn, ...)
  -- TODO: check fn; keep the arguments (nil holes too); a callback never
  -- swallows an error, whatever it returns.
  self.exits[#self.exits + 1] = fn
  return fn
end

function ExitStack:pop_all()
  -- TODO: a new stack that takes all the exits; this one is left empty.
  return ExitStack.new()
end

function ExitStack:enter()
  return self
end

function ExitStack:exit(err)
  -- TODO: last in, first out; every exit runs, even after one fails; each
  -- gets the error as it stands (nil once one swallowed it, the new one
  -- after a failure); raise a new error at the end; return whether the
  -- error `err` was swallowed. The stack is empty afterwards.
  for _, exit in ipairs(self.exits) do
    exit()
  end
  return false
end

function ExitStack:close()
  self:exit(nil)
end

-- TODO: __close, so that `local stack <close> = ExitStack.new()` works.

return ExitStack
