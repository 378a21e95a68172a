-- pending_spec.lua: every way to leave a test pending: pending('name'),
-- pending('name', fn) (the function never runs), it('name') with no function
-- (busted 2.1.1 registers nothing for it), and pending() called inside a
-- running test, with and without a message, before or after a failure.
local todo = require('todo')
local ran = {}

describe('todo', function()
  it('adds an item', function()
    assert.same({ 'milk' }, todo.add({}, 'milk'))
  end)

  pending('removes an item')

  pending('removes the last item', function()
    ran[#ran + 1] = 'pending body'
    todo.remove({ 'milk' }, 1)
  end)

  it('sorts the items')

  it('stops at pending() with a message', function()
    ran[#ran + 1] = 'before pending'
    pending('remove is not written yet')
    ran[#ran + 1] = 'after pending'
    error('never reached')
  end)

  it('stops at pending() without a message', function()
    pending()
    error('never reached')
  end)

  it('fails before it reaches pending()', function()
    assert.are.equal(2, #todo.add({}, 'x'))
    pending('too late')
  end)

  it('errors before it reaches pending()', function()
    todo.remove({}, 1)
    pending('too late')
  end)

  it('is pending even after a passing assertion', function()
    assert.is_function(todo.add)
    pending('half done')
  end)

  describe('nested', function()
    pending('a pending test in a nested block')

    it('passes beside it', function()
      assert.truthy(todo)
    end)
  end)

  it('never ran the pending bodies', function()
    assert.same({ 'before pending' }, ran)
  end)
end)

pending('a pending test at the top level')
