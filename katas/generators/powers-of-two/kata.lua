return {
  title = "Powers of two, taken lazily",
  concept = "generators",
  difficulty = 2,
  points = 10,
  module = "powers_of_two",
  summary = "A generator of 1, 2, 4, ... up to a limit or without one, and take(iter, k), which pulls exactly k values from any iterator, even an endless one.",
  hints = {
    "Two separate jobs. generator(limit) makes values only when asked: a coroutine whose loop yields p and doubles it, with a `done` flag so that calls after the end return nil instead of resuming a dead coroutine. take(iter, k) is a plain loop that calls iter at most k times.",
    "Lua integers wrap around: (1 << 62) * 2 is math.mininteger, a negative number, which is <= any limit, and then 0 * 2 = 0 forever. Stop after yielding 1 << 62, whatever the limit. In take, loop `for i = 1, k` and break on the first nil: never call iter once more 'to see if it has ended'.",
    "generator: check `limit == nil or (type(limit) == \"number\" and limit == limit)`; body `local p = 1; while limit == nil or p <= limit do coroutine.yield(p); if p == 1 << 62 then return end; p = p * 2 end`, wrapped as in the countdown kata. take: check `type(iter) == \"function\"` and `math.tointeger(k)` with `k >= 0`, then `local out = {}; for i = 1, k do local v = iter(); if v == nil then break end; out[i] = v end; return out`.",
  },
  -- Tests the starter passes as written (dojo validate checks that every
  -- other test fails on it).
  starter_passes = {
    "powers_of_two generator(limit) hands out 1, 2, 4, ... up to the limit, then nil",
    "powers_of_two generator(limit) includes the limit itself when it is a power of two",
    "powers_of_two generator(limit) hands out only 1 for a limit of 1, and nothing below 1",
    "powers_of_two generator(limit) gives each generator its own state",
  },
}
