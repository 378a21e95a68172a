-- expect: runtime
-- Precompiled chunks are refused: load runs in text mode only.
local chunk = "\27Lua\84\0\25\147\13\10\26\10\4\8\8\120\86\0\0"
local f, err = load(chunk, "=x", "b")
assert(f, err)
return f
