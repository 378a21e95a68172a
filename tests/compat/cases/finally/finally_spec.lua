-- finally_spec.lua: finally(fn) inside a test: it runs after a pass, a
-- failure, an error and pending(); an error or a failed assertion inside it
-- turns a passing test into an error but leaves a failure a failure; only
-- the last finally of a test runs.
local resource = require('resource')
local log = {}

describe('finally', function()
  it('runs after a passing test', function()
    local h = resource.acquire()
    finally(function() log[#log + 1] = 'pass'; h.close() end)
    assert.is_false(h.closed)
  end)

  it('runs after a failing test', function()
    local h = resource.acquire()
    finally(function() log[#log + 1] = 'fail'; h.close() end)
    assert.is_true(h.closed)
  end)

  it('runs after an erroring test', function()
    local h = resource.acquire()
    finally(function() log[#log + 1] = 'error'; h.close() end)
    h.missing()
  end)

  it('closed every handle so far', function()
    assert.are.equal(0, resource.open)
    assert.same({ 'pass', 'after_each', 'fail', 'after_each', 'error', 'after_each' }, log)
  end)

  it('errors when finally raises after a pass', function()
    local h = resource.acquire()
    h.close()
    finally(function() h.close() end)
    assert.is_true(h.closed)
  end)

  it('errors when an assertion fails inside finally', function()
    finally(function() assert.are.equal(1, 2) end)
    assert.are.equal(1, 1)
  end)

  it('stays a failure when finally raises too', function()
    finally(function() error('finally error') end)
    assert.are.equal(1, 2)
  end)

  it('stays an error when finally fails too', function()
    finally(function() assert.is_nil(1) end)
    error('body error')
  end)

  it('errors when finally raises a table', function()
    finally(function() error({ code = 1 }) end)
  end)

  it('runs only the last finally', function()
    finally(function() log[#log + 1] = 'first' end)
    finally(function() log[#log + 1] = 'second' end)
  end)

  it('ran the second finally only', function()
    assert.same({ 'after_each', 'second', 'after_each' }, { log[#log - 2], log[#log - 1], log[#log] })
  end)

  it('stays pending when finally passes', function()
    finally(function() log[#log + 1] = 'after pending' end)
    pending('not yet')
  end)

  it('ran finally after pending', function()
    assert.are.equal('after pending', log[#log - 1])
  end)

  it('errors when finally raises after pending', function()
    finally(function() error('finally error after pending') end)
    pending('not yet')
  end)

  it('runs finally before after_each', function()
    finally(function() log[#log + 1] = 'finally' end)
  end)

  it('saw finally then after_each', function()
    assert.same({ 'finally', 'after_each' }, { log[#log - 1], log[#log] })
  end)

  it('does not leak a finally into the next test', function()
    local before = #log
    assert.are.equal(before, #log)
  end)

  it('did not run a finally for the previous test', function()
    assert.are_not.equal('finally', log[#log - 1])
  end)

  after_each(function() log[#log + 1] = 'after_each' end)
end)
