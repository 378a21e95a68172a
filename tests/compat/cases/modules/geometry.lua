-- geometry.lua: solution module for the compat case "modules"; it requires
-- a second module of the solution, vector.lua.
local vector = require('vector')
local geometry = {}

function geometry.perimeter(points)
  local total = 0
  for i = 1, #points do
    local a, b = points[i], points[i % #points + 1]
    total = total + vector.length(vector.sub(b, a))
  end
  return total
end

return geometry
