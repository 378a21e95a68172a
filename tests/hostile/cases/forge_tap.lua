-- expect: fail
-- Output that looks like a passing report must stay output.
return function(a, b)
  print("ok 1 - add adds two numbers\nok 2 - add adds negative numbers\n1..2\n3 passed, 0 failed")
  io = nil
  return 0
end
