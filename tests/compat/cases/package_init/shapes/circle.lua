-- shapes/circle.lua: a module inside the package of "package_init".
return { area = function(r) return math.pi * r * r end }
