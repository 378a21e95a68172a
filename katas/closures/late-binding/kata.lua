return {
  title = "Late binding: one variable or one per iteration",
  concept = "closures",
  difficulty = 2,
  points = 10,
  module = "late_binding",
  summary = "Closures made in a loop: one variable per iteration (Lua's for), one for the whole loop (Python's for), and bind, Lua's spelling of Python's `lambda i=i: i` fix.",
  hints = {
    "A closure captures a variable, never a value. Count the variables each loop creates: a `local` written inside the body of a while loop is a new variable on every pass; a `local` written before the loop is one variable for the whole loop. fresh needs n variables, shared needs one.",
    "fresh: `local i = 0; while i < n do i = i + 1; local v = i; gets[i] = function() return v end; sets[i] = function(x) v = x end end`. shared is the same loop without `local v`: both closures use `i` itself. bind must keep every argument, nils included: `local bound = table.pack(...)` outside the returned function, `table.pack(...)` again inside it, and `.n`, never `#`, for the counts.",
    "bind: inside `function(...)`, build one list: copy bound[1 .. bound.n], then the call's args after them, and `return f(table.unpack(all, 1, bound.n + args.n))` so that every result comes back. fixed is shared's loop with `gets[i] = bind(function(v) return v end, i)`: bind reads i's value now, as Python reads a default argument when the lambda is made. Check n first in fresh, shared and fixed: `if type(n) ~= \"number\" or n < 0 or n ~= math.floor(n) then error(\"bad argument #1 ...\", 2) end`.",
  },
  -- Tests the starter passes as written (dojo validate checks that every
  -- other test fails on it).
  starter_passes = {
    "late_binding fresh returns two empty lists for n = 0, and one pair for n = 1",
  },
}
