-- broken.lua: a solution module of the compat case "modules" that raises
-- while it loads.
local broken = {}
broken.value = nil + 1
return broken
