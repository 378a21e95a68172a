-- spec.lua: the busted spec for the `descriptor` kata (see README.md).
-- Error messages are compared exactly, once any "file:line: " position
-- prefix (which error(msg, level) adds) is taken off the front.

local descriptor = require("descriptor")

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

-- Two classes sharing one `positive` descriptor, three times over.
local function shop()
  local positive = descriptor.positive()
  local text = descriptor.typed("string")
  local Order = descriptor.class({ quantity = positive, price = positive, customer = text })
  local Product = descriptor.class({ price = positive, name = text })
  return positive, text, Order, Product
end

describe("descriptor", function()
  describe("access through a descriptor", function()
    it("reads back what was assigned, and nil for what never was", function()
      local _, _, Order = shop()
      local o = Order.new({ quantity = 2, price = 9.5 })
      assert.are.equal(2, o.quantity)
      assert.are.equal(9.5, o.price)
      assert.is_nil(o.customer)
      o.customer = "Ada"
      o.price = 12
      assert.are.equal("Ada", o.customer)
      assert.are.equal(12, o.price)
    end)

    it("refuses bad values with the attribute's name, and keeps the old value", function()
      local _, _, Order = shop()
      local o = Order.new({ quantity = 2, price = 9.5, customer = "Ada" })
      assert.are.equal("price: positive number expected, got number 0", message_of(set, o, "price", 0))
      assert.are.equal("quantity: positive number expected, got number -3", message_of(set, o, "quantity", -3))
      assert.are.equal('price: positive number expected, got string "9"', message_of(set, o, "price", "9"))
      assert.are.equal("price: positive number expected, got nil", message_of(set, o, "price", nil))
      assert.are.equal("customer: string expected, got number 42", message_of(set, o, "customer", 42))
      assert.are.equal("customer: string expected, got table", message_of(set, o, "customer", {}))
      assert.is_false(pcall(set, o, "price", 0 / 0))
      assert.are.equal(9.5, o.price)
      assert.are.equal(2, o.quantity)
      assert.are.equal("Ada", o.customer)
    end)

    it("checks the values given to new", function()
      local _, _, Order = shop()
      assert.are.equal("quantity: positive number expected, got number 0",
        message_of(Order.new, { quantity = 0 }))
    end)

    it("checks the second assignment as well as the first", function()
      local _, _, Order = shop()
      local o = Order.new({ price = 1 })
      o.price = 2
      o.price = 3
      assert.are.equal("price: positive number expected, got number -1", message_of(set, o, "price", -1))
      assert.are.equal(3, o.price)
    end)
  end)

  describe("where the data lives", function()
    it("in the instance, under the private key '_' .. name, never under the name", function()
      local _, _, Order = shop()
      local o = Order.new({ quantity = 2, price = 9.5 })
      o.price = 11
      assert.is_nil(rawget(o, "price"))
      assert.is_nil(rawget(o, "quantity"))
      assert.are.equal(11, rawget(o, "_price"))
      assert.are.equal(2, rawget(o, "_quantity"))
      assert.is_nil(rawget(o, "_customer"))
    end)

    it("one descriptor, two attributes of one class: each keeps its own value", function()
      local _, _, Order = shop()
      local o = Order.new({ quantity = 3, price = 4.25 })
      o.quantity = 5
      assert.are.equal(4.25, o.price)
      assert.are.equal(5, o.quantity)
    end)

    it("one descriptor, two classes, many instances: nothing is shared", function()
      local _, _, Order, Product = shop()
      local a = Order.new({ quantity = 1, price = 10 })
      local b = Order.new({ quantity = 2, price = 20 })
      local p = Product.new({ price = 30, name = "lamp" })
      a.price = 11
      p.price = 31
      assert.are.equal(11, a.price)
      assert.are.equal(20, b.price)
      assert.are.equal(31, p.price)
      assert.are.equal(2, b.quantity)
      assert.are.equal("lamp", p.name)
      assert.are.equal(31, rawget(p, "_price"))
    end)

    it("the class holds the descriptor object itself, shared by both classes", function()
      local positive, text, Order, Product = shop()
      assert.is_true(rawequal(positive, Order.price))
      assert.is_true(rawequal(positive, Order.quantity))
      assert.is_true(rawequal(positive, Product.price))
      assert.is_true(rawequal(text, Product.name))
      local o = Order.new({ price = 7 })
      local p = Product.new({ price = 8 })
      assert.are.equal(7, positive:get(o, "price"))
      assert.are.equal(8, positive:get(p, "price"))
      positive:set(p, "price", 9)
      assert.are.equal(9, p.price)
      assert.are.equal("price: positive number expected, got number 0",
        message_of(positive.set, positive, p, "price", 0))
    end)
  end)

  describe("the descriptor protocol", function()
    it("calls any object with get and set methods, passing it, the instance and the name", function()
      local calls = {}
      local logged = {}
      function logged:get(obj, name)
        calls[#calls + 1] = { self == logged, obj, "get", name }
        return rawget(obj, "__" .. name)
      end
      function logged:set(obj, name, value)
        calls[#calls + 1] = { self == logged, obj, "set", name, value }
        rawset(obj, "__" .. name, value)
      end
      local Point = descriptor.class({ x = logged, y = logged })
      local pt = Point.new({ x = 1 })
      pt.y = 2
      assert.are.equal(1, pt.x)
      assert.are.same({
        { true, pt, "set", "x", 1 },
        { true, pt, "set", "y", 2 },
        { true, pt, "get", "x" },
      }, calls)
      assert.are.equal(2, rawget(pt, "__y"))
    end)

    it("makes a new, independent descriptor on every call of positive and typed", function()
      local p1, p2 = descriptor.positive(), descriptor.positive()
      assert.is_false(rawequal(p1, p2))
      local number = descriptor.typed("number")
      local Cell = descriptor.class({ value = number, weight = p2 })
      local c = Cell.new({ value = -4, weight = 0.5 })
      assert.are.equal(-4, c.value)
      assert.are.equal('value: number expected, got string "x"', message_of(set, c, "value", "x"))
      assert.are.equal(
        "bad argument #1 to 'typed' (unknown type 'strin')",
        message_of(descriptor.typed, "strin"))
    end)
  end)

  describe("everything else", function()
    it("stores undeclared attributes in the instance, as plain fields", function()
      local _, _, Order = shop()
      local o = Order.new({ price = 1, note = "gift" })
      o.rush = true
      assert.are.equal("gift", rawget(o, "note"))
      assert.is_true(rawget(o, "rush"))
      assert.is_nil(o.missing)
    end)

    it("finds methods and class attributes in the class; an instance field shadows one", function()
      local positive = descriptor.positive()
      local Order = descriptor.class({ quantity = positive, price = positive, currency = "EUR" })
      function Order:total()
        return self.quantity * self.price
      end
      local a = Order.new({ quantity = 3, price = 2.5 })
      local b = Order.new({ quantity = 1, price = 1 })
      assert.are.equal(7.5, a:total())
      assert.are.equal("EUR", a.currency)
      a.currency = "USD"
      assert.are.equal("USD", a.currency)
      assert.are.equal("EUR", b.currency)
      assert.are.equal("EUR", Order.currency)
    end)
  end)
end)
