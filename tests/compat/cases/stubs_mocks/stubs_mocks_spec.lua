-- stubs_mocks_spec.lua: stub (with returns, invokes, on_call_with, revert,
-- stub.new), mock (spies and stubs), and the match argument matchers in
-- called_with (match._, is_number, is_string, is_table, is_ref, same,
-- matches, any_of/all_of/none_of, is_not); each passing and failing. A
-- called_with that fails on a matcher argument is an error, not a failure,
-- under luassert 1.9: formatting the matcher for the message raises
-- (luassert/formatters/init.lua: "attempt to index a nil value (field
-- 'arguments')").
local http = require('client')
local weather = require('weather')

describe('stub', function()
  local get
  before_each(function() get = stub(http, 'get') end)
  after_each(function() get:revert() end)

  it('passes with a stubbed return value', function()
    get.returns('sunny', 200)
    assert.are.equal('oslo: sunny', weather.today('oslo'))
    assert.stub(http.get).was.called(1)
  end)

  it('fails on the stub default return value', function()
    assert.are.equal('oslo: sunny', weather.today('oslo'))
  end)

  it('passes called_with matchers', function()
    get.returns('rain', 200)
    weather.today('bergen')
    assert.stub(get).was.called_with('https://weather.example/bergen', match.is_table())
    assert.stub(get).was.called_with(match._, match.is_same({ timeout = 5 }))
    assert.stub(get).was.called_with(match.matches('bergen$'), match._)
    assert.stub(get).was.called_with(match.is_string(), match.is_not_nil())
  end)

  it('errors on a wrong matcher: luassert 1.9 cannot format the failure', function()
    get.returns('rain', 200)
    weather.today('bergen')
    assert.stub(get).was.called_with(match.is_number(), match._)
  end)

  it('passes with invokes', function()
    get.invokes(function(url) return url:match('[^/]+$'), 200 end)
    assert.are.equal('rome: rome', weather.today('rome'))
  end)

  it('passes on_call_with per argument', function()
    get.on_call_with('https://weather.example/rome', match._).returns('hot', 200)
    get.returns('', 404)
    assert.are.equal('rome: hot', weather.today('rome'))
    assert.is_nil(weather.today('oslo'))
  end)

  it('counts the week with was.called', function()
    get.returns('fog', 200)
    weather.week('london')
    assert.stub(get).was.called(7)
    assert.stub(get).was_not.called(6)
  end)

  it('fails on a was_not.called stub that was called', function()
    weather.today('x')
    assert.stub(get).was_not.called()
  end)

  it('passes any_of, all_of, none_of', function()
    get.returns('ok', 200)
    weather.today('lima')
    assert.stub(get).was.called_with(
      match.any_of(match.is_number(), match.matches('lima')),
      match.all_of(match.is_table(), match.is_same({ timeout = 5 })))
    assert.stub(get).was.called_with(match.none_of(match.is_nil(), match.is_number()), match._)
  end)

  it('errors when all_of does not hold, for the same reason', function()
    weather.today('lima')
    assert.stub(get).was.called_with(match.all_of(match.is_string(), match.is_number()), match._)
  end)

  it('never reached the real client', function()
    assert.are.equal(0, http.calls)
  end)
end)

describe('stub.new', function()
  it('passes with a blank stub', function()
    local s = stub.new()
    s(1, 2)
    assert.stub(s).was.called_with(1, 2)
  end)

  it('passes with a stub and its return values', function()
    local t = {}
    stub(t, 'answer', 42)
    assert.are.equal(42, t.answer())
    t.answer:revert()
    assert.is_nil(t.answer)
  end)

  it('fails stub on a non-table', function()
    stub(42, 'x')
  end)
end)

describe('mock', function()
  it('spies on every function and still calls them', function()
    local m = mock({ double = function(n) return 2 * n end, name = 'm' })
    assert.are.equal(6, m.double(3))
    assert.spy(m.double).was.called_with(3)
    assert.are.equal('m', m.name)
  end)

  it('stubs every function with mock(t, true)', function()
    local m = mock(http, true)
    m.get('u')
    m.post('u', 'b')
    assert.stub(m.get).was.called_with('u')
    assert.stub(m.post).was.called_with('u', 'b')
    mock.revert(m)
    assert.is_false(spy.is_spy(http.get))
  end)

  it('fails on an unexpected mocked call', function()
    local m = mock({ f = function() end })
    m.f('a')
    assert.spy(m.f).was.called_with('b')
  end)

  it('mocks nested tables', function()
    local m = mock({ inner = { g = function() return 'g' end } })
    assert.are.equal('g', m.inner.g())
    assert.spy(m.inner.g).was.called()
  end)

  it('errors when the real client runs', function()
    weather.today('paris')
  end)
end)
