-- bench.lua: `dojo bench memoize` (see bench/kata_memoize.py). The same
-- naive recursive Fibonacci, plain and memoized with the solution under
-- test: plain recursion makes about 2 * fib(N) calls (7 million for
-- N = 33, ~160 ms a round with lua5.4), memoized makes N + 1 misses and
-- N - 1 hits. The plain case doesn't use the solution: it is the baseline
-- the speed-up is measured against, in the same run. Each memoized round
-- makes a new cache, so every round does the misses again.

local N = 33

-- the answer, by iteration, to check every round against
local EXPECTED
do
  local a, b = 0, 1
  for _ = 1, N do
    a, b = b, a + b
  end
  EXPECTED = a
end

local function check(got)
  if got ~= EXPECTED then
    error(string.format("fib(%d) returned %s, expected %d", N, tostring(got), EXPECTED), 2)
  end
end

local function plain(n)
  if n < 2 then
    return n
  end
  return plain(n - 1) + plain(n - 2)
end

-- memoized_fib(memoize, maxsize): a new memoized fib, with a cache of its own.
local function memoized_fib(memoize, maxsize)
  local fib
  fib = memoize(maxsize)(function(n)
    if n < 2 then
      return n
    end
    return fib(n - 1) + fib(n - 2)
  end)
  return fib
end

return {
  cases = {
    {
      name = string.format("fib(%d), plain recursion", N),
      rounds = 5,
      run = function()
        check(plain(N))
      end,
    },
    {
      name = string.format("fib(%d), memoized, maxsize nil", N),
      rounds = 5,
      run = function(memoize)
        check(memoized_fib(memoize, nil)(N))
      end,
    },
    {
      -- fib(n - 1) leaves fib(n - 2) and fib(n - 3) among the 3 most
      -- recently used entries, so 3 are enough: still N + 1 misses, but
      -- every insertion past the third evicts.
      name = string.format("fib(%d), memoized, maxsize 3", N),
      rounds = 5,
      run = function(memoize)
        local fib = memoized_fib(memoize, 3)
        check(fib(N))
        local info = fib.cache_info()
        if info.misses ~= N + 1 or info.size ~= 3 then
          error(string.format("cache_info: %d misses, size %s; expected %d misses, size 3",
                              info.misses, tostring(info.size), N + 1), 0)
        end
      end,
    },
  },
}
