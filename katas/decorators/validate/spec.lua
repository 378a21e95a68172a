-- spec.lua: the busted spec for the `validate` kata (see README.md).
-- Error messages are compared exactly, once any "file:line: " position
-- prefix (which error(msg, level) adds) is taken off the front.

local validate = require("validate")

-- message_of(f, ...): calls f(...), which must raise a string error, and
-- returns the message without its position prefixes (an error crossing
-- coroutine.wrap may get a second one).
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

local function greet(name, times)
  return string.rep("hello " .. name .. "! ", times or 1)
end

local function identity(...)
  return ...
end

describe("validate", function()
  describe("arguments", function()
    it("passes the call through when the arguments match", function()
      local f = validate({ name = "greet", args = { "string", "integer?" }, returns = { "string" } })(greet)
      assert.are.equal("hello bob! ", f("bob"))
      assert.are.equal("hello bob! hello bob! ", f("bob", 2))
      local g = validate({ args = { "any?", "any?", "any?" } })(identity)
      assert.are.same({ n = 3, nil, "b", nil }, table.pack(g(nil, "b", nil)))
    end)

    it("names the position and the function in the error, '?' when it has no name", function()
      local f = validate({ name = "greet", args = { "string", "integer?" } })(greet)
      assert.are.equal("bad argument #1 to 'greet' (string expected, got number)", message_of(f, 42))
      assert.are.equal("bad argument #2 to 'greet' (integer expected, got string)", message_of(f, "bob", "2"))
      local g = validate({ args = { "table" } })(identity)
      assert.are.equal("bad argument #1 to '?' (table expected, got nil)", message_of(g))
    end)

    it("names an argument declared as { name = ..., type = ... }", function()
      local f = validate({
        name = "greet",
        args = { "number", { name = "name", type = "string" }, { name = "loud", type = "boolean?" } },
      })(identity)
      assert.are.equal("bad argument #2 'name' to 'greet' (string expected, got nil)", message_of(f, 1))
      assert.are.equal("bad argument #3 'loud' to 'greet' (boolean expected, got string)",
        message_of(f, 1, "bob", "yes"))
      assert.are.same({ 1, "bob", true }, { f(1, "bob", true) })
    end)

    it("lets nil through a type ending in '?', and nothing else of the wrong type", function()
      local f = validate({ name = "f", args = { "string", "number?" } })(identity)
      assert.are.same({ "a" }, { f("a") })
      assert.are.same({ n = 2, "a", nil }, table.pack(f("a", nil)))
      assert.are.same({ "a", 3 }, { f("a", 3) })
      assert.are.equal("bad argument #2 to 'f' (number expected, got boolean)", message_of(f, "a", true))
    end)

    it("takes any value but nil for 'any', and nil too for 'any?'", function()
      local f = validate({ name = "f", args = { "any", "any?" } })(identity)
      assert.are.same({ false, print }, { f(false, print) })
      assert.are.same({ 0 }, { f(0, nil) })
      assert.are.equal("bad argument #1 to 'f' (any expected, got nil)", message_of(f, nil, 1))
    end)

    it("takes 3 and 3.0 for 'integer', not 3.5 nor the string '3'", function()
      local f = validate({ name = "f", args = { "integer" } })(identity)
      assert.are.equal(3, f(3))
      assert.are.equal(3.0, f(3.0))
      assert.are.equal("bad argument #1 to 'f' (integer expected, got float)", message_of(f, 3.5))
      assert.are.equal("bad argument #1 to 'f' (integer expected, got string)", message_of(f, "3"))
      local g = validate({ name = "g", args = { "string" } })(identity)
      assert.are.equal("bad argument #1 to 'g' (string expected, got number)", message_of(g, 3.5))
    end)

    it("knows every type name type() returns", function()
      local values = {
        ["nil"] = nil, boolean = false, number = 1.5, string = "s", table = {},
        ["function"] = print, thread = coroutine.create(print), userdata = io.stdout,
      }
      for _, name in ipairs({ "nil", "boolean", "number", "string", "table", "function", "thread", "userdata" }) do
        local f = validate({ name = "f", args = { name } })(function() return "ok" end)
        assert.are.equal("ok", f(values[name]))
        local other = name == "string" and 1 or "s"
        assert.are.equal("bad argument #1 to 'f' (" .. name .. " expected, got " .. type(other) .. ")",
          message_of(f, other))
      end
    end)
  end)

  describe("how many arguments", function()
    it("rejects extra arguments, counting trailing nils, but not missing optional ones", function()
      local f = validate({ name = "greet", args = { "string", "integer?" } })(greet)
      assert.are.equal("too many arguments to 'greet' (expected at most 2, got 3)", message_of(f, "bob", 1, 2))
      assert.are.equal("too many arguments to 'greet' (expected at most 2, got 3)",
        message_of(f, "bob", nil, nil))
      assert.are.equal("hello bob! ", f("bob", nil))
    end)

    it("accepts any extra arguments after a final '...', still checking the others", function()
      local f = validate({ name = "printf", args = { "string", "..." } })(identity)
      assert.are.same({ n = 4, "%d %s", 1, nil, {} }, table.pack(f("%d %s", 1, nil, {})))
      assert.are.equal("bad argument #1 to 'printf' (string expected, got number)", message_of(f, 1, 2))
    end)

    it("checks no argument without args, and allows none with args = {}", function()
      local f = validate({ name = "f" })(identity)
      assert.are.same({ 1, "x", true }, { f(1, "x", true) })
      local g = validate({ name = "g", args = {} })(identity)
      assert.are.equal(0, select("#", g()))
      assert.are.equal("too many arguments to 'g' (expected at most 0, got 1)", message_of(g, nil))
    end)

    it("checks the count before the types, and calls nothing when the arguments are bad", function()
      local fn = spy.new(function() end)
      local f = validate({ name = "f", args = { "string", "string" } })(fn)
      assert.are.equal("too many arguments to 'f' (expected at most 2, got 3)", message_of(f, 1, 2, 3))
      assert.are.equal("bad argument #1 to 'f' (string expected, got number)", message_of(f, 1, 2))
      assert.spy(fn).was_not.called()
    end)
  end)

  describe("return values", function()
    it("checks their types, by position and by name", function()
      local f = validate({ name = "greet", returns = { "number" } })(greet)
      assert.are.equal("bad return value #1 from 'greet' (number expected, got string)", message_of(f, "bob"))
      local g = validate({ name = "divmod", returns = { "integer", { name = "rest", type = "integer" } } })(identity)
      assert.are.same({ 3, 1 }, { g(3, 1) })
      assert.are.equal("bad return value #2 'rest' from 'divmod' (integer expected, got nil)", message_of(g, 3))
    end)

    it("checks their number, unless returns ends with '...'", function()
      local f = validate({ name = "f", returns = { "number" } })(identity)
      assert.are.equal("too many return values from 'f' (expected at most 1, got 2)", message_of(f, 1, 2))
      local g = validate({ name = "g", returns = { "number", "..." } })(identity)
      assert.are.same({ n = 3, 1, nil, "x" }, table.pack(g(1, nil, "x")))
      local h = validate({ name = "h", returns = {} })(identity)
      assert.are.equal(0, select("#", h()))
      assert.are.equal("too many return values from 'h' (expected at most 0, got 1)", message_of(h, false))
    end)

    it("lets an error of the wrapped function through unchanged", function()
      local problem = { code = 42 }
      local f = validate({ name = "f", args = { "number" }, returns = { "string" } })(function()
        error(problem)
      end)
      local ok, err = pcall(f, 1)
      assert.is_false(ok)
      assert.are.equal(problem, err) -- the very same table
    end)

    it("lets the wrapped function yield, and checks what it returns when it is done", function()
      local f = validate({ name = "f", args = { "number" }, returns = { "number" } })(function(x)
        local y = coroutine.yield(x + 1)
        return y
      end)
      local co = coroutine.wrap(f)
      assert.are.equal(11, co(10))
      assert.are.equal(7, co(7))
      co = coroutine.wrap(f)
      co(1)
      assert.are.equal("bad return value #1 from 'f' (number expected, got string)", message_of(co, "x"))
    end)
  end)

  describe("bad signatures", function()
    it("are rejected when validate is called, with what is wrong and where", function()
      local function bad(sig, text)
        assert.error_matches(function() validate(sig) end, "bad argument #1 to 'validate' (" .. text, 1, true)
      end
      bad(nil, "table expected, got nil)")
      bad({ args = { "number", "strng" } }, "args[2]: unknown type 'strng')")
      bad({ returns = { "string??" } }, "returns[1]: unknown type 'string??')")
      bad({ args = { "...", "number" } }, "args[1]: '...' must come last)")
      bad({ args = { 42 } }, "args[1]: type name or {name = ..., type = ...} expected, got number)")
      bad({ args = { { name = "n" } } }, "args[1].type: string expected, got nil)")
      bad({ args = { { type = "number" } } }, "args[1].name: string expected, got nil)")
      bad({ args = "number" }, "args: table expected, got string)")
      bad({ name = 42 }, "name: string expected, got number)")
      bad({ arg = { "number" } }, "unknown field 'arg')")
    end)
  end)
end)
