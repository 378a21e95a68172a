-- expect: runtime
local f = io.open("/tmp/dojo-hostile-pwned", "w")
f:write("pwned")
return function(a, b) return a + b end
