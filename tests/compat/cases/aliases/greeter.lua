-- greeter.lua: solution module for the compat case "aliases" (one bug on
-- purpose: shout forgets the exclamation mark).
local greeter = {}

function greeter.hello(name)
  return 'Hello, ' .. (name or 'World') .. '!'
end

function greeter.shout(name)
  return greeter.hello(name):upper():sub(1, -2)
end

return greeter
