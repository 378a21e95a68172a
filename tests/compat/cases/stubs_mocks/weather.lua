-- weather.lua: solution module for the compat case "stubs_mocks": a report
-- built on an http client the tests replace.
local http = require('client')
local weather = {}

function weather.today(city)
  local body, status = http.get('https://weather.example/' .. city, { timeout = 5 })
  if status ~= 200 then return nil, 'http ' .. tostring(status) end
  return city .. ': ' .. body
end

function weather.week(city)
  local out = {}
  for day = 1, 7 do
    out[day] = http.get('https://weather.example/' .. city .. '/' .. day, { timeout = 5 })
  end
  return out
end

return weather
