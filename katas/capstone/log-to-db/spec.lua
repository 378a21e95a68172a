-- spec.lua: the busted spec for the `log-to-db` capstone kata (see
-- README.md). It needs dojo, not plain busted: dojo's `async` module and
-- the loopback fixture server that dojo starts because kata.lua says
-- `server = true` (its address is dojo.server_url).
--
-- Time is virtual: every test runs in async.run(fn, { clock = "virtual" }).
-- The fake database's write takes `latency` seconds of that clock
-- (async.sleep) and then makes a real round trip to the server's /echo
-- route, which must echo the batch back. HTTP transfers take real time,
-- during which virtual time stands still, so elapsed virtual time counts
-- exactly the database's latency: 8 batches of 1 s each take 8 s one after
-- the other, 2 s four at a time, 1 s all at once.
-- The last test streams an 80 MB log; kata.lua caps this spec's memory at
-- 16 MiB, so only a pipeline that streams from end to end can pass it.

local m = require("log_to_db")
local async = require("async")

local base = dojo.server_url

local function run_virtual(fn)
  return async.run(fn, { clock = "virtual" })
end

-- A source over `text`, in chunks of `size` bytes; source.reads counts
-- read calls. Reading again after it returned nil raises.
local function chunked_source(text, size)
  local source = { reads = 0 }
  local pos, ended = 1, false
  function source.read(self, n)
    assert(self == source, "call source:read(n), with a colon")
    assert(not ended, "source:read called again after it returned nil")
    source.reads = source.reads + 1
    if pos > #text then
      ended = true
      return nil
    end
    local chunk = text:sub(pos, pos + math.min(size or #text, n) - 1)
    pos = pos + #chunk
    return chunk
  end
  return source
end

local function from_list(items)
  local i, state = 0, { pulled = 0 }
  return function()
    i = i + 1
    if items[i] ~= nil then state.pulled = state.pulled + 1 end
    return items[i]
  end, state
end

local function drain(gen)
  local out = {}
  for item in gen do out[#out + 1] = item end
  return out
end

-- A fake database. db.open() returns a connection whose write(batch)
-- waits `latency` virtual seconds, then sends the batch's number and size
-- to /echo and checks the echo; `fail_on` makes the write of that batch
-- raise db.problem instead. db records what happened.
local function fake_db(latency, opts)
  opts = opts or {}
  local db = { opened = 0, closed = 0, in_flight = 0, max_in_flight = 0, writes = 0,
               rows = {}, problem = { reason = "disk full" }, echoed = 0 }
  function db.open()
    if opts.refuse_open then error(db.problem) end
    db.opened = db.opened + 1
    local conn = { is_open = true }
    function conn.write(self, batch)
      assert(self == conn, "call conn:write(batch), with a colon")
      assert(conn.is_open, "write on a closed connection")
      assert(type(batch) == "table" and #batch > 0, "a batch is a non-empty list")
      db.writes = db.writes + 1
      local k = db.writes
      if opts.on_write then opts.on_write(k) end
      db.in_flight = db.in_flight + 1
      db.max_in_flight = math.max(db.max_in_flight, db.in_flight)
      async.sleep(latency)
      if opts.fail_on == k then
        db.in_flight = db.in_flight - 1
        error(db.problem)
      end
      if opts.echo ~= false then
        local query = "batch=" .. k .. "&rows=" .. #batch
        local r = async.http_get(base .. "/echo?" .. query)
        assert(r.status == 200 and r.body:find('"query":"' .. query .. '"', 1, true), "no echo")
        db.echoed = db.echoed + 1
      end
      db.in_flight = db.in_flight - 1
      for _, row in ipairs(batch) do db.rows[#db.rows + 1] = row end
    end
    function conn.close(self)
      assert(self == conn, "call conn:close(), with a colon")
      conn.is_open = false
      db.closed = db.closed + 1
    end
    return conn
  end
  return db
end

local LOG = table.concat({
  "alice INSERT order=1 amount=12.50",
  "bob UPDATE order=1 status=paid",
  "mallory DELETE everything",
  "",
  "carol INSERT order=2 amount=3.99\r",
  "lonely",
  "alice UPDATE order=2 status=paid",
  "mallory DROP table=orders",
  "bob INSERT order=3",
  "dave READ",
  "mallory GRANT all",
  "carol UPDATE order=3 status=shipped",
}, "\n")

local function not_mallory(record)
  return record.user ~= "mallory"
end

local function to_row(record)
  return record.user .. ":" .. record.action
end

describe("log_to_db", function()
  describe("records (a generator)", function()
    it("parses lines of two words or more, whatever the chunks, and skips the rest", function()
      for _, size in ipairs({ 1, 5, 64, 65536 }) do
        local got = drain(m.records(chunked_source("alice INSERT order=1\n\nlonely\r\nbob READ\r\nx y  z", size)))
        assert.are.same({
          { user = "alice", action = "INSERT", payload = "order=1" },
          { user = "bob", action = "READ", payload = "" },
          { user = "x", action = "y", payload = " z" },
        }, got, "chunks of " .. size)
      end
    end)

    it("is lazy: reads nothing until asked, then only what it needs", function()
      local source = chunked_source("a ONE\nb TWO\nc THREE\n", 6)
      local next_record = m.records(source)
      assert.are.equal(0, source.reads)
      assert.are.equal("a", next_record().user)
      assert.are.equal(1, source.reads)
      assert.are.equal("b", next_record().user)
      assert.are.equal(2, source.reads)
    end)
  end)

  describe("batches (a generator)", function()
    it("groups items into lists of `size`, the last one shorter, pulling lazily", function()
      local gen, state = from_list({ 1, 2, 3, 4, 5, 6, 7 })
      local b = m.batches(gen, 3)
      assert.are.equal(0, state.pulled)
      assert.are.same({ 1, 2, 3 }, b())
      assert.are.equal(3, state.pulled)
      assert.are.same({ { 4, 5, 6 }, { 7 } }, drain(b))
      assert.are.same({}, drain(m.batches((from_list({})), 3)))
    end)
  end)

  describe("authorized (a decorator)", function()
    it("passes an allowed record through, with every argument and result", function()
      local step = m.authorized(not_mallory)(function(record, extra)
        return record.user, extra, nil, "last"
      end)
      assert.are.same({ n = 4, "alice", 42, nil, "last" }, table.pack(step({ user = "alice" }, 42)))
    end)

    it("refuses an unauthorized record with an error object, without calling the step", function()
      local fn = spy.new(function() return "written" end)
      local step = m.authorized(not_mallory)(fn)
      local ok, err = pcall(step, { user = "mallory", action = "DELETE" })
      assert.is_false(ok)
      assert.is_true(m.is_unauthorized(err))
      assert.are.equal("mallory", err.user)
      assert.are.equal("unauthorized: user 'mallory'", tostring(err))
      assert.spy(fn).was_not.called()
      assert.is_false(m.is_unauthorized({ user = "mallory" }))
      assert.is_false(m.is_unauthorized("unauthorized: user 'mallory'"))
    end)
  end)

  describe("with_connection (a context manager)", function()
    it("opens, hands the connection to the body, closes it once, returns the body's results", function()
      local db = fake_db(0)
      local a, b, c = m.with_connection(db.open, function(conn)
        assert.is_true(conn.is_open)
        return "done", nil, 3
      end)
      assert.are.same({ "done", nil, 3 }, { a, b, c })
      assert.are.equal(1, db.opened)
      assert.are.equal(1, db.closed)
    end)

    it("closes the connection when the body fails, and lets the very same error through", function()
      local db = fake_db(0)
      local problem = { reason = "bug" }
      local ok, err = pcall(m.with_connection, db.open, function() error(problem) end)
      assert.is_false(ok)
      assert.are.equal(problem, err)
      assert.are.equal(1, db.closed)
      local refusing = fake_db(0, { refuse_open = true })
      ok, err = pcall(m.with_connection, refusing.open, function() error("not reached") end)
      assert.is_false(ok)
      assert.are.equal(refusing.problem, err)
      assert.are.equal(0, refusing.closed) -- nothing was opened, nothing to close
    end)
  end)

  describe("write_batches (async tasks)", function()
    local function batches_of(n, size)
      local list = {}
      for i = 1, n do
        local batch = {}
        for j = 1, size do batch[j] = i * 100 + j end
        list[i] = batch
      end
      return list
    end

    it("writes the batches concurrently: 8 batches of 1 s take 2 s four at a time", function()
      for _, case in ipairs({ { limit = 4, took = 2 }, { limit = 1, took = 8 }, { limit = 8, took = 1 },
                              { limit = 3, took = 3 } }) do
        local db = fake_db(1)
        local nb, nitems, took = run_virtual(function()
          local conn = db.open()
          local t0 = async.now()
          local b, n = m.write_batches(conn, (from_list(batches_of(8, 5))), case.limit)
          return b, n, async.now() - t0
        end)
        local what = "limit " .. case.limit
        assert.are.equal(8, nb, what)
        assert.are.equal(40, nitems, what)
        assert.are.equal(case.took, took, what)
        assert.are.equal(math.min(case.limit, 8), db.max_in_flight, what)
        assert.are.equal(8, db.echoed, what)
        assert.are.equal(40, #db.rows, what)
      end
    end)

    it("pulls a batch only when a writer is free to take it", function()
      local gen, state
      local ahead = 0
      local db = fake_db(1, { echo = false, on_write = function(k) ahead = math.max(ahead, state.pulled - k) end })
      gen, state = from_list(batches_of(20, 2))
      run_virtual(function()
        m.write_batches(db.open(), gen, 4)
      end)
      assert.are.equal(20, db.writes)
      assert.is_true(ahead <= 4, "pulled " .. ahead .. " batches ahead of the writers")
    end)

    it("shares one generator among the writers, and stops them all when it ends", function()
      local db = fake_db(1)
      local gen = coroutine.wrap(function() -- raises if called once it has ended
        for _, batch in ipairs(batches_of(3, 2)) do coroutine.yield(batch) end
      end)
      local nb, nitems, took = run_virtual(function()
        local t0 = async.now()
        local b, n = m.write_batches(db.open(), gen, 5)
        return b, n, async.now() - t0
      end)
      assert.are.equal(3, nb)
      assert.are.equal(6, nitems)
      assert.are.equal(1, took)
      assert.are.equal(3, db.max_in_flight)
    end)

    it("writes nothing for no batches, and refuses a limit below 1", function()
      local db = fake_db(1)
      local nb, nitems = run_virtual(function()
        return m.write_batches(db.open(), (from_list({})), 4)
      end)
      assert.are.equal(0, nb)
      assert.are.equal(0, nitems)
      assert.are.equal(0, db.writes)
      local ok, err = pcall(run_virtual, function() m.write_batches(db.open(), (from_list({})), 0) end)
      assert.is_false(ok)
      assert.truthy(tostring(err):find("bad argument #3 to 'write_batches'", 1, true))
    end)
  end)

  describe("run (the whole pipeline)", function()
    it("writes the authorized rows in batches to the server and refuses the rest", function()
      local db = fake_db(1)
      local process = spy.new(to_row)
      local report, took = run_virtual(function()
        local t0 = async.now()
        local r = m.run({ source = chunked_source(LOG, 7), open = db.open, allowed = not_mallory,
                          process = process, batch_size = 2, concurrency = 2 })
        return r, async.now() - t0
      end)
      assert.are.same({ batches = 4, written = 7, refused = 3 }, report)
      table.sort(db.rows)
      assert.are.same({ "alice:INSERT", "alice:UPDATE", "bob:INSERT", "bob:UPDATE", "carol:INSERT",
                        "carol:UPDATE", "dave:READ" }, db.rows)
      assert.spy(process).was.called(7)
      for _, call in ipairs(process.calls) do
        assert.are_not.equal("mallory", call.vals[1].user)
      end
      assert.are.equal(2, took) -- 4 batches, two at a time
      assert.are.equal(1, db.opened)
      assert.are.equal(1, db.closed)
    end)

    it("closes the connection when a write fails, and raises that error", function()
      local db = fake_db(1, { fail_on = 3 })
      local ok, err = pcall(run_virtual, function()
        return m.run({ source = chunked_source(LOG, 64), open = db.open, allowed = not_mallory,
                       process = to_row, batch_size = 1, concurrency = 2 })
      end)
      assert.is_false(ok)
      assert.are.equal(db.problem, err)
      assert.are.equal(1, db.opened)
      assert.are.equal(1, db.closed)
    end)

    it("closes the connection when processing fails, and raises that error", function()
      local db = fake_db(1)
      local bug = { reason = "cannot parse payload" }
      local ok, err = pcall(run_virtual, function()
        return m.run({ source = chunked_source(LOG), open = db.open, allowed = not_mallory,
                       process = function(record)
                         if record.user == "dave" then error(bug) end
                         return to_row(record)
                       end,
                       batch_size = 2, concurrency = 2 })
      end)
      assert.is_false(ok)
      assert.are.equal(bug, err)
      assert.are.equal(1, db.closed)
    end)

    it("streams an 80 MB log through the whole pipeline in 16 MiB of memory", function()
      -- Long lines (about 250 bytes): fewer records per megabyte keep the
      -- test quick on a loaded machine; memory is about bytes, not records.
      local filler = (" trace=%s"):format(("0123456789abcdef"):rep(12))
      local lines = {
        "alice INSERT order=81723 amount=12.50 currency=EUR note=first" .. filler,
        "bob UPDATE order=81723 status=paid via=card processor=acme" .. filler,
        "mallory DELETE table=orders where=everything please=yes" .. filler,
        "carol INSERT order=81724 amount=3.99 currency=EUR note=second" .. filler,
      }
      local period = table.concat(lines, "\n") .. "\n"
      local periods = math.ceil(80e6 / #period)
      local total = periods * #period
      local block = period:rep(math.ceil(65536 / #period) + 1)
      local source = { served = 0 }
      function source.read(_, n)
        local left = total - source.served
        if left <= 0 then return nil end
        local len = math.min(n, 65536, left)
        local offset = source.served % #period
        source.served = source.served + len
        return block:sub(offset + 1, offset + len)
      end
      local db = fake_db(1, { echo = false })
      local rows = 0
      db.rows = setmetatable({}, { __newindex = function() rows = rows + 1 end })
      local report = run_virtual(function()
        return m.run({ source = source, open = db.open, allowed = not_mallory, process = to_row,
                       batch_size = 1000, concurrency = 4 })
      end)
      assert.are.equal(total, source.served)
      assert.are.equal(periods * 3, report.written)
      assert.are.equal(periods, report.refused)
      assert.are.equal(periods * 3, rows)
      assert.are.equal(math.ceil(periods * 3 / 1000), report.batches)
      assert.are.equal(1, db.closed)
    end)
  end)
end)
