-- dice.lua: a solution that calls the standard library at call time
-- (math.random, os.time, os.date, print, io.write), for shared_library_spec.
local dice = {}

function dice.roll()
  local n = math.random(1, 6)
  if n < 1 or n > 6 then
    error('a die has no face ' .. tostring(n))
  end
  return n
end

function dice.stamp()
  return os.time()
end

function dice.today()
  return os.date('%Y-%m-%d')
end

function dice.announce(n)
  print('rolled ' .. n)
  return n
end

function dice.log(n)
  io.write('rolled ', n, '\n')
  return n
end

function dice.setting()
  return dice_setting
end

return dice
