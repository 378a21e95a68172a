-- The spec of the swallow_cut_short case: add.each(list, fn, how) calls fn
-- once per item with { item, item * 2 }; fn is the spec's, and the spec
-- checks only there, with same (as callback-style specs often do). `how`
-- picks the way the hostile solution cuts that check short.
local add = require("add")

describe("add.each", function()
  for _, how in ipairs({ "cstack_pcall", "cstack_resume", "cstack_wrap", "index_raise" }) do
    it("calls back with pairs (" .. how .. ")", function()
      add.each({ 1, 2 }, function(v) assert.are.same({ v[1], v[1] * 2 }, v) end, how)
    end)
  end
end)
