-- bench/solutions/log_pipeline_list.lua: a correct but NOT streaming
-- solution of the `log-pipeline` kata, for bench/kata_log_pipeline.py
-- (`dojo bench log-pipeline --solution` this file). It gives the right
-- lines, records and counts, but `lines` reads the whole input into a table
-- of lines on the first pull, before it hands out the first one: the
-- mistake the kata is about. Its peak memory grows with the log (every line
-- of a 200 MB log is in memory at once), so the kata's 16 MiB cap fails it
-- on the 200 MB tests, and it reads every chunk before the first line, so
-- the spec's "reads only the chunks it needs" checks fail too. filter,
-- parse and errors_per_service are the ordinary stages.

local M = {}

local CHUNK = 65536

local function strip_cr(line)
  if line:byte(-1) == 13 then -- "\r"
    return line:sub(1, -2)
  end
  return line
end

-- read_all_lines(source): every line of source, in a table.
local function read_all_lines(source)
  local all, n = {}, 0
  local tail, ntail = {}, 0 -- the parts of a line not yet ended
  while true do
    local chunk = source:read(CHUNK)
    if chunk == nil then
      break
    end
    local pos = 1
    while true do
      local nl = chunk:find("\n", pos, true)
      if nl == nil then
        break
      end
      local line = chunk:sub(pos, nl - 1)
      if ntail > 0 then
        tail[ntail + 1] = line
        line = table.concat(tail, "", 1, ntail + 1)
        tail, ntail = {}, 0
      end
      n = n + 1
      all[n] = strip_cr(line)
      pos = nl + 1
    end
    if pos <= #chunk then
      ntail = ntail + 1
      tail[ntail] = chunk:sub(pos)
    end
  end
  if ntail > 0 then
    n = n + 1
    all[n] = strip_cr(table.concat(tail, "", 1, ntail))
  end
  return all, n
end

-- lines(source): reads nothing when made; on the first pull, reads the
-- whole input into a list, then hands the lines out one by one.
function M.lines(source)
  local all, n, i = nil, 0, 0
  return function()
    if all == nil then
      all, n = read_all_lines(source)
    end
    if i < n then
      i = i + 1
      return all[i]
    end
    all = {} -- done: let the list go
  end
end

function M.filter(iter, pred)
  return coroutine.wrap(function()
    for item in iter do
      if pred(item) then
        coroutine.yield(item)
      end
    end
  end)
end

local LINE = "^(%d%d%d%d%-%d%d%-%d%dT%d%d:%d%d:%d%dZ) (%u+) (%S+)(.*)$"

function M.parse(iter, on_malformed)
  return coroutine.wrap(function()
    for line in iter do
      if line ~= "" then
        local time, level, service, rest = line:match(LINE)
        local message
        if time then
          if rest == "" then
            message = ""
          elseif rest:byte(1) == 32 then -- " "
            message = rest:sub(2)
          end
        end
        if message then
          coroutine.yield({ time = time, level = level, service = service, message = message })
        elseif on_malformed then
          on_malformed(line)
        end
      end
    end
  end)
end

function M.errors_per_service(iter)
  local counts = {}
  for record in iter do
    if record.level == "ERROR" then
      counts[record.service] = (counts[record.service] or 0) + 1
    end
  end
  return counts
end

return M
