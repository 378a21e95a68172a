-- expect: runtime
-- Files are read-only for solutions: every writing mode is refused, a read
-- handle does not write, and its metatable is not the host's file methods.
local wrote = false
for _, mode in ipairs({ "w", "a", "r+", "w+", "a+", "wb", "ab", "rb+" }) do
  local f = io.open("add.lua", mode) or io.open("new.txt", mode)
  if f then wrote = true end
end
local f = io.open("add.lua")
if f and f:write("x") then wrote = true end
if f and type(getmetatable(f)) == "table" then wrote = true end
if io.stdout and type(getmetatable(io.stdout)) == "table" then wrote = true end
if not wrote then error("every write was refused") end
return function(a, b) return a + b end
