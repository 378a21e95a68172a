-- expect: fail
-- A wrong answer that mentions require('luassert') so that, in the busted
-- layout, it would be taken for a spec helper and loaded into the spec's
-- world; there it would re-register `equal` to hold for anything. The
-- module a spec file is named after (add_spec.lua: add) is never a helper.
local ok, la = pcall(require, 'luassert')
if ok and type(la) == "table" then
  pcall(function()
    la:register("assertion", "equal", function() return true end,
      "assertion.equals.positive", "assertion.equals.negative")
    la:register("assertion", "equals", function() return true end,
      "assertion.equals.positive", "assertion.equals.negative")
  end)
end
return function() return 0 end
