-- spec.lua: the busted spec for the `late-binding` kata (see README.md).
-- No clock is needed: nothing here depends on time. Every function is
-- called after the loop that made it is over, which is when late binding
-- shows.

local late_binding = require("late_binding")

-- The results of calling every function of list `fs`, in order.
local function call_all(fs)
  local results = {}
  for i = 1, #fs do
    results[i] = fs[i]()
  end
  return results
end

-- All the arguments it gets, with their count, nils included.
local function args_of(...)
  return table.pack(...)
end

describe("late_binding", function()
  describe("fresh", function()
    it("returns two empty lists for n = 0, and one pair for n = 1", function()
      local gets, sets = late_binding.fresh(0)
      assert.are.same({}, gets)
      assert.are.same({}, sets)
      gets, sets = late_binding.fresh(1)
      assert.are.equal(1, #gets)
      assert.are.equal(1, #sets)
      assert.are.equal(1, gets[1]())
    end)

    it("gives the i-th function the value i", function()
      local gets, sets = late_binding.fresh(10)
      assert.are.equal(10, #gets)
      assert.are.equal(10, #sets)
      assert.are.same({ 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, call_all(gets))
      assert.are.same({ 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, call_all(gets)) -- again
    end)

    it("lets each setter change its own iteration's variable, and no other", function()
      local gets, sets = late_binding.fresh(3)
      sets[2](20)
      assert.are.same({ 1, 20, 3 }, call_all(gets))
      sets[3](30)
      sets[2](-2)
      assert.are.same({ 1, -2, 30 }, call_all(gets))
    end)

    it("shares nothing between two calls", function()
      local gets_a, sets_a = late_binding.fresh(2)
      local gets_b = late_binding.fresh(2)
      sets_a[1](100)
      assert.are.same({ 100, 2 }, call_all(gets_a))
      assert.are.same({ 1, 2 }, call_all(gets_b))
    end)
  end)

  describe("shared", function()
    it("returns two empty lists for n = 0, and one pair for n = 1", function()
      local gets, sets = late_binding.shared(0)
      assert.are.same({}, gets)
      assert.are.same({}, sets)
      gets, sets = late_binding.shared(1)
      assert.are.equal(1, #gets)
      assert.are.equal(1, #sets)
      assert.are.equal(1, gets[1]())
    end)

    it("gives every function the loop's final value n, not i", function()
      local gets, sets = late_binding.shared(5)
      assert.are.equal(5, #gets)
      assert.are.equal(5, #sets)
      assert.are.same({ 5, 5, 5, 5, 5 }, call_all(gets))
    end)

    it("lets any setter change what every function returns", function()
      local gets, sets = late_binding.shared(3)
      sets[1](10)
      assert.are.same({ 10, 10, 10 }, call_all(gets))
      sets[3](-7)
      assert.are.same({ -7, -7, -7 }, call_all(gets))
    end)

    it("gives each call a shared variable of its own", function()
      local gets_a, sets_a = late_binding.shared(2)
      local gets_b = late_binding.shared(2)
      sets_a[2](42)
      assert.are.same({ 42, 42 }, call_all(gets_a))
      assert.are.same({ 2, 2 }, call_all(gets_b))
    end)
  end)

  describe("bind", function()
    it("passes the bound arguments first, then the call's, on every call", function()
      local g = late_binding.bind(args_of, 1, 2)
      assert.are.same({ 1, 2, 3, 4, n = 4 }, g(3, 4))
      assert.are.same({ 1, 2, "x", n = 3 }, g("x"))
      local add = late_binding.bind(function(a, b, c) return a + b + c end, 1, 2)
      assert.are.equal(6, add(3))
      assert.are.equal(13, add(10))
    end)

    it("works with no bound arguments, and with no call arguments", function()
      assert.are.same({ 1, 2, n = 2 }, late_binding.bind(args_of)(1, 2))
      assert.are.same({ 1, 2, n = 2 }, late_binding.bind(args_of, 1, 2)())
      assert.are.same({ n = 0 }, late_binding.bind(args_of)())
    end)

    it("keeps every nil, in the middle and at the end of either list", function()
      local g = late_binding.bind(args_of, nil, "b", nil)
      assert.are.same({ nil, "b", nil, nil, "e", nil, n = 6 }, g(nil, "e", nil))
      assert.are.same({ n = 2 }, late_binding.bind(args_of, nil)(nil))
      assert.are.same({ n = 3 }, late_binding.bind(args_of, nil, nil, nil)())
    end)

    it("returns every result of f, nils included", function()
      local g = late_binding.bind(function(a) return a, nil, "c", nil end, "a")
      assert.are.same({ "a", nil, "c", nil, n = 4 }, table.pack(g()))
      local none = late_binding.bind(function() end)
      assert.are.equal(0, select("#", none()))
    end)

    it("reads the bound values at bind time, as Python reads a default argument", function()
      local x = 1
      local t = { k = "old" }
      local g = late_binding.bind(function(v, tab) return v, tab.k end, x, t)
      x = 2          -- a new value for the variable: g never sees it
      t.k = "new"    -- a change inside the bound table: g sees it, same table
      assert.are.same({ 1, "new" }, { g() })
    end)

    it("lets f yield inside a coroutine", function()
      local g = late_binding.bind(function(a, b)
        local c = coroutine.yield(a + b)
        return c * 2, a
      end, 1)
      local co = coroutine.wrap(g)
      assert.are.equal(3, co(2))
      assert.are.same({ 10, 1 }, { co(5) })
    end)
  end)

  describe("fixed", function()
    it("gives the i-th function the value i, for n = 0, 1 and many", function()
      assert.are.same({}, late_binding.fixed(0))
      assert.are.same({ 1 }, call_all(late_binding.fixed(1)))
      local gets = late_binding.fixed(6)
      assert.are.equal(6, #gets)
      assert.are.same({ 1, 2, 3, 4, 5, 6 }, call_all(gets))
      assert.are.same({ 1, 2, 3, 4, 5, 6 }, call_all(gets)) -- again
    end)
  end)

  describe("bad arguments", function()
    it("makes fresh, shared and fixed reject n unless it is a whole number >= 0", function()
      for _, name in ipairs({ "fresh", "shared", "fixed" }) do
        local fn = late_binding[name]
        for _, bad in ipairs({ -1, 1.5, "3", {}, true }) do
          assert.error_matches(function() fn(bad) end, "bad argument #1", 1, true,
                               name .. "(" .. tostring(bad) .. ")")
        end
        assert.error_matches(function() fn() end, "bad argument #1", 1, true, name .. "()")
        assert.are.equal(3, #fn(3.0))
      end
    end)
  end)
end)
