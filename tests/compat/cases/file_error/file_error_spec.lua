-- file_error_spec.lua: the spec file itself raises at the top level after
-- declaring blocks and tests: busted reports one error for the file and runs
-- nothing (dojo: one case named "(file)").
local version = require('version')

describe('version', function()
  it('parses a version', function()
    assert.are.equal(1, version.parse('1.2.3').major)
  end)
end)

it('is declared at the top level but never run', function() end)

local v = version.parse('not a version')
assert.is_number(v.major)

describe('never declared', function()
  it('never runs', function() end)
end)
