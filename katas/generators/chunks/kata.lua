return {
  title = "Chunks: batches from any iterator",
  concept = "generators",
  difficulty = 2,
  points = 15,
  module = "chunks",
  summary = "chunks(iter, size): a generator of arrays of up to `size` items from any iterator, endless ones included, pulling only the items it hands out.",
  hints = {
    "Each call of the generator you return builds one chunk: a new table, filled by calling the source at most `size` times. Nothing happens when chunks() itself is called; the work starts at the first call of the generator.",
    "Stop filling the moment the chunk holds `size` items: don't call the source once more to see whether it has ended, because that pulls an item that belongs to the next chunk. When the source returns nil, remember it in a `done` flag: hand out what you have (if anything), and from then on return nil without calling the source.",
    "`local done = false; return function() if done then return nil end; local chunk = {}; for i = 1, size do local v = next_item(); if v == nil then done = true; break end; chunk[i] = v end; if chunk[1] == nil then return nil end; return chunk end`. For an array, next_item is `local i = 0; function() i = i + 1; return t[i] end`. Check `size` with `math.tointeger(size)` and `size >= 1` (bad argument #2).",
  },
  -- Tests the starter passes as written (dojo validate checks that every
  -- other test fails on it).
  starter_passes = {
    "chunks splitting hands out nothing for an empty source",
  },
}
