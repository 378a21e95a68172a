-- expect: timeout
-- A loop inside C: table.move over a huge range of a plain table (no
-- metamethods, so no Lua runs and no hook fires).
return function()
  return #table.move({}, 1, 1 << 50, 2)
end
