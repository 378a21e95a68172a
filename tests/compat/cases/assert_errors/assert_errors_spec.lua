-- assert_errors_spec.lua: has_error/has_no_error and the errors alias, with
-- and without the expected error value (string, table, number), and
-- error_matches with patterns, init and plain; each passing and failing.
local account = require('account')

describe('has_error', function()
  local acct
  before_each(function() acct = account.new(10) end)

  it('passes when the function raises', function()
    assert.has_error(function() acct:withdraw(100) end)
  end)

  it('fails when the function does not raise', function()
    assert.has_error(function() acct:withdraw(1) end)
  end)

  it('passes with the expected message, position stripped', function()
    assert.has_error(function() acct:withdraw(100) end, 'insufficient funds: 10 < 100')
  end)

  it('fails with a different message', function()
    assert.has_error(function() acct:withdraw(100) end, 'insufficient funds')
  end)

  it('passes with a level-0 message', function()
    assert.has_error(function() acct:close() end, 'closed')
  end)

  it('passes with the expected table error', function()
    assert.has_error(function() acct:withdraw(-1) end, { code = 'EINVAL', amount = -1 })
  end)

  it('fails with a different table error', function()
    assert.has_error(function() acct:withdraw(-1) end, { code = 'EINVAL', amount = 1 })
  end)

  it('passes with the expected number error', function()
    assert.has_error(function() acct:freeze() end, 403)
  end)

  it('fails with a different number error', function()
    assert.has_error(function() acct:freeze() end, 404)
  end)

  it('passes with the errors alias', function()
    assert.errors(function() account.new('ten') end, 'balance must be a number')
  end)

  it('passes with the has.errors chain', function()
    assert.has.errors(function() account.new() end)
  end)

  it('fails with a custom message', function()
    assert.has_error(function() end, nil, 'expected the empty function to raise')
  end)

  it('fails when given something that is not a function', function()
    assert.has_error(42)
  end)
end)

describe('has_no_error', function()
  it('passes when the function does not raise', function()
    assert.has_no_error(function() account.new(1):withdraw(1) end)
  end)

  it('fails when the function raises', function()
    assert.has_no_error(function() account.new(1):withdraw(2) end)
  end)

  it('passes has_no.errors', function()
    assert.has_no.errors(function() account.new(5) end)
  end)

  it('passes is_not.error with an unexpected message', function()
    assert.is_not.error(function() account.new(1):withdraw(2) end, 'another message')
  end)

  it('fails has_no.error with the very message', function()
    assert.has_no.error(function() account.new(1):withdraw(2) end, 'insufficient funds: 1 < 2')
  end)

  it('fails has_no_error with a custom message', function()
    assert.has_no_error(function() error('boom') end, nil, 'should not raise')
  end)
end)

describe('error_matches', function()
  it('passes on a pattern', function()
    assert.error_matches(function() account.new(1):withdraw(5) end, '^insufficient funds: %d+ < %d+$')
  end)

  it('fails on a pattern that does not match', function()
    assert.error_matches(function() account.new(1):withdraw(5) end, '^overdrawn')
  end)

  it('fails when nothing is raised', function()
    assert.error_matches(function() end, '.*')
  end)

  it('passes on a plain search', function()
    assert.matches_error(function() account.new(1):withdraw(5) end, '1 < 5', 1, true)
  end)

  it('fails on a plain search for a pattern', function()
    assert.error_match(function() account.new(1):withdraw(5) end, '%d < %d', 1, true)
  end)

  it('passes on a number error converted to a string', function()
    assert.match_error(function() account.new(1):freeze() end, '^403$')
  end)

  it('fails on a table error without __tostring', function()
    assert.error_matches(function() account.new(1):withdraw(0) end, 'EINVAL')
  end)

  it('passes has_no.error_matches on another message', function()
    assert.has_no.error_matches(function() account.new(1):withdraw(5) end, 'negative')
  end)

  it('fails with a custom message', function()
    assert.error_matches(function() error('abc') end, 'xyz', 'custom: wanted xyz')
  end)
end)
