-- Wrong on purpose: only a word of one letter comes back right.
return function(s)
  print('reversing ' .. s)
  return s
end
