-- teardown_errors_spec.lua: teardown, strict_teardown and lazy_teardown that
-- raise. The block's tests keep their verdicts; busted reports one more
-- error for the block after them, and runs the rest of the teardown list.
local server = require('server')
local log = {}
local function note(s) log[#log + 1] = s end

describe('server', function()
  describe('stopped twice in teardown', function()
    local s
    setup(function() s = server.start() end)
    teardown(function() server.stop(s) end)
    teardown(function()
      note('twice:teardown2')
      server.stop(s)
    end)
    teardown(function() note('twice:teardown3') end)

    it('is running', function() assert.is_true(s.running) end)
    it('fails on purpose', function() assert.is_false(s.running) end)
  end)

  describe('with a failing assertion in strict_teardown', function()
    strict_teardown(function() assert.are.equal(1, 2) end)
    it('passes', function() assert.are.equal(1, 1) end)
  end)

  describe('with a raising lazy_teardown', function()
    local s
    lazy_setup(function() s = server.start() end)
    lazy_teardown(function()
      server.stop(s)
      server.stop(s)
    end)
    lazy_teardown(function() note('lazy:teardown2') end)

    it('is running', function() assert.is_true(s.running) end)
    it('errors on purpose', function() s.restart() end)
  end)

  describe('with a raising lazy_teardown and no test', function()
    lazy_setup(function() note('untouched:lazy_setup') end)
    lazy_teardown(function() error('never runs: lazy_setup never ran') end)
    pending('pending tests do not trigger lazy_setup')
  end)

  it('ran every teardown', function()
    assert.same({ 'twice:teardown2', 'twice:teardown3', 'lazy:teardown2' }, log)
  end)
end)

describe('a block after the teardown errors', function()
  it('still runs', function() assert.is_function(server.start) end)
end)
