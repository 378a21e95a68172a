return function(s)
  return s:reverse()
end
