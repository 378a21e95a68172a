return {
  title = "Shared rate limiter",
  concept = "decorators",
  difficulty = 3,
  points = 15,
  module = "shared_rate_limiter",
  summary = "A limiter object whose wrapped functions share one bucket: calls_per_second calls a second across all of them, even from coroutines that sleep.",
  hints = {
    "The state lives on the limiter object, not in the wrapper and not in the module: every function the object wraps must read and write the same field. And the rate is calls per second, so the time between two calls is 1 / calls_per_second, not calls_per_second.",
    "Don't remember when the last call happened; remember when the next one may start (nil at first). A call at `now` gets the turn max(now, next_turn), and it must move next_turn on by one interval before it sleeps, because clock.sleep may yield and let another coroutine call in the meantime.",
    "In the wrapper: `local now = self.clock.now(); local turn = now; if self.next_turn and self.next_turn > now then turn = self.next_turn end; self.next_turn = turn + self.interval; if turn > now then self.clock.sleep(turn - now) end; return fn(...)`. For `limiter(fn)` set `__call` in the metatable to the same function as `wrap`.",
  },
  -- Tests the starter passes as written (dojo validate checks that every
  -- other test fails on it).
  starter_passes = {
    "shared_rate_limiter timing never sleeps on the first call, even at time 0",
    "shared_rate_limiter timing never sleeps with a rate of math.huge (an interval of 0)",
    "shared_rate_limiter calls pass through passes every argument on and returns every result, nils included",
    "shared_rate_limiter inside coroutines lets the wrapped function yield",
  },
}
