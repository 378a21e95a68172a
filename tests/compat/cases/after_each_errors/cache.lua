-- cache.lua: solution module for the compat case "after_each_errors": a
-- cache whose flush raises when it holds a key named "poison".
local cache = { store = {} }

function cache.put(k, v) cache.store[k] = v end
function cache.get(k) return cache.store[k] end

function cache.flush()
  if cache.store.poison ~= nil then
    cache.store = {}
    error('poisoned cache')
  end
  cache.store = {}
end

return cache
