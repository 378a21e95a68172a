-- The spec of the vanish_block case: add.new() makes an adder, add.plain
-- adds. Two blocks call the solution outside any test, in a describe body
-- and in setup, as busted specs often do; their tests only exist (or run)
-- when that call works.
local add = require("add")

describe("an adder", function()
  local calc = add.new()
  it("adds two numbers", function() assert.are.equal(3, calc(1, 2)) end)
  it("adds negative numbers", function() assert.are.equal(-1, calc(1, -2)) end)
  it("adds floats", function() assert.are.equal(0.75, calc(0.5, 0.25)) end)
end)

describe("an adder made in setup", function()
  local calc
  setup(function() calc = add.new() end)
  it("adds two numbers", function() assert.are.equal(3, calc(1, 2)) end)
  it("adds zero", function() assert.are.equal(2, calc(2, 0)) end)
end)

describe("plain", function()
  it("adds two numbers", function() assert.are.equal(3, add.plain(1, 2)) end)
end)
