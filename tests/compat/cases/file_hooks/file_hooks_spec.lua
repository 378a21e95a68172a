-- file_hooks_spec.lua: hooks and tests at the top level of the file, with
-- no describe at all, and a file-level teardown that raises: busted reports
-- the tests' verdicts, then one error for the file (dojo: "(file)").
local clock = require('clock')
local log = {}

setup(function() log[#log + 1] = 'setup' end)
lazy_setup(function() log[#log + 1] = 'lazy_setup' end)
before_each(function() clock.reset() end)
after_each(function() log[#log + 1] = 'ae' end)
teardown(function() error('file teardown raises') end)

it('ticks once', function()
  assert.are.equal(1, clock.tick())
end)

it('starts from zero again', function()
  assert.are.equal(5, clock.tick(5))
end)

it('fails at the top level', function()
  assert.are.equal(2, clock.tick())
end)

test('errors at the top level', function()
  clock.tock()
end)

pending('is pending at the top level')

spec('saw the file-level hooks', function()
  assert.same({ 'setup', 'lazy_setup', 'ae', 'ae', 'ae', 'ae' }, log)
end)
