-- expect: fail
-- Rewriting the string library through every path a solution has: its own
-- copy, the decoy getmetatable("") gives, and the methods strings find. The
-- spec's failure messages (string.format, rep...) must not change; the
-- solution is wrong, so every test must still fail.
local function poison(t)
  if type(t) ~= "table" then return end
  pcall(function()
    t.format = function() return "" end
    t.rep = function() return "" end
    t.find = function() return 1, 1 end
    t.gsub = function(s) return s, 0 end
  end)
end
poison(string)
poison(getmetatable(""))
poison(type(getmetatable("")) == "table" and getmetatable("").__index)
return function() return 0 end
