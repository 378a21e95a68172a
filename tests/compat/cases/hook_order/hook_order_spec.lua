-- hook_order_spec.lua: before_each/after_each at every nesting level (file,
-- describe, context, nested describe), several hooks in one block, setup and
-- teardown, strict_setup/strict_teardown, lazy_setup/lazy_teardown. Every
-- hook appends to one shared log; tests assert on it as they go and the last
-- test asserts the whole run order.
local Stack = require('stack')
local log = {}
local function note(s) log[#log + 1] = s end
local function since(mark)
  local out = {}
  for i = mark + 1, #log do out[#out + 1] = log[i] end
  return out
end

before_each(function() note('file:be') end)
after_each(function() note('file:ae') end)
setup(function() note('file:setup') end)
teardown(function() note('file:teardown') end)

describe('stack', function()
  local s

  setup(function() note('stack:setup') end)
  lazy_setup(function() note('stack:lazy_setup') end)
  before_each(function()
    note('stack:be1')
    s = Stack.new()
  end)
  before_each(function() note('stack:be2') end)
  after_each(function() note('stack:ae1') end)
  after_each(function() note('stack:ae2') end)
  lazy_teardown(function() note('stack:lazy_teardown') end)
  teardown(function() note('stack:teardown') end)

  it('starts empty', function()
    note('test:starts empty')
    assert.are.equal(0, s:size())
    assert.same({ 'file:setup', 'stack:setup', 'stack:lazy_setup', 'file:be', 'stack:be1', 'stack:be2', 'test:starts empty' }, log)
  end)

  it('gets a fresh stack from before_each', function()
    local mark = #log
    s:push(1)
    assert.are.equal(1, s:size())
    assert.same({}, since(mark))
  end)

  it('ran the after_each hooks inside out', function()
    -- the previous test ended with: stack:ae1, stack:ae2, file:ae
    local n = #log
    assert.same({ 'stack:ae1', 'stack:ae2', 'file:ae', 'file:be', 'stack:be1', 'stack:be2' },
      { log[n - 5], log[n - 4], log[n - 3], log[n - 2], log[n - 1], log[n] })
  end)

  it('fails but the hooks still run', function()
    s:pop()
    assert.are.equal(0, s:size())
  end)

  context('in a context', function()
    strict_setup(function() note('ctx:strict_setup') end)
    lazy_setup(function() note('ctx:lazy_setup') end)
    before_each(function() note('ctx:be') end)
    after_each(function() note('ctx:ae') end)
    strict_teardown(function() note('ctx:strict_teardown') end)
    lazy_teardown(function() note('ctx:lazy_teardown') end)

    it('runs the outer before_each first', function()
      local n = #log
      assert.same({ 'ctx:lazy_setup', 'file:be', 'stack:be1', 'stack:be2', 'ctx:be' },
        { log[n - 4], log[n - 3], log[n - 2], log[n - 1], log[n] })
    end)

    describe('nested', function()
      before_each(function() note('nested:be') end)
      after_each(function() note('nested:ae') end)

      it('sees four before_each levels', function()
        local n = #log
        assert.same({ 'file:be', 'stack:be1', 'stack:be2', 'ctx:be', 'nested:be' },
          { log[n - 4], log[n - 3], log[n - 2], log[n - 1], log[n] })
      end)

      it('fails on purpose after the hooks', function()
        assert.are.equal('nested:ae', log[#log])
      end)
    end)
  end)

  describe('without tests', function()
    setup(function() note('empty:setup') end)
    lazy_setup(function() note('empty:lazy_setup') end)
    teardown(function() note('empty:teardown') end)
    lazy_teardown(function() note('empty:lazy_teardown') end)
    pending('only a pending test')
  end)
end)

describe('the whole run', function()
  it('happened in busted order', function()
    assert.same({
      'file:setup',
      'stack:setup', 'stack:lazy_setup',
      -- starts empty
      'file:be', 'stack:be1', 'stack:be2', 'test:starts empty', 'stack:ae1', 'stack:ae2', 'file:ae',
      -- gets a fresh stack from before_each
      'file:be', 'stack:be1', 'stack:be2', 'stack:ae1', 'stack:ae2', 'file:ae',
      -- ran the after_each hooks inside out
      'file:be', 'stack:be1', 'stack:be2', 'stack:ae1', 'stack:ae2', 'file:ae',
      -- fails but the hooks still run
      'file:be', 'stack:be1', 'stack:be2', 'stack:ae1', 'stack:ae2', 'file:ae',
      -- in a context
      'ctx:strict_setup',
      'ctx:lazy_setup', 'file:be', 'stack:be1', 'stack:be2', 'ctx:be', 'ctx:ae', 'stack:ae1', 'stack:ae2', 'file:ae',
      'file:be', 'stack:be1', 'stack:be2', 'ctx:be', 'nested:be', 'nested:ae', 'ctx:ae', 'stack:ae1', 'stack:ae2', 'file:ae',
      'file:be', 'stack:be1', 'stack:be2', 'ctx:be', 'nested:be', 'nested:ae', 'ctx:ae', 'stack:ae1', 'stack:ae2', 'file:ae',
      'ctx:lazy_teardown', 'ctx:strict_teardown',
      -- without tests: strict setup/teardown only, no lazy hooks
      'empty:setup', 'empty:teardown',
      'stack:lazy_teardown', 'stack:teardown',
      -- this test
      'file:be',
    }, log)
  end)
end)
