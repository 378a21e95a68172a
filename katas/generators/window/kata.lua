return {
  title = "Window: sliding over any iterator",
  concept = "generators",
  difficulty = 3,
  points = 15,
  module = "window",
  summary = "window(iter, size): a generator of sliding windows, arrays of `size` consecutive items, over any iterator, endless ones included, one new item per window.",
  hints = {
    "The first window needs `size` items from the source; every window after it needs exactly one more: drop the oldest item, add the new one. Nothing is pulled when window() itself is called, and once the source returns nil, nothing is ever pulled again.",
    "Keep your own buffer of the last `size` items, private to the generator, and hand out a copy of it each time. Don't build the next window from the table you handed out last: the caller owns that one and may have changed it (the spec does).",
    "`local buf, count, done = {}, 0, false` and `return function() if done then return nil end; repeat local v = next_item(); if v == nil then done = true; return nil end; if count == size then table.remove(buf, 1) else count = count + 1 end; buf[count] = v until count == size; return table.move(buf, 1, size, 1, {}) end`. Check arguments as in chunks.",
  },
  -- Tests the starter passes as written (dojo validate checks that every
  -- other test fails on it).
  starter_passes = {
    "window sliding hands out one window when there are exactly `size` items",
    "window laziness pulls nothing before the first call, then exactly `size` items",
  },
}
