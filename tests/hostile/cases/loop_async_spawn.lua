-- expect: timeout|memory
-- in-process
-- A task that spawns tasks that spawn tasks, none of them ever ending: the
-- ready queue grows; the deadline or the memory limit ends it in-process.
return function()
  local async = require("async")
  local function breed() while true do async.spawn(breed) async.sleep(0) end end
  async.run(breed)
end
