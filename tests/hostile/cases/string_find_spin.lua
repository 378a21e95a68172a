-- expect: timeout
-- Exponential backtracking inside C: no Lua hook ever fires here.
return function()
  return string.find(string.rep("a", 300), ".-.-.-.-.-.-.-.-.-b")
end
