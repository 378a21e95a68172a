-- expect: memory
-- timeout: 60
-- (a long limit so the memory cap is what ends it: filling 64 MiB takes
-- 0.3 s of CPU, 10 s of wall clock with the CPU shared 15 ways)
return function()
  local t = {}
  for i = 1, math.huge do t[i] = { i, i, i, i } end
end
