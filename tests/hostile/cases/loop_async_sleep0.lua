-- expect: timeout
-- in-process
-- Tasks that hand control back and forth with sleep(0) forever, each one
-- catching the errors raised into it: the scheduler's pass (in C) must
-- stop at the deadline, and no pcall inside a task can swallow it.
return function()
  local async = require("async")
  async.run(function()
    for _ = 1, 3 do
      async.spawn(function()
        while true do pcall(async.sleep, 0) end
      end)
    end
    while true do pcall(async.sleep, 0) end
  end)
end
