-- assert_chains_spec.lua: the modifier chains (is, are, has, was, does,
-- is_not, are_not, has_no, not, no; any case, any order), custom failure
-- messages, the message() modifier, plain assert(), and what luassert 1.9
-- does with an assertion that does not exist (lt, gt: an error, not a
-- failure: "luassert: unknown modifier/assertion").
local temperature = require('temperature')

describe('chains', function()
  it('passes assert.are.equal', function() assert.are.equal(212, temperature.c_to_f(100)) end)
  it('passes assert.is.equal', function() assert.is.equal(32, temperature.c_to_f(0)) end)
  it('passes assert.are_not.equal', function() assert.are_not.equal(0, temperature.c_to_f(0)) end)
  it('fails assert.are_not.equal', function() assert.are_not.equal(32, temperature.c_to_f(0)) end)
  it('passes assert.is_not.same', function() assert.is_not.same({ 1 }, { 2 }) end)
  it('fails assert.is_not.same', function() assert.is_not.same({ 1 }, { 1 }) end)
  it('passes assert.is_not_nil', function() assert.is_not_nil(temperature.classify(5)) end)
  it('fails assert.is_not_nil', function() assert.is_not_nil(temperature.missing) end)
  it('passes assert.is_not_true on false', function() assert.is_not_true(false) end)
  it('passes assert.not_equal', function() assert.not_equal('warm', temperature.classify(5)) end)
  it('passes assert.Not.Equal in mixed case', function() assert.Not.Equal('warm', temperature.classify(-5)) end)
  it('fails assert.Are.Equal in mixed case', function() assert.Are.Equal('warm', temperature.classify(-5)) end)
  it('passes a double negation', function() assert.is_not.Not.equal(1, 1) end)
  it('passes has.no.errors', function() assert.has.no.errors(function() temperature.classify(1) end) end)
  it('passes does.equal', function() assert.does.equal('cold', temperature.classify(1)) end)
  it('passes are.truthy', function() assert.are.truthy(temperature) end)
  it('fails is.falsy', function() assert.is.falsy(temperature) end)
end)

describe('custom messages', function()
  it('passes with a custom message', function()
    assert.are.equal(0, temperature.f_to_c(32), 'freezing point')
  end)

  it('fails equal with a custom message', function()
    assert.are.equal(100, temperature.f_to_c(200), 'boiling point')
  end)

  it('fails is_true with a custom message', function()
    assert.is_true(false, 'msg')
  end)

  it('fails truthy with a custom message', function()
    assert.truthy(nil, 'expected something')
  end)

  it('fails same with a table as the message', function()
    assert.same({ 1 }, { 2 }, { why = 'tables differ' })
  end)

  it('fails with the message modifier', function()
    assert.message('set by the modifier').is_true(false)
  end)

  it('passes with the message modifier', function()
    assert.message('unused').are.same({}, {})
  end)
end)

describe('plain assert', function()
  it('fails assert(false)', function() assert(false) end)
  it('fails assert(false) with a message', function() assert(false, 'plain message') end)
  it('fails assert(nil)', function() assert(nil) end)
  it('fails assert on a comparison', function() assert(temperature.c_to_f(10) == 40) end)
  it('passes assert with a truthy value', function() assert('yes') end)
  it('passes assert on a comparison', function() assert(temperature.c_to_f(10) == 50) end)

  it('passes and returns its arguments', function()
    local v, msg = assert(42, 'forty-two')
    assert.are.equal(42, v)
    assert.are.equal('forty-two', msg)
  end)

  it('fails assert with a level', function()
    assert(false, 'with a level', assert:level(2))
  end)
end)

describe('comparisons luassert 1.9 does not have', function()
  it('errors on assert.is_lt, an unknown assertion', function()
    assert.is_lt(2, 1)
  end)

  it('errors on assert.is.gt, an unknown assertion', function()
    assert.is.gt(1, 2)
  end)

  it('errors on assert.is_lteq and assert.is_gteq likewise', function()
    assert.is_lteq(2, 1)
    assert.is_gteq(1, 2)
  end)

  it('compares with assert.is_true instead', function()
    assert.is_true(temperature.c_to_f(0) < temperature.c_to_f(1))
  end)

  it('fails a comparison written with assert.is_true', function()
    assert.is_true(temperature.c_to_f(0) > temperature.c_to_f(1), 'expected 32 > 33.8')
  end)
end)
