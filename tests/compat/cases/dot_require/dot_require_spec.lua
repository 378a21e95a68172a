-- dot_require_spec.lua: the spec and the solution require modules as
-- require('./name'), which busted finds through its ./?.lua path; the
-- module is loaded once whichever form is used.
local shout = require('./shout')

describe('dot_require', function()
  it('loads the module through ./name', function()
    assert.are.equal('HEY!', shout.shout('hey'))
  end)

  it('fails on a wrong answer', function()
    assert.are.equal('hey', shout.shout('hey'))
  end)

  it('lets the solution require a sibling through ./name', function()
    assert.are.equal('hey!', shout.exclaim('hey'))
  end)
end)
