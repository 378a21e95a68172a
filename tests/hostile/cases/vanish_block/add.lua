-- expect: fail|runtime
-- class-tests: 8
-- A solution that breaks the blocks of harder tests where the spec first
-- calls it (a describe body, a setup), so their five tests are never
-- registered or run: busted reports one error per block, and a class
-- report scored 1 of 3 where 1 of 6 was earned. (Here `plain` is wrong
-- too, so nothing passes.) In a class (--kata) every test the spec lists
-- is reported, those of the failed blocks as errors: 2 block errors, 5
-- tests not run, 1 fail.
return { new = function() error("no adders today") end, plain = function() return 0 end }
