-- spec.lua: the busted spec for the `countdown` kata (see README.md).
-- No time is involved: nothing here waits or reads a clock. Every loop that
-- drains a generator stops after a fixed number of calls, so a generator that
-- never ends fails its test instead of hanging it.

local countdown = require("countdown")

-- drain: calls gen up to `cap` times (100 by default) and returns the
-- values it handed out before its first nil, in order.
local function drain(gen, cap)
  local out = {}
  for _ = 1, cap or 100 do
    local v = gen()
    if v == nil then
      return out
    end
    out[#out + 1] = v
  end
  return out
end

-- resume_all: resumes `co` until it is dead (at most 100 times) and returns
-- the list of what each resume returned, as { ok, value } pairs.
local function resume_all(co)
  local seen = {}
  for _ = 1, 100 do
    if coroutine.status(co) == "dead" then
      break
    end
    seen[#seen + 1] = { coroutine.resume(co) }
  end
  return seen
end

describe("countdown", function()
  describe("create: a coroutine you resume", function()
    it("returns a coroutine that has not started yet", function()
      local co = countdown.create(3)
      assert.are.equal("thread", type(co))
      assert.are.equal("suspended", coroutine.status(co))
    end)

    it("yields n, n-1, ..., 1, one value per resume, then returns 'liftoff'", function()
      local co = countdown.create(3)
      assert.are.same({
        { true, 3 },
        { true, 2 },
        { true, 1 },
        { true, "liftoff" },
      }, resume_all(co))
      assert.are.equal("dead", coroutine.status(co))
      co = countdown.create(1)
      assert.are.same({ true, 1 }, { coroutine.resume(co) })
      assert.are.equal("suspended", coroutine.status(co)) -- paused, not dead
    end)

    it("refuses to be resumed once dead, every time, without raising", function()
      local co = countdown.create(1)
      resume_all(co)
      for _ = 1, 3 do
        local ok, err = coroutine.resume(co)
        assert.is_false(ok)
        assert.are.equal("cannot resume dead coroutine", err)
      end
    end)

    it("with n = 0 returns 'liftoff' on the first resume", function()
      local co = countdown.create(0)
      assert.are.same({ { true, "liftoff" } }, resume_all(co))
    end)

    it("gives each coroutine its own count", function()
      local a, b = countdown.create(5), countdown.create(2)
      assert.are.same({ true, 5 }, { coroutine.resume(a) })
      assert.are.same({ true, 2 }, { coroutine.resume(b) })
      assert.are.same({ true, 4 }, { coroutine.resume(a) })
      assert.are.same({ true, 1 }, { coroutine.resume(b) })
      assert.are.same({ true, 3 }, { coroutine.resume(a) })
    end)
  end)

  describe("generator: a function you call", function()
    it("hands out n, n-1, ..., 1 and then nil", function()
      assert.are.same({ 5, 4, 3, 2, 1 }, drain(countdown.generator(5)))
    end)

    it("works as the iterator of a generic for", function()
      local seen = {}
      for n in countdown.generator(3) do
        seen[#seen + 1] = n
      end
      assert.are.same({ 3, 2, 1 }, seen)
    end)

    it("keeps returning nil after the last value, without raising", function()
      local gen = countdown.generator(2)
      assert.are.same({ 2, 1 }, drain(gen))
      for _ = 1, 5 do
        local ok, v = pcall(gen)
        assert.is_true(ok, "calling an exhausted generator raised: " .. tostring(v))
        assert.is_nil(v)
      end
    end)

    it("runs a second for loop over an exhausted generator zero times", function()
      local gen = countdown.generator(3)
      for _ in gen do end
      local second = 0
      assert.has_no_error(function()
        for _ in gen do
          second = second + 1
        end
      end)
      assert.are.equal(0, second)
    end)

    it("starts over only with a new generator", function()
      local old = countdown.generator(2)
      drain(old)
      local new = countdown.generator(2)
      assert.are.same({ 2, 1 }, drain(new))
      assert.is_nil(old())
    end)

    it("with n = 0 returns nil on the first call", function()
      local gen = countdown.generator(0)
      assert.is_nil(gen())
      assert.is_nil(gen())
    end)

    it("gives each generator its own count", function()
      local a, b = countdown.generator(3), countdown.generator(3)
      assert.are.equal(3, a())
      assert.are.equal(2, a())
      assert.are.equal(3, b())
      assert.are.equal(1, a())
      assert.are.equal(2, b())
    end)

    it("is lazy: a countdown from 1 << 40 hands out its first values at once", function()
      local gen = countdown.generator(1 << 40)
      assert.are.equal(1 << 40, gen())
      assert.are.equal((1 << 40) - 1, gen())
      local co = countdown.create(1 << 40)
      assert.are.same({ true, 1 << 40 }, { coroutine.resume(co) })
    end)
  end)

  describe("bad arguments", function()
    it("rejects a negative n when called, not at the first resume", function()
      assert.error_matches(function() countdown.create(-1) end, "bad argument #1", 1, true)
      assert.error_matches(function() countdown.generator(-3) end, "bad argument #1", 1, true)
    end)

    it("rejects an n that is not a whole number", function()
      for _, n in ipairs({ 2.5, math.huge, -math.huge, 0 / 0 }) do
        assert.error_matches(function() countdown.create(n) end, "bad argument #1", 1, true)
        assert.error_matches(function() countdown.generator(n) end, "bad argument #1", 1, true)
      end
    end)

    it("rejects an n that is not a number, numeric strings included", function()
      for _, n in ipairs({ "3", {}, true }) do
        assert.error_matches(function() countdown.create(n) end, "bad argument #1", 1, true)
        assert.error_matches(function() countdown.generator(n) end, "bad argument #1", 1, true)
      end
      assert.error_matches(function() countdown.create() end, "bad argument #1", 1, true)
      assert.error_matches(function() countdown.generator(nil) end, "bad argument #1", 1, true)
    end)
  end)
end)
