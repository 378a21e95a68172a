-- spec.lua: the busted spec for the `read-only-and-computed` kata (see
-- README.md). Error messages are compared exactly, once any "file:line: "
-- position prefix (which error(msg, level) adds) is taken off the front.

local Rectangle = require("rectangle")

-- message_of(f, ...): calls f(...), which must raise a string error, and
-- returns the message without its position prefixes.
local function message_of(f, ...)
  local ok, err = pcall(f, ...)
  assert.is_false(ok, "expected an error, got none")
  assert.is_string(err)
  local stripped
  repeat
    err, stripped = err:gsub("^.-:%d+: ", "", 1)
  until stripped == 0
  return err
end

local function set(obj, key, value)
  obj[key] = value
end

local function get(obj, key)
  return obj[key]
end

describe("rectangle", function()
  describe("stored properties", function()
    it("keeps the width and height given to new", function()
      local r = Rectangle.new(3, 4)
      assert.are.equal(3, r.width)
      assert.are.equal(4, r.height)
      r.width = 2.5
      assert.are.equal(2.5, r.width)
    end)

    it("refuses a width or height that is not a positive number", function()
      local r = Rectangle.new(3, 4)
      assert.are.equal("width: positive number expected, got number 0", message_of(set, r, "width", 0))
      assert.are.equal("height: positive number expected, got number -2", message_of(set, r, "height", -2))
      assert.are.equal('width: positive number expected, got string "5"', message_of(set, r, "width", "5"))
      assert.are.equal("height: positive number expected, got nil", message_of(set, r, "height", nil))
      assert.are.equal("width: positive number expected, got number inf",
        message_of(set, r, "width", math.huge))
      assert.is_false(pcall(set, r, "width", 0 / 0))
      assert.are.equal(3, r.width)
      assert.are.equal(4, r.height)
    end)

    it("checks every assignment, not only the first", function()
      local r = Rectangle.new(3, 4)
      r.width = 5
      r.width = 6
      assert.are.equal("width: positive number expected, got number -1", message_of(set, r, "width", -1))
      assert.are.equal(6, r.width)
    end)

    it("checks the arguments of new", function()
      assert.are.equal("width: positive number expected, got number 0", message_of(Rectangle.new, 0, 4))
      assert.are.equal("height: positive number expected, got nil", message_of(Rectangle.new, 3))
    end)
  end)

  describe("computed properties", function()
    it("computes area, perimeter and is_square from width and height", function()
      local r = Rectangle.new(3, 4)
      assert.are.equal(12, r.area)
      assert.are.equal(14, r.perimeter)
      assert.is_false(r.is_square)
      assert.is_true(Rectangle.new(2, 2).is_square)
    end)

    it("follows every change of width and height: nothing is cached", function()
      local r = Rectangle.new(3, 4)
      assert.are.equal(12, r.area)
      r.width = 5
      assert.are.equal(20, r.area)
      assert.are.equal(18, r.perimeter)
      r.height = 5
      assert.are.equal(25, r.area)
      assert.is_true(r.is_square)
    end)

    it("are read-only, and a refused assignment changes nothing", function()
      local r = Rectangle.new(3, 4)
      assert.are.equal("'area' is read-only", message_of(set, r, "area", 100))
      assert.are.equal("'perimeter' is read-only", message_of(set, r, "perimeter", 1))
      assert.are.equal("'is_square' is read-only", message_of(set, r, "is_square", true))
      assert.are.equal(12, r.area)
      assert.are.equal(3, r.width)
    end)

    it("keeps nothing in the instance table: no area, no width", function()
      local r = Rectangle.new(3, 4)
      local _ = r.area
      r.width = 7
      for _, key in ipairs({ "area", "perimeter", "is_square", "width", "height", "id" }) do
        assert.is_nil(rawget(r, key), key)
      end
      assert.is_nil(next(r))
    end)
  end)

  describe("the read-only id", function()
    it("numbers rectangles 1, 2, 3... in the order they are made", function()
      local a = Rectangle.new(1, 1)
      local b = Rectangle.new(1, 2)
      local c = Rectangle.new(2, 1)
      assert.are.equal("integer", math.type(a.id))
      assert.are.equal(a.id + 1, b.id)
      assert.are.equal(b.id + 1, c.id)
    end)

    it("can't be assigned, even with the value it has", function()
      local r = Rectangle.new(3, 4)
      local id = r.id
      assert.are.equal("'id' is read-only", message_of(set, r, "id", id + 100))
      assert.are.equal("'id' is read-only", message_of(set, r, "id", id))
      assert.are.equal(id, r.id)
    end)

    it("is not used up by a rectangle that new refused", function()
      local a = Rectangle.new(1, 1)
      assert.is_false(pcall(Rectangle.new, -1, 1))
      assert.is_false(pcall(Rectangle.new, 1, "tall"))
      local b = Rectangle.new(1, 1)
      assert.are.equal(a.id + 1, b.id)
    end)
  end)

  describe("methods and unknown attributes", function()
    it("finds methods in the class, and they go through the properties", function()
      local r = Rectangle.new(3, 4)
      assert.are.equal(r, r:scale(2))
      assert.are.equal(6, r.width)
      assert.are.equal(48, r.area)
      assert.are.equal("width: positive number expected, got number -3.0", message_of(r.scale, r, -0.5))
      assert.are.equal(6, r.width)
      assert.are.equal(8, r.height)
    end)

    it("refuses to read or write an attribute it does not have", function()
      local r = Rectangle.new(3, 4)
      assert.are.equal("unknown attribute 'colour'", message_of(set, r, "colour", "red"))
      assert.are.equal("unknown attribute 'colour'", message_of(get, r, "colour"))
      assert.is_nil(rawget(r, "colour"))
    end)

    it("refuses a table that borrows the metatable without being made by new", function()
      local r = Rectangle.new(3, 4)
      local fake = setmetatable({}, getmetatable(r))
      assert.is_false(pcall(get, fake, "area"))
      assert.is_false(pcall(set, fake, "width", 2))
      assert.are.equal(3, r.width)
    end)

    it("gives every rectangle its own width and height", function()
      local a = Rectangle.new(3, 4)
      local b = Rectangle.new(10, 20)
      a.width = 1
      assert.are.equal(10, b.width)
      assert.are.equal(200, b.area)
      assert.are.equal(4, a.area)
    end)
  end)
end)
