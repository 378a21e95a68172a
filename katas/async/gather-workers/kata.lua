return {
  title = "Gather workers",
  concept = "async",
  difficulty = 2,
  points = 10,
  module = "gather_workers",
  summary = "Run delayed jobs as concurrent tasks and gather their results: the whole takes as long as the slowest job, not the sum.",
  hints = {
    "run_workers must start every job before it waits for any of them. A loop that sleeps job after job is run_sequential; for run_workers, spawn one task per job first (async.spawn returns a Task), and only then wait.",
    "Write one worker function, `work(job, log)`: async.sleep(job.delay), raise job.error if there is one (error(job.error, 0)), append job.name to log, return job.value. Spawn it per job with `async.spawn(work, job, log)`, then `async.gather(table.unpack(tasks, 1, #tasks))` collects the values in job order, with n set. Check every delay before spawning anything.",
    "`local start = async.now()`; if #jobs == 0, return { n = 0 }, 0, log without calling gather (gather needs at least one task). Otherwise spawn, `local results = async.gather(table.unpack(tasks, 1, #jobs))` and return results, async.now() - start, log. gather already raises the first error and cancels the rest. run_sequential is the same loop calling work(job, log) directly and storing each value in results[i], with results.n = #jobs.",
  },
  -- Tests the starter passes as written (dojo validate checks that every
  -- other test fails on it).
  starter_passes = {
    "gather_workers run_workers returns at once for an empty list, as run_sequential does",
    "gather_workers run_workers runs one job in its own delay",
    "gather_workers run_workers keeps nil and false values in their places",
    "gather_workers run_workers runs jobs with no delay without letting time pass",
    "gather_workers run_workers appends to the log it is given and returns that same table",
    "gather_workers run_workers lets other tasks run while the workers wait",
    "gather_workers run_sequential takes the sum of the delays, finishing in job order",
  },
}
