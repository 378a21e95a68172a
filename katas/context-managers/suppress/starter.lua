-- suppress.lua: Python's `with` statement as a function, and
-- contextlib.suppress (the `suppress` kata). Run `dojo check suppress` to
-- grade it and `dojo hint suppress` when stuck.
--
--   with(cm, function(value) ... end)  -- value is what cm:enter() returned;
--                                      -- cm:exit(err) always runs after
--   with(suppress("timeout"), function() error("read timeout") end)
--                                      -- the error is swallowed
--
-- As it stands, `with` forgets to exit and suppress swallows nothing.

local M = {}

function M.with(cm, fn)
  -- TODO: refuse a cm without enter or exit ("bad argument #1"), before
  -- calling anything. Call fn with all of cm:enter()'s values, in
  -- protected mode. Then cm:exit(nil) on success, returning all of fn's
  -- results; or cm:exit(err) on an error, which is swallowed if exit
  -- returned a true value and raised again unchanged if not.
  return fn(cm:enter())
end

function M.suppress(...)
  -- TODO: each argument is a string (matching a string error that contains
  -- it, or a table error whose `kind` equals it) or a table (a class:
  -- matching an error whose metatable chain reaches it). Anything else
  -- raises "bad argument #N".
  local cm = {}
  function cm.enter() end
  function cm.exit(_, err)
    return false
  end
  return cm
end

return M
