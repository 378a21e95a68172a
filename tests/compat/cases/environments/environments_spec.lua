-- environments_spec.lua: where the spec's global variables live in busted.
-- A global assigned in a test belongs to that test; one assigned in a
-- describe body is seen by the block's tests only; expose hands its body's
-- globals to the rest of the file; insulate keeps them inside. Module state
-- (a table the solution holds) is shared by every test regardless.
local settings = require('settings')

describe('a describe body', function()
  body_global = 'body'

  it('sees its own body global', function()
    assert.are.equal('body', body_global)
  end)

  it('sets a test global', function()
    test_global = 'test'
    assert.are.equal('test', test_global)
  end)

  it('does not see the previous test global', function()
    assert.is_nil(test_global)
  end)
end)

describe('a sibling describe', function()
  it('does not see the other body global', function()
    assert.is_nil(body_global)
  end)

  it('fails when it expects the other body global', function()
    assert.are.equal('body', body_global)
  end)
end)

expose('an expose block', function()
  exposed_global = 'exposed'

  it('sets a test global inside expose', function()
    exposed_test_global = 'exposed test'
  end)
end)

describe('after the expose block', function()
  it('sees the exposed body global', function()
    assert.are.equal('exposed', exposed_global)
  end)

  it('does not see the test global set inside expose', function()
    assert.is_nil(exposed_test_global)
  end)
end)

insulate('an insulate block', function()
  insulated_global = 'insulated'

  it('sees the insulated body global', function()
    assert.are.equal('insulated', insulated_global)
  end)
end)

describe('after the insulate block', function()
  it('does not see the insulated body global', function()
    assert.is_nil(insulated_global)
  end)
end)

describe('module state', function()
  it('is changed by one test', function()
    settings.set('theme', 'dark')
    assert.are.equal('dark', settings.get('theme'))
  end)

  it('is seen by the next test', function()
    assert.are.equal('dark', settings.get('theme'))
  end)

  it('fails when a test expects it reset', function()
    assert.is_nil(settings.get('theme'))
  end)
end)

describe('file locals', function()
  local counter = 0
  it('are shared by tests', function()
    counter = counter + 1
    assert.are.equal(1, counter)
  end)

  it('keep their value between tests', function()
    counter = counter + 1
    assert.are.equal(2, counter)
  end)
end)
