-- expect: runtime
-- No way to start a process: io.popen, os.execute, io.output/io.tmpfile.
local ran = false
for _, f in ipairs({ io and io.popen, os and os.execute, io and io.output, io and io.tmpfile }) do
  if f then ran = pcall(f, "touch /tmp/dojo-hostile-pwned") or ran end
end
if not ran then error("nothing could start a process") end
return function(a, b) return a + b end
