-- expect: memory
-- timeout: 5
return function()
  collectgarbage("stop")
  local s = "x"
  while true do s = s .. s .. "y" end
end
