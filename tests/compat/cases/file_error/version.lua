-- version.lua: solution module for the compat case "file_error".
local version = {}

function version.parse(s)
  local major, minor, patch = s:match('^(%d+)%.(%d+)%.(%d+)$')
  return { major = tonumber(major), minor = tonumber(minor), patch = tonumber(patch) }
end

return version
