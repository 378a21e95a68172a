-- log_to_db_task_per_batch.lua: the `log-to-db` capstone solved the
-- tempting wrong way, kept for `dojo bench log-to-db` (see the kata's
-- bench.lua and README): write_batches spawns one task per batch and lets
-- a semaphore limit the writes. It writes correctly and concurrently, but
-- it pulls every batch before the first write ends, so its peak memory
-- grows with the log. The spec's "pulls a batch only when a writer is
-- free" test fails it (and, as it checks no limit, the bad-limit one).

local async = require("async")

local M = {}

-- records(source): a generator of { user, action, payload } records, one
-- per line of at least two words, reading source:read(65536) lazily.
function M.records(source)
  return coroutine.wrap(function()
    local carry = ""
    local function emit(line)
      if line:sub(-1) == "\r" then line = line:sub(1, -2) end
      local user, action, rest = line:match("^(%S+) (%S+)(.*)$")
      if user and (rest == "" or rest:sub(1, 1) == " ") then
        coroutine.yield({ user = user, action = action, payload = rest:sub(2) })
      end
    end
    while true do
      local chunk = source:read(65536)
      if chunk == nil then break end
      local pos = 1
      while true do
        local nl = chunk:find("\n", pos, true)
        if not nl then
          carry = carry .. chunk:sub(pos)
          break
        end
        emit(carry .. chunk:sub(pos, nl - 1))
        carry = ""
        pos = nl + 1
      end
    end
    if carry ~= "" then emit(carry) end
  end)
end

-- batches(iter, size): a generator of lists of up to `size` items of iter.
function M.batches(iter, size)
  return coroutine.wrap(function()
    local batch = {}
    for item in iter do
      batch[#batch + 1] = item
      if #batch == size then
        coroutine.yield(batch)
        batch = {}
      end
    end
    if #batch > 0 then coroutine.yield(batch) end
  end)
end

local Unauthorized = {
  __tostring = function(e) return "unauthorized: user '" .. tostring(e.user) .. "'" end,
}

function M.is_unauthorized(err)
  return getmetatable(err) == Unauthorized
end

-- authorized(allowed)(fn): fn, run only for records allowed(record) accepts.
function M.authorized(allowed)
  return function(fn)
    return function(record, ...)
      if not allowed(record) then
        error(setmetatable({ user = record.user }, Unauthorized), 2)
      end
      return fn(record, ...)
    end
  end
end

-- with_connection(open, body): body(conn) with conn = open(); conn:close()
-- however body ends; body's results, or its error, unchanged.
function M.with_connection(open, body)
  local conn = open()
  local function finish(ok, ...)
    conn:close()
    if not ok then error((...), 0) end
    return ...
  end
  return finish(pcall(body, conn))
end

-- write_batches(conn, batches, limit): conn:write(batch) for every batch,
-- at most `limit` at once, pulling batches only when a writer is free.
-- Returns the number of batches and of items written.
function M.write_batches(conn, batches, limit)
  local sem, tasks, nb, ni = async.Semaphore(limit), {}, 0, 0
  for batch in batches do
    tasks[#tasks + 1] = async.spawn(function()
      local g <close> = sem:acquire()
      conn:write(batch); nb = nb + 1; ni = ni + #batch
    end)
  end
  for _, t in ipairs(tasks) do t:await() end
  return nb, ni
end

-- run(opts): the whole pipeline; returns { batches, written, refused }.
function M.run(opts)
  local step = M.authorized(opts.allowed)(opts.process)
  local refused = 0
  local rows = coroutine.wrap(function()
    for record in M.records(opts.source) do
      local ok, row = pcall(step, record)
      if ok then
        coroutine.yield(row)
      elseif M.is_unauthorized(row) then
        refused = refused + 1
      else
        error(row, 0)
      end
    end
  end)
  return M.with_connection(opts.open, function(conn)
    local batches, written = M.write_batches(conn, M.batches(rows, opts.batch_size), opts.concurrency)
    return { batches = batches, written = written, refused = refused }
  end)
end

return M
