-- runner.lua: the Lua half of dojo's busted-compatible spec runner, compiled
-- into the dojo binary (cmake/embed.cmake). spec.c loads this chunk in the
-- runner's environment and calls it with R, the C half:
--   R.call(fn, timeout)  -> kind, err, line, helper, raised_at
--                                              protected call under the limits;
--                           kind is "ok", "runtime", "timeout", "memory" or
--                           "output-limit"; line is the spec line it failed on
--                           (in fn's own code when fn is the spec's); helper
--                           "file:line" of the helper function it failed in;
--                           raised_at: the solution's "file:line" the error
--                           came out of
--   R.bad_modules                              module name -> { type, long,
--                                              short }: solution modules that
--                                              gave the spec a non-table
--   R.start(id, name, line)                    a test begins (for crash reports)
--   R.finish(result)                           a test ended (see report below;
--                                              body_first/body_last: the lines
--                                              of the test's code; helper: see
--                                              R.call)
--   R.take_output() -> string                  output captured since last take
--   R.errstr(err) -> string                    safe tostring of an error value
--   R.guard(fn, ...) -> true, ... | false, kind fn(...) under the memory cap
--                                              and a 1 s deadline
--   R.now() -> seconds                         monotonic clock
--   R.begin() -> nil | why                     a new deadline starts now;
--                                              `why`: the rest is not run
--   R.skipping() -> nil | why                  the same, without a deadline
--   R.skip_through                             tests numbered up to this ran
--                                              before a crash: skip them
--   R.load_spec() -> fn | nil, kind, msg       the spec chunk, text only
--   R.require                                  require for the spec's world
--   R.spec_name                                the spec's chunk name, without @
--   R.helper_sources                           set of helper chunk names
--   R.globals                                  the spec world's globals
--   R.solution_globals                         the solution world's globals
--   R.solution_loaded                          the solution world's module cache
--   R.specworld(R, api)                        specworld.lua: adds to the spec's
--                                              world (shared library, loadfile,
--                                              package)
--   R.spec_loaded                              the spec world's module cache
--   R.in_task() -> boolean                     running in an async task
--   R.list_only                                report every test as passed
--                                              without running it or a hook
--                                              (the grader's test list)
--   R.fair(C)                                  runs runner_fair.lua's chunk
--                                              (its catchers are wrapped)
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
-- __metatable hides both from getmetatable, so code that catches one can't
-- make its own (a forged "pending" would read as not failed).
local failure_mt = { __tostring = function(e) return tostring(e.message) end,
                     __metatable = "failure" }
local pending_mt = { __tostring = function(p) return tostring(p.message) end,
                     __metatable = "pending" }

-- The values luassert formatted for the failing assertion, in order (for
-- equal/same: the actual value, then the expected one); fail() takes them.
local captured = { n = 0 }

-- swallowed: the first assertion failure of this test that solution code
-- caught (see "Assertion failures the solution catches" below).
local swallowed = nil
local function note_caught(e)
  if swallowed == nil and debug.getmetatable(e) == failure_mt then swallowed = e end
end

-- in_finalizer: true when the code running now was called from a __gc
-- metamethod, whose errors Lua turns into warnings: a failure raised there
-- never reaches anyone.
local function in_finalizer()
  local level = 3
  while true do
    local info = debug.getinfo(level, "n")
    if not info then return false end
    if info.namewhat == "metamethod" and info.name == "__gc" then return true end
    level = level + 1
  end
end

local function fail(msg, level)
  level = (type(level) == "number" and level > 0) and level or 1
  local values = captured
  captured = { n = 0 }
  local _, emsg = pcall(error, msg, level + 2)
  local e = setmetatable({ message = emsg, values = values }, failure_mt)
  -- A failure in a finalizer, or in an async task (which no one may
  -- await), is noted now; one that reaches the test fails it anyway.
  if R.in_task() or in_finalizer() then note_caught(e) end
  error(e, level + 1)
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

-- The defences against forged comparisons and swallowed failures are in
-- runner_fair.lua (R.fair), to keep this file to the runner itself.
R.fair({ R = R, assert_mod = assert_mod, failure_mt = failure_mt, fail = fail,
         note_caught = note_caught,
         note_any = function(e) if swallowed == nil then swallowed = e end end })

-- Spies are handed to solution code, so the solution holds a proxy, never
-- the spy that keeps the records (luassert/spy.lua keeps them in s.calls
-- and s.returnvals, plain tables anyone holding s could rewrite):
--   * the proxy is a userdata (R.proxy), so rawset can't plant fields on it;
--   * reading calls or returnvals gives a fresh copy of the records;
--   * the counting methods (called, called_with, returned_with), the records
--     and the callback can't be replaced; other fields (stub's returns,
--     invokes, revert...) go through to the real spy;
--   * clear and revert called on the proxy, which change the records,
--     refuse a caller that is not the spec or one of its helpers (by chunk
--     name: only files have "@" names, and solution files are refused);
--   * real spies get a private copy of luassert's spy metatable, and the
--     proxy shows the public one (getmetatable), so rewriting it changes
--     nothing; spy.is_spy knows the proxies;
--   * assert.spy(s) / assert.stub(s) work on a fresh view of the real spy.
local spy_mt = getmetatable(spy.new(function() end))
local private_spy_mt = {}
for k, v in next, spy_mt do private_spy_mt[k] = v end
local real_new, next_, rawget_ = spy.new, next, rawget
local protected = { calls = true, returnvals = true, called = true, called_with = true,
                    returned_with = true, clear = true, callback = true }
local methods = { called = true, called_with = true, returned_with = true, clear = true,
                  revert = true }
local mutators = { clear = true, revert = true }
local spec_source = "@" .. R.spec_name

-- trusted_caller: the nearest Lua function calling through the spy's
-- method on the proxy (level 3 up) is the spec's or a helper's. Called
-- on the real spy (luassert's own revert paths hold only that), no check.
local function trusted_caller()
  for level = 3, 200 do
    local info = debug.getinfo(level, "S")
    if not info then return false end
    if info.what ~= "C" then
      local src = info.source
      -- Only "@" names: a chunk the solution load()s is named "=...". Not
      -- luassert's files: a stub's invokes() calls whatever it is given.
      return src == spec_source or R.helper_sources[src] == true
    end
  end
  return false
end

local function copy_records(t, seen)
  if type(t) ~= "table" then return t end
  if seen[t] then return seen[t] end
  local c = {}
  seen[t] = c
  for k, v in next_, t do c[copy_records(k, seen)] = copy_records(v, seen) end
  local mt = debug.getmetatable(t)
  if mt then debug.setmetatable(c, mt) end
  return c
end

-- view_mt: the metatable of a proxy (or a view) of `real`.
local function view_mt(real, is_proxy)
  local mt = { __metatable = spy_mt, __call = function(_, ...) return real(...) end,
               __name = "spy" }
  function mt.__index(self, k)
    if k == "calls" or k == "returnvals" then return copy_records(rawget_(real, k), {}) end
    local v = real[k]
    if methods[k] and type(v) == "function" then
      return function(this, ...)
        if this == self then
          if is_proxy and mutators[k] and not trusted_caller() then
            error("a spy's records can't be changed by the code under test", 2)
          end
          this = real -- only dojo's and luassert's code hold the real spy
        end
        return v(this, ...)
      end
    end
    return v
  end
  function mt.__newindex(_, k, v)
    if protected[k] then error("a spy's records can't be changed (field '" .. tostring(k) .. "')", 2) end
    real[k] = v
  end
  mt.__tostring = function() return "spy" end
  return mt
end

local real_of = setmetatable({}, { __mode = "k" })
function spy.new(callback)
  local real = real_new(callback)
  setmetatable(real, private_spy_mt)
  local proxy = R.proxy(view_mt(real, true))
  real_of[proxy] = real
  return proxy
end
function spy.on(target_table, target_key)
  local s = spy.new(target_table[target_key])
  target_table[target_key] = s
  local real = real_of[s]
  real.target_table = target_table
  real.target_key = target_key
  return s
end
function spy.is_spy(object)
  return real_of[object] ~= nil or (type(object) == "table" and getmetatable(object) == spy_mt)
end
local function set_payload(state, arguments)
  local real = real_of[arguments[1]]
  state.payload = real and setmetatable({}, view_mt(real, false)) or arguments[1]
  if arguments[2] ~= nil then state.failure_message = arguments[2] end
end
assert_mod:register("modifier", "spy", set_payload)
assert_mod:register("modifier", "stub", set_payload)
-- mock.clear/revert walk tables only (luassert/mock.lua's mock_apply): the
-- same walk, knowing the proxies.
local function mock_apply(object, action, seen)
  local real = real_of[object]
  if real then return real[action](real) end
  if type(object) ~= "table" or seen[object] then return end
  seen[object] = true
  for _, v in pairs(object) do mock_apply(v, action, seen) end
  return object
end
function mock.clear(object) return mock_apply(object, "clear", {}) end
function mock.revert(object) return mock_apply(object, "revert", {}) end

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
R.spec_loaded.busted = api.busted -- require('busted') in a spec: never a file
-- require('busted.runner')() at the top of a spec (so `lua x_spec.lua` runs
-- it): under a runner already running it does nothing, as under busted.
R.spec_loaded["busted.runner"] = function() end

-- Specs may inspect functions (a kata's spec counts parameters with
-- debug.getinfo) but get no way to a function or a value they don't hold:
-- getinfo without the "f" option, and traceback; nothing that sets.
do
  local getinfo, traceback, gsub = debug.getinfo, debug.traceback, string.gsub
  local function safe_getinfo(a, b, c)
    if type(a) == "thread" then
      return getinfo(a, b, gsub(type(c) == "string" and c or "lnSrtu", "f", ""))
    end
    return getinfo(a, gsub(type(b) == "string" and b or "lnSrtu", "f", ""))
  end
  R.globals.debug = { getinfo = safe_getinfo, traceback = traceback }
end

-- What the spec's world adds to behave like busted's single _G: one
-- standard library for both worlds, loadfile/dofile, package (specworld.lua).
R.specworld(R, api)

-- The spec's _ENV: reads walk from the running node up to the file, then
-- the API and the spec world's globals (R.globals: a sandboxed library, not
-- the runner's _G); writes land in the running node (a
-- hook writes into its block, an expose block into its grandparent).
local base = setmetatable(api, { __index = R.globals })
local spec_env = setmetatable({}, {
  __metatable = false,
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

-- prefixed: p .. msg, made under the limits (msg may be huge); msg alone
-- when that fails.
local function prefixed(p, msg)
  local ok, s = R.guard(function() return p .. msg end)
  return ok and s or msg
end

-- key_text: one step of a path to a table entry, as Lua code writes it.
local function key_text(k)
  if type(k) == "string" then
    if k:match("^[%a_][%w_]*$") and #k <= 40 then return "." .. k end
    return string.format("[%q]", #k > 40 and k:sub(1, 40) .. "..." or k)
  elseif math.type(k) == "integer" then
    return "[" .. string.format("%d", k) .. "]"
  elseif type(k) == "number" then
    return "[" .. string.format("%.14g", k) .. "]"
  end
  return "[" .. type(k) .. "]"
end

local key_rank = { number = 1, string = 2, boolean = 3 }
local function key_before(a, b)
  local ra, rb = key_rank[type(a)] or 4, key_rank[type(b)] or 4
  if ra ~= rb then return ra < rb end
  if ra == 1 or ra == 2 then return a < b end
  if ra == 3 then return (not a) and b end
  return false
end

-- differ: nil when e and a hold the same values (raw access only: no
-- metamethod of the solution runs), else the path from them to the first
-- entry that differs (keys in sorted order) and the two values there.
local function differ(e, a, seen, depth)
  if rawequal(e, a) then return nil end
  if type(e) ~= "table" or type(a) ~= "table" then
    if type(e) == "number" and type(a) == "number" and e == a then return nil end
    return "", e, a
  end
  if depth > 20 or seen[e] == a then return nil end
  seen[e] = a
  local keys, have = {}, {}
  for _, t in ipairs({ e, a }) do
    for k in next, t do
      if not have[k] then
        have[k] = true
        keys[#keys + 1] = k
      end
    end
  end
  table.sort(keys, key_before)
  for _, k in ipairs(keys) do
    local p, x, y = differ(rawget(e, k), rawget(a, k), seen, depth + 1)
    if p then return key_text(k) .. p, x, y end
  end
  return nil
end

-- first_difference: "first difference at [2].name: expected 3, got 4" for
-- two tables compared by equal/same; for equal (`identity`) of two tables
-- holding the same values, that they are two tables; nil when no entry
-- differs otherwise (a metatable's __eq decided). Run under R.guard: the
-- values are the solution's.
local function first_difference(expected, actual, identity)
  local path, x, y = differ(expected, actual, {}, 0)
  if not path and identity then
    return "the tables hold the same values but are two tables: equal compares identity, "
           .. "same compares contents"
  end
  if not path or path == "" then return nil end
  -- short: v in at most 40 characters, without ever printing a big value
  -- whole (a learner's 15 MiB string must not cost a second).
  local function short(v)
    local t = type(v)
    if t == "string" then
      local q = string.format("%q", v:sub(1, 37)):gsub("\\\n", "\\n")
      return #v > 37 and q .. "..." or q
    elseif t == "table" then
      local n = 0
      for k, x in next, v do
        n = n + 1
        if n > 8 or type(x) == "table" or (type(x) == "string" and #x > 20)
           or (type(k) == "string" and #k > 20) then
          return "a table"
        end
      end
    end
    local s = show(v, { width = 40, max_depth = 1, quote_top = true }):sub(1, 200)
    s = s:gsub("%s*\n%s*", " ")
    return #s > 40 and s:sub(1, 37) .. "..." or s
  end
  return "first difference at " .. path .. ": expected " .. short(x) .. ", got " .. short(y)
end

-- explain: a test broken by a solution module that gave the spec no table
-- (R.bad_modules; a function counts only where the test indexed it) says
-- so: the first such test in one line naming the file and what to add, the
-- others in a short reference to it (without a location: where each ran
-- into the module says nothing more). Returns the kind, message and line
-- to report.
local told_bad_module = false
local function explain(status, kind, msg, line)
  if (status ~= "error" or kind ~= "runtime") and status ~= "fail" then return kind, msg, line end
  for _, b in next, R.bad_modules do
    local t = b.type
    if msg:find("attempt to index a " .. t .. " value", 1, true)
       or msg:find("attempt to call a " .. t .. " value", 1, true)
       or (t == "string" and msg:find("attempt to call a nil value (field", 1, true)) then
      local ref = told_bad_module
      told_bad_module = true
      return status == "error" and "load" or kind, ref and b.short or b.long, ref and 0 or line
    end
  end
  return kind, msg, line
end

-- raised_at: the solution's "file:line" the last error R.call caught came
-- out of (nil: not the solution's); classify reads it.
local raised_at = nil

-- Classify an error raised by R.call into status and message.
local function classify(kind, err)
  if kind ~= "runtime" then
    return "error", kind, R.errstr(err)
  end
  local mt = debug.getmetatable(err)
  if mt == failure_mt then
    local msg = R.errstr(err.message)
    -- The spec line is reported on its own; drop luassert's "file:line: ".
    -- (Under the limits: the message may hold a huge value of the solution.)
    local cut_ok, cut = R.guard(string.gsub, msg, "^[^\n]-:%d+: ", "", 1)
    if cut_ok then msg = cut end
    local v = err.values
    if v and v.n == 2 and msg:find("\nPassed in:\n", 1, true) and msg:find("\nExpected:\n", 1, true) then
      -- equal/same and their kin: keep both sides for diffs and TAP's YAML.
      -- Both may be the solution's values: shown under the limits.
      local opts = { width = 60, max_depth = 6, quote_top = true }
      if type(v[1]) == "table" and type(v[2]) == "table" then
        local identity = msg:find("^Expected objects to be equal%.") ~= nil
        local ok, where = R.guard(first_difference, v[2], v[1], identity)
        if ok and where then
          local ok2, m = R.guard(string.gsub, msg, "\n", "\n" .. where .. "\n", 1)
          if ok2 then msg = m end
        end
      end
      local ok2, expected = R.guard(show, v[2], opts)
      local ok1, actual = R.guard(show, v[1], opts)
      return "fail", nil, msg, ok2 and expected or ("<value that could not be shown: " .. expected .. ">"),
             ok1 and actual or ("<value that could not be shown: " .. actual .. ">")
    end
    return "fail", nil, msg
  elseif mt == pending_mt then
    return "pending", nil, R.errstr(err.message)
  end
  -- rawget: a metatable's own metatable is the solution's, and no code of
  -- the solution runs here, outside the limits.
  if type(err) == "table" and not (type(mt) == "table" and rawget(mt, "__tostring")) then
    local at = raised_at and " at " .. raised_at or ""
    return "error", "runtime", prefixed("error raised with a table" .. at .. ": ", R.errstr(err))
  end
  local msg = R.errstr(err)
  if raised_at then
    -- error(msg, 0), error(42), an object with __tostring: say where in the
    -- solution it came from.
    local ok, pos = R.guard(function() return msg:sub(1, 300):find("^[^\n]-:%d+: ") end)
    if ok and not pos then msg = prefixed(raised_at .. ": ", msg) end
  end
  return "error", "runtime", msg
end

local function report(node, status, errkind, message, line, output, duration, expected, actual,
                      helper)
  errkind, message, line = explain(status, errkind, message, line or node.line)
  R.finish({
    helper = helper,
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
  local kind, err, line, helper, at = R.call(fn)
  raised_at = at
  phase, ctx = saved_phase, saved_ctx
  return kind, err, line, helper
end

-- run_hooks: runs every hook in list (busted runs them all, even after one
-- fails) in block b's context. Returns a list of failures, each
-- { kind, message, line, helper }, empty when all ran cleanly.

local function run_hooks(list, what, b)
  local failures = {}
  for _, fn in ipairs(list) do
    local kind, err, line, helper = call(fn, "hook", b)
    if kind ~= "ok" then
      local _, ekind, msg = classify(kind, err)
      failures[#failures + 1] = { ekind or "runtime", prefixed(what .. ": ", msg), line, helper }
    end
  end
  return failures
end

-- block_error: a block-level failure (describe body, setup, teardown, an
-- after_each): reported as an error case named after the block.
local function block_error(b, ekind, msg, line, helper)
  local node = { kind = "describe", name = b.name, parent = b.parent, line = line or b.line }
  if b.kind == "file" then node.name = "(file)" end
  if start(node) then
    report(node, "error", ekind, msg, line, R.take_output(), 0, nil, nil, helper)
  end
end

local function block_errors(b, failures)
  for _, f in ipairs(failures) do block_error(b, f[1], f[2], f[3], f[4]) end
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
  local kind, err, line, helper = call(t.fn, "test", t)
  local st = { status = "pass" }
  if kind ~= "ok" then
    local status, ekind, msg, expected, actual = classify(kind, err)
    st = { status = status, kind = ekind, msg = msg, line = line, expected = expected,
           actual = actual, helper = helper }
  end
  if st.status == "pass" and swallowed ~= nil then
    local status, ekind, msg, expected, actual = classify("runtime", swallowed)
    st = { status = status, kind = ekind, expected = expected, actual = actual,
           msg = prefixed("a check in a function the spec gave your code failed (or was cut short "
                          .. "by an error), and that was caught before it reached the test (by your "
                          .. "code's pcall, a coroutine, load, a finalizer or a task no one "
                          .. "awaited):\n", msg) }
  end
  if finally_fn then
    local fn = finally_fn
    finally_fn = nil
    local fkind, ferr, fline, fhelper = call(fn, "finally", t)
    if fkind ~= "ok" then
      local _, ekind, msg = classify(fkind, ferr)
      st = update(st, { status = "error", kind = ekind or "runtime", msg = prefixed("finally: ", msg),
                        line = fline, helper = fhelper })
    end
  end
  return st
end

local function run_test(t)
  if not start(t) then return end
  swallowed = nil
  local skip = R.begin()
  if t.pending then
    report(t, "pending", nil, "", t.line, "", 0)
    return
  end
  if R.list_only then
    report(t, "pass", nil, "", t.line, "", 0)
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
      st = { status = "error", kind = failures[1][1], msg = failures[1][2], line = failures[1][3],
             helper = failures[1][4] }
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
         st.expected, st.actual, st.helper)
  -- busted reports the test first, then each after_each that failed.
  for _, a in ipairs(after) do block_error(a[1], a[2][1], a[2][2], a[2][3], a[2][4]) end
end

local run_block

function run_block(b)
  R.begin()
  if b.fn then
    local saved = current
    current = b
    local kind, err, line, helper = call(b.fn, "body", b)
    current = saved
    if kind ~= "ok" then
      local status, ekind, msg = classify(kind, err)
      if status ~= "error" then ekind = "runtime" end
      block_error(b, ekind, msg, line, helper)
      return
    end
  end
  local failures = (R.skipping() or R.list_only) and {} or run_hooks(b.strict_setup, "setup", b)
  if #failures > 0 then
    block_errors(b, failures)
  else
    for _, child in ipairs(b.children) do
      if child.kind == "it" then run_test(child) else run_block(child) end
    end
  end
  if R.begin() or R.list_only then return end
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
