-- queue.lua: solution module for the compat case "misuse".
local queue = {}

function queue.new() return { first = 1, last = 0 } end

function queue.push(q, v)
  q.last = q.last + 1
  q[q.last] = v
end

function queue.pop(q)
  if q.first > q.last then return nil end
  local v = q[q.first]
  q[q.first] = nil
  q.first = q.first + 1
  return v
end

return queue
