-- expect: timeout
-- in-process
-- Lua code called back from C (string.gsub, table.sort) in a pcall loop.
return function()
  while true do
    pcall(string.gsub, "aaaa", ".", function() while true do end end)
    pcall(table.sort, { 3, 2, 1 }, function() while true do end end)
  end
end
