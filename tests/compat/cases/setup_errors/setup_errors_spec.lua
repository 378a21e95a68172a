-- setup_errors_spec.lua: setup/strict_setup that raise. busted reports one
-- error for the block and runs none of its tests nor its nested blocks, but
-- still runs the rest of the block's setup list and its teardown; sibling
-- blocks are not affected. lazy_setup errors are in lazy_setup_errors.
local config = require('config')
local log = {}
local function note(s) log[#log + 1] = s end

describe('config', function()
  describe('parsing a good file', function()
    local cfg
    setup(function() cfg = config.parse('a=1\nb=2') end)

    it('reads a', function() assert.are.equal('1', cfg.a) end)
    it('reads b', function() assert.are.equal('2', cfg.b) end)
    it('fails on c', function() assert.are.equal('3', cfg.c) end)
  end)

  describe('parsing a bad file', function()
    local cfg
    setup(function()
      note('bad:setup1')
      cfg = config.parse('a=1\nnonsense')
    end)
    setup(function() note('bad:setup2') end)
    teardown(function() note('bad:teardown') end)
    before_each(function() note('bad:be') end)

    it('is never run', function()
      note('bad:test')
      assert.is_table(cfg)
    end)

    describe('nested', function()
      setup(function() note('bad:nested:setup') end)
      it('is never run either', function() note('bad:nested:test') end)
    end)
  end)

  describe('with a failing assertion in strict_setup', function()
    strict_setup(function() assert.is_nil(config) end)
    strict_teardown(function() note('assert:teardown') end)

    it('is not run', function() note('assert:test') end)
  end)

  describe('with a table error in setup', function()
    setup(function() error({ reason = 'table' }) end)

    it('is not run', function() note('table:test') end)
  end)

  it('saw teardown run after the failed setups', function()
    assert.same({ 'bad:setup1', 'bad:setup2', 'bad:teardown', 'assert:teardown' }, log)
  end)

  it('saw no test of a failed block run', function()
    for _, entry in ipairs(log) do
      assert.is_nil(entry:match('test$'))
    end
  end)
end)
