-- shapes/init.lua: the package of the compat case "package_init".
local shapes = { circle = require('shapes.circle') }
function shapes.square_area(side) return side * side end
return shapes
