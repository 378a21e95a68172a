-- expect: runtime
return function()
  error(setmetatable({}, { __tostring = function() error("nested") end }))
end
