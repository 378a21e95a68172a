return {
  title = "Timing decorator",
  concept = "decorators",
  difficulty = 2,
  points = 10,
  module = "timing",
  summary = "A decorator that logs how long each call of a function took, and whether it raised, without changing what the call returns or raises.",
  hints = {
    "The wrapper has to do something after the wrapped function returns, and also after it raises. `return fn(...)` gives you no 'after'; `local result = fn(...)` gives you an 'after' but keeps one result and lets errors skip your code. Which standard function runs a call and hands you back everything it produced, error or not?",
    "`local res = table.pack(pcall(fn, ...))`: res[1] is true or false, the results (or the error value) start at res[2], and res.n counts them all, trailing nils included. Read `clock.now()` once before that line and once after it, then append the entry.",
    "After appending `{ name = name, duration = after - before, ok = res[1] }` to `log`: if `res[1]` is false, `error(res[2], 0)` (level 0 adds no second position to the message, and a table goes through as itself); otherwise `return table.unpack(res, 2, res.n)`. Default the name with `name = name or \"?\"` in the decorator, once, not in every call.",
  },
  -- Tests the starter passes as written (dojo validate checks that every
  -- other test fails on it).
  starter_passes = {
    "timing the log appends one entry per call: name, duration and ok",
    "timing the log measures from just before the call to just after it",
    "timing the log keeps appending to a log that already has entries",
    "timing the log logs an inner call before the outer call that made it",
    "timing the log writes to the log it was given, one log per timing() call",
    "timing when the clock is read reads nothing when the decorator is made or applied, twice per call",
    "timing calls pass through passes every argument on, nils in the middle and at the end included",
    "timing inside coroutines lets the wrapped function yield, and times the whole call",
  },
}
