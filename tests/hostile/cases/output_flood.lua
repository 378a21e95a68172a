-- expect: output-limit
return function(a, b)
  while true do print(("spam"):rep(100)) end
end
