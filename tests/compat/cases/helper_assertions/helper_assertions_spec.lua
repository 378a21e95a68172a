-- helper_assertions_spec.lua: custom assertions kept in a helper module
-- beside the spec (assertions.lua), which requires luassert and say itself,
-- as exercises that share assertion code do; the helper belongs to the
-- spec's world, the solution module (parity.lua) to the solution's.
local checks = require('assertions')
local parity = require('parity')

describe('helper assertions', function()
  it('passes a custom assertion from the helper', function()
    assert.is_even_number(parity.double(3))
  end)

  it('fails a custom assertion from the helper', function()
    assert.is_even_number(parity.next_odd(4))
  end)

  it('passes the negated custom assertion', function()
    assert.is_not.even_number(parity.next_odd(2))
  end)

  it('uses a plain function the helper exports', function()
    assert.are.same({ 2, 4, 6 }, checks.evens(parity.first_evens(3)))
  end)

  it('fails through the helper function', function()
    assert.are.same({ 2, 4 }, checks.evens(parity.first_evens(3)))
  end)

  it('errors when the solution raises inside a helper assertion', function()
    assert.is_even_number(parity.broken())
  end)
end)
