return { run = function() return 3 end, sleep = function() end }
