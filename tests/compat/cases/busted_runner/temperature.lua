-- temperature.lua: a small solution for busted_runner_spec.
local temperature = {}

function temperature.to_fahrenheit(c)
  return c * 9 / 5 + 32
end

return temperature
