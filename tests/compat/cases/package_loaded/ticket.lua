-- ticket.lua: a module with state of its own (a counter kept in the
-- module's upvalue), which a spec resets by loading the module afresh.
local issued = 0

local ticket = {}

function ticket.issue()
  issued = issued + 1
  return string.format('T%03d', issued)
end

return ticket
