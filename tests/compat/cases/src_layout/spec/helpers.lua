-- helpers.lua: a spec helper in spec/, required as 'spec.helpers' (busted
-- runs from the project folder), registering a custom assertion.
local assert = require('luassert')
local say = require('say')

say:set('assertion.at_value.positive', 'Expected the counter at %s, got %s')
say:set('assertion.at_value.negative', 'Expected the counter not at %s')
assert:register('assertion', 'at_value', function(_, args)
  return args[2].value == args[1], { args[1], args[2].value }
end, 'assertion.at_value.positive', 'assertion.at_value.negative')
