return {
  title = "Lazy URL batches from a paged site",
  concept = "generators",
  difficulty = 2,
  points = 10,
  module = "url_batches",
  summary = "A generator that hands out batches of at most N URLs from a paged site, fetching each page only when a batch needs it.",
  hints = {
    "A batch is full the moment it holds batch_size URLs, and that moment can come in the middle of a page. Check the size after every URL you add, not after every page, and yield right there: the rest of the page waits in the generator for the next call.",
    "Inside `coroutine.create(function() ... end)`: `local batch = {}`; for each page from 1 to total_pages, `local urls = fetch_page(page)` (raise if it is not a table), then for each url append it and, when `#batch == batch_size`, `coroutine.yield(batch)` and start a new table. After the loop, yield what is left if it is not empty. Check the arguments before creating the coroutine, so a bad one raises at once.",
    "Return a function that does: if `coroutine.status(co) == \"dead\"` then return nil; `local ok, batch = coroutine.resume(co)`; if not ok, `error(batch, 0)` (level 0 leaves the message untouched, and a table stays the same table); else return batch. A coroutine that finished or raised is dead, so every later call returns nil: that is the 'finished' state the README asks for.",
  },
  -- Tests the starter passes as written (dojo validate checks that every
  -- other test fails on it).
  starter_passes = {
    "url_batches batching returns everything in one batch when batch_size is larger than the total",
    "url_batches batching returns nil at once when there are no URLs: no pages, or only empty ones",
    "url_batches batching returns a new table per batch and leaves the pages untouched",
    "url_batches laziness fetches nothing until the first batch is asked for",
    "url_batches laziness does not fetch the next page when a batch fills up at the end of a page",
    "url_batches errors lets an error from fetch_page through unchanged, after the batches before it",
  },
}
