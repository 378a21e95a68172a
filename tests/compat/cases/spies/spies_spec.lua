-- spies_spec.lua: spy.new and spy.on, and the spy assertions: was.called,
-- was_called(n), called_with, was_not.called, returned_with, the
-- called_at_least/at_most/more_than/less_than counts, spy:clear and
-- spy:revert; each passing and failing.
local notifier = require('notifier')

describe('spy.new', function()
  local deliver, transport
  before_each(function()
    deliver = spy.new(function(to, text) return 'sent to ' .. to end)
    transport = { deliver = deliver }
  end)

  it('passes was.called', function()
    notifier.send(transport, 'ann', 'hi')
    assert.spy(deliver).was.called()
  end)

  it('fails was.called on a spy never called', function()
    assert.spy(deliver).was.called()
  end)

  it('passes was_called with a count', function()
    notifier.broadcast(transport, { 'ann', 'bo', 'cy' }, 'hi')
    assert.spy(deliver).was_called(2)
  end)

  it('fails was_called with a count', function()
    notifier.broadcast(transport, { 'ann', 'bo', 'cy' }, 'hi')
    assert.spy(deliver).was_called(3)
  end)

  it('passes was.called_with', function()
    notifier.send(transport, 'ann', 'hi')
    assert.spy(deliver).was.called_with('ann', 'hi')
  end)

  it('fails was.called_with other arguments', function()
    notifier.send(transport, 'ann', 'hi')
    assert.spy(deliver).was.called_with('bo', 'hi')
  end)

  it('passes was_not.called', function()
    assert.spy(deliver).was_not.called()
  end)

  it('fails was_not.called', function()
    deliver('x')
    assert.spy(deliver).was_not.called()
  end)

  it('passes was_not.called_with', function()
    deliver('ann', 'hi')
    assert.spy(deliver).was_not.called_with('ann', 'bye')
  end)

  it('passes returned_with', function()
    notifier.send(transport, 'ann', 'hi')
    assert.spy(deliver).returned_with('sent to ann')
  end)

  it('fails returned_with', function()
    notifier.send(transport, 'ann', 'hi')
    assert.spy(deliver).returned_with('sent to bo')
  end)

  it('passes called_at_least and called_at_most', function()
    notifier.broadcast(transport, { 'a', 'b', 'c', 'd' }, 'hi')
    assert.spy(deliver).was.called_at_least(2)
    assert.spy(deliver).was.called_at_most(3)
  end)

  it('fails called_more_than', function()
    notifier.broadcast(transport, { 'a', 'b', 'c' }, 'hi')
    assert.spy(deliver).was.called_more_than(2)
  end)

  it('passes called_less_than', function()
    notifier.broadcast(transport, { 'a', 'b', 'c' }, 'hi')
    assert.spy(deliver).was.called_less_than(3)
  end)

  it('passes the spy helpers on the spy itself', function()
    deliver('a', 'b')
    assert.is_true(spy.is_spy(deliver))
    assert.is_true(deliver:called_with({ 'a', 'b', n = 2 }))
    assert.is_false(deliver:called_with({ 'a', n = 1 }))
    assert.is_true(deliver:called(1))
  end)

  it('passes after spy:clear', function()
    deliver('a')
    deliver:clear()
    assert.spy(deliver).was_not.called()
  end)

  it('errors on assert.spy given a plain function', function()
    assert.spy(function() end).was.called()
  end)
end)

describe('spy.on', function()
  it('passes on a spied module function that still runs', function()
    local s = spy.on(notifier, 'format')
    assert.are.equal('[note] x', notifier.format('x'))
    assert.spy(s).was.called_with('x')
    assert.spy(notifier.format).was.called(1)
    notifier.format:revert()
  end)

  it('sees the original function after revert', function()
    assert.is_false(spy.is_spy(notifier.format))
  end)

  it('fails called_with on a spied method without its self', function()
    local t = { n = 0 }
    function t:bump() self.n = self.n + 1 end
    spy.on(t, 'bump')
    t:bump()
    assert.spy(t.bump).was.called_with()
  end)

  it('passes called_with on a spied method with its self', function()
    local t = { n = 0 }
    function t:bump() self.n = self.n + 1 end
    spy.on(t, 'bump')
    t:bump()
    assert.spy(t.bump).was.called_with(match.is_ref(t))
    assert.are.equal(1, t.n)
  end)

  it('passes when spy.on wraps a missing method', function()
    local t = {}
    spy.on(t, 'nothing')
    assert.is_nil(t.nothing())
    assert.spy(t.nothing).was.called(1)
  end)

  it('fails called_with on a table the test changed after the call', function()
    local t = { n = 0 }
    function t:bump() self.n = self.n + 1 end
    spy.on(t, 'bump')
    t:bump()
    assert.spy(t.bump).was.called_with(t)
  end)
end)
