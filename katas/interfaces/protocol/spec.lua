-- spec.lua: the busted spec for the `protocol` kata (see README.md).
-- No clock: nothing here happens over time. Arities come from `arity`
-- below, built on debug.getinfo, which the spec has and a graded solution
-- does not: the spec passes it in as implements' third argument. The
-- pitfalls the lesson names are here: a method written with a dot (no
-- self), a protocol used as if it were a base class, and a field that is
-- there but is not a function.

local protocol = require("protocol")

-- arity(f) -> number of parameters, whether it takes `...`
local function arity(f)
  local info = debug.getinfo(f, "u")
  return info.nparams, info.isvararg
end

local function reader_protocol()
  return protocol.new("Reader", { read = 1, close = 0 })
end

-- A class of files, to show methods found through a metatable.
local File = {}
File.__index = File
function File:read(n) return ("x"):rep(n) end
function File:close() self.closed = true end
function File:seek(pos) self.pos = pos end

describe("protocol", function()
  describe("structure", function()
    it("accepts a plain table that has every method", function()
      local obj = { read = function(self, n) return n end, close = function(self) end }
      assert.is_true(protocol.implements(obj, reader_protocol()))
      assert.is_true(protocol.implements(obj, reader_protocol(), arity))
    end)

    it("finds methods through the object's metatable, as a method call would", function()
      local f = setmetatable({}, File)
      assert.is_true(protocol.implements(f, reader_protocol(), arity))
    end)

    it("finds methods that an __index function computes", function()
      local obj = setmetatable({}, { __index = function(_, key)
        if key == "read" or key == "close" then return function(self, n) end end
      end })
      assert.is_true(protocol.implements(obj, reader_protocol()))
    end)

    it("explains a missing method", function()
      local ok, problems = protocol.implements({ read = function(self, n) end }, reader_protocol())
      assert.is_false(ok)
      assert.are.same({ "missing method 'close'" }, problems)
    end)

    it("explains a field that is not a function", function()
      local ok, problems = protocol.implements({ read = "later", close = 0 }, reader_protocol())
      assert.is_false(ok)
      assert.are.same({
        "'close' is not a function (got number)",
        "'read' is not a function (got string)",
      }, problems)
    end)

    it("lists every problem, sorted by method name", function()
      local P = protocol.new("Stream", { write = 1, flush = 0, close = 0, read = 1 })
      local ok, problems = protocol.implements({ flush = function(self) end, write = true }, P)
      assert.is_false(ok)
      assert.are.same({
        "missing method 'close'",
        "missing method 'read'",
        "'write' is not a function (got boolean)",
      }, problems)
    end)

    it("ignores extra methods, and an empty protocol takes any table", function()
      local f = setmetatable({ extra = function() end }, File)
      assert.is_true(protocol.implements(f, reader_protocol(), arity))
      assert.is_true(protocol.implements({}, protocol.new("Nothing", {})))
    end)

    it("needs no inheritance, and a protocol is no base class to inherit from", function()
      local P = reader_protocol()
      -- never heard of P, and fits
      assert.is_true(protocol.implements({ read = function(s, n) end, close = function(s) end }, P))
      -- "inherits" P, and gets nothing from it: P holds no methods
      local ok, problems = protocol.implements(setmetatable({}, { __index = P }), P)
      assert.is_false(ok)
      assert.are.same({ "missing method 'close'", "missing method 'read'" }, problems)
    end)

    it("checks strings too: they have methods through their metatable", function()
      local Text = protocol.new("Text", { upper = 0, len = 0 })
      assert.is_true(protocol.implements("abc", Text))
      assert.is_true(protocol.implements("abc", Text, arity))
    end)

    it("says so when it is given something that can't have methods", function()
      local P = reader_protocol()
      for _, v in ipairs({ 42, true, print }) do
        local ok, problems = protocol.implements(v, P)
        assert.is_false(ok)
        assert.are.same({ "expected an object, got " .. type(v) }, problems)
      end
      local ok, problems = protocol.implements(nil, P)
      assert.is_false(ok)
      assert.are.same({ "expected an object, got nil" }, problems)
    end)
  end)

  describe("signatures", function()
    it("are not checked without an arity reader", function()
      local obj = { read = function() end, close = function(self, a, b, c) end }
      assert.is_true(protocol.implements(obj, reader_protocol()))
    end)

    it("explain a method that takes more parameters than the protocol gives", function()
      local obj = { read = function(self, n, mode) end, close = function(self) end }
      local ok, problems = protocol.implements(obj, reader_protocol(), arity)
      assert.is_false(ok)
      assert.are.same({ "'read' takes 3 parameters; Reader wants 2 (self + 1)" }, problems)
    end)

    it("catch a method written with a dot: it has no self", function()
      local obj = {}
      function obj.read(n) return n end -- should be obj:read(n)
      function obj.close() end          -- close(self) too
      local ok, problems = protocol.implements(obj, reader_protocol(), arity)
      assert.is_false(ok)
      assert.are.same({
        "'close' takes 0 parameters; Reader wants 1 (self + 0)",
        "'read' takes 1 parameter; Reader wants 2 (self + 1)",
      }, problems)
    end)

    it("let a vararg method take what it lacks from ...", function()
      local P = protocol.new("Logger", { log = 2 })
      assert.is_true(protocol.implements({ log = function(self, ...) end }, P, arity))
      assert.is_true(protocol.implements({ log = function(self, level, ...) end }, P, arity))
      assert.is_true(protocol.implements({ log = function(...) end }, P, arity))
      local ok, problems = protocol.implements({ log = function(self, a, b, c, ...) end }, P, arity)
      assert.is_false(ok)
      assert.are.same({ "'log' takes at least 4 parameters; Logger wants 3 (self + 2)" }, problems)
    end)

    it("count a method found through the metatable like any other", function()
      local Seeker = protocol.new("Seeker", { seek = 2 })
      local ok, problems = protocol.implements(setmetatable({}, File), Seeker, arity)
      assert.is_false(ok)
      assert.are.same({ "'seek' takes 2 parameters; Seeker wants 3 (self + 2)" }, problems)
    end)
  end)

  describe("protocol.new", function()
    it("keeps its own copy of the methods", function()
      local methods = { read = 1 }
      local P = protocol.new("Reader", methods)
      methods.write = 1
      methods.read = 5
      assert.is_true(protocol.implements({ read = function(self, n) end }, P, arity))
      assert.are.equal("Reader", P.name)
    end)

    it("rejects a bad name or a bad table of methods", function()
      assert.error_matches(function() protocol.new(nil, {}) end, "bad argument #1", 1, true)
      assert.error_matches(function() protocol.new(3, {}) end, "bad argument #1", 1, true)
      assert.error_matches(function() protocol.new("P", "read") end, "bad argument #2", 1, true)
      assert.error_matches(function() protocol.new("P", { read = -1 }) end, "bad argument #2", 1, true)
      assert.error_matches(function() protocol.new("P", { read = 1.5 }) end, "bad argument #2", 1, true)
      assert.error_matches(function() protocol.new("P", { read = "1" }) end, "bad argument #2", 1, true)
      assert.error_matches(function() protocol.new("P", { 1 }) end, "bad argument #2", 1, true)
    end)

    it("implements rejects a protocol or an arity reader of the wrong kind", function()
      assert.error_matches(function() protocol.implements({}, "Reader") end, "bad argument #2", 1, true)
      assert.error_matches(function() protocol.implements({}, nil) end, "bad argument #2", 1, true)
      assert.error_matches(function() protocol.implements({}, reader_protocol(), 3) end, "bad argument #3", 1, true)
    end)
  end)
end)
