-- tally.lua: a solution that reads data files its spec writes into the
-- exercise folder before the tests run (io.lines, io.open with f:read).
local tally = {}

function tally.total(path)
  local sum = 0
  for line in io.lines(path) do
    sum = sum + tonumber(line)
  end
  return sum
end

function tally.first_word(path)
  local f, err = io.open(path)
  if not f then
    return nil, err
  end
  local text = f:read('a')
  f:close()
  return text:match('%a+')
end

return tally
