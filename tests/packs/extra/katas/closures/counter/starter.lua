local counter = {}
function counter.new() return function() return 0 end end
return counter
