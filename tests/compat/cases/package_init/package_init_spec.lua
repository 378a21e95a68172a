-- package_init_spec.lua: a solution laid out as a package, a folder with
-- init.lua (found through ./?/init.lua, as Lua's default path does) that
-- requires a module of its own folder by its dotted name.
local shapes = require('shapes')
local circle = require('shapes.circle')

describe('package_init', function()
  it('loads the package through its init.lua', function()
    assert.are.equal(4, shapes.square_area(2))
  end)

  it('loads a module inside the package', function()
    assert.are.near(3.14159, circle.area(1), 1e-4)
  end)

  it('shares the inner module with the package', function()
    assert.are.equal(circle, shapes.circle)
  end)

  it('fails on a wrong area', function()
    assert.are.equal(5, shapes.square_area(2))
  end)
end)
