-- expect: runtime
debug.sethook()
return function(a, b) return a + b end
