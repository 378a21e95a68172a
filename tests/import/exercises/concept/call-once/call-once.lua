local call_once = {}

function call_once.once(f)
end

function call_once.calls(wrapped)
end

return call_once
