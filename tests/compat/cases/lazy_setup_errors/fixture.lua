-- fixture.lua: solution module for the compat case "lazy_setup_errors":
-- loads named fixtures; unknown names raise.
local fixture = { loaded = {} }
local known = { users = { 'ann', 'bo' }, empty = {} }

function fixture.load(name)
  local f = known[name]
  if f == nil then error('unknown fixture: ' .. tostring(name)) end
  fixture.loaded[#fixture.loaded + 1] = name
  return f
end

return fixture
