-- spec.lua: the busted spec for the `exit-stack` kata (see README.md).
-- Context managers are fakes that write "enter NAME" and "exit NAME <err>"
-- into one shared log, and can be told to fail or to swallow; `with` is
-- the helper of the `suppress` kata, written out here. No clock is needed.

local ExitStack = require("exit_stack")

local function with(cm, fn)
  local values = table.pack(cm:enter())
  local res = table.pack(pcall(fn, table.unpack(values, 1, values.n)))
  if res[1] then
    cm:exit(nil)
    return table.unpack(res, 2, res.n)
  end
  if not cm:exit(res[2]) then
    error(res[2], 0)
  end
end

-- fake(log, name, opts): opts.enter_error / opts.exit_error are raised by
-- enter / exit; opts.swallow is what exit returns. enter returns name and
-- the handle "h-" .. name.
local Fake = {}
Fake.__index = Fake
function Fake:enter()
  self.log[#self.log + 1] = "enter " .. self.name
  if self.opts.enter_error ~= nil then
    error(self.opts.enter_error, 0)
  end
  return self.name, "h-" .. self.name
end
function Fake:exit(err)
  self.log[#self.log + 1] = "exit " .. self.name .. " " .. tostring(err)
  if self.opts.exit_error ~= nil then
    error(self.opts.exit_error, 0)
  end
  return self.opts.swallow
end
local function fake(log, name, opts)
  return setmetatable({ log = log, name = name, opts = opts or {} }, Fake)
end

describe("exit-stack", function()
  local log

  before_each(function()
    log = {}
  end)

  describe("unwinding", function()
    it("enters at once, returns enter's values, and exits in reverse order", function()
      local stack = ExitStack.new()
      local name, handle = stack:enter_context(fake(log, "a"))
      assert.are.same({ "a", "h-a" }, { name, handle })
      stack:enter_context(fake(log, "b"))
      stack:enter_context(fake(log, "c"))
      assert.are.same({ "enter a", "enter b", "enter c" }, log)
      stack:close()
      assert.are.same({ "enter a", "enter b", "enter c", "exit c nil", "exit b nil", "exit a nil" }, log)
    end)

    it("runs callbacks with their arguments, among the exits, last in first out", function()
      local stack = ExitStack.new()
      local got
      stack:callback(function(...) got = table.pack(...) end, "x", nil, 3)
      stack:enter_context(fake(log, "a"))
      stack:callback(function() log[#log + 1] = "callback" return true end)
      stack:close()
      assert.are.same({ "enter a", "callback", "exit a nil" }, log)
      assert.are.same({ n = 3, "x", nil, 3 }, got)
    end)

    it("empties itself: a second close does nothing", function()
      local stack = ExitStack.new()
      stack:enter_context(fake(log, "a"))
      stack:close()
      stack:close()
      assert.are.equal(false, stack:exit(nil))
      assert.are.same({ "enter a", "exit a nil" }, log)
    end)

    it("hands every exit the error, and by default lets it through unchanged", function()
      local stack = ExitStack.new()
      stack:enter_context(fake(log, "a"))
      stack:enter_context(fake(log, "b"))
      local problem = setmetatable({}, { __tostring = function() return "P" end })
      assert.are.equal(false, stack:exit(problem))
      assert.are.same({ "enter a", "enter b", "exit b P", "exit a P" }, log)
      local ok, err = pcall(with, ExitStack.new(), function() error(problem) end)
      assert.are.same({ false, true }, { ok, err == problem })
    end)
  end)

  describe("errors while unwinding", function()
    it("lets an exit swallow the error: the exits after it see none", function()
      local stack = ExitStack.new()
      stack:enter_context(fake(log, "a"))
      stack:enter_context(fake(log, "b", { swallow = true }))
      stack:enter_context(fake(log, "c"))
      assert.is_true(stack:exit("boom"))
      assert.are.same({ "enter a", "enter b", "enter c", "exit c boom", "exit b boom", "exit a nil" }, log)
    end)

    it("goes on unwinding when an exit fails, and raises the new error at the end", function()
      local stack = ExitStack.new()
      stack:enter_context(fake(log, "a"))
      stack:enter_context(fake(log, "b", { exit_error = "b broke" }))
      stack:enter_context(fake(log, "c"))
      local ok, err = pcall(stack.close, stack)
      assert.are.same({ false, "b broke" }, { ok, err })
      assert.are.same({ "enter a", "enter b", "enter c", "exit c nil", "exit b nil", "exit a b broke" }, log)
    end)

    it("raises the last of several new errors, each exit seeing the one before", function()
      local stack = ExitStack.new()
      stack:enter_context(fake(log, "a", { exit_error = "a broke" }))
      stack:enter_context(fake(log, "b", { exit_error = "b broke" }))
      local ok, err = pcall(stack.exit, stack, "boom")
      assert.are.same({ false, "a broke" }, { ok, err })
      assert.are.same({ "enter a", "enter b", "exit b boom", "exit a b broke" }, log)
    end)

    it("swallows a failure of an inner exit when an outer one says so", function()
      local stack = ExitStack.new()
      stack:enter_context(fake(log, "a", { swallow = true }))
      stack:callback(function() error("callback broke", 0) end)
      assert.has_no.errors(function() stack:close() end)
      assert.are.same({ "enter a", "exit a callback broke" }, log)
    end)

    it("never lets a callback swallow, whatever it returns", function()
      local stack = ExitStack.new()
      stack:callback(function() return true end)
      assert.are.equal(false, stack:exit("boom"))
    end)

    it("takes raw exit functions with push, which may swallow", function()
      local stack = ExitStack.new()
      local seen = {}
      stack:push(function(err) seen[#seen + 1] = tostring(err) end)
      stack:push(function(err) seen[#seen + 1] = tostring(err) return err == "expected" end)
      assert.is_true(stack:exit("expected"))
      assert.are.same({ "expected", "nil" }, seen)
    end)
  end)

  describe("building a stack", function()
    it("pushes nothing when enter fails, and the ones before are still unwound", function()
      local ok, err = pcall(with, ExitStack.new(), function(stack)
        stack:enter_context(fake(log, "a"))
        stack:enter_context(fake(log, "b", { enter_error = "b refused" }))
        stack:enter_context(fake(log, "c"))
      end)
      assert.are.same({ false, "b refused" }, { ok, err })
      assert.are.same({ "enter a", "enter b", "exit a b refused" }, log)
    end)

    it("hands everything over with pop_all, leaving itself empty", function()
      local kept
      with(ExitStack.new(), function(stack)
        stack:enter_context(fake(log, "a"))
        stack:enter_context(fake(log, "b"))
        kept = stack:pop_all() -- all entered: keep them open past the block
      end)
      assert.are.same({ "enter a", "enter b" }, log)
      kept:close()
      assert.are.same({ "enter a", "enter b", "exit b nil", "exit a nil" }, log)
    end)

    it("unwinds as a <close> variable, on error too", function()
      local ok, err = pcall(function()
        local stack <close> = ExitStack.new()
        stack:enter_context(fake(log, "a"))
        stack:callback(function() log[#log + 1] = "callback" end)
        error("boom", 0)
      end)
      assert.are.same({ false, "boom" }, { ok, err })
      assert.are.same({ "enter a", "callback", "exit a boom" }, log)
    end)

    it("refuses what it can't unwind", function()
      local stack = ExitStack.new()
      assert.has_error(function() stack:enter_context(42) end)
      assert.has_error(function() stack:enter_context({ enter = function() end }) end)
      assert.has_error(function() stack:callback("not a function") end)
      assert.has_error(function() stack:push(nil) end)
      stack:close()
    end)
  end)
end)
