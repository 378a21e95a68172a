local call_once = {}

local counts = setmetatable({}, { __mode = 'k' })

function call_once.once(f)
  local done, results = false, nil
  local wrapped
  wrapped = function(...)
    counts[wrapped] = counts[wrapped] + 1
    if not done then
      results = table.pack(f(...))
      done = true
    end
    return table.unpack(results, 1, results.n)
  end
  counts[wrapped] = 0
  return wrapped
end

function call_once.calls(wrapped)
  return counts[wrapped]
end

return call_once
