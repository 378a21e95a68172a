local make_counter = {}

function make_counter.new(start, step)
  local value, by = start or 0, step or 1
  return function()
    value = value + by
    return value
  end
end

return make_counter
