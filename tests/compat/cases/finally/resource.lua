-- resource.lua: solution module for the compat case "finally": a resource
-- pool whose handles must be closed.
local resource = { open = 0 }

function resource.acquire()
  resource.open = resource.open + 1
  local handle = { closed = false }
  function handle.close()
    if handle.closed then error('closed twice') end
    handle.closed = true
    resource.open = resource.open - 1
  end
  return handle
end

return resource
