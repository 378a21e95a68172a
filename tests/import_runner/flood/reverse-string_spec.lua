local reverse = require('reverse-string')

describe('reverse-string', function()
  it('an empty string', function()
    assert.are.equal('', reverse(''))
  end)

  it('a word', function()
    assert.are.equal('tobor', reverse('robot'))
  end)

  it('a sentence with punctuation', function()
    assert.are.equal('!olleh ,yeh', reverse('hey, hello!'))
  end)
end)
