-- expect: runtime
-- A named pipe in the submission: opening it would block inside fopen, past
-- every hook, until the parent's kill. io.open refuses what is not a
-- regular file, so the module fails to load at once.
local f, err = io.open("data.txt")
if f then f:read("a") end
error("io.open refused the pipe: " .. tostring(err))
