-- The spec of the swallow_failure case: add.each(list, fn, how) calls fn
-- once per item with the item doubled; fn is the spec's and asserts what it
-- is given. `how` picks the way the hostile solution catches that failure.
-- The last test catches failures itself, as specs may: that stays a pass.
local add = require("add")

describe("add.each", function()
  for _, how in ipairs({ "pcall", "xpcall", "resume", "close", "wrap", "load", "gc", "task" }) do
    it("calls back with each item doubled (" .. how .. ")", function()
      local seen = {}
      add.each({ 1, 2 }, function(v)
        seen[#seen + 1] = v
        assert.are.equal(#seen * 2, v)
      end, how)
      assert.are.equal(2, #seen)
    end)
  end
  it("is checked by a spec that catches its own failures", function()
    local ok = pcall(assert.are.equal, 1, 2)
    assert.is_false(ok)
    assert.has_error(function() assert.is_true(false) end)
    add.each({ 1 }, function(v) assert.are.equal(2, v) end, "pcall")
  end)
end)
