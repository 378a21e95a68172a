-- notifier.lua: solution module for the compat case "spies": sends
-- messages through a transport it is given (bug on purpose: broadcast skips
-- the last recipient).
local notifier = {}

function notifier.send(transport, to, text)
  return transport.deliver(to, text)
end

function notifier.broadcast(transport, recipients, text)
  for i = 1, #recipients - 1 do
    transport.deliver(recipients[i], text)
  end
end

function notifier.format(text)
  return '[note] ' .. text
end

return notifier
