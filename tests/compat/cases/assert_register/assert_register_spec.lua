-- assert_register_spec.lua: custom assertions with assert:register and
-- their messages with say:set; used positively and negated, through chains,
-- with a custom failure message; a custom matcher; an assertion whose
-- callback itself raises; assert:unregister.
local inventory = require('inventory')
local say = require('say')

local function has_property(state, arguments)
  local property, t = arguments[1], arguments[2]
  return type(t) == 'table' and t[property] ~= nil
end
say:set('assertion.has_property.positive', 'Expected property %s in:\n%s')
say:set('assertion.has_property.negative', 'Expected property %s not to be in:\n%s')
assert:register('assertion', 'has_property', has_property,
  'assertion.has_property.positive', 'assertion.has_property.negative')

local function in_stock(state, arguments)
  return type(arguments[1]) == 'table' and (arguments[1].qty or 0) > 0
end
say:set('assertion.in_stock.positive', 'Expected %s to be in stock')
say:set('assertion.in_stock.negative', 'Expected %s to be out of stock')
assert:register('assertion', 'in_stock', in_stock, 'assertion.in_stock.positive', 'assertion.in_stock.negative')

local function broken(state, arguments)
  error('the assertion itself is broken')
end
assert:register('assertion', 'broken', broken, 'assertion.in_stock.positive', 'assertion.in_stock.negative')

local function positive_qty(state, arguments)
  return function(value) return type(value) == 'number' and value > 0 end
end
assert:register('matcher', 'positive_qty', positive_qty)

describe('custom assertions', function()
  local apple
  before_each(function() apple = inventory.item('apple', 0) end)

  it('passes has_property', function() assert.has_property('name', apple) end)
  it('fails has_property', function() assert.has_property('price', apple) end)
  it('passes the negated is_not.has_property', function() assert.is_not.has_property('price', apple) end)
  it('fails the negated is_not.has_property', function() assert.is_not.has_property('name', apple) end)
  it('errors on has_no_property, which luassert reads as an unknown no_property', function()
    assert.has_no_property('price', apple)
  end)
  it('fails has_property with a custom message', function()
    assert.has_property('color', apple, 'apples have colors')
  end)

  it('fails in_stock on an empty item', function() assert.is.in_stock(apple) end)
  it('passes in_stock after a restock', function() assert.is.in_stock(inventory.restock(apple, 3)) end)
  it('passes not_in_stock on an empty item', function() assert.is_not.in_stock(apple) end)
  it('fails not_in_stock after a restock', function() assert.is_not_in_stock(inventory.restock(apple, 1)) end)

  it('errors when the assertion callback raises', function() assert.is.broken(apple) end)

  it('passes a custom matcher in called_with', function()
    local s = spy.new(function() end)
    s(inventory.restock(apple, 2).qty)
    assert.spy(s).was.called_with(match.is_positive_qty())
  end)

  it('fails a custom matcher in called_with', function()
    local s = spy.new(function() end)
    s(apple.qty)
    assert.spy(s).was.called_with(match.is_positive_qty())
  end)
end)

describe('a registration inside a describe body', function()
  assert:register('assertion', 'empty_tags', function(state, arguments)
    return next(arguments[1].tags) == nil
  end, 'assertion.in_stock.positive', 'assertion.in_stock.negative')

  it('passes the assertion registered in the body', function()
    assert.has.empty_tags(inventory.item('pear', 1))
  end)

  it('fails the assertion registered in the body', function()
    local pear = inventory.item('pear', 1)
    pear.tags[1] = 'fruit'
    assert.has.empty_tags(pear)
  end)
end)

describe('unregister', function()
  it('errors on an assertion unregistered in this test', function()
    assert:unregister('assertion', 'empty_tags')
    assert.has.empty_tags(inventory.item('plum', 1))
  end)
end)
