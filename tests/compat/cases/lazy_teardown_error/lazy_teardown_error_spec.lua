-- lazy_teardown_error_spec.lua: every test passes, but the block's
-- lazy_teardown raises: busted reports an error for it and the run fails,
-- so dojo must not call this spec a pass.
local pool = require('pool')

describe('pool', function()
  lazy_setup(function() pool.out = 0 end)
  lazy_teardown(function() pool.drain() end)

  it('hands out a connection', function()
    assert.are.equal(1, pool.get().id)
  end)

  it('hands out another', function()
    assert.are.equal(2, pool.get().id)
  end)
end)
