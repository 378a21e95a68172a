-- expect: fail|runtime
-- tests: 3
-- A wrong answer that plays with the event loop's threads, which
-- coroutine.running() hands to code in a task: closes its own task's
-- coroutine from another task (so the loop resumes a dead one), closes a
-- sleeping task's coroutine and resumes it by hand. The loop must neither
-- crash nor lose the spec's checks; every test fails or errors.
local async = require("async")
return function(a, b, how)
  local me = coroutine.running()
  if how == "close_self" then
    async.spawn(function() coroutine.close(me) end)
    async.sleep(0)
  else
    local victim
    async.spawn(function() victim = coroutine.running() async.sleep(10) end)
    async.sleep(0)
    if how == "close_other" then coroutine.close(victim) end
    coroutine.resume(victim)
  end
  return 0
end
