-- gather_workers.lua: concurrent workers on dojo's event loop (the
-- `gather-workers` kata). Run `dojo check gather-workers` to grade it and
-- `dojo hint gather-workers` when stuck.
--
--   local results, elapsed, log = gather_workers.run_workers({
--     { name = "a", delay = 3, value = "A" },
--     { name = "b", delay = 1, value = "B" },
--   })  --> { "A", "B", n = 2 }, 3, { "b", "a" }
--
-- Both functions are called from inside a task (under async.run). As it
-- stands, both run the jobs one after the other: run_sequential is nearly
-- right, run_workers takes the sum of the delays instead of the maximum.

local async = require("async")

local M = {}

-- work: one job's worker: waits job.delay seconds on the loop, then logs
-- the job's name and returns its value.
local function work(job, log)
  async.sleep(job.delay)
  -- TODO: a job with an `error` field raises that value instead, unchanged.
  log[#log + 1] = job.name
  return job.value
end

function M.run_sequential(jobs, log)
  -- TODO: check the arguments before running anything (see README.md).
  log = log or {}
  local start = async.now()
  local results = { n = #jobs } -- n counts nil values too
  for i, job in ipairs(jobs) do
    results[i] = work(job, log)
  end
  return results, async.now() - start, log
end

function M.run_workers(jobs, log)
  -- TODO: start every job as its own task first (async.spawn), then wait
  -- for all of them at once (async.gather), so that the delays overlap.
  return M.run_sequential(jobs, log)
end

return M
