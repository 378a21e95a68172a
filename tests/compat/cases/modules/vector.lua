-- vector.lua: second solution module of the compat case "modules"; counts
-- how often it is loaded.
LOADS = (LOADS or 0) + 1
local vector = { loads = LOADS }

function vector.sub(a, b) return { x = a.x - b.x, y = a.y - b.y } end
function vector.length(v) return math.sqrt(v.x * v.x + v.y * v.y) end

return vector
