-- read_files_spec.lua: a solution that reads data files shipped in the
-- exercise folder, through io.open with f:read and f:lines, and io.lines
-- (paths relative to the exercise folder, where busted runs); a file that
-- does not exist; a file read twice.
local wordcount = require('wordcount')

describe('read_files', function()
  it('counts the words of a file read whole', function()
    assert.are.equal(9, wordcount.words('poem.txt'))
  end)

  it('counts lines through io.lines', function()
    assert.are.equal(3, wordcount.lines('poem.txt'))
  end)

  it('finds the longest line through f:lines', function()
    assert.are.equal('the quick brown fox', wordcount.longest('poem.txt'))
  end)

  it('reads numbers with f:read("n")', function()
    assert.are.equal(60, wordcount.sum('numbers.txt'))
  end)

  it('fails on a wrong count', function()
    assert.are.equal(10, wordcount.words('poem.txt'))
  end)

  it('reports a missing file', function()
    local n, err = wordcount.words('missing.txt')
    assert.is_nil(n)
    assert.is_string(err)
  end)

  it('errors when io.lines gets a missing file', function()
    wordcount.lines('missing.txt')
  end)
end)
