-- config.lua: solution module for the compat case "setup_errors": parses
-- "key=value" lines and raises on anything else.
local config = {}

function config.parse(text)
  local out = {}
  for line in text:gmatch('[^\n]+') do
    local k, v = line:match('^(%w+)=(.*)$')
    if not k then error('bad line: ' .. line, 2) end
    out[k] = v
  end
  return out
end

return config
