-- A correct add.each for the spy_forge spec: one call per item.
return { each = function(list, fn) for _, v in ipairs(list) do fn(v) end end }
