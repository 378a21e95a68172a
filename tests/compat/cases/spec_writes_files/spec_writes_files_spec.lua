-- spec_writes_files_spec.lua: the spec writes data files into the exercise
-- folder (io.open with 'w' and 'a', f:write) in setup and a test, the
-- solution reads them, and teardown removes them with os.remove; a removed
-- file is gone for the solution too.
local tally = require('tally')

describe('files the spec writes', function()
  setup(function()
    local f = assert(io.open('tally_numbers.txt', 'w'))
    f:write('10\n', 20, '\n')
    f:close()
    local g = assert(io.open('tally_words.txt', 'w'))
    g:write('  lantern and moth\n')
    g:close()
  end)

  teardown(function()
    os.remove('tally_numbers.txt')
    os.remove('tally_words.txt')
  end)

  it('the solution reads them line by line', function()
    assert.are.equal(30, tally.total('tally_numbers.txt'))
  end)

  it('the solution reads them whole', function()
    assert.are.equal('lantern', tally.first_word('tally_words.txt'))
  end)

  it('appending changes what the solution reads', function()
    local f = assert(io.open('tally_numbers.txt', 'a'))
    f:write('12\n')
    f:close()
    assert.are.equal(42, tally.total('tally_numbers.txt'))
  end)

  it('the spec reads back what it wrote', function()
    local f = assert(io.open('tally_words.txt'))
    assert.are.equal('  lantern and moth', f:read('l'))
    f:close()
  end)

  it('a wrong total fails', function()
    assert.are.equal(31, tally.total('tally_numbers.txt'))
  end)

  it('a removed file is gone for the solution', function()
    local f = assert(io.open('tally_gone.txt', 'w'))
    f:write('x')
    f:close()
    assert.is_true(os.remove('tally_gone.txt'))
    assert.is_nil(tally.first_word('tally_gone.txt'))
  end)
end)
