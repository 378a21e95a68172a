-- runner.lua: the Lua half of dojo's busted-compatible spec runner, compiled
-- into the dojo binary (cmake/embed.cmake). spec.c loads this chunk in the
-- runner's environment and calls it with R, the C half:
--   R.call(fn, timeout)  -> kind, err, line   protected call under the limits;
--                           kind is "ok", "runtime", "timeout", "memory" or
--                           "output-limit"; line is the spec line it failed on
--   R.start(id, name, line)                    a test begins (for crash reports)
--   R.finish(result)                           a test ended (see report below)
--   R.take_output() -> string                  output captured since last take
--   R.errstr(err) -> string                    safe tostring of an error value
--   R.now() -> seconds                         monotonic clock
--   R.begin()                                  a new deadline starts now
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

local function fail(msg, level)
  level = (type(level) == "number" and level > 0) and level or 1
  local _, emsg = pcall(error, msg, level + 2)
  error(setmetatable({ message = emsg }, failure_mt), level + 1)
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
  if type(v) == "table" and not debug.getmetatable(v) then
    return "(table) " .. show(v, { width = 60, max_depth = 4 })
  end
end)

local root = { kind = "file", name = "", children = {}, parent = nil }
local current = root
local in_test = false
local next_id = 0

local function new_block(kind, name, fn, parent)
  return {
    kind = kind, name = name, fn = fn, parent = parent, children = {},
    before_each = {}, after_each = {}, strict_setup = {}, strict_teardown = {},
    lazy_setup = {}, lazy_teardown = {},
  }
end
root = new_block("file", "", nil, nil)
current = root

local function guard(word)
  if in_test then
    error("'" .. word .. "' not supported inside current context block", 3)
  end
end

local function line_of(fn)
  if type(fn) ~= "function" then return nil end
  local info = debug.getinfo(fn, "S")
  return info and info.linedefined
end

local function describe(name, fn)
  guard("describe")
  local b = new_block("describe", tostring(name), fn, current)
  b.line = line_of(fn) or debug.getinfo(2, "l").currentline
  current.children[#current.children + 1] = b
end

local function add_test(name, fn, is_pending, level)
  local t = {
    kind = "it", name = tostring(name), fn = fn, parent = current,
    pending = is_pending,
    line = line_of(fn) or debug.getinfo(level, "l").currentline,
  }
  current.children[#current.children + 1] = t
end

local function it(name, fn)
  guard("it")
  add_test(name, fn, fn == nil, 3)
end

local function pending(name, fn)
  if in_test then
    error(setmetatable({ message = name }, pending_mt))
  end
  add_test(name, fn, true, 3)
end

local function hook(kind)
  return function(fn)
    guard(kind)
    local list = current[kind]
    list[#list + 1] = fn
  end
end

local finally_fn
local function finally(fn)
  finally_fn = fn
end

-- The spec's world: busted's globals over the runner's standard library.
local api = {
  describe = describe, context = describe, insulate = describe, expose = describe,
  it = it, spec = it, test = it, pending = pending,
  before_each = hook("before_each"), after_each = hook("after_each"),
  setup = hook("strict_setup"), teardown = hook("strict_teardown"),
  strict_setup = hook("strict_setup"), strict_teardown = hook("strict_teardown"),
  lazy_setup = hook("lazy_setup"), lazy_teardown = hook("lazy_teardown"),
  finally = finally, randomize = function() end,
  assert = assert_mod, spy = spy, mock = mock, stub = stub, match = match,
  require = R.require,
}
api.busted = { fail = fail, pending = pending }

local function full_name(node)
  local parts = {}
  local n = node
  while n and n.kind ~= "file" do
    table.insert(parts, 1, n.name)
    n = n.parent
  end
  return table_concat(parts, " ")
end

local function suite_name(node)
  return full_name(node.parent)
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
    return "fail", nil, (msg:gsub("^[^\n]-:%d+: ", "", 1))
  elseif mt == pending_mt then
    return "pending", nil, R.errstr(err.message)
  end
  return "error", "runtime", R.errstr(err)
end

local function report(node, status, errkind, message, line, output, duration)
  R.finish({
    id = node.id, name = full_name(node), suite = suite_name(node),
    status = status, kind = errkind, message = message,
    line = line or node.line, output = output or "", duration = duration or 0,
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

-- run_hooks: runs every hook in `list`; returns nil on success, or
-- status, kind, message, line of the first one that failed.
local function run_hooks(list, what)
  for _, fn in ipairs(list) do
    local kind, err, line = R.call(fn)
    if kind ~= "ok" then
      local status, ekind, msg = classify(kind, err)
      if status ~= "error" then status, ekind = "error", "runtime" end
      return status, ekind, what .. ": " .. msg, line
    end
  end
  return nil
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
      local st, ek, msg, line = run_hooks(blk.lazy_setup, "lazy_setup")
      blk.lazy_ok = (st == nil)
      blk.lazy_err = st and { ek, msg, line }
    end
    if not blk.lazy_ok then return false, blk.lazy_err end
  end
  return true
end

local function run_test(t)
  if not start(t) then return end
  R.begin()
  if t.pending then
    report(t, "pending", nil, "", t.line, "", 0)
    return
  end
  local t0 = R.now()
  local ok, lerr = lazy_setup_ok(t.parent)
  if not ok then
    report(t, "error", lerr[1], lerr[2], lerr[3], R.take_output(), R.now() - t0)
    return
  end
  local chain = ancestors(t.parent)
  local status, ekind, msg, line
  local ran = 0
  for i, blk in ipairs(chain) do
    ran = i
    status, ekind, msg, line = run_hooks(blk.before_each, "before_each")
    if status then break end
  end
  if not status then
    finally_fn = nil
    in_test = true
    local kind, err
    kind, err, line = R.call(t.fn)
    in_test = false
    if kind ~= "ok" then
      status, ekind, msg = classify(kind, err)
    end
    if finally_fn then
      local fn = finally_fn
      finally_fn = nil
      local fkind, ferr, fline = R.call(fn)
      if fkind ~= "ok" and not status then
        status, ekind, msg = classify(fkind, ferr)
        if status == "fail" then status, ekind = "error", "runtime" end
        msg, line = "finally: " .. msg, fline
      end
    end
  end
  for i = ran, 1, -1 do
    local st, ek, m, l = run_hooks(chain[i].after_each, "after_each")
    if st and not status then status, ekind, msg, line = st, ek, m, l end
  end
  report(t, status or "pass", ekind, msg or "", line, R.take_output(), R.now() - t0)
end

local run_block

-- block_error: a describe body or setup failed: its tests did not run.
local function block_error(b, ekind, msg, line)
  local node = { kind = "describe", name = b.name, parent = b.parent, line = line or b.line }
  if b.kind == "file" then node.name = "(file)" end
  if start(node) then
    report(node, "error", ekind, msg, line, R.take_output(), 0)
  end
end

function run_block(b)
  R.begin()
  if b.fn then
    current = b
    local kind, err, line = R.call(b.fn)
    current = b.parent or root
    if kind ~= "ok" then
      local status, ekind, msg = classify(kind, err)
      if status ~= "error" then ekind = "runtime" end
      block_error(b, ekind, msg, line)
      return
    end
  end
  local st, ek, msg, line = run_hooks(b.strict_setup, "setup")
  if st then
    block_error(b, ek, msg, line)
  else
    for _, child in ipairs(b.children) do
      if child.kind == "it" then run_test(child) else run_block(child) end
    end
  end
  R.begin()
  if b.lazy_ok ~= nil then run_hooks(b.lazy_teardown, "lazy_teardown") end
  st, ek, msg, line = run_hooks(b.strict_teardown, "teardown")
  if st then block_error(b, ek, msg, line) end
end

return function()
  local chunk, kind, msg = R.load_spec(api)
  if not chunk then
    local node = { kind = "describe", name = "(file)", parent = root, line = 0 }
    if start(node) then report(node, "error", kind, msg, 0, "", 0) end
    return
  end
  root.fn = chunk
  run_block(root)
end
