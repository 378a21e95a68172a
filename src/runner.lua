-- runner.lua: the Lua half of dojo's busted-compatible spec runner, compiled
-- into the dojo binary (cmake/embed.cmake). spec.c loads this chunk in the
-- runner's environment and calls it with R, the C half:
--   R.call(fn, timeout)  -> kind, err, line   protected call under the limits;
--                           kind is "ok", "runtime", "timeout", "memory" or
--                           "output-limit"; line is the spec line it failed on
--   R.start(id, name, line)                    a test begins (for crash reports)
--   R.finish(result)                           a test ended (see report below;
--                                              body_first/body_last: the lines
--                                              of the test's code)
--   R.take_output() -> string                  output captured since last take
--   R.errstr(err) -> string                    safe tostring of an error value
--   R.now() -> seconds                         monotonic clock
--   R.begin() -> nil | why                     a new deadline starts now;
--                                              `why`: the rest is not run
--   R.skipping() -> nil | why                  the same, without a deadline
--   R.skip_through                             tests numbered up to this ran
--                                              before a crash: skip them
--   R.load_spec() -> fn | nil, kind, msg       the spec chunk, text only
--   R.require                                  require for the spec's world
-- The chunk returns run(), which executes the spec and returns nothing: every
-- result goes out through R.finish. The semantics follow busted 2.x
-- (busted/init.lua, busted/block.lua): describe bodies run when the block is
-- executed, strict setup/teardown around a block's children, lazy_setup before
-- a block's first test, before_each from the outside in, after_each from the
-- inside out, finally after the test body.
local R = ...

local assert_mod = require("luassert")
local spy = require("luassert.spy")
local mock = require("luassert.mock")
local stub = require("luassert.stub")
local match = require("luassert.match")

local getmetatable, setmetatable, type, ipairs = getmetatable, setmetatable, type, ipairs
local debug, error, tostring, select = debug, error, tostring, select
local table_concat = table.concat

-- Failures are errors whose value carries failure_mt (busted.fail); anything
-- else raised in a test is an error. Pending works the same way.
local failure_mt = { __tostring = function(e) return tostring(e.message) end }
local pending_mt = { __tostring = function(p) return tostring(p.message) end }

-- The values luassert formatted for the failing assertion, in order (for
-- equal/same: the actual value, then the expected one); fail() takes them.
local captured = { n = 0 }

local function fail(msg, level)
  level = (type(level) == "number" and level > 0) and level or 1
  local values = captured
  captured = { n = 0 }
  local _, emsg = pcall(error, msg, level + 2)
  error(setmetatable({ message = emsg, values = values }, failure_mt), level + 1)
end

-- setfenv for Lua 5.2+: give `f` its own _ENV upvalue holding `t`.
local function setfenv(f, t)
  local up, name = 0, nil
  repeat
    up = up + 1
    name = debug.getupvalue(f, up)
  until name == "_ENV" or name == nil
  if name then
    debug.upvaluejoin(f, up, function() return name end, 1)
    debug.setupvalue(f, up, t)
  end
end

-- Make luassert raise failures, as busted does with bindfenv.
local function bind_error(callable)
  local mt = debug.getmetatable(callable)
  local f = (mt and mt.__call) or callable
  local up, name, env = 0, nil, nil
  repeat
    up = up + 1
    name, env = debug.getupvalue(f, up)
  until name == "_ENV" or name == nil
  if name then
    setfenv(f, setmetatable({ error = fail }, { __index = env }))
  end
end
bind_error(assert_mod)
bind_error(assert_mod.is_true)

-- Tables in failure messages print with dojo's printer: sorted keys, no
-- addresses, nested and depth-capped.
local show = require("dojo.pretty").show
assert_mod:add_formatter(function(v)
  captured.n = captured.n + 1
  captured[captured.n] = v
  if type(v) == "table" and not debug.getmetatable(v) then
    return "(table) " .. show(v, { width = 60, max_depth = 4 })
  end
end)

-- The tree. Blocks (the file, describe and its aliases) hold children and
-- hooks; tests hold their function. `ctx` is the node whose code is running:
-- the spec's globals are scoped by it, as busted's environment.lua does.
local function new_block(kind, name, fn, parent, mode)
  return {
    kind = kind, name = name, fn = fn, parent = parent, children = {}, mode = mode,
    before_each = {}, after_each = {}, strict_setup = {}, strict_teardown = {},
    lazy_setup = {}, lazy_teardown = {},
  }
end
local root = new_block("file", "", nil, nil, "insulate")
local current = root   -- the block whose body is registering children
local phase = "body"   -- "body" (a block's body), "test", "hook", "finally"
local ctx = root       -- whose globals the running code reads and writes
local next_id = 0

-- reject: the busted API used where busted does not allow it.
local function reject(word)
  error("'" .. word .. "' not supported inside current context block", 3)
end

local function line_of(fn)
  if type(fn) ~= "function" then return nil end
  local info = debug.getinfo(fn, "S")
  return info and info.linedefined, info and info.lastlinedefined
end

local function block_api(mode)
  return function(name, fn)
    if phase ~= "body" then reject("describe") end
    local b = new_block("describe", tostring(name), fn, current, mode)
    b.line = line_of(fn) or debug.getinfo(2, "l").currentline
    current.children[#current.children + 1] = b
  end
end

local function add_test(name, fn, is_pending, level)
  local first, last = line_of(fn)
  current.children[#current.children + 1] = {
    kind = "it", name = tostring(name), fn = fn, parent = current,
    pending = is_pending,
    line = first or debug.getinfo(level, "l").currentline,
    body_first = first, body_last = last,
  }
end

local function it(name, fn)
  if phase ~= "body" then reject("it") end
  -- busted 2 registers nothing for an `it` without a function.
  if fn ~= nil then add_test(name, fn, false, 3) end
end

local function pending(name, fn)
  if phase == "test" then
    if name == nil then
      error("pending() inside a test needs a message (busted raises here too)", 2)
    end
    error(setmetatable({ message = name }, pending_mt))
  end
  if phase ~= "body" then reject("pending") end
  add_test(name, fn, true, 3)
end

local function hook(kind)
  return function(fn)
    if phase ~= "body" then reject(kind) end
    local list = current[kind]
    list[#list + 1] = fn
  end
end

local finally_fn
local function finally(fn)
  if phase ~= "test" then
    error("'finally' can only be used inside a test", 2)
  end
  finally_fn = fn
end

-- The spec's world: busted's globals over the runner's standard library.
local api = {
  describe = block_api("describe"), context = block_api("describe"),
  insulate = block_api("insulate"), expose = block_api("expose"),
  it = it, spec = it, test = it, pending = pending,
  before_each = hook("before_each"), after_each = hook("after_each"),
  setup = hook("strict_setup"), teardown = hook("strict_teardown"),
  strict_setup = hook("strict_setup"), strict_teardown = hook("strict_teardown"),
  lazy_setup = hook("lazy_setup"), lazy_teardown = hook("lazy_teardown"),
  finally = finally, randomize = function() end,
  assert = assert_mod, spy = spy, mock = mock, stub = stub, match = match,
  require = R.require,
  dojo = { server_url = R.server_url },
}
api.busted = { fail = fail, pending = pending }

-- The spec's _ENV: reads walk from the running node up to the file, then
-- the API and the runner's globals; writes land in the running node (a
-- hook writes into its block, an expose block into its grandparent).
local base = setmetatable(api, { __index = _G })
local spec_env = setmetatable({}, {
  __index = function(_, k)
    local n = ctx
    while n do
      local env = n.env
      if env ~= nil and env[k] ~= nil then return env[k] end
      n = n.parent
    end
    return base[k]
  end,
  __newindex = function(_, k, v)
    local n = ctx
    if n.kind == "describe" and n.mode == "expose" then
      n = (n.parent and n.parent.parent) or root
    end
    n.env = n.env or {}
    n.env[k] = v
  end,
})

local function full_name(node)
  local parts = {}
  local n = node
  while n and n.kind ~= "file" do
    table.insert(parts, 1, n.name)
    n = n.parent
  end
  return table_concat(parts, " ")
end

-- Classify an error raised by R.call into status and message.
local function classify(kind, err)
  if kind ~= "runtime" then
    return "error", kind, R.errstr(err)
  end
  local mt = debug.getmetatable(err)
  if mt == failure_mt then
    local msg = R.errstr(err.message)
    -- The spec line is reported on its own; drop luassert's "file:line: ".
    msg = msg:gsub("^[^\n]-:%d+: ", "", 1)
    local v = err.values
    if v and v.n == 2 and msg:find("\nPassed in:\n", 1, true) and msg:find("\nExpected:\n", 1, true) then
      -- equal/same and their kin: keep both sides for diffs and TAP's YAML.
      local opts = { width = 60, max_depth = 6, quote_top = true }
      return "fail", nil, msg, show(v[2], opts), show(v[1], opts)
    end
    return "fail", nil, msg
  elseif mt == pending_mt then
    return "pending", nil, R.errstr(err.message)
  end
  return "error", "runtime", R.errstr(err)
end

local function report(node, status, errkind, message, line, output, duration, expected, actual)
  R.finish({
    expected = expected, actual = actual,
    id = node.id, name = full_name(node), suite = full_name(node.parent),
    status = status, kind = errkind, message = message,
    line = line or node.line, output = output or "", duration = duration or 0,
    body_first = node.body_first, body_last = node.body_last, test = node.kind == "it",
  })
end

-- start: numbers the node; false when it ran before a crash (R.skip_through)
-- and must not run or be reported again.
local function start(node)
  next_id = next_id + 1
  node.id = next_id
  if node.id <= R.skip_through then return false end
  R.start(node.id, full_name(node), node.line or 0)
  return true
end

-- call: R.call with the phase and context set for the code it runs.
local function call(fn, in_phase, in_ctx)
  local saved_phase, saved_ctx = phase, ctx
  phase, ctx = in_phase, in_ctx
  local kind, err, line = R.call(fn)
  phase, ctx = saved_phase, saved_ctx
  return kind, err, line
end

-- run_hooks: runs every hook in list (busted runs them all, even after one
-- fails) in block b's context. Returns a list of failures, each
-- { kind, message, line }, empty when all ran cleanly.
local function run_hooks(list, what, b)
  local failures = {}
  for _, fn in ipairs(list) do
    local kind, err, line = call(fn, "hook", b)
    if kind ~= "ok" then
      local _, ekind, msg = classify(kind, err)
      failures[#failures + 1] = { ekind or "runtime", what .. ": " .. msg, line }
    end
  end
  return failures
end

-- block_error: a block-level failure (describe body, setup, teardown, an
-- after_each): reported as an error case named after the block.
local function block_error(b, ekind, msg, line)
  local node = { kind = "describe", name = b.name, parent = b.parent, line = line or b.line }
  if b.kind == "file" then node.name = "(file)" end
  if start(node) then
    report(node, "error", ekind, msg, line, R.take_output(), 0)
  end
end

local function block_errors(b, failures)
  for _, f in ipairs(failures) do block_error(b, f[1], f[2], f[3]) end
end

-- ancestors: the chain of blocks from the root down to `b`.
local function ancestors(b)
  local chain = {}
  while b do
    table.insert(chain, 1, b)
    b = b.parent
  end
  return chain
end

-- lazy_setup_ok: runs lazy_setup of every block from the root down, once.
local function lazy_setup_ok(b)
  for _, blk in ipairs(ancestors(b)) do
    if blk.lazy_ok == nil then
      local failures = run_hooks(blk.lazy_setup, "lazy_setup", blk)
      blk.lazy_ok = #failures == 0
      blk.lazy_err = failures[1]
    end
    if not blk.lazy_ok then return false, blk.lazy_err end
  end
  return true
end

-- update: busted's status:update: a pass (or pending) gives way to what
-- follows; a failure or error stays.
local function update(st, new)
  if st.status == "pass" or (st.status == "pending" and new.status ~= "pass") then
    return new
  end
  return st
end

-- run_body: the test's function, then its finally. Returns its status.
local function run_body(t)
  finally_fn = nil
  captured = { n = 0 }
  local kind, err, line = call(t.fn, "test", t)
  local st = { status = "pass" }
  if kind ~= "ok" then
    local status, ekind, msg, expected, actual = classify(kind, err)
    st = { status = status, kind = ekind, msg = msg, line = line, expected = expected,
           actual = actual }
  end
  if finally_fn then
    local fn = finally_fn
    finally_fn = nil
    local fkind, ferr, fline = call(fn, "finally", t)
    if fkind ~= "ok" then
      local _, ekind, msg = classify(fkind, ferr)
      st = update(st, { status = "error", kind = ekind or "runtime", msg = "finally: " .. msg,
                        line = fline })
    end
  end
  return st
end

local function run_test(t)
  if not start(t) then return end
  local skip = R.begin()
  if t.pending then
    report(t, "pending", nil, "", t.line, "", 0)
    return
  end
  if skip then -- the file's time is up, or the same line keeps timing out
    report(t, "error", "timeout", skip, t.line, "", 0)
    return
  end
  local t0 = R.now()
  local ok, lerr = lazy_setup_ok(t.parent)
  if not ok then
    report(t, "error", lerr[1], lerr[2], lerr[3], R.take_output(), R.now() - t0)
    return
  end
  local chain = ancestors(t.parent)
  local st, level = nil, #chain
  for i, blk in ipairs(chain) do
    local failures = run_hooks(blk.before_each, "before_each", blk)
    if #failures > 0 then
      st = { status = "error", kind = failures[1][1], msg = failures[1][2], line = failures[1][3] }
      level = i
      break
    end
  end
  st = st or run_body(t)
  local after = {}
  for i = level, 1, -1 do
    for _, f in ipairs(run_hooks(chain[i].after_each, "after_each", chain[i])) do
      after[#after + 1] = { chain[i], f }
    end
  end
  report(t, st.status, st.kind, st.msg or "", st.line, R.take_output(), R.now() - t0,
         st.expected, st.actual)
  -- busted reports the test first, then each after_each that failed.
  for _, a in ipairs(after) do block_error(a[1], a[2][1], a[2][2], a[2][3]) end
end

local run_block

function run_block(b)
  R.begin()
  if b.fn then
    local saved = current
    current = b
    local kind, err, line = call(b.fn, "body", b)
    current = saved
    if kind ~= "ok" then
      local status, ekind, msg = classify(kind, err)
      if status ~= "error" then ekind = "runtime" end
      block_error(b, ekind, msg, line)
      return
    end
  end
  local failures = R.skipping() and {} or run_hooks(b.strict_setup, "setup", b)
  if #failures > 0 then
    block_errors(b, failures)
  else
    for _, child in ipairs(b.children) do
      if child.kind == "it" then run_test(child) else run_block(child) end
    end
  end
  if R.begin() then return end
  if b.lazy_ok ~= nil then block_errors(b, run_hooks(b.lazy_teardown, "lazy_teardown", b)) end
  block_errors(b, run_hooks(b.strict_teardown, "teardown", b))
end

return function()
  local chunk, kind, msg = R.load_spec(spec_env)
  if not chunk then
    local node = { kind = "describe", name = "(file)", parent = root, line = 0 }
    if start(node) then report(node, "error", kind, msg, 0, "", 0) end
    return
  end
  root.fn = chunk
  run_block(root)
end
