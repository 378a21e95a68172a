-- expect: memory
-- timeout: 60
return function()
  pcall(collectgarbage, "stop") -- refused: the bomb still grows
  local s = "x"
  while true do s = s .. s .. "y" end
end
