return {
  title = "Countdown: yield, resume, exhaustion",
  concept = "generators",
  difficulty = 1,
  points = 10,
  module = "countdown",
  summary = "A countdown two ways: a coroutine you resume, and a generator function you call, which stays exhausted (returning nil) once it is done.",
  hints = {
    "`create` is one line of real work: `coroutine.create` around a function whose `for` loop calls `coroutine.yield(i)` from n down to 1 and which ends with `return \"liftoff\"`. Check `n` before you create the coroutine: the body does not run until the first resume, and the spec wants the error at once.",
    "For `generator`, `coroutine.wrap` around the same loop (without the 'liftoff') is almost right: it hands out n..1, then its body ends and the call returns nothing. Call it once more and the dead coroutine raises \"cannot resume dead coroutine\". Your generator must remember that it is finished and not ask again.",
    "Keep `local done = false` beside the wrapped coroutine `co` and return `function() if done then return nil end; local v = co(); if v == nil then done = true end; return v end`. Validate with `math.tointeger(n)` (nil for 2.5, inf and NaN) after checking `type(n) == \"number\"`, and raise `error(\"bad argument #1 to 'create' (...)\", 2)`.",
  },
  -- Tests the starter passes as written (dojo validate checks that every
  -- other test fails on it).
  starter_passes = {
    "countdown create: a coroutine you resume returns a coroutine that has not started yet",
    "countdown create: a coroutine you resume refuses to be resumed once dead, every time, without raising",
    "countdown generator: a function you call runs a second for loop over an exhausted generator zero times",
    "countdown generator: a function you call with n = 0 returns nil on the first call",
  },
}
