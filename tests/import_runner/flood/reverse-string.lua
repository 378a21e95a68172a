-- Right, but prints far more than the interface's 500 characters.
return function(s)
  for i = 1, 2000 do
    print('line ' .. i .. ' of the flood')
  end
  return s:reverse()
end
