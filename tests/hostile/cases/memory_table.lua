-- expect: memory
-- timeout: 10
return function()
  local t = {}
  for i = 1, math.huge do t[i] = { i, i, i, i } end
end
