-- spec.lua: the busted spec for the `locked` kata (see README.md).
-- Locks are fakes that write "acquire NAME" and "release NAME" into a log,
-- refuse to be acquired twice (a real lock would deadlock: this one
-- raises) or released when free, and can be told to fail. No clock.

local M = require("locked")
local locked, holding = M.locked, M.holding

-- fake_lock(log, name, opts): opts.acquire_error / opts.release_error are
-- raised by acquire / release (release frees the lock first).
local function fake_lock(log, name, opts)
  opts = opts or {}
  local lock = { held = false, acquired = 0 }
  function lock:acquire()
    log[#log + 1] = "acquire " .. name
    if opts.acquire_error ~= nil then
      error(opts.acquire_error, 0)
    end
    if self.held then
      error("deadlock: " .. name .. " is already held", 0)
    end
    self.held = true
    self.acquired = self.acquired + 1
  end
  function lock:release()
    log[#log + 1] = "release " .. name
    if not self.held then
      error(name .. " released but not held", 0)
    end
    self.held = false
    if opts.release_error ~= nil then
      error(opts.release_error, 0)
    end
  end
  return lock
end

describe("locked", function()
  local log

  before_each(function()
    log = {}
  end)

  describe("holding(lock)", function()
    it("acquires on enter, releases on exit, and never swallows", function()
      local lock = fake_lock(log, "L")
      local cm = holding(lock)
      assert.are.same({}, log) -- nothing happens until enter
      assert.are.equal(lock, cm:enter())
      assert.is_true(lock.held)
      assert.are.equal(false, cm:exit("boom"))
      assert.is_false(lock.held)
      assert.are.same({ "acquire L", "release L" }, log)
    end)

    it("releases as a <close> variable, on error too", function()
      local lock = fake_lock(log, "L")
      local ok, err = pcall(function()
        local cm <close> = holding(lock)
        cm:enter()
        error("boom", 0)
      end)
      assert.are.same({ false, "boom" }, { ok, err })
      assert.is_false(lock.held)
      assert.are.same({ "acquire L", "release L" }, log)
    end)
  end)

  describe("locked(lock)(fn)", function()
    it("holds the lock while fn runs, and only then", function()
      local lock = fake_lock(log, "L")
      local during
      local f = locked(lock)(function() during = lock.held end)
      assert.is_false(lock.held)
      f()
      assert.is_true(during)
      assert.is_false(lock.held)
    end)

    it("passes every argument and returns every result, nil holes included", function()
      local f = locked(fake_lock(log, "L"))(function(...) return select("#", ...), ... end)
      assert.are.same({ n = 4, 3, "a", nil, "c" }, table.pack(f("a", nil, "c")))
      local g = locked(fake_lock(log, "M"))(function() end)
      assert.are.equal(0, select("#", g()))
    end)

    it("releases when fn raises, and the error goes on unchanged", function()
      local lock = fake_lock(log, "L")
      local problem = { reason = "bad input" }
      local f = locked(lock)(function() error(problem) end)
      local ok, err = pcall(f)
      assert.are.same({ false, true }, { ok, err == problem })
      assert.is_false(lock.held)
      local g = locked(lock)(function() error("plain", 0) end)
      ok, err = pcall(g)
      assert.are.same({ false, "plain" }, { ok, err }) -- no position added
      assert.are.same({ "acquire L", "release L", "acquire L", "release L" }, log)
    end)

    it("acquires and releases once per call", function()
      local lock = fake_lock(log, "L")
      local f = locked(lock)(function(x) return x * 2 end)
      assert.are.same({ 2, 4, 6 }, { f(1), f(2), f(3) })
      assert.are.equal(3, lock.acquired)
      assert.are.equal(6, #log)
    end)

    it("calls neither fn nor release when acquire fails", function()
      local lock = fake_lock(log, "L", { acquire_error = "timed out" })
      local called = false
      local f = locked(lock)(function() called = true end)
      local ok, err = pcall(f)
      assert.are.same({ false, "timed out" }, { ok, err })
      assert.is_false(called)
      assert.are.same({ "acquire L" }, log)
    end)

    it("lets a failing release raise, even over fn's own error", function()
      local lock = fake_lock(log, "L", { release_error = "release failed" })
      local ok, err = pcall(locked(lock)(function() return 1 end))
      assert.are.same({ false, "release failed" }, { ok, err })
      ok, err = pcall(locked(lock)(function() error("fn failed", 0) end))
      assert.are.same({ false, "release failed" }, { ok, err })
      assert.is_false(lock.held)
    end)

    it("releases nested locks in reverse order", function()
      local a, b = fake_lock(log, "a"), fake_lock(log, "b")
      local inner = locked(b)(function() log[#log + 1] = "inner" end)
      local outer = locked(a)(function() inner() end)
      outer()
      assert.are.same({ "acquire a", "acquire b", "inner", "release b", "release a" }, log)
    end)

    it("is not reentrant: fn calling itself fails on the lock, which is then free", function()
      local lock = fake_lock(log, "L")
      local f
      f = locked(lock)(function(n)
        if n > 0 then
          return f(n - 1)
        end
        return "bottom"
      end)
      local ok, err = pcall(f, 1)
      assert.are.same({ false, "deadlock: L is already held" }, { ok, err })
      assert.is_false(lock.held) -- the outer call still released it
      assert.are.equal("bottom", f(0))
    end)

    it("shares one lock between the functions decorated with it", function()
      local lock = fake_lock(log, "L")
      local with_lock = locked(lock)
      local read = with_lock(function() return "read" end)
      local write = with_lock(function() return read() end) -- read needs the lock too
      assert.are.equal("read", read())
      assert.has_error(function() write() end, "deadlock: L is already held")
      assert.is_false(lock.held)
    end)

    it("keeps the lock held while fn is suspended in a coroutine", function()
      local lock = fake_lock(log, "L")
      local f = locked(lock)(function(x)
        local y = coroutine.yield(x + 1)
        return x + y
      end)
      local co = coroutine.wrap(f)
      assert.are.equal(11, co(10))
      assert.is_true(lock.held) -- still inside fn
      assert.are.equal(15, co(5))
      assert.is_false(lock.held)
    end)

    it("refuses what is not a lock, and a decorated value that is not a function", function()
      local ok, err = pcall(locked, {})
      assert.is_false(ok)
      assert.is_truthy(tostring(err):find("bad argument #1", 1, true))
      assert.has_error(function() locked(nil) end)
      assert.has_error(function() holding(42) end)
      assert.has_error(function() locked(fake_lock(log, "L"))("not a function") end)
    end)
  end)
end)
