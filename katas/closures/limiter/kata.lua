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
}
