-- spec.lua: the busted spec for the `contextmanager` kata (see README.md).
-- Generators write what they do into a log; `with` below is the helper of
-- the `suppress` kata (Python's exit rules), written out here so that this
-- spec stands alone. No clock is needed.

local contextmanager = require("contextmanager")

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

local function raises(v)
  return function()
    error(v, 0)
  end
end

-- resource(log): a context manager factory from a generator: "open NAME"
-- before the yield, "close NAME" after it, on success and error alike,
-- and the error (if any) goes on unchanged.
local function resource(log)
  return contextmanager(function(yield, name)
    log[#log + 1] = "open " .. name
    local ok, err = pcall(yield, "handle " .. name)
    log[#log + 1] = "close " .. name
    if not ok then
      error(err, 0)
    end
  end)
end

describe("contextmanager", function()
  describe("the factory", function()
    it("runs nothing until enter", function()
      local log = {}
      local cm = resource(log)("a")
      assert.are.same({}, log)
      assert.are.equal("handle a", cm:enter())
      assert.are.same({ "open a" }, log)
    end)

    it("passes the factory's arguments after yield, nil holes included", function()
      local got
      local cm = contextmanager(function(yield, ...)
        got = table.pack(...)
        yield()
      end)(1, nil, 3)
      cm:enter()
      assert.are.same({ n = 3, 1, nil, 3 }, got)
    end)

    it("makes a fresh context manager on every call", function()
      local log = {}
      local make = resource(log)
      local a, b = make("a"), make("b")
      with(a, function()
        with(b, function() log[#log + 1] = "body" end)
      end)
      assert.are.same({ "open a", "open b", "body", "close b", "close a" }, log)
    end)

    it("refuses something that is not a function", function()
      local ok, err = pcall(contextmanager, "not a function")
      assert.is_false(ok)
      assert.is_truthy(tostring(err):find("bad argument #1", 1, true))
    end)
  end)

  describe("enter and exit", function()
    it("enter runs the setup and returns everything the generator yields", function()
      local cm = contextmanager(function(yield) yield("x", nil, 3) end)()
      assert.are.same({ n = 3, "x", nil, 3 }, table.pack(cm:enter()))
    end)

    it("exit(nil) runs the teardown and returns false", function()
      local log = {}
      local cm = resource(log)("a")
      cm:enter()
      assert.are.equal(false, cm:exit(nil))
      assert.are.same({ "open a", "close a" }, log)
    end)

    it("exit(err) raises err at the yield, where the generator can catch it", function()
      local seen
      local problem = { code = 7 }
      local cm = contextmanager(function(yield)
        local ok, err = pcall(yield)
        seen = { ok, err }
      end)()
      cm:enter()
      assert.is_true(cm:exit(problem)) -- caught and not raised again: swallowed
      assert.are.equal(false, seen[1])
      assert.are.equal(problem, seen[2]) -- the same value, untouched
    end)

    it("exit(err) returns false when the error goes through the generator", function()
      local after = false
      local cm = contextmanager(function(yield)
        yield()
        after = true
      end)()
      cm:enter()
      assert.are.equal(false, cm:exit("boom"))
      assert.is_false(after) -- the line after the yield never ran
    end)

    it("is used once: a second enter, or an exit before enter, is an error", function()
      local cm = contextmanager(function(yield) yield() end)()
      assert.has_error(function() cm:exit(nil) end)
      cm:enter()
      cm:exit(nil)
      assert.has_error(function() cm:enter() end)
      assert.has_error(function() cm:exit(nil) end)
    end)
  end)

  describe("inside with", function()
    it("runs setup, body, teardown in order, the body getting the yielded value", function()
      local log = {}
      local r = with(resource(log)("db"), function(h)
        log[#log + 1] = "use " .. h
        return "result"
      end)
      assert.are.equal("result", r)
      assert.are.same({ "open db", "use handle db", "close db" }, log)
    end)

    it("tears down when the body raises, and the error goes on unchanged", function()
      local log = {}
      local problem = { reason = "bad row" }
      local ok, err = pcall(with, resource(log)("db"), raises(problem))
      assert.is_false(ok)
      assert.are.equal(problem, err)
      assert.are.same({ "open db", "close db" }, log)
    end)

    it("swallows the error when the generator handles it", function()
      local cm = contextmanager(function(yield)
        local ok, err = pcall(yield)
        if not ok and not tostring(err):find("expected", 1, true) then
          error(err, 0)
        end
      end)
      assert.has_no.errors(function() with(cm(), raises("expected failure")) end)
      assert.has_error(function() with(cm(), raises("real bug")) end, "real bug")
    end)

    it("lets an error raised in the teardown replace the body's error", function()
      local cm = contextmanager(function(yield)
        pcall(yield)
        error("teardown failed", 0)
      end)
      local ok, err = pcall(with, cm(), raises("body failed"))
      assert.are.same({ false, "teardown failed" }, { ok, err })
      ok, err = pcall(with, cm(), function() end)
      assert.are.same({ false, "teardown failed" }, { ok, err })
    end)

    it("closes the generator's <close> variables when the error unwinds it", function()
      local closed = {}
      local function guard(name)
        return setmetatable({}, { __close = function(_, e) closed[#closed + 1] = name .. " " .. tostring(e) end })
      end
      local cm = contextmanager(function(yield)
        local g <close> = guard("g")
        yield()
      end)
      assert.has_error(function() with(cm(), raises("boom")) end, "boom")
      assert.are.same({ "g boom" }, closed)
      with(cm(), function() end)
      assert.are.same({ "g boom", "g nil" }, closed)
    end)
  end)

  describe("misbehaving generators", function()
    it("raises when the generator never yields", function()
      local cm = contextmanager(function() end)()
      local ok, err = pcall(cm.enter, cm)
      assert.is_false(ok)
      assert.is_truthy(tostring(err):find("didn't yield", 1, true))
    end)

    it("raises when the generator yields a second time", function()
      local twice = contextmanager(function(yield)
        yield(1)
        yield(2)
      end)
      local ok, err = pcall(with, twice(), function() end)
      assert.is_false(ok)
      assert.is_truthy(tostring(err):find("didn't stop", 1, true))
      local stubborn = contextmanager(function(yield)
        pcall(yield, 1)
        yield(2)
      end)
      ok, err = pcall(with, stubborn(), raises("boom"))
      assert.is_false(ok)
      assert.is_truthy(tostring(err):find("didn't stop", 1, true))
    end)

    it("raises a setup error from enter, unchanged, and never runs the body", function()
      local problem = { reason = "no server" }
      local ran = false
      local cm = contextmanager(function() error(problem) end)()
      local ok, err = pcall(with, cm, function() ran = true end)
      assert.are.same({ false, true, false }, { ok, err == problem, ran })
    end)
  end)
end)
