-- loadfile_spec.lua: a spec that loads its solution with loadfile (and
-- dofile), as Exercism's say exercise must: require('say') gives busted's
-- own say library. A file that is not there gives nil and a message.
local greet = loadfile('say.lua')()

describe('a module loaded with loadfile', function()
  it('is the solution', function()
    assert.are.equal('hello, ada', greet('ada'))
  end)

  it('raises as the solution does', function()
    assert.has_error(function() greet() end, 'say needs a name')
  end)

  it('fails on a wrong expectation', function()
    assert.are.equal('hi, ada', greet('ada'))
  end)

  it('is loaded by dofile too', function()
    local again = dofile('./say.lua')
    assert.are.equal('hello, bob', again('bob'))
  end)

  it('is not busted\'s say library', function()
    assert.is_function(greet)
    assert.is_table(require('say'))
  end)

  it('gives nil and a message for a missing file', function()
    local chunk, err = loadfile('no_such_file.lua')
    assert.is_nil(chunk)
    assert.is_string(err)
  end)
end)
