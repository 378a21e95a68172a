-- punct.lua: a second solution module of the compat case "dot_require".
return { bang = function(s) return s .. '!' end }
