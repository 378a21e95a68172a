-- stack.lua: solution module for the compat case "hook_order": a stack.
local Stack = {}
Stack.__index = Stack

function Stack.new()
  return setmetatable({ n = 0 }, Stack)
end

function Stack:push(v)
  self.n = self.n + 1
  self[self.n] = v
end

function Stack:pop()
  local v = self[self.n]
  self[self.n] = nil
  self.n = self.n - 1 -- bug on purpose: goes negative on an empty stack
  return v
end

function Stack:size()
  return self.n
end

return Stack
