-- expect: memory
return function()
  collectgarbage("stop")
  local s = "x"
  while true do s = s .. s .. "y" end
end
