-- log_to_db.lua: the capstone (the `log-to-db` kata): stream a big log,
-- refuse unauthorized records, write the rest to a database in batches,
-- concurrently, and always close the connection. Run
-- `dojo check log-to-db` to grade it and `dojo hint log-to-db` when stuck.
--
-- Every piece is here and runs, and every piece has one flaw, marked
-- TODO. The spec tests each piece alone, then the whole pipeline.

local async = require("async")

local M = {}

-- records(source): a generator of { user = ..., action = ..., payload = ... },
-- one per line of at least two words (see README.md), read with
-- source:read(65536).
function M.records(source)
  -- TODO: this reads the whole log before the first record. Stream it:
  -- one chunk at a time, a line cut across chunks carried over.
  local parts = {}
  for chunk in function() return source:read(65536) end do
    parts[#parts + 1] = chunk
  end
  local text = table.concat(parts)
  return coroutine.wrap(function()
    for line in text:gmatch("[^\n]+") do
      if line:sub(-1) == "\r" then line = line:sub(1, -2) end
      local user, action, rest = line:match("^(%S+) (%S+)(.*)$")
      if user and (rest == "" or rest:sub(1, 1) == " ") then
        coroutine.yield({ user = user, action = action, payload = rest:sub(2) })
      end
    end
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

-- is_unauthorized(err): is err the error authorized raises?
function M.is_unauthorized(err)
  return false -- TODO
end

-- authorized(allowed)(fn): a wrapper that calls fn only for records that
-- allowed(record) accepts, and raises an "unauthorized" error object for
-- the others (see README.md).
function M.authorized(allowed)
  return function(fn)
    return function(record, ...)
      -- TODO: ask allowed(record) first.
      return fn(record, ...)
    end
  end
end

-- with_connection(open, body): conn = open(), then body(conn); closes conn
-- however body ends, and returns body's results or raises its error.
function M.with_connection(open, body)
  local conn = open()
  local results = table.pack(body(conn)) -- TODO: an error skips the close
  conn:close()
  return table.unpack(results, 1, results.n)
end

-- write_batches(conn, batches, limit): conn:write(batch) for every batch,
-- at most `limit` at once. Returns how many batches and items it wrote.
function M.write_batches(conn, batches, limit)
  -- TODO: one batch at a time. Run up to `limit` writers at once.
  local nbatches, nitems = 0, 0
  for batch in batches do
    conn:write(batch)
    nbatches = nbatches + 1
    nitems = nitems + #batch
  end
  return nbatches, nitems
end

-- run(opts): the pipeline: records -> authorized process -> batches ->
-- write_batches, inside with_connection. Returns
-- { batches = ..., written = ..., refused = ... }.
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
