-- settings.lua: solution module for the compat case "environments".
local settings = { values = {} }

function settings.set(k, v) settings.values[k] = v end
function settings.get(k) return settings.values[k] end

return settings
