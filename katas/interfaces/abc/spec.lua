-- spec.lua: the busted spec for the `abc` kata (see README.md).
-- No clock: classes do nothing over time. Every test builds its classes
-- afresh, so no test depends on another. The pitfalls the lesson names are
-- here: checking when the class is made instead of when an instance is,
-- looking only at the class's own fields (rawget) and missing what it
-- inherits, and a subclass that forgets its parent's requirements.

local abc = require("abc")

-- A Shape with two abstract methods and one ordinary one.
local function shape()
  local Shape = abc.abstract({ "area", "perimeter", name = "Shape" })
  function Shape:describe()
    return ("area %g, perimeter %g"):format(self:area(), self:perimeter())
  end
  return Shape
end

-- A concrete Square of Shape.
local function square(Shape)
  local Square = Shape:extend("Square")
  function Square:init(side) self.side = side end
  function Square:area() return self.side * self.side end
  function Square:perimeter() return 4 * self.side end
  return Square
end

-- error_of(f, ...): the message f(...) raises, or fails the test.
local function error_of(f, ...)
  local ok, err = pcall(f, ...)
  assert.is_false(ok, "expected an error")
  return tostring(err)
end

describe("abc", function()
  describe("abstract classes", function()
    it("can't be instantiated, and the error names every missing method", function()
      local Shape = shape()
      local msg = error_of(Shape.new, Shape)
      assert.truthy(msg:find("can't instantiate Shape", 1, true), msg)
      assert.truthy(msg:find("'area'", 1, true), msg)
      assert.truthy(msg:find("'perimeter'", 1, true), msg)
    end)

    it("lists what a class still lacks, sorted by name", function()
      local Shape = abc.abstract({ "perimeter", "area", "name_of", name = "Shape" })
      assert.are.same({ "area", "name_of", "perimeter" }, abc.missing(Shape))
      assert.are.same({}, abc.missing(abc.abstract({})))
    end)

    it("with no abstract method, can be instantiated", function()
      local Plain = abc.abstract({ name = "Plain" })
      local p = Plain:new()
      assert.are.equal("table", type(p))
      assert.is_true(abc.isinstance(p, Plain))
    end)

    it("rejects a spec that is not a table of method names", function()
      assert.error_matches(function() abc.abstract("area") end, "bad argument #1", 1, true)
      assert.error_matches(function() abc.abstract(nil) end, "bad argument #1", 1, true)
      assert.error_matches(function() abc.abstract({ "area", 42 }) end, "bad argument #1", 1, true)
      assert.error_matches(function() abc.abstract({ "area", name = 7 }) end, "bad argument #1", 1, true)
    end)
  end)

  describe("subclasses", function()
    it("that implement every method can be instantiated, and init gets the arguments", function()
      local Shape = shape()
      local Square = square(Shape)
      local sq = Square:new(3)
      assert.are.equal(3, sq.side)
      assert.are.equal(9, sq:area())
      assert.are.equal("area 9, perimeter 12", sq:describe())
      assert.are.same({}, abc.missing(Square))
    end)

    it("that lack one method raise an error naming that method and the class", function()
      local Shape = shape()
      local Circle = Shape:extend("Circle")
      function Circle:area() return 3 end
      local msg = error_of(Circle.new, Circle)
      assert.truthy(msg:find("can't instantiate Circle: missing method 'perimeter'", 1, true), msg)
      assert.falsy(msg:find("'area'", 1, true), msg)
    end)

    it("are checked when an instance is made, not when the class is", function()
      local Shape = shape()
      local Late = Shape:extend("Late") -- nothing implemented yet: no error here
      assert.are.same({ "area", "perimeter" }, abc.missing(Late))
      function Late:area() return 1 end
      function Late:perimeter() return 4 end
      assert.are.same({}, abc.missing(Late))
      assert.are.equal(1, Late:new():area())
    end)

    it("inherit the checks: a grandchild still needs what the base requires", function()
      local Shape = shape()
      local HasArea = Shape:extend("HasArea")
      function HasArea:area() return 2 end
      local Child = HasArea:extend("Child")
      local msg = error_of(Child.new, Child)
      assert.truthy(msg:find("can't instantiate Child: missing method 'perimeter'", 1, true), msg)
    end)

    it("inherit implementations: a method defined on a parent counts", function()
      local Shape = shape()
      local Square = square(Shape)
      local Tile = Square:extend("Tile") -- defines nothing of its own
      local t = Tile:new(2)
      assert.are.equal(8, t:perimeter())
      assert.are.same({}, abc.missing(Tile))
    end)

    it("may declare more abstract methods, added to their parent's", function()
      local Shape = shape()
      local Solid = Shape:extend("Solid", { "volume" })
      assert.are.same({ "area", "perimeter", "volume" }, abc.missing(Solid))
      local Cube = Solid:extend("Cube")
      function Cube:area() return 6 end
      function Cube:perimeter() return 12 end
      local msg = error_of(Cube.new, Cube)
      assert.truthy(msg:find("missing method 'volume'", 1, true), msg)
      function Cube:volume() return 1 end
      assert.are.equal(1, Cube:new():volume())
      -- the parent is unchanged: Shape never required a volume
      assert.are.same({ "area", "perimeter" }, abc.missing(Shape))
    end)

    it("count a field that is not a function as missing", function()
      local Shape = shape()
      local Odd = Shape:extend("Odd")
      Odd.area = 42
      function Odd:perimeter() return 0 end
      assert.are.same({ "area" }, abc.missing(Odd))
      assert.error_matches(function() Odd:new() end, "missing method 'area'", 1, true)
    end)

    it("don't turn a sibling concrete, nor the base", function()
      local Shape = shape()
      square(Shape)
      local Other = Shape:extend("Other")
      assert.are.same({ "area", "perimeter" }, abc.missing(Other))
      assert.are.same({ "area", "perimeter" }, abc.missing(Shape))
    end)
  end)

  describe("instances", function()
    it("have their class as metatable and are instances of every ancestor", function()
      local Shape = shape()
      local Square = square(Shape)
      local Tile = Square:extend("Tile")
      local t = Tile:new(1)
      assert.are.equal(Tile, getmetatable(t))
      assert.is_true(abc.isinstance(t, Tile))
      assert.is_true(abc.isinstance(t, Square))
      assert.is_true(abc.isinstance(t, Shape))
      assert.is_false(abc.isinstance(Square:new(1), Tile))
    end)

    it("are nominal: a look-alike that did not inherit is no instance", function()
      local Shape = shape()
      local fake = { area = function() return 1 end, perimeter = function() return 4 end }
      assert.is_false(abc.isinstance(fake, Shape))
      assert.is_false(abc.isinstance(42, Shape))
      assert.is_false(abc.isinstance(nil, Shape))
    end)

    it("isinstance stops on a metatable cycle", function()
      local Shape = shape()
      local loop = {}
      setmetatable(loop, loop)
      assert.is_false(abc.isinstance(loop, Shape))
      local a, b = {}, {}
      setmetatable(a, b); setmetatable(b, a)
      assert.is_false(abc.isinstance(setmetatable({}, a), Shape))
    end)

    it("each keep their own fields", function()
      local Square = square(shape())
      local a, b = Square:new(1), Square:new(5)
      assert.are.equal(1, a:area())
      assert.are.equal(25, b:area())
      assert.is_nil(rawget(Square, "side"))
    end)
  end)
end)
