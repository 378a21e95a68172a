-- expect: runtime
dofile("/etc/passwd")
return function(a, b) return a + b end
