-- expect: runtime
require("..etc.passwd")
return function(a, b) return a + b end
