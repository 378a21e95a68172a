-- pool.lua: solution module for the compat case "lazy_teardown_error": a
-- connection pool whose drain raises while connections are still out.
local pool = { out = 0 }

function pool.get()
  pool.out = pool.out + 1
  return { id = pool.out }
end

function pool.drain()
  if pool.out > 0 then error('draining with ' .. pool.out .. ' connection(s) out') end
end

return pool
