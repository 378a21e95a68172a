-- before_each_errors_spec.lua: a before_each that raises (a string, a
-- table, a failed assertion) at several levels. busted skips the test and
-- reports the hook's error; the hooks after the failing one: the rest of
-- that block's before_each list still runs in busted, inner before_each do
-- not, and after_each runs from the failing level outwards.
local db = require('db')
local log = {}
local function note(s) log[#log + 1] = s end

describe('db', function()
  local conn
  after_each(function() note('db:ae') end)

  describe('with a good url', function()
    before_each(function() conn = db.connect('sqlite://mem') end)

    it('queries', function()
      assert.are.equal('SELECT 1', conn:query('select 1'))
    end)

    it('fails a query on purpose', function()
      assert.are.equal('select 1', conn:query('select 1'))
    end)
  end)

  describe('without a url', function()
    before_each(function()
      note('nourl:be1')
      conn = db.connect()
    end)
    before_each(function() note('nourl:be2') end)
    after_each(function() note('nourl:ae') end)

    it('is never run', function()
      note('nourl:test')
    end)

    describe('inner', function()
      before_each(function() note('inner:be') end)
      after_each(function() note('inner:ae') end)

      it('is never run either', function()
        note('inner:test')
      end)
    end)
  end)

  describe('with a bad url', function()
    before_each(function() conn = db.connect('bad://host') end)

    it('is skipped by a table error', function()
      assert.is_nil(conn)
    end)
  end)

  describe('with a failing assertion in before_each', function()
    before_each(function() assert.are.equal('x', 'y') end)

    it('is skipped by the failed assertion', function()
      assert.is_true(true)
    end)
  end)

  describe('with a passing before_each', function()
    before_each(function() assert.is_table(db) end)

    it('runs when the before_each passes', function()
      assert.is_table(db)
    end)
  end)

  it('saw the hooks busted runs around a failed before_each', function()
    assert.same({
      'db:ae', 'db:ae',
      -- is never run: be1 raises, be2 still runs, the test does not; the
      -- after_each of the failing block and outwards run
      'nourl:be1', 'nourl:be2', 'nourl:ae', 'db:ae',
      -- is never run either: inner before_each not run, nor inner after_each
      'nourl:be1', 'nourl:be2', 'nourl:ae', 'db:ae',
      'db:ae', 'db:ae', 'db:ae',
    }, log)
  end)
end)

describe('a top-level block after the errors', function()
  it('still runs', function()
    assert.are.equal('sqlite://mem', db.connect('sqlite://mem').url)
  end)
end)
