return {
  title = "Capstone: stream a log into a database",
  concept = "capstone",
  difficulty = 4,
  points = 25,
  module = "log_to_db",
  server = true,
  timeout = 30,
  memory = 16,
  summary = "A generator streams a big log, a decorator refuses unauthorized records, a context manager guarantees the database connection is closed, and async tasks write the batches a few at a time: four patterns in one pipeline.",
  hints = {
    "Build it bottom up and test each piece alone, as the spec does: records and batches are generators (lesson 03), authorized a decorator (02), with_connection a context manager (04), write_batches a handful of async tasks (07). run only plugs them together. Nothing may hold the whole log: every stage pulls one item at a time from the one before.",
    "write_batches: don't spawn one task per batch (that reads every batch before writing any); spawn `limit` workers that each loop `for batch in batches do conn:write(batch) ... end` over the one shared generator, and `async.gather` them. with_connection: `local conn = open()`, then `pcall(body, conn)`, then `conn:close()` whatever happened, then rethrow with `error(err, 0)` or return the results.",
    "run: `local step = M.authorized(opts.allowed)(opts.process)`, then a generator `rows` that loops `for record in M.records(opts.source)`, calls `pcall(step, record)` and yields the row, counts a refusal when `M.is_unauthorized(err)`, and raises anything else again. Then `return M.with_connection(opts.open, function(conn) local b, n = M.write_batches(conn, M.batches(rows, opts.batch_size), opts.concurrency); return { batches = b, written = n, refused = refused } end)`.",
  },
  -- Tests the starter passes as written (dojo validate checks that every
  -- other test fails on it).
  starter_passes = {
    "log_to_db records (a generator) parses lines of two words or more, whatever the chunks, and skips the rest",
    "log_to_db batches (a generator) groups items into lists of `size`, the last one shorter, pulling lazily",
    "log_to_db authorized (a decorator) passes an allowed record through, with every argument and result",
    "log_to_db with_connection (a context manager) opens, hands the connection to the body, closes it once, returns the body's results",
    "log_to_db write_batches (async tasks) pulls a batch only when a writer is free to take it",
  },
}
