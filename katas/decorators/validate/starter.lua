-- validate.lua: a decorator that checks arguments and return values (the
-- `validate` kata). Run `dojo check validate` to grade it and
-- `dojo hint validate` when stuck.
--
--   local checked_greet = validate{
--     name = "greet",
--     args = { { name = "name", type = "string" }, "integer?" },
--     returns = { "string" },
--   }(greet)
--
-- As it stands, it checks nothing and calls straight through: some tests
-- already pass, the rest tell you what is missing.

-- compile(list, what): turns a list of entries such as
-- { "string", "integer?", { name = "n", type = "number" }, "..." } into
-- something quick to check against. `what` is "args" or "returns", for the
-- error messages. nil means "don't check".
local function compile(list, what)
  -- TODO: check every entry (see README.md for the type names and for the
  -- error messages of a bad signature), and return what check needs.
  return list
end

-- check(compiled, fname, is_return, ...): raises an error naming the first
-- value among ... that doesn't fit, or if there are too many.
local function check(compiled, fname, is_return, ...)
  -- TODO
end

local function validate(sig)
  -- TODO: sig must be a table with only name, args and returns.
  local fname = sig.name or "?"
  local args = compile(sig.args, "args")
  local returns = compile(sig.returns, "returns")
  return function(fn)
    return function(...)
      check(args, fname, false, ...)
      -- TODO: the results must be checked too, and every one returned.
      return fn(...)
    end
  end
end

return validate
