-- expect: timeout
-- Finalizers run with hooks off: only the parent's kill can end this.
return function()
  setmetatable({}, { __gc = function() while true do end end })
  collectgarbage()
  collectgarbage()
end
