-- expect: runtime
-- collectgarbage allows only "collect", "count" and "step": stopping the
-- collector or changing its mode or tuning is refused.
for _, opt in ipairs({ "stop", "restart", "incremental", "generational", "setpause",
                       "setstepmul", "isrunning" }) do
  if not pcall(collectgarbage, opt) then
    error("collectgarbage('" .. opt .. "') was refused")
  end
end
return function(a, b) return a + b end
