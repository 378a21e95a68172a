return {
  title = "locked: a decorator that always releases",
  concept = "context-managers",
  difficulty = 2,
  points = 10,
  module = "locked",
  summary = "holding(lock), a context manager that acquires and releases a lock, and locked(lock), a decorator built on it that holds the lock for each call and releases it however the call ends.",
  hints = {
    "Write holding first: a table (or an object with a metatable) whose enter calls lock:acquire() and returns the lock, whose exit calls lock:release() and returns false, and whose __close metamethod calls exit. Then the decorator only has to use it.",
    "In the wrapper: `local cm = M.holding(lock); cm:enter()` and only then `local _ <close> = cm`. If acquire raises, nothing is held and nothing must be released, so the <close> variable must not exist yet. Lua then calls __close when the wrapper returns and when fn raises.",
    "End the wrapper with `return fn(...)`: that returns every result, nil holes included, and the <close> variable still closes after fn returns (a return from a block with <close> variables is not a tail call). Check the lock in locked(lock) itself, with the same helper as holding: `lock.acquire == nil or lock.release == nil` is a bad argument #1.",
  },
  -- Tests the starter passes as written (dojo validate checks that every
  -- other test fails on it).
  starter_passes = {
    "locked locked(lock)(fn) holds the lock while fn runs, and only then",
    "locked locked(lock)(fn) acquires and releases once per call",
    "locked locked(lock)(fn) calls neither fn nor release when acquire fails",
    "locked locked(lock)(fn) releases nested locks in reverse order",
    "locked locked(lock)(fn) keeps the lock held while fn is suspended in a coroutine",
  },
}
