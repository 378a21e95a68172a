-- A correct add.each for the swallow_cut_short spec.
return { each = function(list, fn) for _, x in ipairs(list) do fn({ x, x * 2 }) end end }
