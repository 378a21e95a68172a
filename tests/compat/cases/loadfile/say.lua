-- say.lua: a solution module whose name busted's own `say` library takes,
-- so its spec loads it with loadfile/dofile instead of require.
return function(name)
  if name == nil then
    error('say needs a name')
  end
  return 'hello, ' .. name
end
