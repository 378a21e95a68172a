-- spec.lua: the busted spec for the `log-pipeline` kata (see README.md).
-- There are no files: every log is made up here, in memory, and handed out
-- by a fake source whose source:read(n) returns the next chunk. The chunk
-- sizes are chosen so that lines, and CRLF pairs, fall across chunk edges.
-- The last test streams 200 MB through the pipeline; the kata's manifest
-- caps memory at 16 MiB, so only a solution that streams can pass it.

local m = require("log_pipeline")

-- A source that hands out `text` in chunks: sizes[1] bytes, then sizes[2],
-- ..., starting over at sizes[1] (but never more than read's n), then nil.
-- source.reads counts every call of read. Reading again after it returned
-- nil raises, as it does for a closed stream.
local function chunked_source(text, sizes)
  sizes = sizes or { math.max(#text, 1) }
  local source = { reads = 0 }
  local pos, turn, ended = 1, 0, false
  function source.read(self, n)
    if self ~= source then
      error("call source:read(n), with a colon", 2)
    end
    if type(n) ~= "number" or n < 1 then
      error("source:read(n) needs a number n >= 1, got " .. tostring(n), 2)
    end
    if ended then
      error("source:read called again after it returned nil", 2)
    end
    source.reads = source.reads + 1
    if pos > #text then
      ended = true
      return nil
    end
    turn = turn % #sizes + 1
    local size = math.min(sizes[turn], math.floor(n))
    local chunk = text:sub(pos, pos + size - 1)
    pos = pos + size
    return chunk
  end
  return source
end

-- Every line of lines(source), as a list.
local function all_lines(source)
  local out = {}
  for line in m.lines(source) do
    out[#out + 1] = line
  end
  return out
end

-- A generator over the items of a list, and a table whose `pulled` counts
-- the items it has handed out so far.
local function from_list(items)
  local counter = { pulled = 0 }
  local i = 0
  return function()
    i = i + 1
    if items[i] ~= nil then
      counter.pulled = counter.pulled + 1
    end
    return items[i]
  end, counter
end

-- Every item a generator hands out, as a list.
local function drain(gen)
  local out = {}
  for item in gen do
    out[#out + 1] = item
  end
  return out
end

-- A small log with every kind of line: CRLF endings, an empty line, a line
-- holding only "\r", malformed lines, an ERROR without a message, and a
-- last line without a newline.
local SMALL_LOG = table.concat({
  "2026-11-21T10:00:00Z INFO payments charge accepted for order 81723",
  "2026-11-21T10:00:01Z ERROR payments timeout after 30s",
  "",
  "2026-11-21T10:00:02Z ERROR auth invalid token from 10.0.4.17\r",
  "2026-11-21T10:00:03Z WARN search slow query: 2.4s",
  "not a log line at all",
  "2026-11-21T10:00:04Z ERROR payments card declined",
  "\r",
  "2026-11-21T10:00:05Z ERROR checkout cart 77120 lost\r",
  "2026-11-21T10:00:06Z error auth a lower-case level is malformed",
  "2026-11-21T10:00:07Z ERROR auth",
  "2026-11-21T10:00:08Z ERROR payments the last line has no newline",
}, "\n")
local SMALL_ERRORS = { payments = 3, auth = 2, checkout = 1 }
local SMALL_MALFORMED = {
  "not a log line at all",
  "2026-11-21T10:00:06Z error auth a lower-case level is malformed",
}

-- The big log: these lines, over and over. Entries with a service are the
-- ERROR lines that count; one ERROR line is malformed (a space for the T,
-- no Z); two end in CRLF; one is empty.
local BIG_LINES = {
  { "2026-11-21T10:00:00Z INFO payments charge accepted for order 81723 in 112ms" },
  { "2026-11-21T10:00:01Z ERROR payments timeout after 30s talking to the card processor", "payments" },
  { "2026-11-21T10:00:01Z DEBUG auth token refreshed for session 5f2a9c, expires in 3600s" },
  { "2026-11-21T10:00:02Z WARN search slow query took 2.4s: \"blue running shoes\"\r" },
  { "2026-11-21T10:00:03Z INFO checkout cart 77120 moved to the payment step with 3 items" },
  { "2026-11-21T10:00:03Z ERROR auth invalid signature on a token from 10.0.4.17\r", "auth" },
  { "" },
  { "2026-11-21T10:00:04Z INFO api-gateway GET /v2/products?page=7 200 in 38ms" },
  { "2026-11-21 10:00:05 ERROR payments this line is malformed: a space for the T, no Z" },
  { "2026-11-21T10:00:06Z ERROR search index shard 3 unreachable, retrying in 5s", "search" },
  { "2026-11-21T10:00:07Z INFO payments refund issued for order 81690" },
  { "2026-11-21T10:00:08Z ERROR payments card declined: insufficient funds (order 81724)", "payments" },
  { "2026-11-21T10:00:09Z INFO auth login ok for user 4411 from 10.0.7.3" },
}

-- big_source(bytes): a source of a log at least `bytes` long, made of one
-- stretch of text (a "period", over 64 KiB, whole lines only) repeated.
-- Chunks of at most 64 KiB are cut from it on demand, each a fresh string,
-- so the source itself holds only the period, twice. Returns the source
-- and what the whole log should give: ERROR counts per service and the
-- number of malformed lines that contain " ERROR ".
local function big_source(bytes)
  local lines, per_period, malformed, size, i = {}, {}, 0, 0, 0
  while size <= 65536 + 4096 do
    i = i + 1
    local entry = BIG_LINES[(i - 1) % #BIG_LINES + 1]
    lines[i] = entry[1]
    size = size + #entry[1] + 1
    if entry[2] then
      per_period[entry[2]] = (per_period[entry[2]] or 0) + 1
    elseif entry[1]:find(" ERROR ", 1, true) then
      malformed = malformed + 1
    end
  end
  local period = table.concat(lines, "\n") .. "\n"
  local twice = period .. period
  local periods = math.ceil(bytes / #period)
  local total = periods * #period
  local expected = {}
  for service, count in pairs(per_period) do
    expected[service] = count * periods
  end
  local source = { reads = 0, served = 0, total = total }
  function source.read(self, n)
    source.reads = source.reads + 1
    local left = total - source.served
    if left <= 0 then
      return nil
    end
    local len = math.min(math.floor(n), 65536, left)
    local offset = source.served % #period
    source.served = source.served + len
    return twice:sub(offset + 1, offset + len)
  end
  return source, expected, malformed * periods
end

local function has_error(line)
  return line:find(" ERROR ", 1, true) ~= nil
end

describe("log_pipeline", function()
  describe("lines", function()
    it("yields the lines of a source in order, without their newlines", function()
      local source = chunked_source("alpha\nbeta\ngamma delta\n")
      assert.are.same({ "alpha", "beta", "gamma delta" }, all_lines(source))
    end)

    it("joins lines that are split across chunks, whatever the chunk sizes", function()
      local text = "first line\nsecond, a bit longer\n\nx\n" .. ("0123456789"):rep(30) .. "\nend\n"
      local expected = { "first line", "second, a bit longer", "", "x", ("0123456789"):rep(30), "end" }
      for _, sizes in ipairs({ { 1 }, { 2 }, { 3 }, { 7 }, { 5, 1, 13 }, { 4096 } }) do
        assert.are.same(expected, all_lines(chunked_source(text, sizes)),
          "chunks of " .. table.concat(sizes, ", ") .. " bytes")
      end
    end)

    it("joins a line that spans several whole chunks", function()
      local long = ("abcdefgh"):rep(40000) -- 320000 bytes: five chunks of 64 KiB
      local source = chunked_source("start\n" .. long .. "\nstop\n", { 65536 })
      local got = all_lines(source)
      assert.are.equal(3, #got)
      assert.are.equal("start", got[1])
      assert.is_true(got[2] == long, "the long line came out changed")
      assert.are.equal("stop", got[3])
    end)

    it("yields a last line without a newline, and no empty line after a final one", function()
      assert.are.same({ "a", "b" }, all_lines(chunked_source("a\nb", { 1 })))
      assert.are.same({ "a", "b" }, all_lines(chunked_source("a\nb\n", { 1 })))
      assert.are.same({ "only" }, all_lines(chunked_source("only", { 3 })))
    end)

    it("keeps empty lines, at the start, in the middle and before the end", function()
      local source = chunked_source("\n\na\n\nb\n\n", { 2 })
      assert.are.same({ "", "", "a", "", "b", "" }, all_lines(source))
    end)

    it("drops the \\r of CRLF, even when \\r and \\n arrive in different chunks", function()
      local text = "one\r\ntwo\r\n\r\nthree\rstill three\r\nfour\r"
      local expected = { "one", "two", "", "three\rstill three", "four" }
      for _, sizes in ipairs({ { 1 }, { 4 }, { 3, 2 }, { 100 } }) do
        assert.are.same(expected, all_lines(chunked_source(text, sizes)),
          "chunks of " .. table.concat(sizes, ", ") .. " bytes")
      end
    end)

    it("yields nothing for an empty source, and never reads past the end", function()
      local empty = chunked_source("")
      assert.are.same({}, all_lines(empty))
      assert.are.equal(1, empty.reads)
      local source = chunked_source("a\nb\n", { 1 }) -- it raises on a read after nil
      assert.are.same({ "a", "b" }, all_lines(source))
      assert.are.equal(5, source.reads)
    end)

    it("is lazy: reads nothing until asked, then only the chunks it needs", function()
      local source = chunked_source("one\ntwo\nthree\nfour\n", { 6 })
      local next_line = m.lines(source)
      assert.are.equal(0, source.reads)
      assert.are.equal("one", next_line()) -- chunk 1: "one\ntw"
      assert.are.equal(1, source.reads)
      assert.are.equal("two", next_line()) -- chunk 2: "o\nthre"
      assert.are.equal(2, source.reads)
      assert.are.equal("three", next_line()) -- chunk 3: "e\nfour"
      assert.are.equal(3, source.reads)
    end)
  end)

  describe("filter", function()
    it("yields only the items pred accepts, in order, pulling one at a time", function()
      local gen, input = from_list({ 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 })
      local calls = 0
      local evens = m.filter(gen, function(n)
        calls = calls + 1
        if n % 2 == 0 then
          return "yes" -- any true value will do
        end
      end)
      assert.are.equal(0, input.pulled)
      assert.are.equal(2, evens())
      assert.are.equal(2, input.pulled)
      assert.are.equal(2, calls)
      assert.are.same({ 4, 6, 8, 10 }, drain(evens))
      assert.are.equal(10, calls)
    end)
  end)

  describe("parse", function()
    it("turns a line into a record of time, level, service and message", function()
      local gen = from_list({
        "2026-11-21T10:00:00Z ERROR payments timeout after 30s",
        "2026-11-21T23:59:59Z INFO api-gateway GET /v2/products  200",
        "2026-11-21T10:00:01Z WARN auth",
      })
      assert.are.same({
        { time = "2026-11-21T10:00:00Z", level = "ERROR", service = "payments", message = "timeout after 30s" },
        { time = "2026-11-21T23:59:59Z", level = "INFO", service = "api-gateway", message = "GET /v2/products  200" },
        { time = "2026-11-21T10:00:01Z", level = "WARN", service = "auth", message = "" },
      }, drain(m.parse(gen)))
    end)

    it("skips malformed lines, reporting each to on_malformed; skips empty lines silently", function()
      local bad = {
        "garbage",
        "2026-11-21 10:00:00 ERROR payments a space instead of the T",
        "2026-11-21T10:00:00Z error payments lower-case level",
        "2026-11-21T10:00:00Z ERROR",
        "2026-11-21T10:00:00Z ERROR ",
        "2026-11-21T10:00:00Z  ERROR payments two spaces",
        " 2026-11-21T10:00:00Z ERROR payments a leading space",
        "2026-11-21T10:00:00Z ERROR payments\tmessage after a tab",
        "2026-1-21T10:00:00Z ERROR payments short date",
      }
      local input = { "" }
      for _, line in ipairs(bad) do
        input[#input + 1] = line
        input[#input + 1] = ""
      end
      input[#input + 1] = "2026-11-21T10:00:09Z ERROR auth the only good line"
      local reported = {}
      local records = drain(m.parse((from_list(input)), function(line)
        reported[#reported + 1] = line
      end))
      assert.are.same(bad, reported)
      assert.are.same({
        { time = "2026-11-21T10:00:09Z", level = "ERROR", service = "auth", message = "the only good line" },
      }, records)
      local quiet = drain(m.parse((from_list(input)))) -- on_malformed is optional
      assert.are.same(records, quiet)
    end)

    it("pulls lines lazily, one record at a time", function()
      local gen, input = from_list({
        "junk",
        "2026-11-21T10:00:00Z INFO a first",
        "2026-11-21T10:00:01Z INFO b second",
      })
      local records = m.parse(gen)
      assert.are.equal(0, input.pulled)
      assert.are.equal("a", records().service)
      assert.are.equal(2, input.pulled)
    end)
  end)

  describe("errors_per_service", function()
    it("counts ERROR records per service and ignores the other levels", function()
      local function rec(level, service)
        return { time = "2026-11-21T10:00:00Z", level = level, service = service, message = "x" }
      end
      local gen = from_list({
        rec("ERROR", "payments"), rec("INFO", "payments"), rec("ERROR", "auth"),
        rec("WARN", "search"), rec("ERROR", "payments"), rec("DEBUG", "auth"),
      })
      assert.are.same({ payments = 2, auth = 1 }, m.errors_per_service(gen))
      assert.are.same({}, m.errors_per_service((from_list({ rec("INFO", "auth") }))))
      assert.are.same({}, m.errors_per_service((from_list({}))))
    end)
  end)

  describe("the whole pipeline", function()
    it("counts the errors per service of a small log, however it is chunked", function()
      for _, sizes in ipairs({ { 1 }, { 7 }, { 5, 1, 13 }, { 65536 } }) do
        local reported = {}
        local counts = m.errors_per_service(m.parse(
          m.filter(m.lines(chunked_source(SMALL_LOG, sizes)), function(line)
            return not line:find(" INFO ", 1, true)
          end),
          function(line) reported[#reported + 1] = line end))
        local what = "chunks of " .. table.concat(sizes, ", ") .. " bytes"
        assert.are.same(SMALL_ERRORS, counts, what)
        assert.are.same(SMALL_MALFORMED, reported, what)
      end
    end)

    it("lets an error from the source come out of the pipeline unchanged", function()
      local problem = { reason = "disk unplugged" }
      local inner = chunked_source(SMALL_LOG, { 40 })
      local source = {}
      function source.read(_, n)
        if inner.reads == 2 then
          error(problem)
        end
        return inner:read(n)
      end
      local ok, err = pcall(m.errors_per_service, m.parse(m.filter(m.lines(source), has_error)))
      assert.is_false(ok)
      assert.are.equal(problem, err) -- the very same table
    end)

    it("streams: the first record of a 200 MB log costs one chunk", function()
      local source = big_source(200e6)
      local records = m.parse(m.filter(m.lines(source), has_error))
      assert.are.equal(0, source.reads)
      local first = records()
      assert.are.same({ time = "2026-11-21T10:00:01Z", level = "ERROR", service = "payments",
                        message = "timeout after 30s talking to the card processor" }, first)
      assert.are.equal(1, source.reads)
    end)

    it("counts the errors of a 200 MB log within 16 MiB of memory", function()
      local source, expected, expected_malformed = big_source(200e6)
      local malformed = 0
      local counts = m.errors_per_service(m.parse(m.filter(m.lines(source), has_error), function()
        malformed = malformed + 1
      end))
      assert.are.equal(source.total, source.served) -- read to the end
      assert.are.same(expected, counts)
      assert.are.equal(expected_malformed, malformed)
    end)
  end)
end)
