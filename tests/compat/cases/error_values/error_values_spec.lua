-- error_values_spec.lua: error() with a string, a string at level 0, a
-- table, a table with __tostring, nil, a number, false; runtime errors in
-- the solution; errors caught by pcall and by assert.has_error.
local parser = require('parser')

describe('errors', function()
  it('passes on a good number', function()
    assert.are.equal(12, parser.number('12'))
  end)

  it('errors with a string', function()
    error('a plain string error')
  end)

  it('errors with a string at level 0', function()
    error('no position', 0)
  end)

  it('errors with a string from the solution', function()
    parser.number(12)
  end)

  it('errors with a table', function()
    error({ code = 1, reason = 'table' })
  end)

  it('errors with a table from the solution', function()
    parser.strict('')
  end)

  it('errors with a table that has __tostring', function()
    parser.number('abc')
  end)

  it('errors with nil', function()
    error(nil)
  end)

  it('errors with nil from the solution', function()
    parser.strict('nil')
  end)

  it('errors with a number', function()
    parser.strict('42')
  end)

  it('errors with false', function()
    parser.strict('false')
  end)

  it('errors with no argument', function()
    error()
  end)

  it('errors on arithmetic on nil deep in the solution', function()
    parser.deep(5)
  end)

  it('errors on calling a missing function', function()
    parser.missing()
  end)

  it('errors on indexing nil', function()
    local t = nil
    return t.x
  end)

  it('passes when pcall catches the error', function()
    local ok, err = pcall(parser.strict, '')
    assert.is_false(ok)
    assert.same({ code = 'EMPTY' }, err)
  end)

  it('passes when pcall swallows a failed assertion', function()
    local ok = pcall(assert.are.equal, 1, 2)
    assert.is_false(ok)
  end)

  it('fails when the caught error is not the expected one', function()
    local _, err = pcall(parser.number, 'x')
    assert.are.equal('not a number: y', err.msg)
  end)

  it('passes when error is raised and rethrown inside xpcall', function()
    local ok, msg = xpcall(function() error('inner') end, function(m) return 'handled: ' .. m end)
    assert.is_false(ok)
    assert.matches('^handled: .*inner$', msg)
  end)

  it('errors when an error is raised in a coroutine and rethrown', function()
    local co = coroutine.create(function() error('in a coroutine') end)
    local ok, err = coroutine.resume(co)
    assert.is_false(ok)
    error(err, 0)
  end)
end)
