-- spec.lua: the busted spec for the `suppress` kata (see README.md): the
-- `with` helper with Python's exit rules, and suppress(...). Context
-- managers are faked: recorder() writes down every enter and exit call,
-- with the error exit was handed. No clock is needed.

local M = require("suppress")
local with, suppress = M.with, M.suppress

-- recorder(opts): a context manager built as a class (methods on a
-- metatable, so they need `self`). log lists "enter", "body" (written by
-- the tests) and "exit <err>"; `errs` keeps the exit arguments themselves.
-- opts.values: what enter returns (a table.pack'ed list); opts.answer: what
-- exit returns; opts.enter_error / opts.exit_error: raised by enter / exit.
local Recorder = {}
Recorder.__index = Recorder

function Recorder:enter()
  self.log[#self.log + 1] = "enter"
  if self.opts.enter_error ~= nil then
    error(self.opts.enter_error, 0)
  end
  local v = self.opts.values or { n = 0 }
  return table.unpack(v, 1, v.n)
end

function Recorder:exit(err)
  self.log[#self.log + 1] = "exit " .. tostring(err)
  self.errs[#self.errs + 1] = err
  if self.opts.exit_error ~= nil then
    error(self.opts.exit_error, 0)
  end
  return self.opts.answer
end

local function recorder(opts, log)
  return setmetatable({ opts = opts or {}, log = log or {}, errs = {} }, Recorder)
end

-- A small class hierarchy of errors: NotFound, and Missing, a subclass.
local NotFound = {}
NotFound.__index = NotFound
local Missing = setmetatable({}, NotFound)
Missing.__index = Missing
local Denied = {}
Denied.__index = Denied

-- raises(v): a function that raises v with no position added.
local function raises(v)
  return function()
    error(v, 0)
  end
end

describe("suppress", function()
  describe("with(cm, fn)", function()
    it("enters, runs fn with enter's values, exits with nil, returns every result", function()
      local cm = recorder({ values = table.pack("conn", nil, 3) })
      local got
      local a, b, c, d = with(cm, function(x, y, z)
        got = { x, y, z }
        cm.log[#cm.log + 1] = "body"
        return 1, nil, 3, nil
      end)
      assert.are.same({ "conn", nil, 3 }, got)
      assert.are.same({ 1, nil, 3, nil }, { a, b, c, d })
      assert.are.equal(4, select("#", with(recorder(), function() return 1, nil, 3, nil end)))
      assert.are.same({ "enter", "body", "exit nil" }, cm.log)
    end)

    it("hands exit the error itself, then raises it unchanged", function()
      local problem = { reason = "disk full" }
      local cm = recorder()
      local ok, err = pcall(with, cm, raises(problem))
      assert.is_false(ok)
      assert.are.equal(problem, err)
      assert.are.equal(problem, cm.errs[1])
      ok, err = pcall(with, recorder(), raises("plain"))
      assert.are.same({ false, "plain" }, { ok, err }) -- no position added
    end)

    it("lets a true return from exit suppress the error", function()
      local cm = recorder({ answer = true })
      assert.are.equal(0, select("#", with(cm, raises("boom"))))
      assert.are.same({ "enter", "exit boom" }, cm.log)
      local any_true = recorder({ answer = "yes" }) -- any true value will do
      assert.has_no.errors(function() with(any_true, raises("boom")) end)
    end)

    it("lets the error through when exit returns false or nothing", function()
      assert.has_error(function() with(recorder({ answer = false }), raises("boom")) end, "boom")
      assert.has_error(function() with(recorder({ answer = nil }), raises("boom")) end, "boom")
    end)

    it("ignores what exit returns when fn succeeded", function()
      local cm = recorder({ answer = true })
      assert.are.equal("result", with(cm, function() return "result" end))
      assert.are.same({ "enter", "exit nil" }, cm.log)
    end)

    it("lets an error raised in exit replace the original", function()
      local cm = recorder({ exit_error = "exit failed" })
      local ok, err = pcall(with, cm, raises("body failed"))
      assert.are.same({ false, "exit failed" }, { ok, err })
      assert.are.same({ "enter", "exit body failed" }, cm.log)
      ok, err = pcall(with, recorder({ exit_error = "exit failed" }), function() return 1 end)
      assert.are.same({ false, "exit failed" }, { ok, err })
    end)

    it("calls neither fn nor exit when enter raises", function()
      local cm = recorder({ enter_error = "no connection" })
      local ran = false
      local ok, err = pcall(with, cm, function() ran = true end)
      assert.are.same({ false, "no connection" }, { ok, err })
      assert.is_false(ran)
      assert.are.same({ "enter" }, cm.log)
    end)

    it("lets fn yield inside a coroutine; exit runs when fn is done", function()
      local cm = recorder({ answer = true })
      local co = coroutine.wrap(function()
        local first = with(cm, function()
          local got = coroutine.yield("paused")
          return "resumed with " .. got
        end)
        with(cm, function()
          coroutine.yield("paused again")
          error("late", 0)
        end)
        return first
      end)
      assert.are.equal("paused", co())
      assert.are.same({ "enter" }, cm.log) -- still inside the block
      assert.are.equal("paused again", co("x"))
      assert.are.equal("resumed with x", co())
      assert.are.same({ "enter", "exit nil", "enter", "exit late" }, cm.log)
    end)

    it("refuses something that is not a context manager, before calling anything", function()
      local entered = false
      local half = { enter = function() entered = true end } -- no exit
      local ok, err = pcall(with, half, function() end)
      assert.is_false(ok)
      assert.is_truthy(tostring(err):find("bad argument #1", 1, true))
      assert.is_false(entered)
      assert.has_error(function() with(42, function() end) end)
      assert.has_error(function() with(nil, function() end) end)
    end)
  end)

  describe("suppress(...)", function()
    it("swallows a string error that contains an entry, as plain text", function()
      assert.has_no.errors(function() with(suppress("timeout"), raises("connection timeout")) end)
      assert.has_no.errors(function() with(suppress("50%"), raises("at 50% load")) end)
      assert.has_no.errors(function() with(suppress("a.b"), raises("x a.b y")) end)
      assert.has_error(function() with(suppress("a.b"), raises("aXb")) end, "aXb") -- not a pattern
    end)

    it("lets any other error through unchanged", function()
      local problem = { kind = "denied" }
      local ok, err = pcall(with, suppress("timeout", "busy"), raises(problem))
      assert.are.same({ false, true }, { ok, err == problem })
      assert.has_error(function() with(suppress("timeout"), raises(42)) end)
      assert.has_error(function() with(suppress(), raises("anything")) end, "anything")
    end)

    it("matches a table error by its kind", function()
      assert.has_no.errors(function() with(suppress("busy"), raises({ kind = "busy" })) end)
      assert.has_error(function() with(suppress("bus"), raises({ kind = "busy" })) end)
      assert.has_error(function() with(suppress("busy"), raises({ message = "busy" })) end)
    end)

    it("matches an error object by its class, subclasses included", function()
      local cm = suppress(NotFound)
      assert.has_no.errors(function() with(cm, raises(setmetatable({}, NotFound))) end)
      assert.has_no.errors(function() with(cm, raises(setmetatable({}, Missing))) end)
      assert.has_error(function() with(cm, raises(setmetatable({}, Denied))) end)
      assert.has_error(function() with(suppress(Missing), raises(setmetatable({}, NotFound))) end)
    end)

    it("is a context manager: enter gives nothing, exit says whether to swallow", function()
      local cm = suppress("boom", Denied)
      assert.are.equal(0, select("#", cm:enter()))
      assert.is_true(cm:exit("boom!"))
      assert.is_true(cm:exit(setmetatable({}, Denied)))
      assert.is_false(cm:exit("other"))
      assert.is_false(cm:exit(nil)) -- nothing to swallow
      assert.are.equal("ok", with(cm, function() return "ok" end))
    end)

    it("can be used again, and keeps the entries it was given", function()
      local cm = suppress("timeout")
      for _ = 1, 3 do
        assert.has_no.errors(function() with(cm, raises("timeout")) end)
      end
      local list = { "busy" }
      local by_list = suppress(table.unpack(list))
      list[1] = "changed"
      assert.has_no.errors(function() with(by_list, raises("busy")) end)
    end)

    it("nests: each block swallows only what it was told to", function()
      local reached = {}
      with(suppress("outer"), function()
        with(suppress("inner"), function()
          reached[#reached + 1] = "inner body"
          error("inner problem", 0)
        end)
        reached[#reached + 1] = "after inner"
        error("outer problem", 0)
      end)
      reached[#reached + 1] = "after outer"
      assert.are.same({ "inner body", "after inner", "after outer" }, reached)
    end)

    it("refuses an entry that is neither a string nor a table", function()
      local ok, err = pcall(suppress, "timeout", 42)
      assert.is_false(ok)
      assert.is_truthy(tostring(err):find("bad argument #2", 1, true))
      assert.has_error(function() suppress(function() end) end)
    end)
  end)
end)
