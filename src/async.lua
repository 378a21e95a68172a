-- async.lua: the Lua half of dojo's event loop, compiled into the binary
-- (as bytecode, see CMakeLists.txt) and loaded by async.c with `core`:
-- core.heap() (a C timer heap), core.now() (monotonic seconds), core.idle(s)
-- (sleep while nothing is ready), and the task layer of async_task.c (tasks
-- as userdata on Lua threads, the ready queue, spawn, sleep(0), await,
-- park/wake, cancel, and core.pass, which resumes ready tasks from C). A
-- task waits by yielding to the loop, which resumes it when its timer
-- fires, the task it awaits ends, or it is cancelled. The API follows Python's
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
local unpack, pack = table.unpack, table.pack
local running_co = coroutine.running

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

local loop      -- the running loop's Lua half (timers, I/O), or nil outside async.run

-- Tasks are userdata made by async_task.c (core.spawn); this table is their
-- metatable. Their state (status, results, waiters, the ready queue) is
-- kept in C and read through core.status, core.results, core.timer.
local Task = {}
Task.__index = Task
Task.__name = "async.Task"
Task.__metatable = "async.Task"
function Task:__tostring()
  return string.format("Task(?, %s)", core.status(self))
end

-- current: the task running now; raises outside a task.
local function current(what)
  local t = core.current()
  if not t then
    error("async." .. what .. " must be called inside a task (under async.run)", 3)
  end
  return t
end

local park, wake, status_of, results_of = core.park, core.wake, core.status, core.results

-- What tasks wait in, kept beside them: the function that takes a task off
-- a queue's or semaphore's waiting list when it is cancelled (wait_in).
local blockers = setmetatable({}, { __mode = "k" })

-- add_timer: wakes t at `when`; the id lets a cancellation disarm it.
local function add_timer(t, when)
  loop.next_id = loop.next_id + 1
  loop.timers[loop.next_id] = t
  core.set_timer(t, loop.next_id)
  loop.heap:push(when, loop.next_id)
end

-- timed_sleep: async.sleep for anything but 0 (core.sleep, in C, does
-- sleep(0) itself and calls this for the rest, in the sleeping task).
local function timed_sleep(seconds)
  if type(seconds) ~= "number" then seconds = tonumber(seconds) end
  if not seconds or seconds ~= seconds then
    error("bad argument #1 to 'sleep' (number expected)", 3)
  end
  if seconds <= 0 then return M.sleep(0) end -- the back of the ready queue
  add_timer(core.current(), loop.time() + seconds)
  return park()
end

-- async.spawn(fn, ...) -> task (core.spawn): a new task, queued to start on
-- the loop's next pass. async.sleep(seconds) (core.sleep): sleep(0) goes to
-- the back of the ready queue, so every ready task runs first.
M.spawn = core.spawn
M.create_task = M.spawn
M.sleep = core.sleep
core.setup(Task, M.CancelledError, cancelled_mt, timed_sleep)

function M.now()
  if not loop then error("async.now must be called under async.run", 2) end
  return loop.time()
end

-- Task:await() (core.await): every result of the task once it ends, its
-- error raised again, at once if it has ended.
Task.await = core.await
function Task:done() return status_of(self) ~= "pending" end
Task.result = results_of -- core.results: a pending task raises at the caller's line
function Task:cancelled() return status_of(self) == "cancelled" end

-- Task:cancel(): the task gets a CancelledError at the point where it waits,
-- so its <close> variables and pcall cleanups run. Returns false if it has
-- already ended.
function Task:cancel()
  if status_of(self) ~= "pending" then return false end
  local id = core.timer(self)
  if id and loop then loop.timers[id] = nil end
  local b = blockers[self]
  if b then b(self) end
  return core.cancel(self)
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
    elseif status_of(t) == "pending" or not opts.return_errors then
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
  if status_of(t) == "pending" then
    local timed_out = false
    local timer = M.spawn(function()
      M.sleep(seconds)
      timed_out = true
      t:cancel()
    end)
    local ok, err = pcall(t.await, t)
    timer:cancel()
    if not ok then
      if status_of(t) == "pending" then t:cancel() end -- we were cancelled: so is t
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
  blockers[me] = function(t)
    for i, w in ipairs(list) do if w == t then table.remove(list, i) break end end
  end
  local ok, err = pcall(park)
  blockers[me] = nil
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
  local ok, err = pcall(park)
  loop.io_active = loop.io_active - 1
  wake_first(loop.io_waiters)
  loop.io[id] = nil
  if not ok then error(err, 0) end -- cancelled: the transfer's result is dropped
  local r = loop.io_results[t]
  loop.io_results[t] = nil
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
      loop.io_results[t] = { ok = done[2], value = done[3] }
      wake(t)
    end
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
    if t and core.timer(t) == id then wake(t) end
  end
end

local function new_loop(virtual)
  local l = { heap = core.heap(), timers = {}, next_id = 0,
              io = {}, io_results = {}, io_active = 0, io_waiters = {}, max_transfers = 16 }
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
    -- run then). Its tasks and transfers go to the garbage collector
    -- (core.begin below drops them).
    loop = nil
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
  loop = new_loop(virtual)
  loop.max_transfers = max_transfers or loop.max_transfers
  core.begin()
  local ok, err = pcall(function()
    local main = M.spawn(fn, unpack(args, 1, args.n))
    local pass, nready = core.pass, core.nready
    while status_of(main) == "pending" do
      pass() -- every ready task, resumed from C (async_task.c)
      if status_of(main) ~= "pending" then break end
      local when = fire_timers()
      if nready() > 0 and loop.multi and loop.multi:active() > 0 then
        poll_io(0) -- busy tasks must not starve finished transfers
      end
      if nready() == 0 then
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
  loop = nil
  -- Tasks still pending when the main task ends are dropped, as asyncio
  -- does: their coroutines are closed (their <close> variables run).
  core.end_run(ok)
  if l.multi then l.multi:close() end
  if not ok then error(err, 0) end
  return results_of(err)
end

return M
