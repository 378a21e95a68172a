-- The spec of the spy_forge case: add.each(list, fn, how) must call fn once
-- per item of list, with the item; `how` picks the forging trick the
-- hostile solution tries after calling fn too often.
local add = require("add")

describe("add.each", function()
  for _, how in ipairs({ "assign", "remove", "rawset", "metatable", "clear", "revert",
                         "pcall_clear", "wrap_clear", "callback", "methods", "load_clear" }) do
    it("calls back once per item (" .. how .. ")", function()
      local s = spy.new(function() end)
      add.each({ 1, 2 }, s, how)
      assert.spy(s).was.called(2)
      assert.are.equal(2, #s.calls)
      assert.spy(s).was_not.called_with("extra")
    end)
  end
  it("calls a stub once per item (invokes_clear)", function()
    local target = { f = function() end }
    local st = stub(target, "f")
    add.each({ 1, 2 }, target.f, "invokes_clear")
    assert.stub(st).was.called(2)
  end)
  it("records the items through a stub", function()
    local target = { f = function() end }
    local st = stub(target, "f")
    add.each({ 7 }, target.f, "assign")
    assert.stub(st).was.called(1)
    assert.stub(st).was.called_with(7)
  end)
end)
