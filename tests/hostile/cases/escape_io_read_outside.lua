-- expect: runtime
-- Reading outside the submission folder: absolute paths, "..", the canary.
local escaped = false
for _, p in ipairs({ "/etc/passwd", "../../../../../../etc/passwd", "/tmp/dojo-hostile-canary",
                     "./../add.lua", "/proc/self/environ" }) do
  local f = io.open(p)
  if f then escaped = true end
  if pcall(io.lines, p) then escaped = true end
  if pcall(require, p) then escaped = true end
end
if not escaped then error("every read outside the folder was refused") end
return function(a, b) return a + b end
