-- validated.lua: classes whose attributes are typed and range-checked
-- (the `validated-attribute` kata). Run `dojo check validated-attribute`
-- to grade it and `dojo hint validated-attribute` when stuck.
--
--   local Person = validated.class({
--     age = { type = "integer", min = 0, max = 150 },
--   })
--   local p = Person.new({ age = 36 })
--   p.age = -1   --> error: age: -1 is below the minimum 0
--
-- As it stands, the first assignment of an attribute is checked (for its
-- type only) and every later one is not. Run the spec and see why.

local M = {}

-- M.class(specs): a class whose instances have exactly the attributes of
-- specs, each { type = ..., min = ..., max = ..., default = ...,
-- optional = true }. Returns a table with new(init); methods put into it
-- are found by its instances.
function M.class(specs)
  -- TODO: refuse bad specs here, when the class is made (see README.md).
  local class = {}
  local mt = {}

  function mt.__index(obj, key)
    -- TODO: read the attribute from where it really lives; unknown
    -- attributes are an error.
    return class[key]
  end

  function mt.__newindex(obj, key, value)
    local spec = specs[key]
    local got = math.type(value) == "integer" and "integer" or type(value)
    if spec and got ~= spec.type and not (got == "integer" and spec.type == "number") then
      error(key .. ": " .. spec.type .. " expected, got " .. type(value), 2)
    end
    -- TODO: this stores the value in the instance itself. Once it is
    -- there, Lua finds the key in obj and never calls __newindex (nor
    -- __index) for it again: the next assignment is not checked at all.
    rawset(obj, key, value)
  end

  function class.new(init)
    local obj = setmetatable({}, mt)
    for key, value in pairs(init or {}) do
      obj[key] = value
    end
    -- TODO: defaults, and required attributes that init leaves out.
    return obj
  end

  return class
end

return M
