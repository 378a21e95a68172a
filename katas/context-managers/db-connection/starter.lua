-- db_connection.lua: a database connection that is also a context manager
-- (the `db-connection` kata). Run `dojo check db-connection` to grade it
-- and `dojo hint db-connection` when stuck.
--
--   local db = DBConnection.new("db://localhost/test", driver)
--   db:enter()          -- connects (once), returns db
--   db:query("SELECT 1")
--   db:exit(err)        -- disconnects (once), returns false
--
--   do local db <close> = DBConnection.new(url, driver):enter() ... end
--   DBConnection.using(url, driver, function(db) ... end)
--
-- As it stands, nothing ever connects: almost every test fails.

local DBConnection = {}
DBConnection.__index = DBConnection

function DBConnection.new(conn_string, driver)
  -- TODO: check the arguments: conn_string a string ("bad argument #1"),
  -- driver a table ("bad argument #2").
  return setmetatable({ conn_string = conn_string, driver = driver }, DBConnection)
end

function DBConnection:is_connected()
  return false -- TODO
end

function DBConnection:connect()
  -- TODO: driver.connect(conn_string) returns a handle; keep it. Only once.
end

function DBConnection:disconnect()
  -- TODO: driver.close(handle), once, and only when connected.
end

function DBConnection:query(sql)
  -- TODO: "not connected" unless connected; else driver.query(handle, sql).
  return self.driver.query(nil, sql)
end

function DBConnection:enter()
  return self -- TODO: connect first
end

function DBConnection:exit(err)
  -- TODO: disconnect, and return false: never swallow the error.
end

-- TODO: a __close metamethod, so that `local db <close> = ...` disconnects.

function DBConnection.using(conn_string, driver, fn)
  -- TODO: enter, call fn(db) in protected mode, always exit, then return
  -- fn's results or raise its error unchanged.
  return fn(DBConnection.new(conn_string, driver))
end

return DBConnection
