return {
  title = "Retry with exponential backoff",
  concept = "decorators",
  difficulty = 3,
  points = 15,
  module = "retry",
  summary = "A decorator factory, retry{ times, backoff, errors, sleep }, whose wrapper tries a failing call again, sleeping longer each time, but only for the errors it was told to expect.",
  hints = {
    "Three layers: retry(opts) checks and copies the options once and returns the decorator; decorator(fn) returns the wrapper; the wrapper holds the loop. The attempt counter is a local of the wrapper's call, not of the decorator: every call starts again at attempt 1.",
    "In the wrapper, loop: `local res = table.pack(pcall(fn, ...))`. If res[1] is true, `return table.unpack(res, 2, res.n)`. Otherwise the error is res[2]: if this was the last attempt or the error is not in the list, `error(res[2], 0)`; else sleep and go round again.",
    "A string error matches an entry `e` when `err:find(e, 1, true)` (the `true` makes it a plain search: no pattern, so '.' and '%' mean themselves); a table error matches when `err.kind == e`; nothing else matches. When `opts.errors` is nil every error is retried. The sleep after failed attempt k is `backoff * 2 ^ (k - 1)`; there is none after the last attempt.",
  },
  -- Tests the starter passes as written (dojo validate checks that every
  -- other test fails on it).
  starter_passes = {
    "retry retrying returns at once when the first attempt succeeds",
    "retry which errors are retried lets any other error through at once, without sleeping",
  },
}
