-- counter.lua: the solution, in src/ as busted's project layout keeps it
-- (busted's default lpath ./src/?.lua finds it); it requires a module of
-- its own from src/ as well.
local step = require('step')

local counter = {}

function counter.new(start)
  local self = { value = start or 0 }
  function self.tick()
    self.value = step.next(self.value)
    return self.value
  end
  return self
end

return counter
