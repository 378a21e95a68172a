-- counter_spec.lua: busted's project layout: the spec in spec/, the
-- modules in src/, busted run from the project folder (`busted .`): a
-- helper required as 'spec.helpers', a fixture read by its path from there.
local counter = require('counter')
require('spec.helpers')

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

  it('starts from a fixture file read from the project folder', function()
    local f = assert(io.open('spec/fixtures/start.txt'))
    local c = counter.new(tonumber(f:read('l')))
    f:close()
    assert.at_value(7, c)
    c.tick()
    assert.at_value(9, c)
  end)
end)
