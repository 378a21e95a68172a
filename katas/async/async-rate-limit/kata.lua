return {
  title = "Async rate limit",
  concept = "async",
  difficulty = 3,
  points = 15,
  module = "async_rate_limit",
  summary = "A decorator for async functions: at most calls_per_second calls a second, spaced with async.sleep, even when many tasks call at once.",
  hints = {
    "The rate is calls per second, so the gap between two calls is 1 / calls_per_second seconds. Keep one piece of state per wrapped function (a local of the decorator, as in lesson 01's limiter), and read the time only in the wrapper, with async.now().",
    "Don't remember when the last call happened; remember when the next one may start (nil at first). async.sleep lets other tasks run, so a task must claim its slot before it sleeps: compute the slot, move `next_free` on by one interval, and only then sleep until the slot. A task that calls while you sleep then queues behind you instead of taking the same slot.",
    "In the wrapper: `local now = async.now(); local slot = now; if next_free and next_free > now then slot = next_free end; next_free = slot + interval; if slot > now then async.sleep(slot - now) end; return fn(...)`. In rate_limit, check `type(calls_per_second) == \"number\" and calls_per_second > 0` (false for NaN) before anything else.",
  },
  -- Tests the starter passes as written (dojo validate checks that every
  -- other test fails on it).
  starter_passes = {
    "async_rate_limit from one task runs the first call at once",
    "async_rate_limit from one task does not wait once the interval has passed, or exactly at its end",
    "async_rate_limit calls pass through passes every argument, nils included, and returns every result",
    "async_rate_limit bad arguments takes an infinite rate as no limit at all",
  },
}
