-- abc.lua: abstract base classes with metatables (the `abc` kata).
-- Run `dojo check abc` to grade it and `dojo hint abc` when stuck.
--
--   local Shape = abc.abstract{ "area", "perimeter", name = "Shape" }
--   local Square = Shape:extend("Square")
--   function Square:area() return self.side ^ 2 end
--   Square:new()   --> error: can't instantiate Square: missing method 'perimeter'
--
-- As it stands, classes and instances work but nothing is checked: every
-- class can be instantiated. Some tests already pass; the rest tell you
-- what is missing.

local abc = {}

local Class = {} -- the methods every class gets: extend and new

function abc.abstract(spec)
  -- TODO: `spec` must be a table of method names (strings), with an
  -- optional string field `name`; anything else raises an error whose
  -- message contains "bad argument #1".
  local cls = {
    __name = spec.name or "AbstractClass",
    __abstract = {}, -- TODO: the names this class requires
    extend = Class.extend,
    new = Class.new,
  }
  cls.__index = cls
  return cls
end

function Class.extend(parent, name, more)
  -- TODO: the subclass requires everything its parent requires, plus the
  -- names in the optional list `more`.
  local cls = setmetatable({ __name = name or "Subclass", __abstract = {} }, parent)
  cls.__index = cls
  return cls
end

function abc.missing(cls)
  -- TODO: the names in cls.__abstract that cls does not implement with a
  -- function (its own or inherited), sorted, each once.
  return {}
end

function Class.new(cls, ...)
  -- TODO: refuse to make an instance while abc.missing(cls) is not empty:
  -- "can't instantiate <name>: missing method 'x'" (or "methods 'x', 'y'").
  local obj = setmetatable({}, cls)
  if cls.init ~= nil then
    cls.init(obj, ...)
  end
  return obj
end

function abc.isinstance(obj, cls)
  -- TODO: walk the chain of metatables, from obj's up; stop on a cycle.
  return getmetatable(obj) == cls
end

return abc
