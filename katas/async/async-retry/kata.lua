return {
  title = "Retry a flaky server, without blocking the loop",
  concept = "async",
  difficulty = 3,
  points = 15,
  module = "async_retry",
  server = true,
  summary = "with_retry{ times, backoff, sleep }(fn) wraps an async fetch: a 5xx answer or a transport error is tried again after backoff * 2^(k-1) seconds of async.sleep; a success, a 4xx, a bug or a cancellation is not.",
  hints = {
    "Three layers, as in any decorator factory: with_retry(opts) checks the options and returns the decorator; decorator(fn) returns the wrapper; the wrapper loops over attempts 1..times. The attempt number is a local of one call of the wrapper. Sleep with `opts.sleep or async.sleep`: async.sleep parks only this task, so the loop runs the others meanwhile.",
    "Each attempt: `local r = table.pack(pcall(fn, ...))`. If it returned (r[1] true), it failed only when r[2] is a table whose status is a number from 500 to 599. If it raised, r[2] is the error: retry it only when it is a table with a string `kind` and `async.is_cancelled(r[2])` is false. A cancellation must go on up, at once.",
    "`for attempt = 1, times do ... end`: on success, or on a 5xx at the last attempt, `return table.unpack(r, 2, r.n)`; on an error that may not be retried, or at the last attempt, `error(r[2], 0)`; otherwise `sleep(backoff * 2 ^ (attempt - 1))` and go round. Defaults: times 3, backoff 0.1; opts may be nil, but a function in its place (with_retry(fn)) is a mistake to report.",
  },
  -- Tests the starter passes as written (dojo validate checks that every
  -- other test fails on it).
  starter_passes = {
    "with_retry retrying returns a success at once, without sleeping",
    "with_retry retrying makes a single attempt with times = 1",
    "with_retry errors raises any other error at once, unchanged: a bug won't go away by itself",
    "with_retry errors does not retry an attempt that was cancelled",
  },
}
