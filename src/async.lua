-- async.lua: the task layer of dojo's event loop, compiled into the binary
-- (as bytecode, see CMakeLists.txt) and loaded by async.c with `core`:
-- core.heap() (a C timer heap), core.now() (monotonic seconds), core.idle(s)
-- (sleep while nothing is ready), core.run_ready (one pass over the ready
-- queue, in C: the hot path), core.PARK. Tasks are Lua coroutines; a task
-- waits by yielding to the loop, which resumes it when its timer fires,
-- the task it awaits ends, or it is cancelled. The API follows Python's
-- asyncio where Lua allows: run, spawn (create_task), sleep, gather,
-- wait_for, Task:await/cancel, Queue, Semaphore. Time is monotonic, or
-- virtual ({clock = "virtual"}): then it jumps to the next timer whenever
-- every task waits.
local core = ...

local M = {}
-- The metatables below carry __metatable, so code handed a task, a queue or
-- an error (a learner's solution, in the sandbox) can't reach and rewrite
-- the methods the spec relies on; this module reads them raw.
local getmetatable = debug.getmetatable
local unpack, pack, yield = table.unpack, table.pack, coroutine.yield
local running_co, resume, status = coroutine.running, coroutine.resume, coroutine.status

-- Errors raised into tasks: tables so they can't be confused with strings a
-- program raises; tostring gives the word.
local function error_class(word)
  local mt = { __tostring = function(e) return e.message or word end, __metatable = word }
  mt.__index = { kind = word }
  return mt
end
local cancelled_mt = error_class("cancelled")
local timeout_mt = error_class("timeout")
M.CancelledError = setmetatable({ message = "cancelled" }, cancelled_mt)
M.TimeoutError = setmetatable({ message = "timeout" }, timeout_mt)

function M.is_cancelled(e) return getmetatable(e) == cancelled_mt end
function M.is_timeout(e) return getmetatable(e) == timeout_mt end

local PARK = core.PARK -- what a task yields to hand control to the loop (a light userdata)
local loop      -- the running loop, or nil outside async.run

local Task = {}
Task.__index = Task
Task.__name = "async.Task"
Task.__metatable = "async.Task"
function Task:__tostring()
  return string.format("Task(%s, %s)", self.name or "?", self.status)
end

-- current: the task running now; raises outside a task.
local function current(what)
  local co = running_co()
  local t = loop and loop.by_co[co]
  if not t then
    error("async." .. what .. " must be called inside a task (under async.run)", 3)
  end
  return t
end

-- wake: makes a parked task runnable. The ready queue is an array, 1 ..
-- loop.nready, of tasks, or of a task's coroutine when the task queued
-- itself with sleep(0) (no allocation, no lookup: the loop's hot path).
local function wake(t)
  if t.parked then
    t.parked = false
    t.wait_timer, t.waiting_on = nil, nil
    local n = loop.nready + 1
    loop.nready = n
    loop.ready[n] = t
  end
end

-- park: hands control to the loop until something wakes this task; raises
-- the cancellation if the task was cancelled meanwhile.
local function park(t)
  t.parked = true
  yield(PARK)
  if t.cancelling then
    t.cancelling = false
    error(M.CancelledError, 0)
  end
end

-- finish: records how the task ended and wakes whoever awaits it.
local function finish(t, st, ...)
  t.status = st
  if st == "done" then
    if select("#", ...) > 0 then t.results = pack(...) end -- none: no table
  else
    t.err = ...
  end
  loop.by_co[t.co] = nil
  local ws = t.waiters
  if ws then
    t.waiters = nil
    for i = 1, #ws do wake(ws[i]) end
  end
end

-- after: how a resumed task stopped: parked, ended, or a bare yield.
local function after(t, ok, first, ...)
  if first == PARK and ok then return end
  local r = pack(ok, first, ...)
  if status(t.co) == "dead" then
    if not r[1] then
      -- A coroutine that died by an error has not closed its <close>
      -- variables yet (Lua 5.4 manual, 6.2): close them now.
      local ok, cerr = coroutine.close(t.co)
      if not ok and cerr ~= r[2] then r[2] = cerr end
    end
    if r[1] then
      finish(t, "done", unpack(r, 2, r.n))
    elseif M.is_cancelled(r[2]) then
      finish(t, "cancelled", r[2])
    else
      finish(t, "error", r[2])
    end
  else
    -- A bare coroutine.yield() in a task: treat it as sleep(0).
    t.parked = true
    wake(t)
  end
end

-- step: resumes task t (the first time, with its arguments) and handles
-- how it stops.
local function step(t)
  local args = t.args
  if args then
    t.args = nil
    return after(t, resume(t.co, unpack(args, 1, args.n)))
  end
  return after(t, resume(t.co))
end

-- async.spawn(fn, ...) -> task: core.spawn (async.c) makes the task, as
-- this did in Lua: a table with the Task metatable and the fields status =
-- "pending", parked = false, started = false, cancelling = false, co (its
-- coroutine), args (pack(...), or false); it goes in loop.by_co and at the
-- back of the ready queue. state[1] is the running loop (set_loop keeps it).
local spawn_state = {}
local loop_by_co -- loop.by_co, or nil: one lookup less in sleep(0)
local function set_loop(l)
  loop = l
  spawn_state[1] = l
  loop_by_co = l and l.by_co
end
M.spawn = core.make_spawn(spawn_state, Task)
M.create_task = M.spawn

function M.now()
  if not loop then error("async.now must be called under async.run", 2) end
  return loop.time()
end

-- add_timer: wakes t at `when`; the id lets a cancellation disarm it.
local function add_timer(t, when)
  loop.next_id = loop.next_id + 1
  loop.timers[loop.next_id] = t
  t.wait_timer = loop.next_id
  loop.heap:push(when, loop.next_id)
end

function M.sleep(seconds)
  local l, by_co = loop, loop_by_co
  local co = running_co()
  local t = by_co and by_co[co]
  if not t then current("sleep") end
  if seconds == 0 then
    -- sleep(0), the hot path: back of the ready queue, so every ready task
    -- runs first.
    local n = l.nready + 1
    l.nready = n
    l.ready[n] = co -- the coroutine: run_ready resumes it without a lookup
    yield(PARK)
    if t.cancelling then
      t.cancelling = false
      error(M.CancelledError, 0)
    end
    return
  end
  if type(seconds) ~= "number" then seconds = tonumber(seconds) end
  if not seconds or seconds ~= seconds then
    error("bad argument #1 to 'sleep' (number expected)", 2)
  end
  if seconds <= 0 then return M.sleep(0) end -- the back of the ready queue, above
  add_timer(t, loop.time() + seconds)
  return park(t)
end

-- results_of: what awaiting an ended task gives: its results, or its error
-- raised again.
local function results_of(t)
  if t.status == "done" then
    local r = t.results
    if r then return unpack(r, 1, r.n) end
    return
  end
  error(t.err, 0)
end

function Task:await()
  local st = self.status
  if st == "done" then -- ended: its results, without another call
    local r = self.results
    if r then return unpack(r, 1, r.n) end
    return
  elseif st ~= "pending" then
    return results_of(self)
  end
  local me = current("await")
  if me == self then error("a task can't await itself", 2) end
  local ws = self.waiters
  if not ws then ws = {} self.waiters = ws end
  ws[#ws + 1] = me
  me.waiting_on = self
  park(me)
  return results_of(self)
end

function Task:done() return self.status ~= "pending" end
function Task:result() return results_of(self) end
function Task:cancelled() return self.status == "cancelled" end

-- Task:cancel(): the task gets a CancelledError at the point where it waits,
-- so its <close> variables and pcall cleanups run. Returns false if it has
-- already ended.
function Task:cancel()
  if self.status ~= "pending" then return false end
  if self.wait_timer then loop.timers[self.wait_timer] = nil end
  local on = self.waiting_on
  if on and on.waiters then
    for i, w in ipairs(on.waiters) do
      if w == self then table.remove(on.waiters, i) break end
    end
  end
  if self.blocker then self.blocker(self) end
  self.cancelling = true
  if self.parked then wake(self) end
  return true
end

-- as_task: a task, or a function spawned as one.
local function as_task(x, i)
  if getmetatable(x) == Task then return x end
  if type(x) == "function" then return M.spawn(x) end
  error("bad argument #" .. i .. " to 'gather' (task or function expected, got " .. type(x) .. ")", 3)
end

-- async.gather(t1, t2, ... [, {return_errors = true}]) -> { r1, r2, ... }
-- Each r is the task's first result. The first error cancels the others
-- and is raised; with return_errors, errors come back in their places.
function M.gather(...)
  current("gather")
  local n = select("#", ...)
  local opts = {}
  local last = n > 0 and select(n, ...) or nil
  if n > 0 and type(last) == "table" and getmetatable(last) ~= Task then
    opts, n = last, n - 1
  end
  local tasks = {}
  for i = 1, n do tasks[i] = as_task((select(i, ...)), i) end
  local out = { n = n }
  for i, t in ipairs(tasks) do
    local ok, r = pcall(t.await, t)
    if ok then
      out[i] = r
    elseif t.status == "pending" or not opts.return_errors then
      -- The gathering task was cancelled (t still runs), or t failed: the
      -- rest are cancelled and the error goes on.
      for j = i, n do tasks[j]:cancel() end
      error(r, 0)
    else
      out[i] = r
    end
  end
  return out
end

-- async.wait_for(task_or_fn, seconds): its results, or TimeoutError after
-- cancelling it.
function M.wait_for(x, seconds)
  current("wait_for")
  local t = as_task(x, 1)
  if t.status == "pending" then
    local timed_out = false
    local timer = M.spawn(function()
      M.sleep(seconds)
      timed_out = true
      t:cancel()
    end)
    local ok, err = pcall(t.await, t)
    timer:cancel()
    if not ok then
      if t.status == "pending" then t:cancel() end -- we were cancelled: so is t
      if timed_out and M.is_cancelled(err) then error(M.TimeoutError, 0) end
      error(err, 0)
    end
  end
  return results_of(t)
end

-- Queue(maxsize): put waits while full (maxsize > 0), get waits while empty.
local Queue = {}
Queue.__index = Queue
Queue.__metatable = "async.Queue"
function M.Queue(maxsize)
  return setmetatable({ items = {}, head = 1, tail = 0, maxsize = maxsize or 0,
                        getters = {}, putters = {} }, Queue)
end
function Queue:size() return self.tail - self.head + 1 end
function Queue:empty() return self:size() == 0 end
function Queue:full() return self.maxsize > 0 and self:size() >= self.maxsize end

-- wait_in: parks the current task in list until woken (removed on cancel).
local function wait_in(list, what)
  local me = current(what)
  list[#list + 1] = me
  me.blocker = function(t)
    for i, w in ipairs(list) do if w == t then table.remove(list, i) break end end
  end
  local ok, err = pcall(park, me)
  me.blocker = nil
  if not ok then error(err, 0) end
end

local function wake_first(list)
  local t = table.remove(list, 1)
  if t then wake(t) end
end

function Queue:put(v)
  while self:full() do wait_in(self.putters, "Queue:put") end
  self.tail = self.tail + 1
  self.items[self.tail] = v
  wake_first(self.getters)
end

function Queue:get()
  while self:empty() do wait_in(self.getters, "Queue:get") end
  local v = self.items[self.head]
  self.items[self.head] = nil
  self.head = self.head + 1
  wake_first(self.putters)
  return v
end

-- Semaphore(n): acquire waits while n holders are in; acquire returns a
-- guard to hold in a <close> variable, which releases it.
local Semaphore = {}
Semaphore.__index = Semaphore
Semaphore.__metatable = "async.Semaphore"
function M.Semaphore(n)
  return setmetatable({ value = n or 1, waiters = {} }, Semaphore)
end
function Semaphore:acquire()
  while self.value <= 0 do wait_in(self.waiters, "Semaphore:acquire") end
  self.value = self.value - 1
  local sem = self
  return setmetatable({}, { __close = function() sem:release() end, __metatable = "async.Guard" })
end
function Semaphore:release()
  self.value = self.value + 1
  wake_first(self.waiters)
end

-- async.http_get(url [, opts]) -> { status, headers, body, elapsed }: a
-- GET through the loop's libcurl multi handle; the task waits, others run.
-- At most loop.max_transfers run at once (default 16); more wait their turn.
function M.http_get(url, opts)
  local t = current("http_get")
  while loop.io_active >= loop.max_transfers do wait_in(loop.io_waiters, "http_get") end
  loop.multi = loop.multi or core.multi()
  loop.next_id = loop.next_id + 1
  local id = loop.next_id
  loop.multi:add(id, url, opts) -- raises now for a refused URL or bad options
  loop.io[id] = t
  loop.io_active = loop.io_active + 1
  local ok, err = pcall(park, t)
  loop.io_active = loop.io_active - 1
  wake_first(loop.io_waiters)
  loop.io[id] = nil
  if not ok then error(err, 0) end -- cancelled: the transfer's result is dropped
  local r = t.io_result
  t.io_result = nil
  if r.ok then return r.value end
  error(r.value, 0)
end

-- async.limit_transfers(n): how many HTTP transfers this loop runs at once.
function M.limit_transfers(n)
  current("limit_transfers")
  if type(n) ~= "number" or n < 1 then error("bad argument #1 to 'limit_transfers' (n >= 1 expected)", 2) end
  loop.max_transfers = n
  for _ = 1, n do wake_first(loop.io_waiters) end
end

-- poll_io: waits at most `seconds` for transfers, waking their tasks.
local function poll_io(seconds)
  for _, done in ipairs(loop.multi:wait(seconds)) do
    local t = loop.io[done[1]]
    if t then
      t.io_result = { ok = done[2], value = done[3] }
      wake(t)
    end
  end
end

-- run_ready: one pass over the tasks that are ready now, in order. Tasks
-- they wake (or that sleep(0)) run in the next pass, after timers and I/O
-- had their turn: a task spinning on sleep(0) can't starve the loop.
-- The pass itself is core.run_ready (async.c): it resumes and starts tasks
-- in C, and calls back finish for a task that returned, `after` for any
-- other outcome but a park, and first_step for what it does not handle.
local function first_step(t)
  if t.started then
    after(t, resume(t.co)) -- a coroutine that is not suspended: resume says why
  elseif t.cancelling then
    finish(t, "cancelled", M.CancelledError) -- never ran: it never will
  else
    t.started = true
    step(t)
  end
end
local run_ready_pass = core.run_ready

local function run_ready()
  local q, n = loop.ready, loop.nready
  if n > 0 then
    -- This pass's wake-ups go to the spare queue; run_ready_pass hands q
    -- back empty, to be the spare next time.
    loop.ready, loop.spare, loop.nready = loop.spare, q, 0
    run_ready_pass(q, n, loop.by_co, first_step, after, finish)
  end
end

-- fire_timers: wakes the tasks whose timers are due.
local function fire_timers()
  local heap, now = loop.heap, loop.time()
  while true do
    local when, id = heap:peek()
    if not when or when > now then return when end
    heap:pop()
    local t = loop.timers[id]
    loop.timers[id] = nil
    if t and t.wait_timer == id then wake(t) end
  end
end

local function new_loop(virtual)
  local l = { ready = {}, spare = {}, nready = 0, heap = core.heap(), timers = {}, next_id = 0, by_co = {},
              io = {}, io_active = 0, io_waiters = {}, max_transfers = 16 }
  if virtual then
    local now = 0
    l.time = function() return now end
    l.advance = function(to) if to > now then now = to end end
  else
    local start = core.now()
    l.time = function() return core.now() - start end
    l.advance = function(to) core.idle(to - l.time()) end
  end
  return l
end

-- async.run(fn, ...) runs the loop until fn's task ends; returns its
-- results or raises its error. async.run(fn, {clock = "virtual"}) uses
-- virtual time (when the only extra argument is a table with `clock`).
function M.run(fn, ...)
  if loop then
    local _, main_thread = running_co()
    if not main_thread then error("async.run can't be nested: use async.spawn or await", 2) end
    -- The main thread is never inside a running loop: this one was left
    -- behind by a run that Ctrl-C or a deadline stopped (no Lua cleanup can
    -- run then). Its tasks and transfers go to the garbage collector.
    set_loop(nil)
  end
  if type(fn) ~= "function" then
    error("bad argument #1 to 'run' (function expected, got " .. type(fn) .. ")", 2)
  end
  local args = pack(...)
  local virtual, max_transfers = false, nil
  local o = args[1]
  if args.n == 1 and type(o) == "table" and (o.clock ~= nil or o.max_transfers ~= nil) then
    virtual = o.clock == "virtual"
    max_transfers = o.max_transfers
    args = pack()
  end
  set_loop(new_loop(virtual))
  loop.max_transfers = max_transfers or loop.max_transfers
  local ok, err = pcall(function()
    local main = M.spawn(fn, unpack(args, 1, args.n))
    while main.status == "pending" do
      run_ready()
      if main.status ~= "pending" then break end
      local when = fire_timers()
      if loop.nready > 0 and loop.multi and loop.multi:active() > 0 then
        poll_io(0) -- busy tasks must not starve finished transfers
      end
      if loop.nready == 0 then
        local io = loop.multi and loop.multi:active() > 0
        if io then
          -- Transfers take real time: virtual time stands still meanwhile.
          local wait = virtual and 0.05 or (when and math.max(0, when - loop.time()) or 1)
          poll_io(wait)
        elseif not when then
          error("deadlock: every task is waiting and nothing can wake them", 0)
        else
          loop.advance(when)
        end
        fire_timers()
      end
    end
    return main
  end)
  local l = loop
  set_loop(nil)
  if l.multi then l.multi:close() end
  if not ok then error(err, 0) end
  local main = err
  -- Tasks still pending when the main task ends are dropped, as asyncio does.
  for co in pairs(l.by_co) do coroutine.close(co) end
  return results_of(main)
end

return M
