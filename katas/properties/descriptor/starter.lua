-- descriptor.lua: reusable descriptor objects and a class maker that calls
-- them (the `descriptor` kata). Run `dojo check descriptor` to grade it
-- and `dojo hint descriptor` when stuck.
--
--   local positive = descriptor.positive()
--   local Order = descriptor.class({ quantity = positive, price = positive })
--   local o = Order.new({ quantity = 2, price = 9.5 })
--   o.price = 0   --> error: price: positive number expected, got number 0
--   rawget(o, "_price")   --> 9.5: the value lives in the instance
--
-- As it stands, each descriptor keeps the value in itself, and the class
-- never calls a descriptor when an attribute is assigned.

local M = {}

-- The methods shared by every descriptor this module makes.
local Descriptor = {}
Descriptor.__index = Descriptor

-- d:get(obj, name): the value of attribute `name` of instance obj.
function Descriptor:get(obj, name)
  -- TODO: one descriptor serves many attributes of many instances of
  -- several classes. Where can the value of *this* attribute of *this*
  -- instance live?
  return self.value
end

-- d:set(obj, name, value): checks value, then stores it for obj.
function Descriptor:set(obj, name, value)
  -- TODO: check with self.check (see README.md for the message), and
  -- store where get will find it.
  self.value = value
end

-- positive(): a new descriptor for positive, finite numbers.
function M.positive()
  return setmetatable({ check = function(v)
    return type(v) == "number" and v > 0
  end }, Descriptor)
end

-- typed(type_name): a new descriptor for values whose type() is type_name.
function M.typed(type_name)
  -- TODO: refuse an unknown type name.
  return setmetatable({ check = function(v)
    return type(v) == type_name
  end }, Descriptor)
end

-- class(fields): a class. Fields that are descriptors (tables with get
-- and set functions) manage the attribute of that name; the others are
-- class attributes and methods.
function M.class(fields)
  local class = {}
  for k, v in pairs(fields or {}) do
    class[k] = v
  end
  local mt = {}
  function mt.__index(obj, key)
    local v = class[key]
    if type(v) == "table" and type(v.get) == "function" then
      return v:get(obj, key)
    end
    return v
  end
  function mt.__newindex(obj, key, value)
    -- TODO: a descriptor's attribute must go through its set.
    rawset(obj, key, value)
  end
  function class.new(init)
    local obj = setmetatable({}, mt)
    for k, v in pairs(init or {}) do
      obj[k] = v
    end
    return obj
  end
  return class
end

return M
