-- expect: fail
-- A wrong answer beside modules named like dojo's: its async.run answers 3
-- whatever runs, its luassert never fails. The spec must get dojo's own.
return function() return 0 end
