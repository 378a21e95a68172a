-- contextmanager.lua: a context manager made from a generator, like
-- Python's contextlib.contextmanager (the `contextmanager` kata). Run
-- `dojo check contextmanager` to grade it and `dojo hint contextmanager`
-- when stuck.
--
--   local open_db = contextmanager(function(yield, url)
--     local db = connect(url)       -- setup: runs in cm:enter()
--     local ok, err = pcall(yield, db)  -- enter returns db; the block runs
--     db:close()                    -- teardown: runs in cm:exit(err)
--     if not ok then error(err, 0) end  -- the block's error, raised at yield
--   end)
--   with(open_db("db://test"), function(db) ... end)
--
-- As it stands, enter calls the generator straight through, with a yield
-- that does nothing: setup and teardown both run before the block.

local function contextmanager(gen)
  -- TODO: refuse a gen that is not a function ("bad argument #1").
  return function(...)
    local args = table.pack(...)
    local cm = {}

    function cm:enter()
      -- TODO: run gen(yield, ...) in a coroutine up to its first yield and
      -- return what it yielded. A generator that returns without yielding
      -- is an error ("didn't yield"); so is a second enter.
      local yielded
      gen(function(...) yielded = table.pack(...) end, table.unpack(args, 1, args.n))
      return table.unpack(yielded or {})
    end

    function cm:exit(err)
      -- TODO: resume the generator. With err ~= nil, the `yield` call must
      -- raise err inside the generator. Return true when the generator
      -- handled a thrown error, false otherwise; raise a new error from
      -- the teardown; a second yield is an error ("didn't stop").
      return false
    end

    return cm
  end
end

return contextmanager
