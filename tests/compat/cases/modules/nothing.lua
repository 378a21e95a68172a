-- nothing.lua: a solution module of the compat case "modules" that returns
-- nothing: require gives true.
local _ = 1
