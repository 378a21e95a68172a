return {
  title = "Per-function rate limiter",
  concept = "closures",
  difficulty = 2,
  points = 10,
  module = "limiter",
  summary = "A decorator that spaces out the calls of each function it wraps, keeping one last-call time per function.",
  hints = {
    "There are three nested functions: limiter, the decorator it returns, and the wrapper the decorator returns. Only one of them runs exactly once per wrapped function. That is where the time of the last call belongs.",
    "Declare `local last_called` inside the decorator, beside `fn`, not in limiter (it would be shared by every function the decorator wraps) and not in the wrapper (it would be new on every call). Leave it nil to mean 'never called': time 0 is a real time.",
    "In the wrapper: `local now = clock.now()`; if `last_called ~= nil` and `now - last_called < seconds`, call `clock.sleep(seconds - (now - last_called))` and then `now = clock.now()`. Set `last_called = now` before `return fn(...)`, so a call that raises still counts and every result comes back.",
  },
  -- Tests the starter passes as written (dojo validate checks that every
  -- other test fails on it).
  starter_passes = {
    "limiter timing never sleeps on the first call, even at time 0",
    "limiter timing does not sleep on a call after the window",
    "limiter timing does not sleep on a call exactly at the end of the window",
    "limiter timing never sleeps with a window of zero seconds",
    "limiter state is per wrapped function keeps separate state for functions decorated by separate limiters",
    "limiter state is per wrapped function does not start a wrapper's window before its first call",
    "limiter calls pass through calls the wrapped function once per call, with its arguments",
    "limiter calls pass through passes every argument on, nils and trailing nils included",
    "limiter calls pass through passes many arguments on",
    "limiter calls pass through returns every result, nils included, and nothing more",
    "limiter errors lets an error from the wrapped function through unchanged",
    "limiter errors lets a table error value through as the very same table",
    "limiter inside coroutines lets the wrapped function yield",
  },
}
