-- aliases_spec.lua: nested describe/context and the it/spec/test aliases,
-- insulate/expose blocks, full names across four levels.
local greeter = require('greeter')

describe('greeter', function()
  it('says hello with it', function()
    assert.are.equal('Hello, World!', greeter.hello())
  end)

  spec('says hello with spec', function()
    assert.are.equal('Hello, Ann!', greeter.hello('Ann'))
  end)

  test('says hello with test', function()
    assert.are.equal('Hello, Bo!', greeter.hello('Bo'))
  end)

  test('fails with test', function()
    assert.are.equal('Hello, Bo', greeter.hello('Bo'))
  end)

  context('in a context', function()
    it('shouts', function()
      assert.are.equal('HELLO, ANN!', greeter.shout('Ann'))
    end)

    spec('shouts with spec', function()
      assert.matches('^HELLO', greeter.shout('Ann'))
    end)

    describe('and a describe inside', function()
      context('and a context inside that', function()
        it('has a four-level name', function()
          assert.is_string(greeter.hello('deep'))
        end)

        test('fails at four levels', function()
          assert.is_number(greeter.hello('deep'))
        end)
      end)

      it('comes after the inner context', function()
        assert.truthy(greeter.hello)
      end)
    end)
  end)

  describe('', function()
    it('sits in a describe with an empty name', function()
      assert.is_true(true)
    end)
  end)

  insulate('an insulate block', function()
    it('runs like a describe', function()
      assert.are.equal(2, 1 + 1)
    end)
  end)

  expose('an expose block', function()
    it('runs like a describe too', function()
      assert.are.equal(3, 1 + 1)
    end)
  end)

  it('runs after the nested blocks', function()
    assert.is_function(greeter.shout)
  end)
end)

describe('a second top-level describe', function()
  it('has its own name', function()
    assert.is_table(greeter)
  end)
end)

it('sits at the top level without a describe', function()
  assert.are.equal('Hello, top!', greeter.hello('top'))
end)

spec('fails at the top level', function()
  assert.is_nil(greeter)
end)
