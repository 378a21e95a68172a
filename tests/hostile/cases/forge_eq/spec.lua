-- The spec of the forge_eq case: add.pair(a, b) returns { a, b, a + b }
-- (a new table), add.into(list, fn) calls fn once with that table for
-- { 1, 2 }. The spec compares the answer with equal against a table it
-- holds, with same in both argument orders, through matchers, and
-- add.ids() must give three different ids (is_unique).
local add = require("add")

describe("add.pair", function()
  it("returns the table it was given when it is already a pair", function()
    local t = { 1, 2, 3 }
    assert.are.equal(t, add.pair(1, 2, t))
  end)
  it("returns the pair and sum (expected first)", function()
    assert.are.same({ 1, 2, 3 }, add.pair(1, 2))
  end)
  it("returns the pair and sum (actual first)", function()
    assert.are.same(add.pair(2, 3), { 2, 3, 5 })
  end)
  it("calls back with the pair", function()
    local s = spy.new(function() end)
    add.into({ 1, 2 }, s)
    assert.spy(s).was.called_with(match.is_same({ 1, 2, 3 }))
  end)
  it("calls back with a reference it was given", function()
    local s = spy.new(function() end)
    local t = { 1, 2, 3 }
    add.into({ 1, 2 }, s, t)
    assert.spy(s).was.called_with(match.is_ref(t))
  end)
  it("makes three different ids", function()
    local ids = add.ids()
    assert.are.equal(3, #ids)
    assert.is_unique(ids)
  end)
end)
