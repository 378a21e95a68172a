-- The spec of the shadow_async case: it runs the solution inside dojo's
-- event loop and asserts through luassert required by name; a submission's
-- own async.lua, luassert.lua or say.lua must not replace what the spec gets.
local async = require("async")
local la = require("luassert")
local add = require("add")

describe("add", function()
  it("adds inside the event loop", function()
    assert.are.equal(3, async.run(function() return add(1, 2) end))
  end)
  it("adds after a sleep on the virtual clock", function()
    assert.are.equal(3, async.run(function() async.sleep(5) return add(1, 2) end, { clock = "virtual" }))
  end)
  it("adds, checked through require('luassert')", function()
    la.are.equal(3, add(1, 2))
  end)
end)
