-- bench/solutions/log_pipeline_stream.lua: a streaming solution of the
-- `log-pipeline` kata, for bench/kata_log_pipeline.py (`dojo bench
-- log-pipeline --solution` this file). Every stage is a coroutine that
-- pulls one item from the stage before it and yields what it makes, so
-- the pipeline holds one 64 KiB chunk, the unfinished tail of a line and
-- one record at a time, however long the log is.

local M = {}

local CHUNK = 65536

-- lines(source): a generator of the lines of source, without "\n" and
-- without a final "\r". Reads a chunk only when the line asked for needs
-- one, and never reads again after read returned nil.
function M.lines(source)
  return coroutine.wrap(function()
    -- the unfinished tail of a line, as the parts it came in (a line may
    -- span several chunks: gluing them one by one would copy quadratically)
    local tail, ntail = {}, 0
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
        if line:byte(-1) == 13 then -- "\r"
          line = line:sub(1, -2)
        end
        coroutine.yield(line)
        pos = nl + 1
      end
      if pos <= #chunk then
        ntail = ntail + 1
        tail[ntail] = chunk:sub(pos)
      end
    end
    if ntail > 0 then
      local line = table.concat(tail, "", 1, ntail)
      if line:byte(-1) == 13 then
        line = line:sub(1, -2)
      end
      coroutine.yield(line)
    end
  end)
end

-- filter(iter, pred): the items of iter for which pred(item) is true.
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

-- parse(iter [, on_malformed]): a record per well-formed line of iter;
-- empty lines are skipped silently, others reported to on_malformed.
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

-- errors_per_service(iter): { [service] = number of ERROR records }.
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
