-- spec.lua: the busted spec for the `optional-args` kata (see README.md).
-- Every test makes a fresh sink (a plain table the log is written into) and
-- a fresh log_calls writing into it.

local make_log_calls = require("optional_args")

local function add(a, b)
  return a + b
end

-- A callable table: calling it calls __call(self, ...).
local function callable_adder()
  return setmetatable({ calls = 0 }, {
    __call = function(self, a, b)
      self.calls = self.calls + 1
      return a + b
    end,
  })
end

describe("optional_args", function()
  local sink, log_calls

  before_each(function()
    sink = {}
    log_calls = make_log_calls(sink)
  end)

  describe("the three ways to decorate", function()
    it("log_calls(fn): no options, level 'info' and name '?'", function()
      local f = log_calls(add)
      assert.are.equal(5, f(2, 3))
      assert.are.same({ { level = "info", name = "?", args = { n = 2, 2, 3 } } }, sink)
    end)

    it("log_calls{}(fn): empty options, the same defaults", function()
      local f = log_calls({})(add)
      assert.are.equal(5, f(2, 3))
      assert.are.same({ { level = "info", name = "?", args = { n = 2, 2, 3 } } }, sink)
    end)

    it("log_calls{ level = 'debug' }(fn): the level given", function()
      local f = log_calls({ level = "debug" })(add)
      assert.are.equal(7, f(3, 4))
      assert.are.same({ { level = "debug", name = "?", args = { n = 2, 3, 4 } } }, sink)
    end)

    it("log_calls{ name = ..., level = ... }(fn): both options, and a default for the missing one", function()
      local f = log_calls({ name = "add", level = "warn" })(add)
      local g = log_calls({ name = "sub" })(function(a, b) return a - b end)
      f(1, 2)
      g(5, 1)
      assert.are.same({
        { level = "warn", name = "add", args = { n = 2, 1, 2 } },
        { level = "info", name = "sub", args = { n = 2, 5, 1 } },
      }, sink)
    end)
  end)

  describe("what counts as a function", function()
    it("decorates a callable table, instead of taking it for options", function()
      local adder = callable_adder()
      local f = log_calls(adder)
      assert.is_function(f)
      assert.are.equal(5, f(2, 3))
      assert.are.equal(1, adder.calls)
      assert.are.same({ { level = "info", name = "?", args = { n = 2, 2, 3 } } }, sink)
      local g = log_calls({ level = "trace" })(adder) -- and so does the decorator log_calls{...} returns
      assert.are.equal(9, g(4, 5))
      assert.are.equal(2, adder.calls)
      assert.are.same({ level = "trace", name = "?", args = { n = 2, 4, 5 } }, sink[2])
    end)

    it("takes a table whose metatable has no __call for options", function()
      local options = setmetatable({ level = "debug" }, { __tostring = function() return "opts" end })
      local f = log_calls(options)(add)
      f(1, 1)
      assert.are.equal("debug", sink[1].level)
    end)
  end)

  describe("the wrapper", function()
    it("passes every argument on and returns every result, nils included", function()
      local got
      local f = log_calls(function(...)
        got = table.pack(...)
        return 1, nil, "three", nil
      end)
      assert.are.same({ n = 4, 1, nil, "three", nil }, table.pack(f(nil, "b", nil)))
      assert.are.same({ n = 3, nil, "b", nil }, got)
      assert.are.same({ n = 3, nil, "b", nil }, sink[1].args)
    end)

    it("logs before calling, so a call that raises is logged, and lets the error through", function()
      local problem = { code = 42 }
      local f = log_calls({ name = "boom" })(function() error(problem) end)
      local ok, err = pcall(f, "x")
      assert.is_false(ok)
      assert.are.equal(problem, err) -- the very same table
      assert.are.same({ { level = "info", name = "boom", args = { n = 1, "x" } } }, sink)
    end)

    it("logs nothing when decorating, and one record per call, in order", function()
      local calls = 0
      local f = log_calls({ level = "debug" })(function() calls = calls + 1 end)
      assert.are.same({}, sink)
      assert.are.equal(0, calls)
      f("a")
      f("b")
      assert.are.equal(2, calls)
      assert.are.same({ "a", "b" }, { sink[1].args[1], sink[2].args[1] })
    end)

    it("lets the wrapped function yield", function()
      local f = log_calls({ level = "debug" })(function(x)
        local y = coroutine.yield(x + 1)
        return y * 2
      end)
      local co = coroutine.wrap(f)
      assert.are.equal(11, co(10))
      assert.are.equal(14, co(7))
      assert.are.equal(1, #sink)
    end)
  end)

  describe("options", function()
    it("reads the options once, when log_calls{...} is called", function()
      local options = { level = "debug" }
      local deco = log_calls(options)
      options.level = "error"
      local f = deco(add)
      options.name = "late"
      f(1, 2)
      assert.are.same({ level = "debug", name = "?", args = { n = 2, 1, 2 } }, sink[1])
    end)

    it("shares one decorator between functions, and keeps sinks apart", function()
      local other = {}
      local deco = log_calls({ level = "debug" })
      local f, g = deco(add), deco(add)
      local h = make_log_calls(other)(add)
      f(1, 2)
      g(3, 4)
      h(5, 6)
      assert.are.equal(2, #sink)
      assert.are.same({ { level = "info", name = "?", args = { n = 2, 5, 6 } } }, other)
    end)
  end)

  describe("errors", function()
    it("rejects an argument that is neither a function nor a table", function()
      for _, bad in ipairs({ 42, "add", true }) do
        assert.error_matches(function() log_calls(bad) end,
          "bad argument #1 to 'log_calls' (function or table expected, got " .. type(bad) .. ")", 1, true)
      end
      assert.error_matches(function() log_calls() end,
        "bad argument #1 to 'log_calls' (function or table expected, got nil)", 1, true)
    end)

    it("rejects options that are not strings, and unknown options, at once", function()
      assert.error_matches(function() log_calls({ level = 3 }) end,
        "bad option 'level' to 'log_calls' (string expected, got number)", 1, true)
      assert.error_matches(function() log_calls({ name = add }) end,
        "bad option 'name' to 'log_calls' (string expected, got function)", 1, true)
      assert.error_matches(function() log_calls({ levle = "debug" }) end,
        "unknown option 'levle' to 'log_calls'", 1, true)
    end)

    it("makes the decorator from log_calls{...} reject what it can't call", function()
      local deco = log_calls({ level = "debug" })
      assert.error_matches(function() deco({ level = "info" }) end,
        "bad argument #1 to 'decorator' (function expected, got table)", 1, true)
      assert.error_matches(function() deco(42) end,
        "bad argument #1 to 'decorator' (function expected, got number)", 1, true)
    end)

    it("needs a table for a sink", function()
      assert.error_matches(function() make_log_calls() end,
        "bad argument #1 to 'make_log_calls' (table expected, got nil)", 1, true)
    end)
  end)
end)
