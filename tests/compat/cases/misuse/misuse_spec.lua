-- misuse_spec.lua: busted API calls where busted does not allow them. Inside
-- a test busted rejects describe/it/hooks with "'X' not supported inside
-- current context block"; inside a hook it rejects describe/it/pending and
-- the other hooks; inside finally it rejects pending; finally exists only
-- inside a test.
local queue = require('queue')

describe('inside a test', function()
  it('errors on describe', function()
    describe('nested in a test', function() end)
  end)

  it('errors on it', function()
    it('nested in a test', function() end)
  end)

  it('errors on before_each', function()
    before_each(function() end)
  end)

  it('errors on setup', function()
    setup(function() end)
  end)

  it('passes with ordinary code', function()
    local q = queue.new()
    queue.push(q, 1)
    assert.are.equal(1, queue.pop(q))
  end)
end)

describe('pending inside before_each', function()
  before_each(function() pending('from before_each') end)
  it('is not run', function() end)
end)

describe('it inside before_each', function()
  before_each(function() it('declared by a hook', function() end) end)
  it('is not run either', function() end)
end)

describe('finally inside before_each', function()
  before_each(function() finally(function() end) end)
  it('is not run because finally is nil there', function() end)
end)

describe('pending inside finally', function()
  it('errors after a pass', function()
    finally(function() pending('from finally') end)
    assert.is_nil(queue.pop(queue.new()))
  end)
end)

describe('it inside setup', function()
  setup(function() it('declared by setup', function() end) end)
  it('is not run because setup errors', function() end)
end)

describe('after the misuse', function()
  it('runs normally', function()
    assert.is_table(queue.new())
  end)
end)
