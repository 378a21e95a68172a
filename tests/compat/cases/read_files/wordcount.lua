-- wordcount.lua: solution module for the compat case "read_files": reads
-- files with io.open, f:read, f:lines and io.lines.
local wordcount = {}

function wordcount.words(path)
  local f, err = io.open(path, 'r')
  if not f then return nil, err end
  local text = f:read('a')
  f:close()
  local n = 0
  for _ in text:gmatch('%S+') do n = n + 1 end
  return n
end

function wordcount.lines(path)
  local n = 0
  for _ in io.lines(path) do n = n + 1 end
  return n
end

function wordcount.longest(path)
  local f = assert(io.open(path))
  local best = ''
  for line in f:lines() do
    if #line > #best then best = line end
  end
  f:close()
  return best
end

function wordcount.sum(path)
  local f = assert(io.open(path, 'rb'))
  local total = 0
  while true do
    local n = f:read('n')
    if not n then break end
    total = total + n
  end
  f:close()
  return total
end

return wordcount
