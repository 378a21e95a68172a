return {
  title = "with and suppress: Python's exit rules in Lua",
  concept = "context-managers",
  difficulty = 2,
  points = 10,
  module = "suppress",
  summary = "with(cm, fn), the with statement as a function: exit gets the error, a true return swallows it, an error in exit replaces it; and suppress(...), a context manager that swallows the errors it names, by text, kind or class.",
  hints = {
    "with has three steps: enter, the body in protected mode, exit. Keep all of pcall's results with table.pack: the first says how the body ended, the rest are its results or its error. exit always runs after a body that started; it never runs when enter raised.",
    "After `local res = table.pack(pcall(fn, table.unpack(values, 1, values.n)))`: on success, call cm:exit(nil) and return table.unpack(res, 2, res.n). On failure, `if not cm:exit(res[2]) then error(res[2], 0) end`: the 0 keeps the error unchanged. Don't wrap exit in a pcall: an error it raises should replace the original.",
    "suppress copies its arguments with table.pack(...) and checks each type. Its exit(self, err) returns false when err is nil; otherwise true if some entry matches: a string entry when `type(err) == 'string' and err:find(entry, 1, true)` or `type(err) == 'table' and err.kind == entry`; a table entry when walking `mt = getmetatable(err)`, then `mt = getmetatable(mt)`, reaches the entry.",
  },
  -- Tests the starter passes as written (dojo validate checks that every
  -- other test fails on it).
  starter_passes = {
    "suppress with(cm, fn) lets the error through when exit returns false or nothing",
    "suppress with(cm, fn) calls neither fn nor exit when enter raises",
    "suppress suppress(...) lets any other error through unchanged",
  },
}
