-- expect: timeout
-- in-process
-- A task that loops forever, resumed by the event loop's C scheduler: the
-- deadline's hook must reach the task's thread and stop the loop too.
return function()
  local async = require("async")
  async.run(function()
    async.spawn(function() while true do end end)
    async.sleep(0)
  end)
end
