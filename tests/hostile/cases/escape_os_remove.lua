-- expect: runtime
os.remove("/tmp/dojo-hostile-canary")
os.execute("touch /tmp/dojo-hostile-pwned")
return function(a, b) return a + b end
