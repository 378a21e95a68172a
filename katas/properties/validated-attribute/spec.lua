-- spec.lua: the busted spec for the `validated-attribute` kata (see
-- README.md). Error messages are compared exactly, once any "file:line: "
-- position prefix (which error(msg, level) adds) is taken off the front.

local validated = require("validated")

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

-- set(obj, key, value): obj[key] = value, as a function for message_of.
local function set(obj, key, value)
  obj[key] = value
end

local function get(obj, key)
  return obj[key]
end

local function person_class()
  return validated.class({
    name = { type = "string" },
    age = { type = "integer", min = 0, max = 150 },
    height = { type = "number", min = 0, default = 1.7 },
    email = { type = "string", optional = true },
  })
end

describe("validated", function()
  describe("construction", function()
    it("keeps the values given to new and reads them back", function()
      local Person = person_class()
      local p = Person.new({ name = "Ada", age = 36, height = 1.65, email = "ada@example.org" })
      assert.are.equal("Ada", p.name)
      assert.are.equal(36, p.age)
      assert.are.equal(1.65, p.height)
      assert.are.equal("ada@example.org", p.email)
    end)

    it("uses the default when a value is missing, and nil for a missing optional one", function()
      local p = person_class().new({ name = "Grace", age = 85 })
      assert.are.equal(1.7, p.height)
      assert.is_nil(p.email)
    end)

    it("checks the values given to new, and refuses a missing required one", function()
      local Person = person_class()
      assert.are.equal("age: integer expected, got nil", message_of(Person.new, { name = "Ada" }))
      assert.are.equal("age: 151 is above the maximum 150",
        message_of(Person.new, { name = "Ada", age = 151 }))
      assert.are.equal("unknown attribute 'nick'",
        message_of(Person.new, { name = "Ada", age = 3, nick = "A" }))
    end)
  end)

  describe("assignment", function()
    it("accepts a valid value and keeps it", function()
      local p = person_class().new({ name = "Ada", age = 36 })
      p.age = 37
      p.name = "Ada Lovelace"
      assert.are.equal(37, p.age)
      assert.are.equal("Ada Lovelace", p.name)
    end)

    it("refuses a value of the wrong type, naming the attribute and the value", function()
      local p = person_class().new({ name = "Ada", age = 36 })
      assert.are.equal('age: integer expected, got string "forty"', message_of(set, p, "age", "forty"))
      assert.are.equal("name: string expected, got number 42", message_of(set, p, "name", 42))
      assert.are.equal("name: string expected, got boolean true", message_of(set, p, "name", true))
      assert.are.equal("height: number expected, got table", message_of(set, p, "height", {}))
      assert.are.equal("name: string expected, got nil", message_of(set, p, "name", nil))
    end)

    it("takes 3 and 3.0 as integers, not 3.5, nor the string '3', nor infinity", function()
      local p = person_class().new({ name = "Ada", age = 36 })
      p.age = 3
      assert.are.equal(3, p.age)
      p.age = 40.0
      assert.are.equal(40, p.age)
      assert.are.equal("age: integer expected, got number 3.5", message_of(set, p, "age", 3.5))
      assert.are.equal('age: integer expected, got string "3"', message_of(set, p, "age", "3"))
      assert.are.equal("age: integer expected, got number inf", message_of(set, p, "age", math.huge))
    end)

    it("checks the range, both ends included", function()
      local p = person_class().new({ name = "Ada", age = 36 })
      p.age = 0
      assert.are.equal(0, p.age)
      p.age = 150
      assert.are.equal(150, p.age)
      assert.are.equal("age: -1 is below the minimum 0", message_of(set, p, "age", -1))
      assert.are.equal("age: 200 is above the maximum 150", message_of(set, p, "age", 200))
      assert.are.equal("height: -0.5 is below the minimum 0", message_of(set, p, "height", -0.5))
    end)

    it("refuses NaN where there is a range (every comparison with NaN is false)", function()
      local p = person_class().new({ name = "Ada", age = 36 })
      local ok, err = pcall(set, p, "height", 0 / 0)
      assert.is_false(ok)
      assert.truthy(tostring(err):find("height: ", 1, true))
      assert.truthy(tostring(err):find("is below the minimum 0", 1, true))
      assert.are.equal(1.7, p.height)
    end)

    it("lets nil through for an optional attribute only", function()
      local p = person_class().new({ name = "Ada", age = 36, email = "a@b.c" })
      p.email = nil
      assert.is_nil(p.email)
      p.email = "x@y.z"
      assert.are.equal("x@y.z", p.email)
      assert.are.equal("email: string expected, got number 1", message_of(set, p, "email", 1))
    end)

    it("keeps the old value when an assignment is refused", function()
      local p = person_class().new({ name = "Ada", age = 36 })
      pcall(set, p, "age", -5)
      pcall(set, p, "name", 7)
      assert.are.equal(36, p.age)
      assert.are.equal("Ada", p.name)
    end)
  end)

  describe("where the values live", function()
    it("checks the second assignment as well as the first", function()
      local p = person_class().new({ name = "Ada", age = 36 })
      p.age = 40
      p.age = 41
      assert.are.equal("age: -1 is below the minimum 0", message_of(set, p, "age", -1))
      assert.are.equal('age: integer expected, got string "old"', message_of(set, p, "age", "old"))
      assert.are.equal(41, p.age)
    end)

    it("keeps no attribute in the instance table itself", function()
      local p = person_class().new({ name = "Ada", age = 36 })
      p.age = 40
      assert.is_nil(rawget(p, "age"))
      assert.is_nil(rawget(p, "name"))
      assert.is_nil(rawget(p, "height"))
    end)

    it("gives every instance its own values, and every class its own specs", function()
      local Person = person_class()
      local a = Person.new({ name = "Ada", age = 36 })
      local b = Person.new({ name = "Alan", age = 41 })
      a.age = 37
      assert.are.equal(41, b.age)
      assert.are.equal("Alan", b.name)
      local Box = validated.class({ age = { type = "number", min = -10 } })
      local box = Box.new({ age = -3 })
      assert.are.equal(-3, box.age)
      assert.are.equal("age: -3 is below the minimum 0", message_of(set, a, "age", -3))
      assert.are.equal("unknown attribute 'name'", message_of(get, box, "name"))
    end)
    it("refuses a table that borrows the metatable without being made by new", function()
      local p = person_class().new({ name = "Ada", age = 36 })
      local fake = setmetatable({}, getmetatable(p))
      assert.is_false(pcall(get, fake, "age"))
      assert.is_false(pcall(set, fake, "age", 3))
      assert.are.equal(36, p.age)
    end)
  end)

  describe("unknown attributes and methods", function()
    it("refuses to read or write an attribute that has no spec", function()
      local p = person_class().new({ name = "Ada", age = 36 })
      assert.are.equal("unknown attribute 'nick'", message_of(set, p, "nick", "A"))
      assert.are.equal("unknown attribute 'nick'", message_of(get, p, "nick"))
      assert.is_nil(rawget(p, "nick"))
    end)

    it("finds methods in the class, and their assignments are checked too", function()
      local Person = person_class()
      function Person:birthday()
        self.age = self.age + 1
        return self.age
      end
      local p = Person.new({ name = "Ada", age = 149 })
      assert.are.equal(150, p:birthday())
      assert.are.equal("age: 151 is above the maximum 150", message_of(p.birthday, p))
      assert.are.equal(150, p.age)
    end)
  end)

  describe("bad specs", function()
    it("are refused when the class is made", function()
      local function bad(specs, text)
        assert.are.equal(text, message_of(validated.class, specs))
      end
      bad({ age = { type = "int" } }, "bad spec for 'age': unknown type 'int'")
      bad({ age = { min = 1 } }, "bad spec for 'age': unknown type 'nil'")
      bad({ age = "integer" }, "bad spec for 'age': table expected, got string")
      bad({ age = { type = "number", min = 10, max = 5 } }, "bad spec for 'age': min 10 is above max 5")
      bad({ age = { type = "integer", min = 0, default = -1 } },
        "bad spec for 'age': default age: -1 is below the minimum 0")
    end)
  end)
end)
