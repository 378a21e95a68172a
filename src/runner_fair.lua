-- runner_fair.lua: the spec runner's defences against a solution that
-- would answer for itself through its values' metamethods or swallow the
-- spec's failures; compiled into the dojo binary beside runner.lua (chunk
-- name "=runner", as runner.lua's: code here is the runner's) and called
-- once by it with C, a table: R (runner.lua's R), assert_mod (luassert),
-- failure_mt, fail, note_caught(e) (notes e if it is a failure) and
-- note_any(e) (notes e whatever it is). Returns nothing.
local C = ...
local R, assert_mod, failure_mt, fail = C.R, C.assert_mod, C.failure_mt, C.fail
local note_caught = C.note_caught

-- Equality the solution can't forge. In Lua 5.4, `a == b` calls the __eq of
-- either operand, so a value of the solution whose __eq says yes to
-- anything "equals" the spec's plain table under luassert's `equal` (which
-- is `==`). dojo keeps Lua 5.2's rule, as busted on older Luas had it:
-- __eq decides only when both operands carry the same __eq; otherwise two
-- tables (or userdata) are equal only when they are one value. And
-- luassert's deepcompare (same, unique, called_with, match.is_same) walks
-- the raw keys of its first argument, then only checks that the second's
-- keys are not nil in the first, through __index: a solution table with no
-- keys of its own and an __index that answers anything was `same` as every
-- table whenever it came first. Here every key of either side is compared.
-- (deepcompare below follows luassert 1.9's util.lua, MIT licence.)
local rawequal_, rawget_eq = rawequal, rawget
local check_fns = { [fail] = true } -- dojo's comparing code (see cut_short)
local function eq(a, b)
  if rawequal_(a, b) then return true end
  local ta = type(a)
  if ta == type(b) and (ta == "table" or ta == "userdata") then
    local ma, mb = debug.getmetatable(a), debug.getmetatable(b)
    local ea = type(ma) == "table" and rawget_eq(ma, "__eq") or nil
    local eb = type(mb) == "table" and rawget_eq(mb, "__eq") or nil
    if ea == nil or not rawequal_(ea, eb) then return false end
  end
  return a == b
end
do
  local util = require("luassert.util")
  local say = require("say")
  local function deepcompare(t1, t2, ignore_mt, cycles, thresh1, thresh2)
    if type(t1) ~= "table" or type(t2) ~= "table" then return eq(t1, t2) end
    local mt1, mt2 = debug.getmetatable(t1), debug.getmetatable(t2)
    if mt1 and rawequal_(mt1, mt2) and rawget_eq(mt1, "__eq") then
      if not ignore_mt then return t1 == t2 end
    elseif rawequal_(t1, t2) then
      return true
    end
    cycles = cycles or { {}, {} }
    thresh1, thresh2 = (thresh1 or 1), (thresh2 or 1)
    cycles[1][t1] = (cycles[1][t1] or 0)
    cycles[2][t2] = (cycles[2][t2] or 0)
    if cycles[1][t1] == 1 or cycles[2][t2] == 1 then
      thresh1 = cycles[1][t1] + 1
      thresh2 = cycles[2][t2] + 1
    end
    if cycles[1][t1] > thresh1 and cycles[2][t2] > thresh2 then return true end
    cycles[1][t1] = cycles[1][t1] + 1
    cycles[2][t2] = cycles[2][t2] + 1
    for k1, v1 in next, t1 do
      local v2 = t2[k1]
      if v2 == nil then return false, { k1 } end
      local same, crumbs = deepcompare(v1, v2, nil, cycles, thresh1, thresh2)
      if not same then
        crumbs = crumbs or {}
        table.insert(crumbs, k1)
        return false, crumbs
      end
    end
    for k2, v2 in next, t2 do
      -- A key t1 lacks raw was not compared above: compare it now.
      if rawget_eq(t1, k2) == nil then
        local v1 = t1[k2]
        if v1 == nil then return false, { k2 } end
        local same, crumbs = deepcompare(v1, v2, nil, cycles, thresh1, thresh2)
        if not same then
          crumbs = crumbs or {}
          table.insert(crumbs, k2)
          return false, crumbs
        end
      end
    end
    cycles[1][t1] = cycles[1][t1] - 1
    cycles[2][t2] = cycles[2][t2] - 1
    return true
  end
  util.deepcompare = deepcompare
  check_fns[eq], check_fns[deepcompare] = true, true
  -- luassert's assertions.lua `equals`, with eq for ==.
  local function equals(state, arguments, level)
    level = (level or 1) + 1
    -- luassert's own assert, so this is a failure as in luassert
    assert_mod(arguments.n > 1, say("assertion.internal.argtolittle", { "equals", 2, tostring(arguments.n) }),
               level)
    local result = eq(arguments[1], arguments[2])
    util.tinsert(arguments, 1, util.tremove(arguments, 2))
    if arguments[3] ~= nil then state.failure_message = arguments[3] end
    return result
  end
  -- luassert's `unique` (assertion and matcher), walking the raw entries
  -- (next, not pairs: the solution's __pairs could list what it likes)
  -- and comparing with eq.
  local function all_unique(list, deep)
    for k, v in next, list do
      for k2, v2 in next, list do
        if k ~= k2 and ((deep and deepcompare(v, v2, true)) or eq(v, v2)) then return false end
      end
    end
    return true
  end
  check_fns[all_unique] = true
  local function unique(state, arguments)
    local deep
    if type(arguments[2]) == "boolean" or (arguments[2] == nil and arguments.n > 2) then
      deep = arguments[2]
      if arguments[3] ~= nil then state.failure_message = arguments[3] end
    else
      if type(arguments[3]) == "boolean" then deep = arguments[3] end
      if arguments[2] ~= nil then state.failure_message = arguments[2] end
    end
    return all_unique(arguments[1], deep)
  end
  assert_mod:register("assertion", "unique", unique, "assertion.unique.positive", "assertion.unique.negative")
  assert_mod:register("matcher", "unique", function(_, arguments)
    local deep = arguments[1]
    return function(value) return all_unique(value, deep) end
  end)
  check_fns[equals] = true
  assert_mod:register("assertion", "equals", equals, "assertion.equals.positive", "assertion.equals.negative")
  assert_mod:register("assertion", "equal", equals, "assertion.equals.positive", "assertion.equals.negative")
  -- luassert's matchers/core.lua `equals` and `ref`, with eq for ==.
  local function eq_matcher(what, min)
    return function(_, arguments, level)
      level = (level or 1) + 1
      assert_mod(arguments.n >= min, say("assertion.internal.argtolittle", { what, min, tostring(arguments.n) }),
                 level)
      local want = arguments[1]
      return function(value) return eq(value, want) end
    end
  end
  assert_mod:register("matcher", "equals", eq_matcher("equals", 1))
  assert_mod:register("matcher", "equal", eq_matcher("equals", 1))
  local ref = eq_matcher("ref", 1)
  assert_mod:register("matcher", "ref", function(state, arguments, level)
    local t = type(arguments[1])
    assert_mod(arguments.n < 1 or t == "table" or t == "function" or t == "thread" or t == "userdata",
               say("assertion.internal.badargtype", { 1, "ref", "object", t }), (level or 1) + 1)
    return ref(state, arguments, level)
  end)
end

-- Assertion failures the solution catches. A spec may hand solution code a
-- function that asserts (a callback, a hook); the solution's pcall, xpcall,
-- coroutine.resume or coroutine.close could catch the failure, call on with
-- wrong values and return, and the test passed (as it does under busted).
-- The solution's catchers are wrapped: each failure one of them catches is
-- noted, and a test that would pass fails with the first (run_body). A
-- deliberate difference from busted: a spec whose callbacks must fail and
-- be retried by the solution raises plain errors (error()), not asserts.
-- load() catches errors of its reader function (wrapped too), a
-- finalizer's (__gc) errors become warnings and an async task's error waits
-- for someone to await it: fail() notes a failure raised in either.
--
-- An assertion can also be cut short before it raises its failure: called
-- with nearly all of the C stack used (Lua then raises "C stack overflow"
-- inside luassert), or by a metamethod of the solution's value raising
-- while luassert compares it. So an error of any kind counts when, between
-- where it was raised and the solution's catcher, the stack holds
-- luassert's assertion code (not its spies: a spied callback may raise on
-- purpose) or dojo's comparisons; and a stack overflow counts when it
-- passed through spec code. (Other errors through spec code don't: a
-- solution may raise into the spec's generator and catch it back, as a
-- context manager does.) pcall and xpcall look at the
-- stack as the error is raised (a message handler), resume and wrap at
-- the dead coroutine's stack.
do
  local senv = R.solution_globals
  local host_pcall, host_xpcall = pcall, xpcall
  local co = senv.coroutine
  local resume, close, create = co.resume, co.close, co.create
  local getinfo, find, pack, unpack = debug.getinfo, string.find, table.pack, table.unpack
  local spec_src = "@" .. R.spec_name
  -- world: "assert" for luassert's assertion code, "spec" for the spec
  -- and its helpers (and luassert's spies), "runner" for this chunk (dojo's
  -- comparisons are told by check_fns), nil for the solution's.
  local function world(src)
    if src == "=runner" then return "runner" end
    if find(src, "^@.*/luassert/") then
      if find(src, "/spy%.lua$") or find(src, "/stub%.lua$") or find(src, "/mock%.lua$") then
        return "spec"
      end
      return "assert"
    end
    if find(src, "^@.*/say/") then return "assert" end
    if src == spec_src or R.helper_sources[src] == true then return "spec" end
    return nil
  end
  -- cut_short: whether error e, raised in thread th (nil: this one) whose
  -- frames from `level` up to the catcher `stop` (a function, or nil: the
  -- whole stack) are looked at, cut a check of the spec short.
  local function cut_short(e, th, level, stop)
    if debug.getmetatable(e) == failure_mt then return true end
    local spec = false
    while true do
      local info
      if th then info = getinfo(th, level, "Sf") else info = getinfo(level, "Sf") end
      if not info or (stop and info.func == stop) then break end
      if check_fns[info.func] then return true end
      if info.what ~= "C" then
        local w = world(info.source)
        if w == "assert" then return true end
        if w == "spec" then spec = true end
      end
      level = level + 1
    end
    return spec and type(e) == "string" and find(e, "stack overflow", 1, true) ~= nil
  end
  local function note(e, th, level, stop)
    if cut_short(e, th, level, stop) then C.note_any(e) end
  end
  -- (level 3: the frame that raised; 1 is note, 2 the message handler)
  local function pcall_handler(e) note(e, nil, 3, host_xpcall) return e end
  senv.pcall = function(f, ...) return host_xpcall(f, pcall_handler, ...) end
  senv.xpcall = function(f, handler, ...)
    if type(handler) ~= "function" then return host_xpcall(f, handler, ...) end
    return host_xpcall(f, function(e) note(e, nil, 3, host_xpcall) return handler(e) end, ...)
  end
  local load = senv.load
  senv.load = function(chunk, ...)
    if type(chunk) == "function" then
      local reader = chunk
      chunk = function()
        local r = pack(host_xpcall(reader, pcall_handler))
        if not r[1] then error(r[2], 0) end
        return unpack(r, 2, r.n)
      end
    end
    local f, err = load(chunk, ...)
    if f == nil then note_caught(err) end
    return f, err
  end
  local function resumed(c, ok, ...)
    if not ok then note((...), c, 0, nil) end
    return ok, ...
  end
  co.resume = function(c, ...) return resumed(c, resume(c, ...)) end
  co.close = function(c)
    local ok, e = close(c)
    if not ok then note_caught(e) end
    return ok, e
  end
  -- coroutine.wrap over the resume above, as lcorolib.c's auxwrap does it:
  -- an error closes the coroutine and gets the caller's position if it is
  -- a string.
  co.wrap = function(f)
    if type(f) ~= "function" then
      error("bad argument #1 to 'wrap' (function expected, got " .. type(f) .. ")", 2)
    end
    local c = create(f)
    return function(...)
      local r = pack(resume(c, ...))
      if r[1] then return unpack(r, 2, r.n) end
      local e = r[2]
      note(e, c, 0, nil)
      if coroutine.status(c) == "dead" then
        local ok, ce = close(c)
        if not ok then e = ce end
      end
      if type(e) == "string" then error(e, 2) end
      error(e, 0)
    end
  end
end
