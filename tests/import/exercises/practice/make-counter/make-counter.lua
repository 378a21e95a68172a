local make_counter = {}

function make_counter.new(start, step)
  error('Please implement make_counter.new')
end

return make_counter
