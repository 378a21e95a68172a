-- expect: memory|crash
-- timeout: 60
-- Fills the heap to its cap and keeps it full, so the runner builds each
-- test's record with no room left: the record goes out whole or the test
-- process dies (a crash), and nothing reads as a pass.
local hoard = {}
return function(a, b)
  pcall(function()
    for i = 1, math.huge do hoard[#hoard + 1] = ("x"):rep(1 << 16) .. i end
  end)
  return ("y"):rep(1 << 20)
end
