-- spec.lua: the `gather-workers` kata. Every test runs inside
-- async.run(fn, { clock = "virtual" }): async.sleep never really waits, the
-- loop jumps time to the next timer, and async.now() gives exact times.
local m = require("gather_workers")
local async = require("async")

-- virtual: runs fn as the main task of a loop on the virtual clock and
-- returns its results.
local function virtual(fn)
  return async.run(fn, { clock = "virtual" })
end

-- job: a job description, as the README defines it.
local function job(name, delay, value)
  return { name = name, delay = delay, value = value }
end

describe("gather_workers", function()
  describe("run_workers", function()
    it("returns at once for an empty list, as run_sequential does", function()
      local results, elapsed, log, now, sequential = virtual(function()
        local r, e, l = m.run_workers({})
        return r, e, l, async.now(), { m.run_sequential({}) }
      end)
      assert.are.same({ n = 0 }, results)
      assert.are.equal(0, elapsed)
      assert.are.same({}, log)
      assert.are.equal(0, now)
      assert.are.same({ { n = 0 }, 0, {} }, sequential)
    end)

    it("runs one job in its own delay", function()
      local results, elapsed, log = virtual(function()
        return m.run_workers({ job("a", 2, "A") })
      end)
      assert.are.same({ "A", n = 1 }, results)
      assert.are.equal(2, elapsed)
      assert.are.same({ "a" }, log)
    end)

    it("takes the longest delay, not the sum of the delays", function()
      local elapsed, now = virtual(function()
        local _, e = m.run_workers({ job("a", 3, 1), job("b", 1, 2), job("c", 2, 3) })
        return e, async.now()
      end)
      assert.are.equal(3, elapsed)
      assert.are.equal(3, now)
    end)

    it("returns results in job order and logs names in finishing order", function()
      local results, _, log = virtual(function()
        return m.run_workers({ job("slow", 3, "S"), job("fast", 1, "F"), job("mid", 2, "M") })
      end)
      assert.are.same({ "S", "F", "M", n = 3 }, results)
      assert.are.same({ "fast", "mid", "slow" }, log)
    end)

    it("finishes jobs with equal delays together, in job order", function()
      local results, elapsed, log = virtual(function()
        return m.run_workers({ job("x", 2, 10), job("y", 2, 20), job("z", 2, 30) })
      end)
      assert.are.same({ 10, 20, 30, n = 3 }, results)
      assert.are.equal(2, elapsed)
      assert.are.same({ "x", "y", "z" }, log)
    end)

    it("measures the time from its own call, not from the start of the run", function()
      local elapsed, now = virtual(function()
        async.sleep(10)
        local _, e = m.run_workers({ job("a", 0.5, 1), job("b", 1.25, 2) })
        return e, async.now()
      end)
      assert.are.equal(1.25, elapsed)
      assert.are.equal(11.25, now)
    end)

    it("keeps nil and false values in their places", function()
      local results = virtual(function()
        return m.run_workers({ job("a", 1, nil), job("b", 2, false), job("c", 3, nil) })
      end)
      assert.are.equal(3, results.n)
      assert.is_nil(results[1])
      assert.is_false(results[2])
      assert.is_nil(results[3])
    end)

    it("runs jobs with no delay without letting time pass", function()
      local results, elapsed, log = virtual(function()
        return m.run_workers({ job("a", 0, "A"), job("b", 0, "B") })
      end)
      assert.are.same({ "A", "B", n = 2 }, results)
      assert.are.equal(0, elapsed)
      assert.are.same({ "a", "b" }, log)
    end)

    it("runs a hundred jobs in the time of the longest", function()
      local jobs = {}
      for i = 1, 100 do
        jobs[i] = job("job" .. i, i % 7, i * i)
      end
      local results, elapsed, log = virtual(function()
        return m.run_workers(jobs)
      end)
      assert.are.equal(6, elapsed)
      assert.are.equal(100, results.n)
      for i = 1, 100 do
        assert.are.equal(i * i, results[i])
      end
      assert.are.equal(100, #log)
      assert.are.equal("job7", log[1]) -- 7 % 7 == 0: the first job with no delay
      assert.are.equal("job97", log[100]) -- the last of the jobs with the longest delay, 6
    end)

    it("appends to the log it is given and returns that same table", function()
      local given = { "earlier" }
      local log = select(3, virtual(function()
        return m.run_workers({ job("a", 1, 1) }, given)
      end))
      assert.are.equal(given, log)
      assert.are.same({ "earlier", "a" }, given)
    end)

    it("lets other tasks run while the workers wait", function()
      local ticks = virtual(function()
        local ticks = {}
        local ticker = async.spawn(function()
          for _ = 1, 3 do
            async.sleep(1)
            ticks[#ticks + 1] = async.now()
          end
        end)
        m.run_workers({ job("a", 3, 1) })
        ticker:await()
        return ticks
      end)
      assert.are.same({ 1, 2, 3 }, ticks)
    end)
  end)

  describe("a job that fails", function()
    it("raises its error value unchanged, the very same table", function()
      local problem = { code = 42 }
      local ok, err = virtual(function()
        return pcall(m.run_workers, { job("a", 1, 1), { name = "b", delay = 2, error = problem } })
      end)
      assert.is_false(ok)
      assert.are.equal(problem, err)
    end)

    it("cancels the jobs still running, which never finish", function()
      local log, ok, err, raised_at = {}, nil, nil, nil
      virtual(function()
        ok, err = pcall(m.run_workers, {
          job("a", 1, 1),
          { name = "b", delay = 2, error = "b failed" },
          job("c", 5, 3),
        }, log)
        raised_at = async.now()
        async.sleep(10) -- c would have finished by now, had it not been cancelled
      end)
      assert.is_false(ok)
      assert.are.equal("b failed", err)
      assert.are.equal(2, raised_at)
      assert.are.same({ "a" }, log)
    end)
  end)

  describe("bad arguments", function()
    it("rejects jobs that are not a table", function()
      virtual(function()
        assert.error_matches(function() m.run_workers(nil) end, "bad argument #1", 1, true)
        assert.error_matches(function() m.run_workers("jobs") end, "bad argument #1", 1, true)
      end)
    end)

    it("checks every delay before it starts any job", function()
      local log = {}
      virtual(function()
        for _, bad in ipairs({ -1, "2", 0 / 0 }) do
          local jobs = { job("good", 1, 1), { name = "bad", delay = bad } }
          assert.error_matches(function() m.run_workers(jobs, log) end, "bad argument #1", 1, true)
        end
        local no_delay = { job("good", 1, 1), { name = "none" } }
        assert.error_matches(function() m.run_workers(no_delay, log) end, "bad argument #1", 1, true)
        async.sleep(5) -- a worker started by mistake would log "good" now
      end)
      assert.are.same({}, log)
    end)
  end)

  describe("run_sequential", function()
    it("takes the sum of the delays, finishing in job order", function()
      local results, elapsed, log = virtual(function()
        return m.run_sequential({ job("slow", 3, "S"), job("fast", 1, "F"), job("mid", 2, "M") })
      end)
      assert.are.same({ "S", "F", "M", n = 3 }, results)
      assert.are.equal(6, elapsed)
      assert.are.same({ "slow", "fast", "mid" }, log)
    end)

    it("stops at a failing job: the later ones never start", function()
      local log, ok, err, raised_at = {}, nil, nil, nil
      virtual(function()
        ok, err = pcall(m.run_sequential, {
          job("a", 1, 1),
          { name = "b", delay = 2, error = "b failed" },
          job("c", 5, 3),
        }, log)
        raised_at = async.now()
        async.sleep(10)
      end)
      assert.is_false(ok)
      assert.are.equal("b failed", err)
      assert.are.equal(3, raised_at)
      assert.are.same({ "a" }, log)
    end)

    it("is slower than run_workers by exactly the sum minus the maximum", function()
      local jobs = { job("a", 1.5, 1), job("b", 0.25, 2), job("c", 4, 3), job("d", 2, 4) }
      local sequential, concurrent = virtual(function()
        local _, s = m.run_sequential(jobs)
        local _, c = m.run_workers(jobs)
        return s, c
      end)
      assert.are.equal(7.75, sequential)
      assert.are.equal(4, concurrent)
    end)
  end)
end)
