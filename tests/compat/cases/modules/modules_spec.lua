-- modules_spec.lua: a spec using several solution modules: one requiring
-- another, loaded once and shared; a module that raises while loading
-- (inside a test, and inside a describe body); a module returning nothing;
-- a module that does not exist.
local geometry = require('geometry')
local vector = require('vector')

describe('modules', function()
  it('computes a perimeter through both modules', function()
    local square = { { x = 0, y = 0 }, { x = 1, y = 0 }, { x = 1, y = 1 }, { x = 0, y = 1 } }
    assert.are.equal(4, geometry.perimeter(square))
  end)

  it('fails on a wrong perimeter', function()
    local tri = { { x = 0, y = 0 }, { x = 3, y = 0 }, { x = 0, y = 4 } }
    assert.are.equal(13, geometry.perimeter(tri))
  end)

  it('loads a module once for the spec and the solution', function()
    assert.are.equal(1, vector.loads)
    assert.are.equal(vector, require('vector'))
  end)

  it('errors when a module raises while loading', function()
    require('broken')
  end)

  it('errors when a module does not exist', function()
    require('no_such_module')
  end)

  it('gets true from a module that returns nothing', function()
    assert.is_true(require('nothing'))
  end)

  describe('a body that requires a broken module', function()
    local broken = require('broken')
    it('is never run', function() assert.is_table(broken) end)
  end)

  it('sees a global the solution set', function()
    assert.are.equal(1, LOADS)
  end)
end)
