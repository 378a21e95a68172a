-- lazy_setup_errors_spec.lua: lazy_setup runs once, before the first test
-- of its block that runs (or of a nested block); when it raises, busted
-- reports its error once and runs none of the tests under the block, and
-- none of their before_each/after_each.
local fixture = require('fixture')
local log = {}
local function note(s) log[#log + 1] = s end

describe('fixtures', function()
  describe('users', function()
    local users
    lazy_setup(function() users = fixture.load('users') end)

    it('has two users', function() assert.are.equal(2, #users) end)
    it('fails on the third user', function() assert.is_string(users[3]) end)
  end)

  describe('missing', function()
    local data
    lazy_setup(function()
      note('missing:lazy_setup1')
      data = fixture.load('missing')
    end)
    lazy_setup(function() note('missing:lazy_setup2') end)
    before_each(function() note('missing:be') end)
    after_each(function() note('missing:ae') end)
    lazy_teardown(function() note('missing:lazy_teardown') end)

    it('is not run', function() note('missing:test1') end)
    it('is not run either', function() note('missing:test2') end)

    describe('nested', function()
      lazy_setup(function() note('missing:nested:lazy_setup') end)
      it('is not run below a failed lazy_setup', function() note('missing:test3') end)
    end)
  end)

  describe('lazy_setup with a failing assertion', function()
    lazy_setup(function() assert.is_nil(fixture) end)
    it('is not run', function() end)
  end)

  describe('lazy_setup only in an outer block', function()
    lazy_setup(function() note('outer:lazy_setup') end)
    describe('inner', function()
      it('triggers the outer lazy_setup', function()
        assert.are.equal('outer:lazy_setup', log[#log])
      end)
    end)
  end)

  it('saw what busted runs around a failed lazy_setup', function()
    assert.same({
      'missing:lazy_setup1', 'missing:lazy_setup2', 'missing:lazy_teardown',
      'outer:lazy_setup',
    }, log)
  end)

  it('loaded the users fixture once', function()
    assert.same({ 'users' }, fixture.loaded)
  end)
end)
