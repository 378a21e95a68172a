local tally = require('tally')

describe('tally', function()
  it('counts one word', function()
    assert.are.same({ hello = 1 }, tally.count('hello'))
  end)

  it('counts repeated words', function()
    assert.are.same({ one = 1, fish = 4, two = 1, red = 1, blue = 1 },
      tally.count('one fish two fish red fish blue fish'))
  end)

  it('ignores case', function()
    assert.are.same({ go = 3 }, tally.count('go Go GO'))
  end)

  it('gives an empty table for no words', function()
    assert.are.same({}, tally.count('  ... '))
  end)
end)
