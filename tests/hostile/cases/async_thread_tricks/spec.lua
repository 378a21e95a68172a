-- The spec of the async_thread_tricks case: add(a, b, how) is called from
-- an async task that the spec's main task awaits, and both the task and
-- the spec check the answer; `how` picks the trick the hostile solution
-- plays on the loop's threads (coroutine.running() hands out its own).
local add = require("add")
local async = require("async")

describe("add in a task", function()
  for _, how in ipairs({ "close_self", "close_other", "resume_sleeping" }) do
    it("adds (" .. how .. ")", function()
      local r = async.run(function()
        local t = async.spawn(function() async.sleep(0) return add(1, 2, how) end)
        local v = t:await()
        assert.are.equal(3, v)
        return v
      end)
      assert.are.equal(3, r)
    end)
  end
end)
