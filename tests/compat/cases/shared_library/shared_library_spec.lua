-- shared_library_spec.lua: busted has one _G, so what a spec puts into a
-- library table (stub(math, 'random'), stub(io, 'write'), os.date = f) or
-- into _G (stub(_G, 'print'), _G.x = v) is what the solution calls; after a
-- revert the solution gets the real function again. Passing and failing.
local dice = require('dice')

describe('a stub on a library function', function()
  it('math.random stubbed: the solution rolls what the stub returns', function()
    local r = stub(math, 'random').returns(4)
    assert.are.equal(4, dice.roll())
    assert.stub(r).was.called_with(1, 6)
    r:revert()
  end)

  it('math.random stubbed out of range: the solution raises', function()
    local r = stub(math, 'random').returns(9)
    finally(function() r:revert() end)
    assert.has_error(function() dice.roll() end)
    assert.are.equal(9, dice.roll())
  end)

  it('math.random reverted: the solution rolls for real', function()
    for _ = 1, 20 do
      local n = dice.roll()
      assert.is_true(n >= 1 and n <= 6)
    end
  end)

  it('os.time stubbed: the solution sees the stubbed clock', function()
    local t = stub(os, 'time').returns(1000000000)
    finally(function() t:revert() end)
    assert.are.equal(1000000000, dice.stamp())
  end)

  it('os.time reverted: the solution sees the real clock', function()
    assert.is_true(dice.stamp() > 1000000000)
  end)
end)

describe('a spy on a global function', function()
  it('print stubbed through _G: the solution calls the stub', function()
    local p = stub(_G, 'print')
    finally(function() p:revert() end)
    assert.are.equal(3, dice.announce(3))
    assert.stub(p).was.called_with('rolled 3')
  end)

  it('io.write stubbed: the solution calls the stub', function()
    local w = stub(io, 'write')
    finally(function() w:revert() end)
    dice.log(5)
    assert.stub(w).was.called_with('rolled ', 5, '\n')
  end)

  it('a stub the solution never calls fails the test', function()
    local w = stub(io, 'write')
    finally(function() w:revert() end)
    dice.roll()
    assert.stub(w).was.called()
  end)
end)

describe('a library function replaced by assignment', function()
  local real_date
  before_each(function()
    real_date = os.date
    os.date = function() return '2001-02-03' end
  end)
  after_each(function() os.date = real_date end)

  it('the solution calls the replacement', function()
    assert.are.equal('2001-02-03', dice.today())
  end)

  it('a wrong expectation fails', function()
    assert.are.equal('1999-12-31', dice.today())
  end)
end)

describe('a global set through _G', function()
  it('reaches the solution', function()
    _G.dice_setting = 'loaded'
    assert.are.equal('loaded', dice.setting())
    _G.dice_setting = nil
  end)

  it('is gone once set back to nil', function()
    assert.is_nil(dice.setting())
  end)
end)
