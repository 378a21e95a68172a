-- server.lua: solution module for the compat case "teardown_errors": a
-- server that refuses to stop twice.
local server = {}

function server.start()
  return { running = true }
end

function server.stop(s)
  if not s.running then error('server already stopped') end
  s.running = false
end

return server
