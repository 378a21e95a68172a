-- expect: timeout
-- A loop inside C: string.rep of an empty string a huge number of times
-- allocates nothing and runs no Lua, so no hook fires; the watchdog ends it.
return function()
  return #string.rep("", 1 << 50)
end
