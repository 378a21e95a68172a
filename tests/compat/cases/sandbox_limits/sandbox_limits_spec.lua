-- sandbox_limits_spec.lua: what busted gives a solution and a spec that
-- dojo leaves out on purpose (see known_differences.txt), beside what it
-- keeps for compatibility.
local host = require('host')

describe('the solution', function()
  it('sees package', function()
    assert.is_true(host.has_package())
  end)

  it('reads the environment', function()
    assert.is_true(host.home_known())
  end)

  it('handles errors with debug.traceback', function()
    local ok, trace = host.traced(function() error('boom') end)
    assert.is_false(ok)
    assert.matches('boom', trace)
  end)

  it('writes to io.stderr', function()
    assert.are.equal('careful', host.warn('careful'))
  end)
end)

describe('the spec', function()
  it('can run a command', function()
    assert.is_function(os.execute)
  end)

  it('requires penlight', function()
    assert.is_table(require('pl.tablex'))
  end)
end)
