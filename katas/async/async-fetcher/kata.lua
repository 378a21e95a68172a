return {
  title = "Fetch many URLs, a few at a time",
  concept = "async",
  difficulty = 3,
  points = 15,
  module = "async_fetcher",
  server = true,
  summary = "fetch_all(urls, limit, opts) fetches every URL from inside an event loop, never more than `limit` at once, and returns one result per URL, in order, a failure included.",
  hints = {
    "Start one task per URL with async.spawn and collect them with async.gather, which returns the results in the order of its arguments, whatever order the tasks finish in. What remains is the limit: something every task must get through before its request, that only `limit` tasks can hold at once.",
    "Make one `async.Semaphore(limit)` per call of fetch_all. In each task, `local slot <close> = sem:acquire()` before the request: the <close> variable gives the slot back when the task ends, however it ends. Call `pcall(async.http_get, url, opts)` so that a failure becomes a result instead of an error that gather would raise.",
    "In each task: `local ok, r = pcall(async.http_get, url, opts)`; if ok, return `{ ok = true, status = r.status, body = r.body }`; if `async.is_cancelled(r)`, `error(r, 0)` (a cancellation must go on); otherwise return `{ ok = false, error = r.kind or tostring(r) }` (r.kind only when r is a table). Check the arguments first, return {} at once for no URLs, and copy gather's result into a plain list.",
  },
  -- Tests the starter passes as written (dojo validate checks that every
  -- other test fails on it).
  starter_passes = {
    "fetch_all results returns an empty list for an empty list of URLs",
    "fetch_all results returns the results in the order of the URLs, not in the order they finish",
    "fetch_all results returns HTTP error statuses as results, not as errors",
    "fetch_all results fetches every URL exactly once",
    "fetch_all results passes the request options on to every request",
    "fetch_all failures starts no more requests once the task running it is cancelled",
    "fetch_all concurrency never lets a request more through: 4 x 200 ms with limit 3 take two rounds",
    "fetch_all concurrency fetches one URL after the other with limit 1",
    "fetch_all concurrency gives each call its own limit: two calls with limit 1 run side by side",
  },
}
