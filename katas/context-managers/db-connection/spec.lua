-- spec.lua: the busted spec for the `db-connection` kata (see README.md).
-- The database is faked: a driver that writes every call into a log and
-- can be told to fail its connect, query or close. No clock is needed.

local DBConnection = require("db_connection")

-- fake_driver(opts): a driver whose calls are logged in driver.log as
-- strings ("connect <conn string>", "query <sql>", "close"). opts.connect,
-- opts.query and opts.close, when given, are error values that call raises
-- (with error(v, 0), so no position is added). Handles are fresh tables;
-- driver.open counts the handles not yet closed, and close checks that it
-- was given one that is open.
local function fake_driver(opts)
  opts = opts or {}
  local driver = { log = {}, open = 0, handles = {} }
  local function log(s)
    driver.log[#driver.log + 1] = s
  end
  function driver.connect(conn_string)
    log("connect " .. conn_string)
    if opts.connect ~= nil then
      error(opts.connect, 0)
    end
    local handle = { id = #driver.log }
    driver.handles[handle] = true
    driver.open = driver.open + 1
    return handle
  end
  function driver.query(handle, sql)
    log("query " .. sql)
    assert(driver.handles[handle], "query on a handle that is not open")
    if opts.query ~= nil then
      error(opts.query, 0)
    end
    return "rows of " .. sql, nil, 3
  end
  function driver.close(handle)
    log("close")
    assert(driver.handles[handle], "close of a handle that is not open")
    driver.handles[handle] = nil
    driver.open = driver.open - 1
    if opts.close ~= nil then
      error(opts.close, 0)
    end
  end
  return driver
end

local URL = "db://localhost:5432/test"

describe("db-connection", function()
  describe("the object", function()
    it("does not connect when it is made", function()
      local driver = fake_driver()
      local db = DBConnection.new(URL, driver)
      assert.is_false(db:is_connected())
      assert.are.same({}, driver.log)
    end)

    it("connects on enter, with its connection string, and returns itself", function()
      local driver = fake_driver()
      local db = DBConnection.new(URL, driver)
      assert.are.equal(db, db:enter())
      assert.is_true(db:is_connected())
      assert.are.same({ "connect " .. URL }, driver.log)
    end)

    it("disconnects on exit and returns false: it never suppresses", function()
      local driver = fake_driver()
      local db = DBConnection.new(URL, driver):enter()
      assert.are.equal(false, db:exit(nil))
      assert.is_false(db:is_connected())
      db:enter()
      assert.are.equal(false, db:exit("boom"))
      assert.are.same({ "connect " .. URL, "close", "connect " .. URL, "close" }, driver.log)
      assert.are.equal(0, driver.open)
    end)

    it("connects and disconnects once, however often it is asked", function()
      local driver = fake_driver()
      local db = DBConnection.new(URL, driver)
      db:disconnect() -- not connected yet: nothing to do
      db:connect()
      db:connect()
      db:enter()
      db:disconnect()
      db:exit(nil)
      assert.are.same({ "connect " .. URL, "close" }, driver.log)
    end)

    it("queries through the open handle, and refuses when not connected", function()
      local driver = fake_driver()
      local db = DBConnection.new(URL, driver)
      local ok, err = pcall(db.query, db, "SELECT 1")
      assert.is_false(ok)
      assert.is_truthy(tostring(err):find("not connected", 1, true))
      db:enter()
      local a, b, c = db:query("SELECT 1")
      assert.are.same({ "rows of SELECT 1", nil, 3 }, { a, b, c })
      db:exit(nil)
      assert.has_error(function() db:query("SELECT 2") end)
      assert.are.same({ "connect " .. URL, "query SELECT 1", "close" }, driver.log)
    end)

    it("checks its arguments when it is made", function()
      local ok, err = pcall(DBConnection.new, 42, fake_driver())
      assert.is_false(ok)
      assert.is_truthy(tostring(err):find("bad argument #1", 1, true))
      ok, err = pcall(DBConnection.new, URL, nil)
      assert.is_false(ok)
      assert.is_truthy(tostring(err):find("bad argument #2", 1, true))
    end)
  end)

  describe("as a <close> variable", function()
    it("disconnects when the block ends", function()
      local driver = fake_driver()
      do
        local db <close> = DBConnection.new(URL, driver):enter()
        db:query("SELECT 1")
        assert.is_true(db:is_connected())
      end
      assert.are.same({ "connect " .. URL, "query SELECT 1", "close" }, driver.log)
    end)

    it("disconnects when the block raises, and the error goes on unchanged", function()
      local driver = fake_driver()
      local problem = { message = "disk full" }
      local ok, err = pcall(function()
        local db <close> = DBConnection.new(URL, driver):enter()
        db:query("INSERT 1")
        error(problem)
      end)
      assert.is_false(ok)
      assert.are.equal(problem, err) -- the same table
      assert.are.same({ "connect " .. URL, "query INSERT 1", "close" }, driver.log)
      assert.are.equal(0, driver.open)
    end)

    it("closes two connections in the reverse order they were opened", function()
      local log = {}
      local function named(name)
        local d = fake_driver()
        local connect, close = d.connect, d.close
        d.connect = function(s) log[#log + 1] = "open " .. name; return connect(s) end
        d.close = function(h) log[#log + 1] = "close " .. name; return close(h) end
        return d
      end
      do
        local a <close> = DBConnection.new(URL, named("a")):enter()
        local b <close> = DBConnection.new(URL, named("b")):enter()
      end
      assert.are.same({ "open a", "open b", "close b", "close a" }, log)
    end)
  end)

  describe("using(conn_string, driver, fn)", function()
    it("passes fn the open connection and returns all of fn's results", function()
      local driver = fake_driver()
      local seen
      local a, b, c, n = DBConnection.using(URL, driver, function(db)
        seen = db:is_connected()
        return "x", nil, "z", select("#", db:query("SELECT 1"))
      end)
      assert.is_true(seen)
      assert.are.same({ "x", nil, "z", 3 }, { a, b, c, n })
      assert.are.same({ "connect " .. URL, "query SELECT 1", "close" }, driver.log)
    end)

    it("disconnects when fn raises, and raises fn's error unchanged", function()
      local driver = fake_driver()
      local problem = setmetatable({}, { __tostring = function() return "bad row" end })
      local kept
      local ok, err = pcall(DBConnection.using, URL, driver, function(db)
        kept = db
        db:query("UPDATE t")
        error(problem)
      end)
      assert.is_false(ok)
      assert.are.equal(problem, err)
      assert.is_false(kept:is_connected())
      assert.are.same({ "connect " .. URL, "query UPDATE t", "close" }, driver.log)
      ok, err = pcall(DBConnection.using, URL, driver, function() error("plain", 0) end)
      assert.are.same({ false, "plain" }, { ok, err }) -- no position added
    end)

    it("never calls fn or close when the connect fails", function()
      local driver = fake_driver({ connect = "connection refused" })
      local called = false
      local ok, err = pcall(DBConnection.using, URL, driver, function() called = true end)
      assert.are.same({ false, "connection refused" }, { ok, err })
      assert.is_false(called)
      assert.are.same({ "connect " .. URL }, driver.log)
    end)

    it("lets an error in close replace fn's error, as Python's __exit__ does", function()
      local driver = fake_driver({ close = "close failed" })
      local ok, err = pcall(DBConnection.using, URL, driver, function() return 1 end)
      assert.are.same({ false, "close failed" }, { ok, err })
      local kept
      ok, err = pcall(DBConnection.using, URL, driver, function(db)
        kept = db
        error("body failed", 0)
      end)
      assert.are.same({ false, "close failed" }, { ok, err })
      assert.is_false(kept:is_connected()) -- a failed close is not tried again
      kept:exit(nil)
      assert.are.same({ "connect " .. URL, "close", "connect " .. URL, "close" }, driver.log)
    end)
  end)
end)
