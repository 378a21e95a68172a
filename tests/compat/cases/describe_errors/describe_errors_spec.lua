-- describe_errors_spec.lua: errors raised by describe bodies while busted
-- collects the tests: a string error after some tests were declared, a
-- table error, a failed assertion, an error in a nested body. busted reports
-- one error for the block and runs none of the tests it declared; blocks
-- around it and after it run as usual.
local shapes = require('shapes')

describe('shapes', function()
  it('computes a square', function()
    assert.are.equal(4, shapes.area({ kind = 'square', side = 2 }))
  end)

  describe('a body that raises after declaring a test', function()
    it('is declared but never run', function() end)
    local a = shapes.area({ kind = 'triangle' })
    it('is never declared', function() assert.is_number(a) end)
  end)

  describe('a body that raises a table', function()
    it('is declared but never run', function() end)
    error({ code = 42 })
  end)

  describe('a body with a failing assertion', function()
    assert.are.equal(1, 2)
    it('is never declared', function() end)
  end)

  describe('an outer body', function()
    it('runs before the broken nested block', function()
      assert.truthy(shapes.area)
    end)

    describe('a nested body that raises', function()
      it('is declared but never run', function() end)
      local x = nil
      x.field = 1
    end)

    it('runs after the broken nested block', function()
      assert.are.equal(9, shapes.area({ kind = 'square', side = 3 }))
    end)

    it('fails after the broken nested block', function()
      assert.are.equal(3, shapes.area({ kind = 'circle', r = 1 }))
    end)
  end)

  describe('a body that calls error with a number', function()
    error(7)
  end)

  it('runs after all the broken blocks', function()
    assert.has_error(function() shapes.area({}) end)
  end)
end)
