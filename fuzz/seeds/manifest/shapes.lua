local t = { title = "x", concept = "c", summary = "s", difficulty = 1, hints = { "h" } }
t[1] = "positional"
t[true] = 1
t.hints[2] = { nested = "table" }
t.test_points = { [1] = 2, x = -1 }
return t
