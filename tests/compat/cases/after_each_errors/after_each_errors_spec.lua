-- after_each_errors_spec.lua: an after_each that raises. busted has already
-- published the test's verdict when its after_each runs, so the test keeps
-- it (pass, fail, error or pending) and the hook's error is reported apart;
-- the rest of the after_each list and the outer after_each still run.
local cache = require('cache')
local log = {}
local function note(s) log[#log + 1] = s end

describe('cache', function()
  after_each(function() note('outer:ae') end)

  describe('flushed after each test', function()
    after_each(function() cache.flush() end)
    after_each(function() note('flush:ae2') end)

    it('stores a value', function()
      cache.put('a', 1)
      assert.are.equal(1, cache.get('a'))
    end)

    it('passes and then the flush raises', function()
      cache.put('poison', true)
      assert.is_true(cache.get('poison'))
    end)

    it('fails and then the flush raises', function()
      cache.put('poison', true)
      assert.is_nil(cache.get('poison'))
    end)

    it('errors and then the flush raises', function()
      cache.put('poison', true)
      cache.missing()
    end)

    it('starts from an empty cache again', function()
      assert.is_nil(cache.get('poison'))
    end)
  end)

  describe('with an assertion in after_each', function()
    local value
    after_each(function() assert.are.equal(2, value) end)

    it('passes when the after_each assertion holds', function()
      value = 2
    end)

    it('passes and then the after_each assertion fails', function()
      value = 3
    end)
  end)

  it('ran every after_each after a failing one', function()
    assert.same({
      'flush:ae2', 'outer:ae',
      'flush:ae2', 'outer:ae',
      'flush:ae2', 'outer:ae',
      'flush:ae2', 'outer:ae',
      'flush:ae2', 'outer:ae',
      'outer:ae', 'outer:ae',
    }, log)
  end)
end)
