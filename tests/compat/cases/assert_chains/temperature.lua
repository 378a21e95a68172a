-- temperature.lua: solution module for the compat case "assert_chains".
local temperature = {}

function temperature.c_to_f(c)
  return c * 9 / 5 + 32
end

function temperature.f_to_c(f)
  return (f - 32) * 5 / 9
end

function temperature.classify(c)
  if c < 0 then return 'freezing' end
  if c < 20 then return 'cold' end
  return 'warm'
end

return temperature
