return {
  title = "Decorator with optional arguments",
  concept = "decorators",
  difficulty = 2,
  points = 10,
  module = "optional_args",
  summary = "A log_calls decorator that works both bare, log_calls(fn), and with options, log_calls{ level = \"debug\" }(fn), telling a function from an options table.",
  hints = {
    "log_calls receives one value and must decide what it is. If it is something to call, decorate it at once with the default options; if it is a plain table, it holds options, and log_calls must return a decorator that waits for the function.",
    "Something to call is a function, or a table whose metatable has a __call field: `type(v) == \"function\"`, or `local mt = getmetatable(v)` is a table and `rawget(mt, \"__call\") ~= nil`. Test that before you test for a table, or a callable table will be taken for options.",
    "Write one helper `wrap(fn, level, name)` returning `function(...) sink[#sink + 1] = { level = level, name = name, args = table.pack(...) }; return fn(...) end`. log_calls(fn) returns `wrap(fn, \"info\", \"?\")`; log_calls(options) checks every key with pairs, copies level and name into locals now, and returns `function(fn) --[[check fn]] return wrap(fn, level, name) end`.",
  },
  -- Tests the starter passes as written (dojo validate checks that every
  -- other test fails on it).
  starter_passes = {
    "optional_args what counts as a function takes a table whose metatable has no __call for options",
    "optional_args the wrapper logs nothing when decorating, and one record per call, in order",
    "optional_args the wrapper lets the wrapped function yield",
  },
}
