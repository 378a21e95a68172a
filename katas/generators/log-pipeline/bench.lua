-- bench.lua: `dojo bench log-pipeline` (see bench/kata_log_pipeline.py).
-- One case: the spec's 200 MB log, made on demand a 64 KiB chunk at a time
-- from one repeated stretch of lines (the source holds only that stretch,
-- twice), through lines | filter | parse | errors_per_service. A pipeline
-- that streams peaks at a few hundred KiB above the start; one that keeps
-- every line peaks at hundreds of MiB, which is why the cap here is
-- 1024 MiB and not the kata's 16: so that a non-streaming solution can
-- finish and show its peak. The round checks the counts.

local BYTES = 200e6

-- The big log's lines, as in spec.lua. Entries with a service are the
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

-- big_source(bytes), as in spec.lua: a source of a log at least `bytes`
-- long, one stretch of whole lines (a "period", over 64 KiB) repeated,
-- cut into fresh chunks of at most 64 KiB on demand. Returns the source,
-- the ERROR counts per service the whole log should give, and the number
-- of malformed lines that contain " ERROR ".
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

-- same(a, b): two flat tables of counts are equal.
local function same(a, b)
  for k, v in pairs(a) do
    if b[k] ~= v then
      return false
    end
  end
  for k in pairs(b) do
    if a[k] == nil then
      return false
    end
  end
  return true
end

local function show(t)
  local parts = {}
  for k, v in pairs(t) do
    parts[#parts + 1] = string.format("%s = %s", tostring(k), tostring(v))
  end
  table.sort(parts)
  return "{ " .. table.concat(parts, ", ") .. " }"
end

return {
  memory = 1024,
  cases = {
    {
      name = "200 MB log, errors per service",
      -- one round: the peak is over the whole case, and dojo collects
      -- only between cases, so a second round would start while the
      -- first one's lines are still garbage in memory and add their part
      -- to the peak of a non-streaming solution (about 627 MiB for three
      -- rounds of bench/solutions/log_pipeline_list.lua against 521 MiB
      -- for one). A round is seconds long, so one is steady enough; for
      -- more, run dojo bench again (bench/kata_log_pipeline.py RUNS).
      rounds = 1,
      run = function(m)
        local source, expected, expected_malformed = big_source(BYTES)
        local malformed = 0
        local counts = m.errors_per_service(m.parse(m.filter(m.lines(source), has_error), function()
          malformed = malformed + 1
        end))
        if source.served ~= source.total then
          error(string.format("read %d of %d bytes", source.served, source.total), 0)
        end
        if not same(expected, counts) then
          error("counts " .. show(counts) .. ", expected " .. show(expected), 0)
        end
        if malformed ~= expected_malformed then
          error(string.format("%d malformed lines reported, expected %d", malformed, expected_malformed), 0)
        end
      end,
    },
  },
}
