-- The ordinary spec every hostile solution is graded against.
local add = require("add")

describe("add", function()
  it("adds two numbers", function()
    assert.are.equal(3, add(1, 2))
  end)
  it("adds negative numbers", function()
    assert.are.equal(-1, add(1, -2))
  end)
  it("adds floats", function()
    assert.are.equal(0.75, add(0.5, 0.25))
  end)
end)
