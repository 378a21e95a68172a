-- log_pipeline.lua: a streaming log pipeline, lines | filter | parse |
-- errors_per_service (the `log-pipeline` kata). Run `dojo check
-- log-pipeline` to grade it and `dojo hint log-pipeline` when stuck.
--
--   local counts = m.errors_per_service(m.parse(m.filter(m.lines(source), pred)))
--   --> { payments = 3, auth = 2 }
--
-- As it stands, `filter` is done, `lines` works but does not stream, and
-- `parse` and `errors_per_service` are still to write.

local M = {}

-- lines(source): a generator of the lines of source, without "\n" and
-- without a final "\r". source:read(n) returns up to n bytes, or nil at
-- the end.
--
-- TODO: this version reads the whole input before it hands out the first
-- line. It gets the small logs right, but it holds the whole log in memory
-- at once, which is exactly what a generator is there to avoid: run the
-- 200 MB test and see. Rewrite it to read one chunk at a time, only when
-- the next line is asked for. The hard part is a line that begins in one
-- chunk and ends in the next.
function M.lines(source)
  local parts = {}
  for chunk in function() return source:read(65536) end do
    parts[#parts + 1] = chunk
  end
  local text = table.concat(parts)
  return coroutine.wrap(function()
    local pos = 1
    while pos <= #text do
      local nl = text:find("\n", pos, true) or #text + 1
      local line = text:sub(pos, nl - 1)
      if line:sub(-1) == "\r" then
        line = line:sub(1, -2)
      end
      coroutine.yield(line)
      pos = nl + 1
    end
  end)
end

-- filter(iter, pred): a generator of the items of iter for which
-- pred(item) is true (anything but nil and false), in order. Done: the
-- shape of every stage is here, a loop that pulls from the stage before
-- and yields what it keeps.
function M.filter(iter, pred)
  return coroutine.wrap(function()
    for item in iter do
      if pred(item) then
        coroutine.yield(item)
      end
    end
  end)
end

-- parse(iter [, on_malformed]): a generator of records
-- { time = ..., level = ..., service = ..., message = ... }, one per
-- well-formed line of iter. Skips empty lines; calls on_malformed(line),
-- if given, for every other line it can't parse, and skips it too.
function M.parse(iter, on_malformed)
  -- TODO: see README.md for what a well-formed line is.
  return function()
    return nil
  end
end

-- errors_per_service(iter): drains iter (records) and returns
-- { [service] = number of records with level "ERROR" }.
function M.errors_per_service(iter)
  -- TODO
  return {}
end

return M
