-- optional_args.lua: a logging decorator that takes optional arguments (the
-- `optional-args` kata). Run `dojo check optional-args` to grade it and
-- `dojo hint optional-args` when stuck.
--
--   local log = {}
--   local log_calls = make_log_calls(log)        -- log_calls writes into `log`
--   local f = log_calls(fn)                      -- level "info", name "?"
--   local g = log_calls{ level = "debug", name = "g" }(fn)
--
-- As it stands, log_calls only works with options, and never checks them:
-- log_calls(fn) takes fn for an options table.

local function make_log_calls(sink)
  -- TODO: sink must be a table; otherwise raise
  -- "bad argument #1 to 'make_log_calls' (table expected, got <type>)".

  local function log_calls(options)
    -- TODO: log_calls(fn) must decorate fn at once, with the defaults. How
    -- do you tell a function (or a callable table) from an options table?
    -- TODO: check the options (see README.md for the error messages).
    return function(fn)
      return function(...)
        -- TODO: when is options.level read? When should it be?
        sink[#sink + 1] = { level = options.level, name = options.name, args = { ... } }
        return fn(...)
      end
    end
  end

  return log_calls
end

return make_log_calls
