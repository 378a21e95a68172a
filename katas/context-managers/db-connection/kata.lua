return {
  title = "DBConnection: enter connects, exit disconnects",
  concept = "context-managers",
  difficulty = 1,
  points = 5,
  module = "db_connection",
  summary = "A database connection that is a context manager three ways: enter/exit methods, a __close metamethod for `local db <close>`, and using(url, driver, fn); it always disconnects and never swallows an error.",
  hints = {
    "The connection is open exactly when it holds a handle from driver.connect. Keep that handle in the object; is_connected is `handle ~= nil`, connect does nothing when there is one, disconnect does nothing when there is none.",
    "In disconnect, set the handle to nil before you call driver.close(handle): if close raises, the connection is still marked closed and no later exit tries to close it twice. exit calls disconnect and returns false; __close(self, err) calls disconnect too: Lua calls it at the end of the block, on the way out of an error as well.",
    "using: `local db = DBConnection.new(url, driver):enter()` (if that raises, nothing is open and the error simply goes on), then `local res = table.pack(pcall(fn, db))`, then `db:exit(res[1] and nil or res[2])`, then `if not res[1] then error(res[2], 0) end` and `return table.unpack(res, 2, res.n)`.",
  },
  -- Tests the starter passes as written (dojo validate checks that every
  -- other test fails on it).
  starter_passes = {
    "db-connection the object does not connect when it is made",
  },
}
