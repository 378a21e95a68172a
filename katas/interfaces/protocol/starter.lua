-- protocol.lua: structural interfaces, checked at run time (the `protocol`
-- kata). Run `dojo check protocol` to grade it and `dojo hint protocol`
-- when stuck.
--
--   local Reader = protocol.new("Reader", { read = 1, close = 0 })
--   protocol.implements(file, Reader)         --> true
--   protocol.implements({}, Reader)           --> false, { "missing method 'close'",
--                                             --           "missing method 'read'" }
--   protocol.implements(file, Reader, arity)  -- checks parameter counts too
--
-- As it stands, new checks nothing and implements only looks for a field
-- of each name. Some tests already pass; the rest tell you what is missing.

local protocol = {}

function protocol.new(name, methods)
  -- TODO: `name` must be a string ("bad argument #1"), `methods` a table
  -- of method name = integer >= 0 ("bad argument #2"). Keep a copy.
  return { name = name, methods = methods }
end

function protocol.implements(obj, P, arity)
  -- TODO: check P ("bad argument #2") and arity ("bad argument #3").
  -- TODO: something that can't have methods (a number, nil, a function...)
  -- gives false, { "expected an object, got <type>" }.
  local problems = {}
  for name in pairs(P.methods) do
    if obj[name] == nil then
      problems[#problems + 1] = "missing method '" .. name .. "'"
    end
    -- TODO: a field that is not a function; with `arity`, the number of
    -- parameters (self included, `...` taking up what is missing).
  end
  -- TODO: the problems in the order of the method names.
  if #problems > 0 then
    return false, problems
  end
  return true
end

return protocol
