-- verdicts_output.lua: a busted output handler (busted -o THIS_FILE) for
-- tests/compat/record.sh. Adapted from tests/fixtures/busted/verdicts_output.lua
-- (same idea: one "VERDICT NAME" line per test, VERDICT one of pass, fail,
-- error, pending), extended to account for what busted does NOT report as a
-- test: errors in hooks and describe bodies. The mapping (documented in
-- record.sh and run.sh too):
--
--   * a test busted ran: busted's own verdict, "pass|fail|error|pending NAME";
--   * a test busted registered but never ran because a before_each or a
--     lazy_setup failed: "error NAME" (busted reports the hook's error
--     instead; it never passes such a test);
--   * a describe (or the file) whose body raised, or whose setup failed:
--     one line "error BLOCK" for the block, none for its tests (busted
--     reports one error for the block/hook; dojo one case named after the
--     block). BLOCK is the block's full name, "(file)" for the file itself;
--   * an after_each, teardown or lazy_teardown that failed: an extra line
--     "error BLOCK" (BLOCK = the block the hook belongs to) right after the
--     test it ran after (after_each) or after the block's tests (teardown).
--     The test keeps the verdict busted gave it.
--
-- Lines come out at the end of the run, in busted's run order (declaration
-- order: no --shuffle/--sort), one "VERDICT NAME" per line, a single space.
local io_write, io_flush = io.write, io.flush

return function(options)
  local busted = require('busted')
  local handler = require('busted.outputHandlers.base')()
  local names = { success = 'pass', failure = 'fail', error = 'error', pending = 'pending' }

  local verdict = {}    -- test element -> verdict word
  local after = {}      -- test element -> list of "error BLOCK" lines after it
  local failed = {}     -- block element -> 'body' | 'setup'
  local tail = {}       -- block element -> lines after its tests (teardowns)
  local last_test       -- the test whose end was published last...
  local last_ran = false -- ...and whether no before_each/lazy_setup failed since

  local function full_name(element)
    if element.descriptor == 'file' then return '(file)' end
    return handler.getFullName(element)
  end

  local function push(t, k, line)
    t[k] = t[k] or {}
    table.insert(t[k], line)
  end

  busted.subscribe({ 'test', 'end' }, function(element, parent, status)
    verdict[element] = names[status] or status
    last_test, last_ran = element, true
    return nil, true
  end)

  local function on_error(element, parent, message)
    local d = element.descriptor
    if d == 'it' or d == 'pending' then
      return nil, true -- the test's own error: its 'test end' carries it
    end
    if d == 'file' or d == 'describe' then
      failed[element] = failed[element] or 'body'
    elseif d == 'strict_setup' then
      failed[parent] = failed[parent] or 'setup'
    elseif d == 'before_each' or d == 'lazy_setup' then
      last_ran = false
    elseif d == 'after_each' then
      if last_ran and last_test then
        push(after, last_test, 'error ' .. full_name(parent))
      end
    elseif d == 'strict_teardown' or d == 'lazy_teardown' then
      push(tail, parent, 'error ' .. full_name(parent))
    else
      io.stderr:write('verdicts_output.lua: unexpected error in ' .. tostring(d) .. ': ' .. tostring(message) .. '\n')
    end
    return nil, true
  end
  busted.subscribe({ 'error' }, on_error)
  busted.subscribe({ 'failure' }, on_error)

  local out = {}
  local function walk(block)
    if failed[block] then
      out[#out + 1] = 'error ' .. full_name(block)
    else
      for _, child in ipairs(busted.children(block)) do
        local d = child.descriptor
        if d == 'describe' or d == 'file' then
          walk(child)
        elseif d == 'it' or d == 'pending' then
          out[#out + 1] = (verdict[child] or 'error') .. ' ' .. full_name(child)
          for _, line in ipairs(after[child] or {}) do out[#out + 1] = line end
        end
      end
    end
    for _, line in ipairs(tail[block] or {}) do out[#out + 1] = line end
  end

  busted.subscribe({ 'suite', 'end' }, function(suite)
    walk(suite)
    for _, line in ipairs(out) do io_write(line, '\n') end
    io_flush()
    return nil, true
  end)
  return handler
end
