-- expect: runtime
loadfile("/etc/passwd")
return function(a, b) return a + b end
