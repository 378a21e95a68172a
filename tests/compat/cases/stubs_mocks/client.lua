-- client.lua: the second solution module of the compat case "stubs_mocks":
-- a client that must never really run in the tests.
local http = { calls = 0 }

function http.get(url, opts)
  http.calls = http.calls + 1
  error('no network in tests: ' .. url)
end

function http.post(url, body)
  http.calls = http.calls + 1
  error('no network in tests: ' .. url)
end

return http
