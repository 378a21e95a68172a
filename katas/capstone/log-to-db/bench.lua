-- bench.lua: `dojo bench log-to-db`. One case: a 200 MB log of 250-byte
-- lines (about 800,000 records), made on demand a 64 KiB chunk at a time
-- from one repeated stretch, through the whole pipeline, run(opts), with
-- batches of 1000 and 4 writers into a fake database whose write waits one
-- second of the virtual clock (no HTTP: the figures are the pipeline's
-- own). A pipeline that streams peaks at a few hundred KiB above the
-- start, whatever the log's size; one that spawns a task per batch holds
-- every row at once. The cap is 1024 MiB, not the kata's 16, so that such
-- a solution can finish and show its peak. The round checks the counts.

local async = require("async")

local BYTES = 200e6

local function big_source(bytes)
  local filler = (" trace=%s"):format(("0123456789abcdef"):rep(12))
  local lines = {
    "alice INSERT order=81723 amount=12.50 currency=EUR note=first" .. filler,
    "bob UPDATE order=81723 status=paid via=card processor=acme" .. filler,
    "mallory DELETE table=orders where=everything please=yes" .. filler,
    "carol INSERT order=81724 amount=3.99 currency=EUR note=second" .. filler,
  }
  local period = table.concat(lines, "\n") .. "\n"
  local periods = math.ceil(bytes / #period)
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
  return source, periods, total
end

local function open()
  local conn = { rows = 0 }
  function conn.write(self, batch)
    async.sleep(1)
    self.rows = self.rows + #batch
  end
  function conn.close() end
  return conn
end

return {
  memory = 1024,
  cases = {
    {
      name = "200 MB log, 4 writers",
      rounds = 1, -- the peak is over the whole case: see log-pipeline's bench.lua
      run = function(m)
        local source, periods, total = big_source(BYTES)
        local report = async.run(function()
          return m.run({ source = source, open = open,
                         allowed = function(r) return r.user ~= "mallory" end,
                         process = function(r) return r.user .. ":" .. r.action end,
                         batch_size = 1000, concurrency = 4 })
        end, { clock = "virtual" })
        if source.served ~= total then
          error(string.format("read %d of %d bytes", source.served, total), 0)
        end
        if report.written ~= periods * 3 or report.refused ~= periods then
          error(string.format("written %s, refused %s; expected %d and %d",
            tostring(report.written), tostring(report.refused), periods * 3, periods), 0)
        end
      end,
    },
  },
}
