-- expect: fail
-- A wrong answer that ships its own spec (zz_free_spec.lua) for free
-- points: only the instructor's spec may run (--kata, check, --spec).
return function() return 0 end
