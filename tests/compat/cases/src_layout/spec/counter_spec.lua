-- counter_spec.lua: busted's project layout: the spec in spec/, the
-- modules in src/, busted run from the project folder (`busted .`).
local counter = require('counter')

describe('a counter in src/', function()
  it('starts where it is told', function()
    assert.are.equal(5, counter.new(5).value)
  end)

  it('ticks through its own module', function()
    local c = counter.new()
    c.tick()
    assert.are.equal(2, c.tick())
  end)

  it('fails on a wrong count', function()
    assert.are.equal(3, counter.new(1).tick())
  end)
end)
