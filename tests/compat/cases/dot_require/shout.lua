-- shout.lua: solution module for the compat case "dot_require".
local punct = require('./punct')
local shout = {}

function shout.shout(s) return punct.bang(s:upper()) end
function shout.exclaim(s) return punct.bang(s) end

return shout
