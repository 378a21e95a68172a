-- busted_runner_spec.lua: a spec that starts with require('busted.runner')(),
-- as busted's docs show for running a spec file with plain lua; under
-- busted the call does nothing. Test names carry #tags, which busted keeps.
require('busted.runner')()

local temperature = require('temperature')

describe('a spec run through busted.runner', function()
  it('converts freezing #fast', function()
    assert.are.equal(32, temperature.to_fahrenheit(0))
  end)

  it('converts boiling #fast #edge', function()
    assert.are.equal(212, temperature.to_fahrenheit(100))
  end)

  it('fails on a wrong conversion', function()
    assert.are.equal(100, temperature.to_fahrenheit(37))
  end)
end)
